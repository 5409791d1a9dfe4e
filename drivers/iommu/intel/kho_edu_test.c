// SPDX-License-Identifier: GPL-2.0
/*
 * Test path for the VT-d KHO serializer (CONFIG_INTEL_IOMMU_KHO_TEST): a
 * driver for QEMU's edu device that keeps a DMA in flight across a KHO
 * kexec and checks in the next kernel that it landed.
 *
 * Old kernel, /sys/kernel/debug/vtd_edu_test/:
 *   setup     map a page for DMA, fill its first half with a pattern, let
 *             edu copy that half into its internal buffer; with preserve=1
 *             (default) mark the device with intel_iommu_kho_preserve().
 *             The page itself is preserved by this driver's own KHO node.
 *   info      the page's physical address, IOVA and pattern seed
 *   arm       at shutdown (right before kexec), start a DMA from edu's
 *             buffer to the page's second half; edu performs it about
 *             100 ms later, while the next kernel boots.
 * New kernel, at probe: find the node, claim the page, wait for edu, and
 * check the second half holds the pattern; then run a new DMA through the
 * same IOVA, raise an interrupt through interrupt remapping, and map
 * another page to see it gets another IOVA. The
 * verdict is in /sys/kernel/debug/vtd_edu_test/result.
 */
#define pr_fmt(fmt) "vtd-edu-test: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/iopoll.h>
#include <linux/kho.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/libfdt.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/seq_file.h>

#define EDU_REG_IRQ_STATUS	0x24
#define EDU_REG_IRQ_RAISE	0x60
#define EDU_REG_IRQ_ACK		0x64
#define EDU_REG_DMA_SRC		0x80
#define EDU_REG_DMA_DST		0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_CMD		0x98
#define EDU_DMA_RUN		0x1
#define EDU_DMA_TO_RAM		0x2	/* edu buffer -> RAM; clear: RAM -> edu */
#define EDU_BUFFER		0x40000
#define EDU_HALF		2048	/* edu aborts QEMU on a full 4 KiB copy */

#define NODE_NAME		"vtd-edu-test"
#define NODE_COMPATIBLE		"vtd-edu-test-v1"

static struct {
	struct pci_dev *pdev;
	void __iomem *bar;
	struct page *page;
	dma_addr_t iova;
	u64 seed;
	bool preserve;
	bool armed;
	bool registered;
	atomic_t irqs;
	char result[256];
} edu = {
	.preserve = true,
	.result = "none\n",
};

static irqreturn_t edu_irq(int irq, void *data)
{
	u32 status = readl(edu.bar + EDU_REG_IRQ_STATUS);

	if (!status)
		return IRQ_NONE;
	writel(status, edu.bar + EDU_REG_IRQ_ACK);
	atomic_inc(&edu.irqs);
	return IRQ_HANDLED;
}

/* Raise an edu interrupt and wait for the handler to see it. */
static bool edu_irq_works(void)
{
	int before = atomic_read(&edu.irqs), i;

	writel(1, edu.bar + EDU_REG_IRQ_RAISE);
	for (i = 0; i < 1000 && atomic_read(&edu.irqs) == before; i++)
		usleep_range(1000, 2000);
	return atomic_read(&edu.irqs) != before;
}

/* Word @i of the test pattern for @seed (vtd-dma-nokho recomputes it). */
static u32 edu_word(u64 seed, unsigned int i)
{
	return (u32)(seed >> (i % 32)) ^ (i * 0x9e3779b9U);
}

static void edu_fill(u32 *words, u64 seed)
{
	unsigned int i;

	for (i = 0; i < EDU_HALF / 4; i++)
		words[i] = edu_word(seed, i);
}

static bool edu_matches(const u32 *words, u64 seed)
{
	unsigned int i;

	for (i = 0; i < EDU_HALF / 4; i++)
		if (words[i] != edu_word(seed, i))
			return false;
	return true;
}

static int edu_wait(void)
{
	u64 cmd;

	return readq_poll_timeout(edu.bar + EDU_REG_DMA_CMD, cmd,
				  !(cmd & EDU_DMA_RUN), 1000, 2000000);
}

static void edu_start(u64 src, u64 dst, u64 cmd)
{
	writeq(src, edu.bar + EDU_REG_DMA_SRC);
	writeq(dst, edu.bar + EDU_REG_DMA_DST);
	writeq(EDU_HALF, edu.bar + EDU_REG_DMA_COUNT);
	writeq(cmd | EDU_DMA_RUN, edu.bar + EDU_REG_DMA_CMD);
}

