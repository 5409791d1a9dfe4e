// SPDX-License-Identifier: GPL-2.0
/*
 * KHO test serializer (CONFIG_KEXEC_HANDOVER_TEST). On dump it preserves
 * size_mb MiB (default 64) in blocks of random order 0-4, fills every page
 * with a pattern derived from a seed and the page's address, and writes a
 * "kho-test" node with the ranges, the seed, a checksum and a generation
 * count. The next kernel checks, before claiming, that every preserved
 * page is still reserved, claims the node, verifies every word of every
 * page and the checksum, and reports in /sys/kernel/debug/kho_test/result.
 *
 * A second notifier, "kho-test-fail", fails the dump with the errno in
 * fail_dump, to test the rollback. corrupt= breaks the handed-over blob on
 * purpose: truncate, compatible, kernel-range, initrd-range, cmdline-range,
 * params-range, no-scratch, vtd-did, vtd-irt-root, vtd-irt-context,
 * vfio-chunk-out, vfio-borrowed, khofs-name, khofs-overlap or compat:NODE.
 */
#define pr_fmt(fmt) "KHO test: " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kho.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/bootparam.h>

#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/kho-test.h>
#include <linux/kho/abi/khofs.h>
#include <linux/kho/abi/vfio.h>

#include "internal.h"

#define KHO_TEST_MAX_ORDER	4

static struct {
	struct kho_mem *mem;		/* preserved blocks, sorted */
	size_t n;
	u64 pages;			/* pages currently held for a dump */
	u32 size_mb;
	u32 fail_dump;			/* errno for kho-test-fail, 0: succeed */
	char corrupt[32];		/* none or a mode of kho_test_corrupt() */
	u32 generation;			/* of the state this kernel received */
	char result[256];
} kho_test = {
	.size_mb = 64,
	.corrupt = "none",
	.result = "none\n",
};

static u64 kho_test_word(u64 seed, u64 pfn, unsigned int i)
{
	u64 x = seed ^ (pfn * 0x9e3779b97f4a7c15ULL) ^ ((u64)i << 32 | i);

	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

/* Fill (or with @check, verify) one page; returns the sum of its words. */
static u64 kho_test_page(u64 seed, u64 pfn, bool check, bool *ok)
{
	u64 *p = page_address(pfn_to_page(pfn)), sum = 0;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(u64); i++) {
		u64 want = kho_test_word(seed, pfn, i);

		if (!check)
			p[i] = want;
		else if (p[i] != want)
			*ok = false;
		sum += p[i];
	}
	return sum;
}

static void kho_test_free(void)
{
	size_t i;

	for (i = 0; i < kho_test.n; i++)
		__free_pages(pfn_to_page(PHYS_PFN(kho_test.mem[i].addr)),
			     get_order(kho_test.mem[i].len));
	kvfree(kho_test.mem);
	kho_test.mem = NULL;
	kho_test.n = 0;
	kho_test.pages = 0;
}

static int kho_test_alloc(u64 seed, u64 target, u64 *checksum)
{
	bool unused = true;
	u64 pfn;

	kho_test.mem = kvcalloc(target, sizeof(*kho_test.mem), GFP_KERNEL);
	if (!kho_test.mem)
		return -ENOMEM;
	*checksum = 0;
	while (kho_test.pages < target) {
		unsigned int order = get_random_u32_below(KHO_TEST_MAX_ORDER + 1);
		struct page *page;

		order = min_t(unsigned int, order, ilog2(target - kho_test.pages));
		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);
		if (!page)
			return -ENOMEM;
		kho_test.mem[kho_test.n].addr = page_to_phys(page);
		kho_test.mem[kho_test.n].len = PAGE_SIZE << order;
		kho_test.n++;
		kho_test.pages += 1 << order;
		for (pfn = page_to_pfn(page); pfn < page_to_pfn(page) + (1 << order); pfn++)
			*checksum += kho_test_page(seed, pfn, false, &unused);
	}
	kho_ranges_sort(kho_test.mem, kho_test.n);
	return 0;
}

