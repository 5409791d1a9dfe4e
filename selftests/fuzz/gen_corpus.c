// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the fuzzers' seed corpus with the real builder: valid blobs and
 * maps of a few shapes and near-misses, and maps corrupted after the
 * encoder wrote them. Each seed is an input of fuzz_input.h: the blob's
 * length, the blob, the map's chunks (4 KiB each, at FUZZ_MAP_BASE).
 * Usage: gen_corpus DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/kho/blob.h>
#include <linux/kho/intel-iommu.h>
#include <linux/kho/khofs.h>
#include <linux/kho/meta.h>
#include <linux/kho/pci.h>
#include <linux/kho/vfio.h>
#include <linux/kho/abi/khofs.h>

#include "fuzz_input.h"
#include "mkimage.h"

#define SIZE 16384
#define PG 4096ULL
#define CHUNK 4096U

static char buf[SIZE];
static struct kho_map_builder map;
static struct kho_mapfile_out out;

static void die(const char *what)
{
	fprintf(stderr, "gen_corpus: %s failed\n", what);
	exit(1);
}

/* A new blob, its ranges collected in map. */
static int begin(void)
{
	free(out.img);
	memset(&out, 0, sizeof(out));
	kho_map_builder_reset(&map);
	return kho_blob_begin(buf, SIZE, &map);
}

/* The blob finished, its map encoded at @base and linked from mem-map. */
static int finish_at(u64 base)
{
	if (kho_blob_finish(buf) ||
	    kho_mapfile_encode(&map, buf, base, 0, CHUNK, &out))
		die("encoding the map");
	return 0;
}

static int finish(void)
{
	return finish_at(FUZZ_MAP_BASE);
}

/* The input: blob length (u32), the blob, the first @map_len map bytes. */
static void save_cut(const char *dir, const char *name, size_t map_len)
{
	u32 len = fdt_totalsize(buf);
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(&len, sizeof(len), 1, f) != 1 ||
	    fwrite(buf, len, 1, f) != 1 ||
	    (map_len && fwrite(out.img, map_len, 1, f) != 1)) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void save(const char *dir, const char *name)
{
	save_cut(dir, name, out.len);
}

static void node(const char *name, const char *compat, u64 first, size_t n,
		 u64 stride)
{
	struct kho_mem mem[64];
	size_t i;

	for (i = 0; i < n; i++) {
		mem[i].addr = first + i * stride;
		mem[i].len = PG * (1 + i % 3);
	}
	if (kho_node_begin(buf, name, compat) ||
	    (n && kho_node_add_mem(buf, mem, n)) || kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building %s failed\n", name);
		exit(1);
	}
}

/*
 * An intel-iommu node as the test VM's unit would produce it: edu 00:01.0
 * parked, and edu 01:00.0 parked behind the conventional bridge 00:03.0,
 * whose requester ID is an alias record of it (before it in sbdf order).
 */