/* Copy the page's first half through edu into its second half. */
static int edu_round_trip(dma_addr_t iova)
{
	int err;

	edu_start(iova, EDU_BUFFER, 0);
	err = edu_wait();
	if (!err) {
		edu_start(EDU_BUFFER, iova + EDU_HALF, EDU_DMA_TO_RAM);
		err = edu_wait();
	}
	return err;
}

static int edu_kho_notify(struct notifier_block *nb, unsigned long event,
			  void *fdt)
{
	struct kho_mem mem;
	u64 iova = edu.iova;
	u32 sbdf;
	int err;

	if (event != KHO_DUMP || !edu.page)
		return NOTIFY_DONE;
	mem.addr = page_to_phys(edu.page);
	mem.len = PAGE_SIZE;
	sbdf = pci_domain_nr(edu.pdev->bus) << 16 | pci_dev_id(edu.pdev);
	err = kho_node_begin(fdt, NODE_NAME, NODE_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(fdt, &mem, 1);
	if (!err)
		err = kho_node_prop(fdt, "iova", &iova, sizeof(iova));
	if (!err)
		err = kho_node_prop(fdt, "seed", &edu.seed, sizeof(edu.seed));
	if (!err)
		err = kho_node_prop(fdt, "sbdf", &sbdf, sizeof(sbdf));
	if (!err)
		err = kho_node_end(fdt);
	return notifier_from_errno(err);
}

static struct notifier_block edu_kho_nb = {
	.notifier_call = edu_kho_notify,
};

static int edu_setup(void)
{
	void *va;
	int err;

	if (edu.page)
		return -EBUSY;
	edu.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!edu.page)
		return -ENOMEM;
	edu.iova = dma_map_page(&edu.pdev->dev, edu.page, 0, PAGE_SIZE,
				DMA_BIDIRECTIONAL);
	if (dma_mapping_error(&edu.pdev->dev, edu.iova)) {
		__free_page(edu.page);
		edu.page = NULL;
		return -EIO;
	}
	edu.seed = get_random_u64();
	va = page_address(edu.page);
	edu_fill(va, edu.seed);
	edu_start(edu.iova, EDU_BUFFER, 0);
	err = edu_wait();
	if (err)
		return err;
	if (!edu.registered) {
		err = register_kho_notifier(&edu_kho_nb);
		if (err)
			return err;
		edu.registered = true;
	}
	if (edu.preserve)
		err = intel_iommu_kho_preserve(&edu.pdev->dev);
	pr_info("setup: page %pa, iova %pad, preserve %d: %d\n",
		&(phys_addr_t){ page_to_phys(edu.page) }, &edu.iova, edu.preserve, err);
	return err;
}