static int kho_test_write_node(void *fdt, u64 seed, u64 checksum)
{
	u32 generation = kho_test.generation + 1;
	u64 bytes = kho_test.pages << PAGE_SHIFT;
	int err;

	err = kho_node_begin(fdt, KHO_TEST_NAME, KHO_TEST_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(fdt, kho_test.mem, kho_test.n);
	if (!err)
		err = fdt_property(fdt, "seed", &seed, sizeof(seed));
	if (!err)
		err = fdt_property(fdt, "checksum", &checksum, sizeof(checksum));
	if (!err)
		err = fdt_property(fdt, "bytes", &bytes, sizeof(bytes));
	if (!err)
		err = fdt_property(fdt, "generation", &generation, sizeof(generation));
	if (!err)
		err = kho_node_end(fdt);
	return err > 0 ? -EINVAL : err;
}

/*
 * The corrupt= modes besides compat:NODE. Those with one_page hand over a
 * single preserved page: its range is pointed elsewhere at kexec load, or
 * the point is the setup_data entry, not the ranges.
 */
static const struct {
	const char *name;
	bool one_page;
} kho_test_corrupt_modes[] = {
	{ "none" }, { "truncate" }, { "compatible" }, { "vtd-did" },
	{ "vtd-irt-root" }, { "vtd-irt-context" }, { "vfio-chunk-out" },
	{ "vfio-borrowed" }, { "khofs-name" }, { "khofs-overlap" },
	{ "kernel-range", true }, { "initrd-range", true },
	{ "cmdline-range", true }, { "params-range", true },
	{ "no-scratch", true },
};

static bool kho_test_corrupt_one_page(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kho_test_corrupt_modes); i++)
		if (!strcmp(kho_test.corrupt, kho_test_corrupt_modes[i].name))
			return kho_test_corrupt_modes[i].one_page;
	return false;
}

static int kho_test_dump(void *fdt)
{
	u64 target = (u64)kho_test.size_mb << (20 - PAGE_SHIFT);
	u64 seed = get_random_u64(), checksum;
	int err;

	/* One page is enough for a range to point at the next kernel. */
	if (kho_test_corrupt_one_page())
		target = 1;
	err = kho_test_alloc(seed, max(target, 1ULL), &checksum);
	if (!err)
		err = kho_test_write_node(fdt, seed, checksum);
	if (err) {
		kho_test_free();
		return err;
	}
	pr_info("dumped %zu ranges, %llu pages, generation %u\n", kho_test.n,
		kho_test.pages, kho_test.generation + 1);
	return 0;
}

static int kho_test_notify(struct notifier_block *nb, unsigned long event,
			   void *fdt)
{
	switch (event) {
	case KHO_DUMP:
		return notifier_from_errno(kho_test_dump(fdt));
	case KHO_ABORT:
		kho_test_free();
		return NOTIFY_DONE;
	}
	return NOTIFY_DONE;
}

static int kho_test_fail_notify(struct notifier_block *nb, unsigned long event,
				void *fdt)
{
	if (event == KHO_DUMP && kho_test.fail_dump)
		return notifier_from_errno(-(int)kho_test.fail_dump);
	return NOTIFY_DONE;
}

static struct notifier_block kho_test_nb = {
	.notifier_call = kho_test_notify,
	.priority = 1,
};

static struct notifier_block kho_test_fail_nb = {
	.notifier_call = kho_test_fail_notify,
	.priority = 0,
};

/*
 * Change the domain id of the first preserved VT-d device consistently in
 * the node (so the node itself still checks out) but no longer like the
 * live context entry: the next kernel must notice against the hardware.
 */
static void kho_test_corrupt_vtd(void *fdt)
{
	int unit, dev, len;
	struct kho_vtd_dev *d;

	unit = fdt_first_subnode(fdt, fdt_subnode_offset(fdt, 0, KHO_VTD_NODE));
	dev = unit >= 0 ? fdt_first_subnode(fdt, unit) : unit;
	d = dev >= 0 ? fdt_getprop_w(fdt, dev, "dev", &len) : NULL;
	if (!d || len != sizeof(*d))
		return;
	d->domain_id ^= 1;
	d->context_hi ^= 1 << 8;
}