static void vtd(const char *dir)
{
	struct kho_mem mem[] = { { 0x4000000, 4 * PG }, { 0x6000000, 0x100000 } };
	struct kho_vtd_unit unit = {
		.reg_base = 0xfed90000, .rtaddr = 0x4000000,
		.irta = 0x6000000 | 0xf, .cap = 0xd2008c22260206ULL,
		.ecap = 0xf00f4a, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	struct kho_vtd_dev dev = {
		.sbdf = 0x8, .domain_id = 1, .agaw = 1, .pgd = 0x4002000,
		.context_lo = 0x4002000 | 1, .context_hi = 1 | 1 << 8,
		.flags = KHO_VTD_DEV_PARKED, .owner_sbdf = 0x8,
	};
	struct kho_vtd_dev owner = {
		.sbdf = 0x100, .domain_id = 2, .agaw = 1, .pgd = 0x4003000,
		.context_lo = 0x4003000 | 1, .context_hi = 1 | 2 << 8,
		.flags = KHO_VTD_DEV_PARKED, .owner_sbdf = 0x100,
	};
	struct kho_vtd_dev alias = owner;
	struct kho_mem iova[] = { { 0x100000, PG }, { 0x200000, 4 * PG } };
	u32 irtes[] = { 0, 3 };

	alias.sbdf = 0x18;
	alias.flags |= KHO_VTD_DEV_ALIAS;

	if (begin() ||
	    kho_node_begin(buf, KHO_VTD_NODE, KHO_VTD_COMPATIBLE) ||
	    kho_node_add_mem(buf, mem, 2) ||
	    kho_vtd_unit_begin(buf, &unit, irtes, 2) ||
	    kho_vtd_dev_add(buf, &dev, iova, 2) ||
	    kho_vtd_dev_add(buf, &alias, NULL, 0) ||
	    kho_vtd_dev_add(buf, &owner, iova, 1) ||
	    kho_vtd_unit_end(buf) || kho_node_end(buf) || finish()) {
		fprintf(stderr, "gen_corpus: building the vtd blob failed\n");
		exit(1);
	}
	save(dir, "intel-iommu.dtb");
}

/* The pci node of the VFIO test: edu behind a pci-bridge, and one on bus 0. */
static void pci_devs(bool off_path)
{
	struct kho_pci_dev ep0 = {
		.sbdf = 0x8, .vendor = 0x1234, .device = 0x11e8, .class = 0xff00,
		.flags = KHO_PCI_DEV_ENDPOINT, .command = 0x406,
	};
	struct kho_pci_dev br = {
		.sbdf = 0x18, .vendor = 0x1b36, .device = 0x1, .class = 0x060400,
		.hdr_type = 1, .flags = KHO_PCI_DEV_BRIDGE, .command = 0x407,
	};
	struct kho_pci_dev ep1 = ep0;
	struct kho_pci_res ep_res[] = {
		{ .start = 0xfea00000, .size = 0x100000, .index = 0 },
		{ .start = 0xc000, .size = 0x100, .index = 2, .flags = KHO_PCI_RES_IO },
		{ .start = 0xfeb00000, .size = 0x40000, .index = KHO_PCI_RES_ROM },
	};
	struct kho_pci_res br_res[] = {
		{ .start = 0xd000, .size = 0x1000, .index = KHO_PCI_RES_WINDOW_IO,
		  .flags = KHO_PCI_RES_IO },
		{ .start = 0xfd000000, .size = 0x200000,
		  .index = KHO_PCI_RES_WINDOW_MEM },
		{ .start = 0x800000000ULL, .size = 0x200000,
		  .index = KHO_PCI_RES_WINDOW_PREF,
		  .flags = KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH },
	};
	struct kho_pci_bus bus = { .primary = 0, .secondary = 1, .subordinate = 1 };

	struct kho_pci_out_dev out[3] = {
		{ .dev = ep0, .res = ep_res, .nres = 3, .driver = "vtd-edu-test" },
		{ .dev = br, .res = br_res, .nres = 3, .bus = &bus },
		{ .dev = ep1, .res = ep_res, .nres = 1, .driver = "vfio-pci" },
	};

	out[2].dev.sbdf = off_path ? 0x200 : 0x100;
	if (kho_node_begin(buf, KHO_PCI_NODE, KHO_PCI_COMPATIBLE) ||
	    kho_pci_devs_write(buf, out, 3) ||
	    kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building the pci node failed\n");
		exit(1);
	}
}

/*
 * A pci node of many records (pci-v2 keeps them in one array, past the
 * 128 children a node may have): 128 endpoints on bus 0, one 4 KiB BAR
 * each (as many as fit the seed buffer; the parser takes 256).
 */
static void pci_many(void)
{
	static struct kho_pci_out_dev out[128];
	static struct kho_pci_res bar[128];
	size_t i;

	for (i = 0; i < 128; i++) {
		bar[i] = (struct kho_pci_res){ .start = 0xe0000000 + i * PG, .size = PG };
		out[i] = (struct kho_pci_out_dev){
			.dev = { .sbdf = i, .vendor = 0x1234, .device = 0x11e8,
				 .class = 0xff00, .flags = KHO_PCI_DEV_ENDPOINT },
			.res = &bar[i], .nres = 1, .driver = "vfio-pci",
		};
	}
	if (kho_node_begin(buf, KHO_PCI_NODE, KHO_PCI_COMPATIBLE) ||
	    kho_pci_devs_write(buf, out, 128) || kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building the big pci node failed\n");
		exit(1);
	}
}

/* A khofs-v1 node: the root and one 2 MiB file in one extent at @phys. */
static void khofs_file(u64 phys)
{
	static const char names[] = "ram";
	struct kho_mem mem[] = { { phys, 0x200000 } };
	struct khofs_inode_rec inodes[] = {
		{ .parent = 0, .mode = KHOFS_S_IFDIR | 0755 },
		{ .parent = 0, .mode = KHOFS_S_IFREG | 0600, .size = 0x200000,
		  .name_len = sizeof(names) - 1 },
	};
	struct khofs_extent_rec ext = { .phys = phys, .inode = 1, .order = 9 };

	if (kho_node_begin(buf, KHOFS_NODE, KHOFS_COMPATIBLE) ||
	    kho_node_add_mem(buf, mem, 1) ||
	    fdt_property(buf, "inodes", inodes, sizeof(inodes)) ||
	    fdt_property(buf, "names", names, sizeof(names) - 1) ||
	    fdt_property(buf, "extents", &ext, sizeof(ext)) ||
	    kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building the khofs node failed\n");
		exit(1);
	}
}

enum vfio_variant { VFIO_GOOD, VFIO_UNPRESERVED, VFIO_BORROWED };

/*
 * A vfio node: two containers, three devices, MSI and MSI-X vectors.
 * VFIO_BORROWED: the 2 MiB chunk is guest RAM borrowed from a khofs file
 * at 0x30000000 (the caller writes the khofs node, or not), out of vfio's
 * mem.
 */
static void vfio_devs(enum vfio_variant variant)
{
	struct kho_mem mem[] = { { 0x10000000, 16 * PG }, { 0x20000000, 0x200000 } };
	size_t nmem = 2;
	struct kho_vfio_map maps0[] = {
		{ .iova = 0x100000, .phys = 0x10000000, .len = 2 * PG, .prot = 3 },
		{ .iova = 0x102000, .phys = 0x10004000, .len = PG, .prot = 3 },
		{ .iova = 0x200000, .phys = 0x20000000, .len = 0x200000, .prot = 1,
		  .dma = 1 },
	};
	struct kho_vfio_map maps1[] = {
		{ .iova = 0x100000, .phys = 0x10008000, .len = PG, .prot = 2 },
	};
	struct kho_vfio_vector msi[] = { { 0, 5 } }, msix[] = { { 0, 1 }, { 3, 9 } };
	struct kho_vfio_dev dev = {
		.flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3,
		.salt = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	};
	struct kho_vfio_dev d0 = dev, d1 = dev, d2 = dev;

	if (variant == VFIO_UNPRESERVED)
		maps1[0].phys = 0x30000000;
	if (variant == VFIO_BORROWED) {
		maps0[2].phys = 0x30000000;
		maps0[2].flags = KHO_VFIO_MAP_KHOFS;
		nmem = 1;
	}
	d0.sbdf = 0x100;
	d0.irq_type = KHO_VFIO_IRQ_MSI;
	d1.sbdf = 0x200;
	d1.container = 1;
	d2.sbdf = 0x300;
	d2.irq_type = KHO_VFIO_IRQ_MSIX;
	if (kho_node_begin(buf, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE) ||
	    kho_node_add_mem(buf, mem, nmem) ||
	    kho_vfio_container_add(buf, 0, maps0, 3) ||
	    kho_vfio_container_add(buf, 1, maps1, 1) ||
	    kho_vfio_dev_add(buf, &d0, msi, 1) ||
	    kho_vfio_dev_add(buf, &d1, NULL, 0) ||
	    kho_vfio_dev_add(buf, &d2, msix, 2) ||
	    kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building the vfio node failed\n");
		exit(1);
	}
}

static void pci_vfio(const char *dir)
{
	begin();
	pci_devs(false);
	finish();
	save(dir, "pci.dtb");

	begin();
	pci_devs(true);
	finish();
	save(dir, "pci-no-path.dtb");

	begin();
	pci_many();
	finish();
	save(dir, "pci-many.dtb");

	begin();
	vfio_devs(VFIO_GOOD);
	finish();
	save(dir, "vfio.dtb");

	begin();
	vfio_devs(VFIO_UNPRESERVED);
	finish();
	save(dir, "vfio-unpreserved.dtb");

	/* Guest RAM in a khofs file (vfio-v2), and the same without khofs. */
	begin();
	khofs_file(0x30000000);
	vfio_devs(VFIO_BORROWED);
	finish();
	save(dir, "vfio-khofs.dtb");

	begin();
	vfio_devs(VFIO_BORROWED);
	finish();
	save(dir, "vfio-khofs-missing.dtb");

	/* Both, as the VFIO handover writes them (with intel-iommu). */
	begin();
	pci_devs(false);
	vfio_devs(VFIO_GOOD);
	finish();
	save(dir, "pci-vfio.dtb");
}

enum khofs_variant {
	KHOFS_GOOD,
	KHOFS_ROOT_ONLY,
	KHOFS_SHARED_PAGE,	/* two files name one physical page */
	KHOFS_OUTSIDE_MEM,	/* an extent outside mem (mem still adds up) */
	KHOFS_UNSORTED,		/* two names of one directory out of order */
};

/*
 * A khofs node: /etc/hosts (one page), /vm/guest0/ram (two 2 MiB blocks
 * and three pages) and /vm/guest0/ram.sparse (one page at page 10).
 */
static void khofs_tree(enum khofs_variant v)
{
	static const char names[] = "etcvmhostsguest0ramram.sparse";
	struct khofs_inode_rec ino[] = {
		{ .mode = 040755 },
		{ .parent = 0, .mode = 040755, .name_off = 0, .name_len = 3 },
		{ .parent = 0, .mode = 040750, .name_off = 3, .name_len = 2 },
		{ .parent = 1, .mode = 0100644, .size = 100, .name_off = 5, .name_len = 5 },
		{ .parent = 2, .mode = 040700, .name_off = 10, .name_len = 6 },
		{ .parent = 4, .mode = 0100600, .size = 4 * 0x100000 + 16 * 1024,
		  .uid = 107, .gid = 107, .name_off = 16, .name_len = 3 },
		{ .parent = 4, .mode = 0100600, .size = 0x100000, .uid = 107,
		  .gid = 107, .name_off = 19, .name_len = 10 },
	};
	struct khofs_extent_rec ext[] = {
		{ .phys = 0x40000000, .index = 0, .inode = 3, .order = 0 },
		{ .phys = 0x60000000, .index = 0, .inode = 5, .order = 9 },
		{ .phys = 0x60200000, .index = 512, .inode = 5, .order = 9 },
		{ .phys = 0x70000000, .index = 1024, .inode = 5, .order = 0 },
		{ .phys = 0x70002000, .index = 1026, .inode = 5, .order = 1 },
		{ .phys = 0x70001000, .index = 10, .inode = 6, .order = 0 },
	};
	struct kho_mem mem[] = {
		{ 0x40000000, PG }, { 0x60000000, 0x400000 }, { 0x70000000, 4 * PG },
	};
	size_t nino = 7, next = 6, nmem = 3;

	switch (v) {
	case KHOFS_GOOD:
		break;
	case KHOFS_ROOT_ONLY:
		nino = 1;
		next = nmem = 0;
		break;
	case KHOFS_SHARED_PAGE:
		ext[5].phys = 0x70000000;
		break;
	case KHOFS_OUTSIDE_MEM:
		ext[5].phys = 0x70040000;
		break;
	case KHOFS_UNSORTED:
		ino[1].name_off = 3;
		ino[1].name_len = 2;
		ino[2].name_off = 0;
		ino[2].name_len = 3;
		break;
	}
	if (khofs_node_write(buf, mem, nmem, ino, nino, names,
			     nino > 1 ? sizeof(names) - 1 : 0, ext, next)) {
		fprintf(stderr, "gen_corpus: building the khofs node failed\n");
		exit(1);
	}
}

static void khofs_seeds(const char *dir)
{
	static const struct {
		enum khofs_variant v;
		const char *file;
	} files[] = {
		{ KHOFS_GOOD, "khofs.dtb" },
		{ KHOFS_ROOT_ONLY, "khofs-root-only.dtb" },
		{ KHOFS_SHARED_PAGE, "khofs-shared-page.dtb" },
		{ KHOFS_OUTSIDE_MEM, "khofs-outside-mem.dtb" },
		{ KHOFS_UNSORTED, "khofs-unsorted.dtb" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		begin();
		khofs_tree(files[i].v);
		finish();
		save(dir, files[i].file);
	}

	/* Beside a vfio node, as a VM with its RAM in khofs. */
	begin();
	vfio_devs(false);
	khofs_tree(KHOFS_GOOD);
	finish();
	save(dir, "khofs-vfio.dtb");
}

/*
 * Hostile to libfdt itself (issue 12, libfdt part): a property whose length
 * field is 0xfffffff4, which wraps the offset past it back onto its own
 * tag. A libfdt without the fdt_next_tag() overflow check loops on it
 * forever; kept as a seed so fuzz_blob starts from it.
 */
static void libfdt_hostile(const char *dir)
{
	struct fdt_property *p;
	u32 val = 0;
	int node;

	if (begin() ||
	    fdt_begin_node(buf, "x") ||
	    fdt_property_string(buf, "compatible", "x-v1") ||
	    fdt_property(buf, "evil", &val, sizeof(val)) ||
	    fdt_end_node(buf) || finish() ||
	    (node = fdt_path_offset(buf, "/x")) < 0 ||
	    !(p = fdt_get_property_w(buf, node, "evil", NULL))) {
		fprintf(stderr, "gen_corpus: building prop-len-overflow.dtb failed\n");
		exit(1);
	}
	p->len = cpu_to_fdt32(0xfffffff4);
	save(dir, "prop-len-overflow.dtb");
}

/* @pages pages from @addr, every @step-th one, as one node's ranges. */
static void pages_node(const char *name, u64 addr, size_t pages, u64 step,
		       u64 len)
{
	struct kho_mem r;
	size_t i;

	if (kho_node_begin(buf, name, "map-test-v1"))
		die(name);
	for (i = 0; i < pages; i++) {
		r.addr = addr + i * step;
		r.len = len;
		if (kho_node_add_mem(buf, &r, 1))
			die(name);
	}
	if (kho_node_end(buf))
		die(name);
}

/* Chunk @i of the encoded map. */
static struct kho_map_chunk *chunk(size_t i)
{
	if ((i + 1) * CHUNK > out.len)
		die("finding a chunk");
	return (struct kho_map_chunk *)((u8 *)out.img + i * CHUNK);
}

/* Region @i of the first chunk. */
static struct kho_map_region *region(unsigned int i)
{
	struct kho_map_region *r = kho_mapfile_region(chunk(0), i);

	if (!r)
		die("finding a region");
	return r;
}

static u64 *bitmap(struct kho_map_region *r)
{
	if (r->kind != KHO_MAP_BITMAP)
		die("finding a bitmap");
	return (u64 *)(r + 1);
}

/* Two nodes: an extent each, then a bitmap region of every other page. */
static void two_owners(void)
{
	begin();
	pages_node("a", 0x4000000, 1, PG, 0x100000);
	pages_node("b", 0x5000000, 1, PG, 0x200000);
	pages_node("c", 0x6000000, 100, 2 * PG, PG);
	finish();
}

static void set_ref(void (*edit)(struct kho_map_ref *ref))
{
	struct kho_map_ref ref = out.ref;

	edit(&ref);
	if (kho_blob_set_map(buf, &ref))
		die("rewriting mem-map");
}

static void ref_more_pages(struct kho_map_ref *ref)
{
	ref->pages++;
}

static void ref_more_chunks(struct kho_map_ref *ref)
{
	ref->chunks++;
	ref->bytes += CHUNK;
}

/*
 * The map on its own: valid maps of every region kind, then maps the
 * encoder wrote and this corrupted, one rule of abi/kho.h each.
 */
static void map_seeds(const char *dir)
{
	struct kho_map_owner *owners;
	char name[16];
	unsigned int i;

	/* Extents only: 2 MiB pieces. */
	begin();
	pages_node("kho-test", 0x4000000, 8, 0x400000, 0x200000);
	finish();
	save(dir, "map-extents.dtb");

	/* Every other page: bitmaps over several chunks. */
	begin();
	pages_node("kho-test", 0x4000000, 20000, 2 * PG, PG);
	finish();
	save(dir, "map-bitmaps.dtb");

	/* Mixed, several owners, one lone page (a one-run bitmap: an extent). */
	two_owners();
	save(dir, "map-mixed.dtb");
	begin();
	pages_node("a", 0x4000000, 1, PG, PG);
	pages_node("b", 0x4001000, 3, 2 * PG, PG);
	pages_node("c", 0x4100000, 300, PG, PG);
	finish();
	save(dir, "map-touching-owners.dtb");

	/* Forty owners, interleaved by address. */
	begin();
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "n%02u", i);
		pages_node(name, 0x8000000 + i * 0x10000, 4, 0x100000 * 40, PG);
	}
	finish();
	save(dir, "map-owners.dtb");

	/* Corrupted headers and chain. */
	two_owners();
	chunk(0)->magic ^= 1;
	save(dir, "map-bad-magic.dtb");
	two_owners();
	chunk(0)->self += CHUNK;
	save(dir, "map-bad-self.dtb");
	two_owners();
	chunk(0)->used = CHUNK + 8;
	save(dir, "map-used-past-size.dtb");
	two_owners();
	chunk(0)->used -= 8;
	save(dir, "map-region-past-used.dtb");
	begin();
	pages_node("kho-test", 0x4000000, 20000, 2 * PG, PG);
	finish();
	chunk(0)->next = chunk(0)->self;
	save(dir, "map-next-loop.dtb");
	begin();
	pages_node("kho-test", 0x4000000, 20000, 2 * PG, PG);
	finish();
	save_cut(dir, "map-truncated.dtb", out.len - CHUNK);
	save_cut(dir, "map-missing.dtb", 0);
	two_owners();
	set_ref(ref_more_pages);
	save(dir, "map-page-count.dtb");
	two_owners();
	set_ref(ref_more_chunks);
	save(dir, "map-chunk-count.dtb");

	/* Owners. */
	two_owners();
	owners = (struct kho_map_owner *)(chunk(0) + 1);
	strcpy(owners[1].name, "zz");
	save(dir, "map-owner-not-node.dtb");
	two_owners();
	owners = (struct kho_map_owner *)(chunk(0) + 1);
	strcpy(owners[1].name, owners[0].name);
	save(dir, "map-owner-twice.dtb");
	two_owners();
	region(0)->owner = chunk(0)->owners;
	save(dir, "map-owner-range.dtb");

	/* Regions. */
	two_owners();
	region(0)->kind = 3;
	save(dir, "map-bad-kind.dtb");
	two_owners();
	region(0)->reserved = 1;
	save(dir, "map-reserved-set.dtb");
	two_owners();
	region(0)->pages = 0;
	save(dir, "map-empty-region.dtb");
	two_owners();
	region(0)->addr += 1;
	save(dir, "map-unaligned.dtb");
	two_owners();
	region(1)->addr = region(0)->addr;
	save(dir, "map-overlap.dtb");
	two_owners();
	region(1)->addr = region(0)->addr - PG;
	save(dir, "map-descending.dtb");
	two_owners();
	bitmap(region(2))[0] &= ~1ULL;
	save(dir, "map-bitmap-first-clear.dtb");
	two_owners();
	region(2)->pages += 1;
	save(dir, "map-bitmap-last-clear.dtb");
	two_owners();
	region(2)->pages -= 1;
	save(dir, "map-bitmap-past-end.dtb");
	two_owners();
	region(0)->addr = 0xfffffffffff00000ULL;
	save(dir, "map-wraps.dtb");

	/* Where the map and the runs lie. */
	begin();
	pages_node("a", 0x1800000, 4, 4 * PG, PG);
	finish();
	save(dir, "map-over-kernel.dtb");
	begin();
	pages_node("a", 0x4000000, 1, PG, 0x200000);
	finish_at(0x4100000);
	save(dir, "map-chunk-over-run.dtb");
	begin();
	pages_node("a", 0x4000000, 1, PG, 0x200000);
	finish_at(0x200000000ULL);
	save(dir, "map-chunk-outside-ram.dtb");
	begin();
	pages_node("a", 0xff000000ULL, 1, PG, 0x2000000);
	finish();
	save(dir, "map-run-outside-ram.dtb");
	begin();
	pages_node("a", 0x4000000, FUZZ_MAX_RUNS + 1, 2 * PG, PG);
	finish();
	save(dir, "map-too-many-runs.dtb");
}

