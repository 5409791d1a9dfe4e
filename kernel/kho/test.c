// SPDX-License-Identifier: GPL-2.0
/*
 * KHO test serializer (CONFIG_KEXEC_HANDOVER_TEST). On dump it preserves
 * size_mb MiB (default 64) laid out as the layout knob says (random
 * blocks of order 0-4, contiguous, separate 2 MiB extents less a page, or
 * every other page), fills every page with a pattern derived from a seed and the
 * page's address, and writes a "kho-test" node with the seed, checksums
 * and a generation count; its pages go into the core's preserved-memory
 * map. The next kernel checks, before claiming, that every preserved page
 * is still reserved, claims the node (timed), verifies every page (above
 * 256 MiB: three words of every page and one page in 64 whole) and the
 * checksum, and reports in /sys/kernel/debug/kho_test/result. With
 * kho_test_defer on the command line it waits for a write to verify.
 *
 * A second notifier, "kho-test-fail", fails the dump with the errno in
 * fail_dump, to test the rollback. corrupt= breaks the handed-over blob or
 * map on purpose: truncate, compatible, kernel-range, initrd-range,
 * cmdline-range, params-range, no-scratch, map-two-owners, map-loop,
 * map-over-chunk, vtd-did, vtd-irt-root, vtd-irt-context, vfio-chunk-out,
 * vfio-borrowed, khofs-name, khofs-overlap or compat:NODE.
 */
#define pr_fmt(fmt) "KHO test: " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kho.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/bootparam.h>

#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/kho-test.h>
#include <linux/kho/test.h>
#include <linux/kho/abi/khofs.h>
#include <linux/kho/abi/vfio.h>

#include "internal.h"

#define KHO_TEST_TWIN_NAME	"kho-test-twin"

#define KHO_TEST_MAX_ORDER	4
/* extents2m allocates 2 MiB blocks. */
#define KHO_TEST_2M_ORDER	(21 - PAGE_SHIFT)
/* Above this, the next kernel samples words instead of reading them all. */
#define KHO_TEST_FULL_VERIFY_MAX	SZ_256M
/* In a sampled verification, one page in this many is read whole. */
#define KHO_TEST_FULL_PAGE_EVERY	64

enum kho_test_layout {
	KHO_TEST_RANDOM,
	KHO_TEST_CONTIGUOUS,
	KHO_TEST_EXTENTS2M,
	KHO_TEST_FRAGMENTED,
};

static const char *const kho_test_layouts[] = {
	[KHO_TEST_RANDOM] = "random",
	[KHO_TEST_CONTIGUOUS] = "contiguous",
	[KHO_TEST_EXTENTS2M] = "extents2m",
	[KHO_TEST_FRAGMENTED] = "fragmented",
};