/*
 * Report a scratch range that leaves the page at @addr out, keeping the
 * larger side, so that only the next kernel's other forbidden ranges can
 * refuse a range pointed there.
 */
static void kho_test_scratch_without(struct kho_setup_data *kho, u64 addr)
{
	u64 page = PAGE_ALIGN_DOWN(addr);
	u64 end = kho->scratch_addr + kho->scratch_size;

	if (page < kho->scratch_addr || page >= end)
		return;
	if (page - kho->scratch_addr >= end - (page + PAGE_SIZE)) {
		kho->scratch_size = page - kho->scratch_addr;
	} else {
		kho->scratch_addr = page + PAGE_SIZE;
		kho->scratch_size = end - kho->scratch_addr;
	}
}

/* Point the kho-test node's first range at the page holding @addr. */
static void kho_test_point_range(void *fdt, struct kho_setup_data *kho,
				 u64 addr)
{
	struct kho_mem *mem;
	int node, len;

	node = fdt_subnode_offset(fdt, 0, KHO_TEST_NAME);
	mem = node >= 0 ? fdt_getprop_w(fdt, node, KHO_MEM_PROP, &len) : NULL;
	if (!mem || len < sizeof(*mem) || !addr)
		return;
	mem[0].addr = PAGE_ALIGN_DOWN(addr);
	kho_test_scratch_without(kho, addr);
}

/*
 * vtd-irt-root: the first unit's interrupt remapping table moved onto its
 * root table. Each is still inside the node's memory; only the check that
 * no two pointed-at ranges share a page can see it.
 */
static void kho_test_corrupt_vtd_irt(void *fdt)
{
	struct kho_vtd_unit *u;
	int unit, len;

	unit = fdt_first_subnode(fdt, fdt_subnode_offset(fdt, 0, KHO_VTD_NODE));
	u = unit >= 0 ? fdt_getprop_w(fdt, unit, "unit", &len) : NULL;
	if (!u || len != sizeof(*u))
		return;
	u->irta = u->rtaddr | 7;
}

/*
 * vfio-chunk-out: the first DMA chunk of container 0 pointed at the page
 * at 1 MiB, which no node preserves. The vfio node's own check refuses it
 * when the next kernel verifies the blob; every other node is adopted.
 */
static struct kho_vfio_map *kho_test_vfio_chunk0(void *fdt)
{
	struct kho_vfio_map *m;
	int node, len;

	node = fdt_subnode_offset(fdt, fdt_subnode_offset(fdt, 0, KHO_VFIO_NODE),
				  KHO_VFIO_CONTAINER_PREFIX "0");
	m = node >= 0 ? fdt_getprop_w(fdt, node, "maps", &len) : NULL;
	return m && len >= sizeof(*m) ? m : NULL;
}

static void kho_test_corrupt_vfio_chunk(void *fdt)
{
	struct kho_vfio_map *m = kho_test_vfio_chunk0(fdt);

	if (m)
		m->phys = SZ_1M;
}

/*
 * vfio-borrowed: the first DMA chunk of container 0 claims to be guest RAM
 * in a khofs file (KHO_VFIO_MAP_KHOFS), and the blob has no khofs node.
 * The vfio node's own check refuses it; every other node is adopted.
 */
static void kho_test_corrupt_vfio_borrowed(void *fdt)
{
	struct kho_vfio_map *m = kho_test_vfio_chunk0(fdt);

	if (m)
		m->flags |= KHO_VFIO_MAP_KHOFS;
}

/*
 * khofs-name: the first named inode of the khofs node renamed to start
 * with '/': its own check refuses the node, every other node is adopted.
 */
static void kho_test_corrupt_khofs_name(void *fdt)
{
	const struct khofs_inode_rec *r;
	char *names;
	int node, len, nlen;

	node = fdt_subnode_offset(fdt, 0, KHOFS_NODE);
	r = node >= 0 ? fdt_getprop(fdt, node, "inodes", &len) : NULL;
	names = node >= 0 ? fdt_getprop_w(fdt, node, "names", &nlen) : NULL;
	if (!r || len < 2 * (int)sizeof(*r) || !names || r[1].name_off >= nlen)
		return;
	names[r[1].name_off] = '/';
}