/* Seeds for fuzz_manifest: synthetic images (tools/kho/mkimage.c). */
static void manifest_seeds(const char *dir)
{
	static const struct mkimage_entry e[] = {
		{ "/", "kho-handover-v2" },
		{ "kho-test", "kho-test-v1" },
		{ "kho-test", "kho-test-v2" },
		{ "pci", "pci-v2" },
	};
	static uint8_t img[4096];
	char path[512];
	size_t n, len;
	FILE *f;

	for (n = 0; n <= ARRAY_SIZE(e); n++) {
		len = mkimage(img, e, n);
		snprintf(path, sizeof(path), "%s/image-%zu", dir, n);
		f = fopen(path, "wb");
		if (!f || fwrite(img, 1, len, f) != len || fclose(f))
			die(path);
	}
}

/* The kho-meta node as its writer writes it, for fuzz_blob's node table. */
static void meta_seed(const char *dir)
{
	struct kho_meta m = {
		.release = "6.12.117", .build_id = { 1, 2, 3 }, .build_id_len = 3,
		.generation = 2, .history = 0x4000000, .history_count = 1,
	};

	begin();
	if (kho_meta_write(buf, &m)) {
		fprintf(stderr, "gen_corpus: building kho-meta failed\n");
		exit(1);
	}
	finish();
	save(dir, "meta.dtb");
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: gen_corpus DIR [MANIFEST_DIR]\n");
		return 2;
	}
	if (argc == 3)
		manifest_seeds(argv[2]);
	kho_mapfile_builder_init(&map);

	begin();
	finish();
	save(argv[1], "empty.dtb");

	begin();
	node("kho-test", "kho-test-v1", 0x4000000, 64, 4 * PG);
	node("intel-vtd", "intel-vtd-v1", 0x8000000, 8, 16 * PG);
	node("pci", "pci-v2", 0, 0, 0);
	finish();
	save(argv[1], "three-nodes.dtb");

	/* A range over the kernel image (the builder cannot know). */
	begin();
	node("a", "a-v1", 0x1800000, 4, 4 * PG);
	finish();
	save(argv[1], "over-kernel.dtb");

	vtd(argv[1]);
	pci_vfio(argv[1]);
	khofs_seeds(argv[1]);
	libfdt_hostile(argv[1]);
	map_seeds(argv[1]);
	meta_seed(argv[1]);
	kho_mapfile_builder_free(&map);
	free(out.img);
	return 0;
}