static struct {
	struct kho_mem *mem;		/* preserved runs, sorted, merged */
	size_t n;
	size_t cap;			/* entries allocated in mem */
	u64 pages;			/* pages currently held for a dump */
	u32 size_mb;
	u32 fail_dump;			/* errno for kho-test-fail, 0: succeed */
	enum kho_test_layout layout;
	char corrupt[32];		/* none or a mode of kho_test_corrupt() */
	u32 generation;			/* of the state this kernel received */
	bool defer_verify;		/* kho_test_defer: verify on request */
	bool verified;
	struct page *twin;		/* map-two-owners: the second owner's page */
	char layout_name[16];
	char result[512];
} kho_test = {
	.size_mb = 64,
	.corrupt = "none",
	.layout_name = "random\n",
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

/*
 * A sampled verification reads, in every page, the first word, the last
 * word and one word picked from the seed and the page's frame number, and
 * reads one page in KHO_TEST_FULL_PAGE_EVERY (also picked from both)
 * whole. Every word holds a mix of the seed and the frame number, so each
 * page's identity is still checked.
 */
static bool kho_test_full_page(u64 seed, u64 pfn)
{
	return !(kho_test_word(~seed, pfn, 0) % KHO_TEST_FULL_PAGE_EVERY);
}

static unsigned int kho_test_sample_word(u64 seed, u64 pfn)
{
	return kho_test_word(seed, pfn, U32_MAX) % (PAGE_SIZE / sizeof(u64));
}

/*
 * The sum of the words a sampled verification reads in one page: from
 * memory with @check (clearing *@ok on a mismatch), else the expected
 * values. @full counts pages read whole.
 */
static u64 kho_test_page_sampled(u64 seed, u64 pfn, bool check, bool *ok,
				 u64 *full)
{
	const unsigned int last = PAGE_SIZE / sizeof(u64) - 1;
	const unsigned int idx[3] = { 0, last, kho_test_sample_word(seed, pfn) };
	u64 *p = page_address(pfn_to_page(pfn)), sum = 0;
	unsigned int i;

	if (kho_test_full_page(seed, pfn)) {
		(*full)++;
		if (check)
			return kho_test_page(seed, pfn, true, ok);
		for (i = 0; i <= last; i++)
			sum += kho_test_word(seed, pfn, i);
		return sum;
	}
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		u64 want = kho_test_word(seed, pfn, idx[i]);

		if (check && p[idx[i]] != want)
			*ok = false;
		sum += check ? p[idx[i]] : want;
	}
	return sum;
}