/*
 * khofs-overlap: the first single-page extent of the khofs node pointed
 * at the first page the kho-test node preserves. The node's own check
 * cannot see it; the blob-wide overlap rule refuses the whole blob.
 */
static void kho_test_corrupt_khofs_overlap(void *fdt)
{
	const struct kho_mem *mem;
	struct khofs_extent_rec *e;
	int node, len, mlen, i;

	node = fdt_subnode_offset(fdt, 0, KHO_TEST_NAME);
	mem = node >= 0 ? fdt_getprop(fdt, node, KHO_MEM_PROP, &mlen) : NULL;
	node = fdt_subnode_offset(fdt, 0, KHOFS_NODE);
	e = node >= 0 ? fdt_getprop_w(fdt, node, "extents", &len) : NULL;
	if (!mem || mlen < (int)sizeof(*mem) || !e)
		return;
	for (i = 0; i < len / (int)sizeof(*e); i++)
		if (!e[i].order) {
			e[i].phys = mem[0].addr;
			return;
		}
	pr_warn("khofs-overlap: no single-page extent to move\n");
}

/*
 * vtd-irt-context: the first unit's interrupt remapping table moved onto
 * the context table of a bus no preserved device is on, and shrunk to that
 * one page (256 entries, enough for the preserved indices). The blob names
 * no context table: only the next kernel's walk of the live tables, which
 * accounts every page it finds across all units, can see the overlap.
 */
static void kho_test_corrupt_vtd_irt_context(void *fdt)
{
	DECLARE_BITMAP(kept, 256);
	const struct kho_vtd_dev *d;
	const u32 *irtes;
	struct kho_vtd_unit *u;
	int unit, dev, len;
	unsigned int bus;
	u64 *root;

	unit = fdt_first_subnode(fdt, fdt_subnode_offset(fdt, 0, KHO_VTD_NODE));
	u = unit >= 0 ? fdt_getprop_w(fdt, unit, "unit", &len) : NULL;
	if (!u || len != sizeof(*u) || !(u->flags & KHO_VTD_UNIT_IRQ_REMAP))
		return;
	irtes = fdt_getprop(fdt, unit, "irtes", &len);
	if (irtes && len >= sizeof(*irtes) && irtes[len / sizeof(*irtes) - 1] >= 256) {
		pr_warn("vtd-irt-context: a preserved entry index is above 255\n");
		return;
	}
	bitmap_zero(kept, 256);
	fdt_for_each_subnode(dev, fdt, unit) {
		d = fdt_getprop(fdt, dev, "dev", &len);
		if (d && len == sizeof(*d))
			__set_bit((d->sbdf >> 8) & 0xff, kept);
	}
	/* The old kernel's root table: struct root_entry { u64 lo, hi; }[256]. */
	root = phys_to_virt(u->rtaddr);
	for (bus = 0; bus < 256; bus++)
		if ((root[2 * bus] & 1) && !test_bit(bus, kept))
			break;
	if (bus == 256) {
		pr_warn("vtd-irt-context: no context table without a preserved device\n");
		return;
	}
	/* Keep EIME (bit 11); size field 7: 2^8 entries of 16 bytes. */
	u->irta = (root[2 * bus] & PAGE_MASK) | (u->irta & BIT_ULL(11)) | 7;
	pr_info("vtd-irt-context: interrupt remapping table put on bus %u's context table %#llx\n",
		bus, u->irta & PAGE_MASK);
}

