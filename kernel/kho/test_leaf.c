// SPDX-License-Identifier: GPL-2.0
/*
 * KHO test knob: give a kept device's IOMMU domain one leaf the owner does
 * not know about, pointing at a page nobody preserves. It stands for a
 * buggy or hostile owner. The next kernel must refuse the device instead
 * of letting it (and a guest behind it) reach a page it hands out.
 *
 *   echo "0000:01:00.0 0xf100000" > /sys/kernel/debug/kho_test/extra_leaf
 *
 * The page stays allocated in this kernel. For testing only.
 */
#define pr_fmt(fmt) "KHO test: " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/uaccess.h>

static ssize_t extra_leaf_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	unsigned int seg, bus, slot, fn;
	struct iommu_domain *domain;
	struct pci_dev *pdev;
	struct page *page;
	char buf[64] = {};
	u64 iova;
	int err;

	if (count >= sizeof(buf) || copy_from_user(buf, ubuf, count))
		return -EINVAL;
	if (sscanf(buf, "%x:%x:%x.%x %llx", &seg, &bus, &slot, &fn, &iova) != 5 ||
	    !PAGE_ALIGNED(iova))
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(seg, bus, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	domain = iommu_get_domain_for_dev(&pdev->dev);
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	err = !domain ? -ENODEV : !page ? -ENOMEM : 0;
	if (!err)
		err = iommu_map(domain, iova, page_to_phys(page), PAGE_SIZE,
				IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (err) {
		if (page)
			__free_page(page);
	} else {
		pci_warn(pdev, "KHO test: extra leaf: IOVA %#llx -> unpreserved page %pa\n",
			 iova, &(phys_addr_t){ page_to_phys(page) });
	}
	pci_dev_put(pdev);
	return err ? err : count;
}

static const struct file_operations extra_leaf_fops = {
	.open = simple_open,
	.write = extra_leaf_write,
};

static int __init kho_test_leaf_init(void)
{
	struct dentry *dir = debugfs_lookup("kho_test", NULL);

	if (!dir)
		return -ENODEV;
	debugfs_create_file("extra_leaf", 0200, dir, NULL, &extra_leaf_fops);
	dput(dir);
	return 0;
}
late_initcall(kho_test_leaf_init);