/* Room for @more entries in kho_test.mem. */
static int kho_test_reserve(size_t more)
{
	struct kho_mem *m;
	size_t cap;

	if (kho_test.n + more <= kho_test.cap)
		return 0;
	cap = max3(kho_test.n + more, 2 * kho_test.cap, (size_t)1024);
	m = kvmalloc_array(cap, sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	if (kho_test.n)
		memcpy(m, kho_test.mem, kho_test.n * sizeof(*m));
	kvfree(kho_test.mem);
	kho_test.mem = m;
	kho_test.cap = cap;
	return 0;
}

/*
 * Keep @nr pages from @page on (room was reserved): fill them and add
 * their sums to @sum and @sampled.
 */
static void kho_test_keep(struct page *page, unsigned long nr, u64 seed,
			  u64 *sum, u64 *sampled)
{
	u64 pfn, full = 0;
	bool unused = true;

	kho_test.mem[kho_test.n].addr = page_to_phys(page);
	kho_test.mem[kho_test.n].len = (u64)nr << PAGE_SHIFT;
	kho_test.n++;
	kho_test.pages += nr;
	for (pfn = page_to_pfn(page); pfn < page_to_pfn(page) + nr; pfn++) {
		*sum += kho_test_page(seed, pfn, false, &unused);
		*sampled += kho_test_page_sampled(seed, pfn, false, &unused,
						  &full);
	}
}

/*
 * Every kept block is split into order-0 pages at once (split_page()), so
 * any page can be freed on its own and runs may be merged.
 */
static void kho_test_free(void)
{
	size_t i;
	u64 pfn;

	for (i = 0; i < kho_test.n; i++) {
		for (pfn = PHYS_PFN(kho_test.mem[i].addr);
		     pfn < PHYS_PFN(kho_test.mem[i].addr + kho_test.mem[i].len); pfn++)
			__free_page(pfn_to_page(pfn));
		cond_resched();
	}
	kvfree(kho_test.mem);
	kho_test.mem = NULL;
	kho_test.n = 0;
	kho_test.cap = 0;
	kho_test.pages = 0;
	if (kho_test.twin) {
		__free_page(kho_test.twin);
		kho_test.twin = NULL;
	}
}

/*
 * A block of 2^*@order pages, or of a smaller order down to @min when the
 * allocator has none that large (*@order is updated). Not compound, so
 * split_page() can break it up.
 */
static struct page *kho_test_block(unsigned int *order, unsigned int min)
{
	struct page *page;

	for (;;) {
		/* Only the smallest order allowed is worth compacting for. */
		gfp_t retry = *order > min ? __GFP_NORETRY : __GFP_RETRY_MAYFAIL;

		page = alloc_pages(GFP_KERNEL | __GFP_NOWARN |
				   (*order ? retry : 0), *order);
		if (page || *order <= min)
			break;
		(*order)--;
	}
	if (page && *order)
		split_page(page, *order);
	return page;
}

static void kho_test_free_pages(struct page *page, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		__free_page(page + i);
}

/*
 * Allocate and fill @target pages in the configured layout:
 * random: blocks of a random order 0 to KHO_TEST_MAX_ORDER, each the
 *	first half of a block twice its size (the other half freed), so no
 *	two touch: the map merges touching ranges of a node into one run;
 * contiguous: the largest blocks the allocator gives (MAX_PAGE_ORDER,
 *	smaller only when it has none);
 * extents2m: 2 MiB blocks without their last page (freed), so no two
 *	extents touch: extents of 511 pages, 1 page apart at least (a gap
 *	of 2 MiB would need twice the memory preserved);
 * fragmented: the even pages of high-order blocks, the odd ones freed:
 *	every kept page is a run of its own.
 */
static int kho_test_alloc(u64 seed, u64 target, u64 *checksum, u64 *sampled)
{
	unsigned int order, blk, i;
	unsigned long keep;
	struct page *page;

	*checksum = 0;
	*sampled = 0;
	while (kho_test.pages < target) {
		u64 left = target - kho_test.pages;

		if (kho_test_reserve(MAX_ORDER_NR_PAGES))
			return -ENOMEM;
		switch (kho_test.layout) {
		case KHO_TEST_RANDOM:
			order = get_random_u32_below(KHO_TEST_MAX_ORDER + 1);
			order = min_t(unsigned int, order, ilog2(left));
			blk = order + 1;
			page = kho_test_block(&blk, blk);
			if (!page)
				return -ENOMEM;
			kho_test_keep(page, 1UL << order, seed, checksum, sampled);
			kho_test_free_pages(page + (1UL << order), 1UL << order);
			break;
		case KHO_TEST_CONTIGUOUS:
			order = min_t(unsigned int, MAX_PAGE_ORDER, ilog2(left));
			page = kho_test_block(&order, 0);
			if (!page)
				return -ENOMEM;
			kho_test_keep(page, 1UL << order, seed, checksum, sampled);
			break;
		case KHO_TEST_EXTENTS2M:
			order = KHO_TEST_2M_ORDER;
			page = kho_test_block(&order, order);
			if (!page)
				return -ENOMEM;
			keep = min_t(u64, left, (1UL << order) - 1);
			kho_test_keep(page, keep, seed, checksum, sampled);
			kho_test_free_pages(page + keep, (1UL << order) - keep);
			break;
		case KHO_TEST_FRAGMENTED:
			order = min_t(unsigned int, MAX_PAGE_ORDER,
				      ilog2(left) + 1);
			page = kho_test_block(&order, 1);
			if (!page)
				return -ENOMEM;
			for (i = 0; i < 1U << order; i += 2) {
				if (kho_test.pages < target)
					kho_test_keep(page + i, 1, seed, checksum,
						      sampled);
				else
					__free_page(page + i);
				__free_page(page + i + 1);
			}
			break;
		}
		cond_resched();
	}
	kho_test.n = kho_ranges_merge(kho_test.mem, kho_test.n);
	return 0;
}

static int kho_test_write_node(void *fdt, u64 seed, u64 checksum, u64 sampled,
			       u64 *preserve_us)
{
	const struct kho_test_node v = {
		.compatible = KHO_TEST_COMPATIBLE, .mem = kho_test.mem,
		.nmem = kho_test.n, .seed = seed, .checksum = checksum,
		.bytes = kho_test.pages << PAGE_SHIFT, .sampled = sampled,
		.generation = kho_test.generation + 1, .page_size = PAGE_SIZE,
		.layout = kho_test_layouts[kho_test.layout],
	};
	ktime_t t0 = ktime_get();
	int err;

	/* Almost all of it is preserving the pages (the map builder). */
	err = kho_test_node_write(fdt, &v);
	*preserve_us = ktime_us_delta(ktime_get(), t0);
	return err;
}

/*
 * map-two-owners: a second node, kho-test-twin (a layout no kernel
 * checks), owning one page of its own. At kexec load its map region is
 * moved onto the kho-test node's page.
 */
static int kho_test_write_twin(void *fdt)
{
	struct kho_mem m;
	int err;

	kho_test.twin = alloc_page(GFP_KERNEL);
	if (!kho_test.twin)
		return -ENOMEM;
	m.addr = page_to_phys(kho_test.twin);
	m.len = PAGE_SIZE;
	err = kho_node_begin(fdt, KHO_TEST_TWIN_NAME, KHO_TEST_TWIN_NAME "-v1");
	if (!err)
		err = kho_node_add_mem(fdt, &m, 1);
	if (!err)
		err = kho_node_end(fdt);
	return err;
}

/*
 * The corrupt= modes besides compat:NODE. Those with one_page hand over a
 * single preserved page: its map region is moved elsewhere at kexec load,
 * or the point is the setup_data entry or the map's chain, not the pages.
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
	{ "no-scratch", true }, { "map-two-owners", true },
	{ "map-loop", true }, { "map-over-chunk", true },
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
	u64 seed = get_random_u64(), checksum, sampled, preserve_us = 0;
	ktime_t t0 = ktime_get();
	u64 alloc_us;
	int err;

	/* One page is enough for a range to point at the next kernel. */
	if (kho_test_corrupt_one_page())
		target = 1;
	err = kho_test_alloc(seed, max(target, 1ULL), &checksum, &sampled);
	alloc_us = ktime_us_delta(ktime_get(), t0);
	if (!err)
		err = kho_test_write_node(fdt, seed, checksum, sampled,
					  &preserve_us);
	if (!err && !strcmp(kho_test.corrupt, "map-two-owners"))
		err = kho_test_write_twin(fdt);
	if (err) {
		kho_test_free();
		return err;
	}
	pr_info("dumped layout=%s pages=%llu runs=%zu generation=%u alloc_fill_us=%llu preserve_us=%llu\n",
		kho_test_layouts[kho_test.layout], kho_test.pages, kho_test.n,
		kho_test.generation + 1, alloc_us, preserve_us);
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

/*
 * The corrupt= modes that break the preserved-memory map edit the map's
 * chunks in place, after the outgoing check passed. Each keeps the map
 * well-formed except for the one rule the mode is about: a region moved
 * to another address is also moved to its place in address order.
 */
static struct kho_map_chunk *kho_test_map_first(void *fdt)
{
	struct kho_map_ref ref;

	if (kho_blob_map_ref(fdt, &ref) || !ref.addr)
		return NULL;
	return phys_to_virt(ref.addr);
}

static u32 kho_test_region_size(const struct kho_map_region *r)
{
	u32 size = sizeof(*r);

	if (r->kind == KHO_MAP_BITMAP)
		size += DIV_ROUND_UP(r->pages, 64) * sizeof(u64);
	return size;
}

/* Offset of the first region record in @c. */
static u32 kho_test_regions_start(const struct kho_map_chunk *c)
{
	return sizeof(*c) + c->owners * sizeof(struct kho_map_owner);
}

/* Index of node @name in the owner table of the first chunk, or -1. */
static int kho_test_map_owner(const struct kho_map_chunk *c, const char *name)
{
	const struct kho_map_owner *o = (const void *)(c + 1);
	unsigned int i;

	for (i = 0; i < c->owners; i++)
		if (!strncmp(o[i].name, name, sizeof(o[i].name)))
			return i;
	return -1;
}

/*
 * The first region @owner has in the map, walking the chain. With
 * @extent, only a one-page extent will do, and only in a map of one
 * chunk (the one-page corrupt modes: the records are moved inside it).
 */
static struct kho_map_region *kho_test_map_region(void *fdt, const char *owner,
						  bool extent)
{
	struct kho_map_chunk *c = kho_test_map_first(fdt);
	struct kho_map_region *r;
	int idx = c ? kho_test_map_owner(c, owner) : -1;
	u32 off, i;

	if (idx < 0 || (extent && c->next))
		return NULL;
	while (c) {
		off = kho_test_regions_start(c);
		for (i = 0; i < c->regions; i++) {
			r = (void *)c + off;
			if (r->owner == idx &&
			    (!extent || (r->kind == KHO_MAP_EXTENT && r->pages == 1)))
				return r;
			off += kho_test_region_size(r);
		}
		c = c->next ? phys_to_virt(c->next) : NULL;
	}
	return NULL;
}

/*
 * Move @owner's one-page extent to @addr, keeping the regions of the
 * (single) chunk in ascending address order; a region starting at @addr
 * stays before it. Returns false if there is no such extent.
 */
static bool kho_test_map_move(void *fdt, const char *owner, u64 addr)
{
	struct kho_map_chunk *c = kho_test_map_first(fdt);
	struct kho_map_region *r = kho_test_map_region(fdt, owner, true);
	struct kho_map_region moved, *q;
	u32 off, i, at, from;
	void *base = c;

	if (!r) {
		pr_warn("%s: no one-page extent of %s in a one-chunk map\n",
			kho_test.corrupt, owner);
		return false;
	}
	moved = *r;
	moved.addr = addr;
	from = (void *)r - base;
	/* Take the record out... */
	memmove(r, (void *)r + sizeof(*r), c->used - from - sizeof(*r));
	/* ...and put it before the first region that starts above @addr. */
	off = kho_test_regions_start(c);
	at = c->used - sizeof(*r);
	for (i = 0; i + 1 < c->regions; i++) {
		q = base + off;
		if (q->addr > addr) {
			at = off;
			break;
		}
		off += kho_test_region_size(q);
	}
	memmove(base + at + sizeof(*r), base + at, c->used - sizeof(*r) - at);
	memcpy(base + at, &moved, sizeof(moved));
	return true;
}

/* Move the kho-test node's page (its one-page map extent) to @addr's page. */
static void kho_test_point_range(void *fdt, struct kho_setup_data *kho,
				 u64 addr)
{
	if (!addr || !kho_test_map_move(fdt, KHO_TEST_NAME, PAGE_ALIGN_DOWN(addr)))
		return;
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
	const struct kho_map_region *r;
	struct khofs_extent_rec *e;
	int node, len, i;

	r = kho_test_map_region(fdt, KHO_TEST_NAME, false);
	node = fdt_subnode_offset(fdt, 0, KHOFS_NODE);
	e = node >= 0 ? fdt_getprop_w(fdt, node, "extents", &len) : NULL;
	if (!r || !e)
		return;
	for (i = 0; i < len / (int)sizeof(*e); i++)
		if (!e[i].order) {
			e[i].phys = r->addr;
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
 * root compatible in place (to kho-handover-v9); kernel-range moves the kho-test node's page in
 * the map onto the new kernel image (the segment loaded right after the
 * boot parameters); initrd-range, cmdline-range and params-range move it
 * to the first page of the next kernel's initrd, command line or
 * boot_params and report a scratch range without that page (scratch is
 * forbidden anyway; this shows the next kernel forbids the area itself);
 * no-scratch reports no scratch range; map-two-owners moves the page of a
 * second node (kho-test-twin) onto the kho-test node's page; map-loop
 * points the first map chunk's next link at itself; map-over-chunk moves
 * the kho-test node's page onto the first map chunk; vtd-did makes the VT-d node disagree with the
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
	struct kho_map_chunk *chunk;
	struct kho_map_region *r;
	int node, len;
	unsigned long i;
	char *compat;

	if (!strcmp(mode, "truncate")) {
		kho->fdt_size /= 2;
	} else if (!strcmp(mode, "compatible")) {
		/* In place, so of the same length as KHO_ROOT_COMPATIBLE. */
		if (fdt_setprop_inplace(fdt, 0, "compatible", "kho-handover-v9",
					sizeof("kho-handover-v9")))
			pr_warn("compatible: cannot rewrite the root compatible\n");
	} else if (!strcmp(mode, "kernel-range")) {
		for (i = 0; i + 1 < image->nr_segments; i++)
			if (image->segment[i].mem == params_load_addr)
				kho_test_map_move(fdt, KHO_TEST_NAME,
						  image->segment[i + 1].mem);
	} else if (!strcmp(mode, "initrd-range")) {
		kho_test_point_range(fdt, kho, params->hdr.ramdisk_image |
				     (u64)params->ext_ramdisk_image << 32);
	} else if (!strcmp(mode, "cmdline-range")) {
		kho_test_point_range(fdt, kho, params->hdr.cmd_line_ptr |
				     (u64)params->ext_cmd_line_ptr << 32);
	} else if (!strcmp(mode, "params-range")) {
		kho_test_point_range(fdt, kho, params_load_addr);
	} else if (!strcmp(mode, "map-two-owners")) {
		r = kho_test_map_region(fdt, KHO_TEST_NAME, true);
		if (r)
			kho_test_map_move(fdt, KHO_TEST_TWIN_NAME, r->addr);
	} else if (!strcmp(mode, "map-loop")) {
		chunk = kho_test_map_first(fdt);
		if (chunk)
			chunk->next = chunk->self;
	} else if (!strcmp(mode, "map-over-chunk")) {
		chunk = kho_test_map_first(fdt);
		if (chunk)
			kho_test_map_move(fdt, KHO_TEST_NAME, chunk->self);
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

/*
 * The incoming kho-test node at a version this kernel accepts
 * (include/linux/kho/accept.h: v1, and v2 with
 * CONFIG_KEXEC_HANDOVER_TEST_V2), and which one (@version). A node at
 * another version was refused at boot by the version policy.
 */
static int kho_test_find_node(u32 *version)
{
	const char *compat;
	int node;

	node = kho_find_node_accepted(KHO_TEST_NAME, &compat);
	if (node >= 0)
		*version = strcmp(compat, KHO_TEST_COMPATIBLE_V1) ? 2 : 1;
	return node;
}

/* The next kernel: verify what the previous one preserved. */
static void kho_test_verify(void)
{
	const void *fdt = kho_incoming_fdt();
	u64 seed, checksum, sampled, bytes, sum = 0, pages = 0, full = 0, pfn;
	bool reserved = true, pattern = true, sample;
	const char *layout = "unknown";
	const struct kho_mem *mem;
	int node, err, reclaim, len;
	u64 claim_us, verify_us;
	u32 generation, version, page_size = PAGE_SIZE;
	ktime_t t0;
	size_t n, i;

	kho_test.verified = true;
	node = kho_test_find_node(&version);
	if (node < 0)
		return;
	if (kho_node_get_prop(fdt, node, "seed", &seed, sizeof(seed)) ||
	    kho_node_get_prop(fdt, node, "checksum", &checksum, sizeof(checksum)) ||
	    kho_node_get_prop(fdt, node, "bytes", &bytes, sizeof(bytes)) ||
	    kho_node_get_prop(fdt, node, "generation", &generation, sizeof(generation)) ||
	    kho_blob_node_mem(fdt, node, &mem, &n) ||
	    (version == 2 &&
	     (kho_node_get_prop(fdt, node, "page-size", &page_size, sizeof(page_size)) ||
	      page_size != PAGE_SIZE))) {
		snprintf(kho_test.result, sizeof(kho_test.result),
			 "version=%u malformed node\n", version);
		return;
	}
	if (fdt_stringlist_count(fdt, node, "layout") == 1)
		layout = fdt_getprop(fdt, node, "layout", &len);
	/* Large states are sampled (see kho_test_page_sampled()). */
	sample = bytes > KHO_TEST_FULL_VERIFY_MAX &&
		 !kho_node_get_prop(fdt, node, "sample-checksum", &sampled,
				   sizeof(sampled));

	/* Preserved memory must not have reached the allocator. */
	for (i = 0; i < n; i++) {
		for (pfn = PHYS_PFN(mem[i].addr); pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++)
			reserved &= PageReserved(pfn_to_page(pfn));
		cond_resched();
	}

	t0 = ktime_get();
	err = kho_claim_node_mem(node);
	claim_us = ktime_us_delta(ktime_get(), t0);
	reclaim = kho_claim_node_mem(node);
	t0 = ktime_get();
	if (!err) {
		for (i = 0; i < n; i++) {
			for (pfn = PHYS_PFN(mem[i].addr);
			     pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++, pages++)
				sum += sample ?
					kho_test_page_sampled(seed, pfn, true, &pattern, &full) :
					kho_test_page(seed, pfn, true, &pattern);
			cond_resched();
		}
	}
	verify_us = ktime_us_delta(ktime_get(), t0);
	if (!sample)
		full = pages;
	kho_test.generation = generation;
	snprintf(kho_test.result, sizeof(kho_test.result),
		 "generation=%u version=%u layout=%s ranges=%zu runs=%zu pages=%llu bytes=%s reserved=%s claim=%d reclaim=%d claim_us=%llu verify=%s full_pages=%llu verify_us=%llu pattern=%s checksum=%s\n",
		 generation, version, layout, n, n, pages,
		 pages << PAGE_SHIFT == bytes ? "ok" : "bad",
		 reserved ? "ok" : "bad", err, reclaim, claim_us,
		 sample ? "sampled" : "full", full, verify_us,
		 !err && pattern ? "ok" : "bad",
		 !err && sum == (sample ? sampled : checksum) ? "ok" : "bad");
	pr_info("verified incoming state: %s", kho_test.result);
	if (sample)
		pr_info("sampled verification: words 0, %lu and one picked per page in %llu pages, %llu of them read whole\n",
			PAGE_SIZE / sizeof(u64) - 1, pages, full);
	if (!err) {
		for (i = 0; i < n; i++) {
			kho_return_mem(mem[i].addr, mem[i].len);
			cond_resched();
		}
	}
}

static int __init kho_test_defer_setup(char *str)
{
	kho_test.defer_verify = true;
	return 1;
}
__setup("kho_test_defer", kho_test_defer_setup);

/* With kho_test_defer on the command line, writing 1 verifies. */
static ssize_t verify_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	if (kho_test.verified)
		return -EALREADY;
	kho_test_verify();
	return count;
}

static ssize_t layout_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	char buf[sizeof(kho_test.layout_name)] = {};
	int i;

	if (count >= sizeof(buf) || copy_from_user(buf, ubuf, count))
		return -EINVAL;
	i = sysfs_match_string(kho_test_layouts, strim(buf));
	if (i < 0)
		return i;
	/* Not while a dump holds memory laid out the other way. */
	if (kho_test.pages)
		return -EBUSY;
	kho_test.layout = i;
	snprintf(kho_test.layout_name, sizeof(kho_test.layout_name), "%s\n",
		 kho_test_layouts[i]);
	return count;
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

static const struct file_operations layout_fops = {
	.open = simple_open,
	.read = text_read,
	.write = layout_write,
};

static const struct file_operations verify_fops = {
	.open = simple_open,
	.write = verify_write,
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
	debugfs_create_file("layout", 0600, dir, kho_test.layout_name, &layout_fops);
	debugfs_create_file("verify", 0200, dir, NULL, &verify_fops);

	if (!kho_test.defer_verify)
		kho_test_verify();

	err = register_kho_notifier(&kho_test_nb);
	if (!err)
		err = register_kho_notifier(&kho_test_fail_nb);
	return err;
}
late_initcall(kho_test_init);