/**
 * kho_test_corrupt() - break the handed-over blob on request
 * @fdt: the finished blob
 * @kho: the setup_data payload the next kernel is given
 * @image: the kexec image being loaded
 * @params: its boot parameters, initrd and command line already set
 * @params_load_addr: where its boot parameters segment goes
 *
 * truncate halves the size the next kernel is told; compatible changes the
 * root compatible in place; kernel-range points the kho-test node's range
 * at the new kernel image (the segment loaded right after the boot
 * parameters); initrd-range, cmdline-range and params-range point it at
 * the first page of the next kernel's initrd, command line or boot_params
 * and report a scratch range without that page (scratch is forbidden
 * anyway; this shows the next kernel forbids the area itself); no-scratch
 * reports no scratch range; vtd-did makes the VT-d node disagree with the
 * live context entry; vtd-irt-root puts the first unit's interrupt
 * remapping table on its root table; vtd-irt-context puts it on a context
 * table no preserved device uses; vfio-chunk-out points a DMA chunk at
 * memory no node preserves; vfio-borrowed marks a DMA chunk borrowed from
 * a khofs node the blob does not have; khofs-name gives a khofs inode a
 * name with a '/'; khofs-overlap points a khofs extent into the kho-test
 * node's memory; compat:NODE breaks the compatible string of
 * the top-level node NODE only.
 */
void kho_test_corrupt(void *fdt, struct kho_setup_data *kho,
		      struct kimage *image, const struct boot_params *params,
		      unsigned long params_load_addr)
{
	const char *mode = kho_test.corrupt;
	struct kho_mem *mem;
	int node, len;
	unsigned long i;
	char *compat;

	if (!strcmp(mode, "truncate")) {
		kho->fdt_size /= 2;
	} else if (!strcmp(mode, "compatible")) {
		fdt_setprop_inplace(fdt, 0, "compatible", "kho-v9", 7);
	} else if (!strcmp(mode, "kernel-range")) {
		node = fdt_subnode_offset(fdt, 0, KHO_TEST_NAME);
		mem = fdt_getprop_w(fdt, node, KHO_MEM_PROP, &len);
		for (i = 0; mem && len >= sizeof(*mem) && i + 1 < image->nr_segments; i++)
			if (image->segment[i].mem == params_load_addr)
				mem[0].addr = image->segment[i + 1].mem;
	} else if (!strcmp(mode, "initrd-range")) {
		kho_test_point_range(fdt, kho, params->hdr.ramdisk_image |
				     (u64)params->ext_ramdisk_image << 32);
	} else if (!strcmp(mode, "cmdline-range")) {
		kho_test_point_range(fdt, kho, params->hdr.cmd_line_ptr |
				     (u64)params->ext_cmd_line_ptr << 32);
	} else if (!strcmp(mode, "params-range")) {
		kho_test_point_range(fdt, kho, params_load_addr);
	} else if (!strcmp(mode, "no-scratch")) {
		kho->scratch_addr = 0;
		kho->scratch_size = 0;
	} else if (!strcmp(mode, "vtd-did")) {
		kho_test_corrupt_vtd(fdt);
	} else if (!strcmp(mode, "vtd-irt-root")) {
		kho_test_corrupt_vtd_irt(fdt);
	} else if (!strcmp(mode, "vtd-irt-context")) {
		kho_test_corrupt_vtd_irt_context(fdt);
	} else if (!strcmp(mode, "vfio-chunk-out")) {
		kho_test_corrupt_vfio_chunk(fdt);
	} else if (!strcmp(mode, "vfio-borrowed")) {
		kho_test_corrupt_vfio_borrowed(fdt);
	} else if (!strcmp(mode, "khofs-name")) {
		kho_test_corrupt_khofs_name(fdt);
	} else if (!strcmp(mode, "khofs-overlap")) {
		kho_test_corrupt_khofs_overlap(fdt);
	} else if (str_has_prefix(mode, "compat:")) {
		/* One node refused on its own: the rest of the blob is fine. */
		node = fdt_subnode_offset(fdt, 0, mode + strlen("compat:"));
		compat = node >= 0 ? fdt_getprop_w(fdt, node, "compatible", &len) : NULL;
		if (!compat || len < 2)
			return;
		/* A well-formed "name-vN" of a version nobody knows. */
		compat[len - 2] = compat[len - 2] == '9' ? '8' : '9';
	} else {
		return;
	}
	pr_warn("corrupted the handed-over blob on request: %s (scratch %#llx+%#llx)\n",
		mode, kho->scratch_addr, kho->scratch_size);
}