/* The next kernel: did the DMA started at shutdown land? */
static void edu_verify(void)
{
	const void *fdt = kho_incoming_fdt();
	u64 iova, seed;
	bool landed, again = false;
	struct page *other;
	const struct kho_mem *mem;
	dma_addr_t other_iova;
	u32 sbdf, *va;
	size_t n;
	int node, err;

	node = kho_find_node(NODE_NAME, NODE_COMPATIBLE);
	if (node < 0)
		return;
	if (kho_node_get_prop(fdt, node, "iova", &iova, sizeof(iova)) ||
	    kho_node_get_prop(fdt, node, "seed", &seed, sizeof(seed)) ||
	    kho_node_get_prop(fdt, node, "sbdf", &sbdf, sizeof(sbdf)) ||
	    kho_blob_node_mem(fdt, node, &mem, &n) || n != 1 ||
	    sbdf != (pci_domain_nr(edu.pdev->bus) << 16 | pci_dev_id(edu.pdev)) ||
	    kho_claim_node_mem(node)) {
		snprintf(edu.result, sizeof(edu.result), "bad node\n");
		return;
	}
	va = phys_to_virt(mem[0].addr);
	err = edu_wait();
	landed = !err && edu_matches(va + EDU_HALF / 4, seed);

	/* A new DMA through the same IOVA, with a new pattern. */
	edu_fill(va, seed + 1);
	memset(va + EDU_HALF / 4, 0, EDU_HALF);
	if (!edu_round_trip(iova))
		again = edu_matches(va + EDU_HALF / 4, seed + 1);

	/* The DMA API must not hand out the preserved IOVA again. */
	other = alloc_page(GFP_KERNEL);
	other_iova = other ? dma_map_page(&edu.pdev->dev, other, 0, PAGE_SIZE,
					  DMA_BIDIRECTIONAL) : DMA_MAPPING_ERROR;
	snprintf(edu.result, sizeof(edu.result),
		 "landed=%s again=%s irq=%s iova=%#llx other_iova=%#llx distinct=%s\n",
		 landed ? "ok" : "bad", again ? "ok" : "bad",
		 edu_irq_works() ? "ok" : "bad", iova,
		 (u64)other_iova,
		 other_iova != DMA_MAPPING_ERROR &&
		 (other_iova >> PAGE_SHIFT) != (iova >> PAGE_SHIFT) ? "ok" : "bad");
	pr_info("%s", edu.result);
	if (other_iova != DMA_MAPPING_ERROR)
		dma_unmap_page(&edu.pdev->dev, other_iova, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (other)
		__free_page(other);
}

/* Map and unmap one more page: refused while a KHO dump freezes the domain. */
static int edu_map_probe(void)
{
	struct page *page = alloc_page(GFP_KERNEL);
	dma_addr_t iova;
	int err = 0;

	if (!page)
		return -ENOMEM;
	iova = dma_map_page(&edu.pdev->dev, page, 0, PAGE_SIZE, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(&edu.pdev->dev, iova))
		err = -EBUSY;
	else
		dma_unmap_page(&edu.pdev->dev, iova, PAGE_SIZE, DMA_BIDIRECTIONAL);
	__free_page(page);
	return err;
}

static ssize_t edu_ctl_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[16] = {};
	int err = -EINVAL;

	if (count >= sizeof(buf) || copy_from_user(buf, ubuf, count))
		return -EINVAL;
	if (!strncmp(buf, "setup", 5))
		err = edu_setup();
	else if (!strncmp(buf, "map", 3) && edu.pdev)
		err = edu_map_probe();
	else if (!strncmp(buf, "arm", 3) && edu.page) {
		edu.armed = true;
		err = 0;
	}
	return err ? err : count;
}

static ssize_t edu_result_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, edu.result,
				       strlen(edu.result));
}

/* Where the DMA goes, for a test that reads it back through /dev/mem. */
static int edu_info_show(struct seq_file *m, void *unused)
{
	if (edu.page)
		seq_printf(m, "phys=%#llx iova=%#llx seed=%#llx\n",
			   (u64)page_to_phys(edu.page), (u64)edu.iova, edu.seed);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(edu_info);

static const struct file_operations edu_ctl_fops = {
	.open = simple_open,
	.write = edu_ctl_write,
};

static const struct file_operations edu_result_fops = {
	.open = simple_open,
	.read = edu_result_read,
};

static int edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct dentry *dir;
	int err;

	if (edu.pdev)
		return -EBUSY;
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	edu.bar = pcim_iomap(pdev, 0, 0);
	if (!edu.bar)
		return -ENOMEM;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(28));
	if (err)
		return err;
	pci_set_master(pdev);
	edu.pdev = pdev;

	/* An MSI, so the device owns an interrupt remapping entry. */
	err = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (err < 0)
		return err;
	err = devm_request_irq(&pdev->dev, pci_irq_vector(pdev, 0), edu_irq, 0,
			       "vtd-edu-test", &edu);
	if (err)
		return err;

	dir = debugfs_create_dir("vtd_edu_test", NULL);
	debugfs_create_file("ctl", 0200, dir, NULL, &edu_ctl_fops);
	debugfs_create_file("result", 0400, dir, NULL, &edu_result_fops);
	debugfs_create_file("info", 0400, dir, NULL, &edu_info_fops);
	debugfs_create_bool("preserve", 0600, dir, &edu.preserve);

	edu_verify();
	return 0;
}

/* Right before kexec: start the DMA that must land in the next kernel. */
static void edu_shutdown(struct pci_dev *pdev)
{
	if (edu.armed)
		edu_start(EDU_BUFFER, edu.iova + EDU_HALF, EDU_DMA_TO_RAM);
}

static const struct pci_device_id edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};

static struct pci_driver edu_driver = {
	.name = "vtd-edu-test",
	.id_table = edu_ids,
	.probe = edu_probe,
	.shutdown = edu_shutdown,
};
builtin_pci_driver(edu_driver);