/* The next kernel: verify what the previous one preserved. */
static void kho_test_verify(void)
{
	const void *fdt = kho_incoming_fdt();
	u64 seed, checksum, bytes, sum = 0, pages = 0, pfn;
	bool reserved = true, pattern = true;
	const struct kho_mem *mem;
	int node, err, reclaim;
	u32 generation;
	size_t n, i;

	node = kho_find_node(KHO_TEST_NAME, KHO_TEST_COMPATIBLE);
	if (node < 0)
		return;
	if (!kho_node_get_prop(fdt, node, "seed", &seed, sizeof(seed)) ||
	    !kho_node_get_prop(fdt, node, "checksum", &checksum, sizeof(checksum)) ||
	    !kho_node_get_prop(fdt, node, "bytes", &bytes, sizeof(bytes)) ||
	    !kho_node_get_prop(fdt, node, "generation", &generation, sizeof(generation)) ||
	    kho_blob_node_mem(fdt, node, &mem, &n)) {
		snprintf(kho_test.result, sizeof(kho_test.result), "malformed node\n");
		return;
	}

	/* Preserved memory must not have reached the allocator. */
	for (i = 0; i < n; i++)
		for (pfn = PHYS_PFN(mem[i].addr); pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++)
			reserved &= PageReserved(pfn_to_page(pfn));

	err = kho_claim_node_mem(node);
	reclaim = kho_claim_node_mem(node);
	if (!err) {
		for (i = 0; i < n; i++) {
			for (pfn = PHYS_PFN(mem[i].addr);
			     pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++, pages++)
				sum += kho_test_page(seed, pfn, true, &pattern);
		}
	}
	kho_test.generation = generation;
	snprintf(kho_test.result, sizeof(kho_test.result),
		 "generation=%u ranges=%zu pages=%llu bytes=%s reserved=%s claim=%d reclaim=%d pattern=%s checksum=%s\n",
		 generation, n, pages,
		 pages << PAGE_SHIFT == bytes ? "ok" : "bad",
		 reserved ? "ok" : "bad", err, reclaim,
		 !err && pattern ? "ok" : "bad",
		 !err && sum == checksum ? "ok" : "bad");
	pr_info("verified incoming state: %s", kho_test.result);
	if (!err)
		for (i = 0; i < n; i++)
			kho_return_mem(mem[i].addr, mem[i].len);
}

static ssize_t corrupt_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[sizeof(kho_test.corrupt)] = {};
	unsigned int i;

	if (count >= sizeof(buf) || copy_from_user(buf, ubuf, count))
		return -EINVAL;
	strim(buf);
	for (i = 0; i < ARRAY_SIZE(kho_test_corrupt_modes); i++)
		if (!strcmp(buf, kho_test_corrupt_modes[i].name))
			break;
	if (i == ARRAY_SIZE(kho_test_corrupt_modes) &&
	    !str_has_prefix(buf, "compat:"))
		return -EINVAL;
	strscpy(kho_test.corrupt, buf, sizeof(kho_test.corrupt));
	return count;
}

static ssize_t text_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	const char *s = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, s, strlen(s));
}

static const struct file_operations corrupt_fops = {
	.open = simple_open,
	.read = text_read,
	.write = corrupt_write,
};

static const struct file_operations result_fops = {
	.open = simple_open,
	.read = text_read,
};

static int __init kho_test_init(void)
{
	struct dentry *dir = debugfs_create_dir("kho_test", NULL);
	int err;

	debugfs_create_u32("size_mb", 0600, dir, &kho_test.size_mb);
	debugfs_create_u32("fail_dump", 0600, dir, &kho_test.fail_dump);
	debugfs_create_u64("pages", 0400, dir, &kho_test.pages);
	debugfs_create_file("corrupt", 0600, dir, kho_test.corrupt, &corrupt_fops);
	debugfs_create_file("result", 0400, dir, kho_test.result, &result_fops);

	kho_test_verify();

	err = register_kho_notifier(&kho_test_nb);
	if (!err)
		err = register_kho_notifier(&kho_test_fail_nb);
	return err;
}
late_initcall(kho_test_init);
