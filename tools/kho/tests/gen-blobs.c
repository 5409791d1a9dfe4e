// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the blobs tools/kho/tests/run.sh feeds to kho-check and kho-dump:
 * valid ones made with the real builder (kernel/kho/blob.c, map.c), and
 * hostile ones made with raw libfdt sequential-write calls or by
 * corrupting a map the encoder wrote, for what the builder refuses to
 * produce. Each NAME.dtb whose mem-map is not empty has its map's chunks
 * in NAME.map (64 KiB chunks from MAP_BASE, as the kernel allocates them).
 * Usage: gen-blobs DIR
 *
 * run.sh knows the values written here; keep the two in step.
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

#include "mapfile.h"

#define SIZE	65536
#define KIB	1024ULL
#define MIB	(1024 * KIB)
#define MUTANTS	128
#define MAP_BASE	0x70000000ULL
#define CHUNK		(64 * 1024U)

static char buf[SIZE];
static const char *dir;
static struct kho_map_builder map;
static struct kho_mapfile_out out;

/* good.dtb, handover.dtb and khofs.dtb, kept for the mutants. */
static char good[SIZE], handover[SIZE], khofs[SIZE];
static size_t good_len, handover_len, khofs_len;

static void fail(const char *what)
{
	fprintf(stderr, "gen-blobs: %s failed\n", what);
	exit(1);
}

static void save_bytes(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(data, len, 1, f) != 1) || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* NAME.dtb, and NAME.map when the blob's map has chunks. */
static void save(const char *name)
{
	char mapname[256];
	const char *dot = strrchr(name, '.');

	save_bytes(name, buf, fdt_totalsize(buf));
	if (!out.len)
		return;
	snprintf(mapname, sizeof(mapname), "%.*s.map",
		 (int)(dot ? dot - name : (long)strlen(name)), name);
	save_bytes(mapname, out.img, out.len);
}

/* Builder: a subsystem node with ranges; the caller closes it. */
static void node_open(const char *name, const char *compat,
		      const struct kho_mem *mem, size_t n)
{
	if (kho_node_begin(buf, name, compat) ||
	    (mem && kho_node_add_mem(buf, mem, n)))
		fail(name);
}

static void node(const char *name, const char *compat,
		 const struct kho_mem *mem, size_t n)
{
	node_open(name, compat, mem, n);
	if (kho_node_end(buf))
		fail(name);
}

static void prop(const char *name, const void *val, int len)
{
	if (fdt_property(buf, name, val, len))
		fail(name);
}

static void begin(void)
{
	free(out.img);
	memset(&out, 0, sizeof(out));
	if (kho_blob_begin(buf, SIZE, &map))
		fail("begin");
}

/* The blob finished, its map encoded at MAP_BASE and linked from mem-map. */
static void finish(void)
{
	if (kho_blob_finish(buf) ||
	    kho_mapfile_encode(&map, buf, MAP_BASE, 0, CHUNK, &out))
		fail("finish");
}

/* Region @i of the first chunk of the map just encoded. */
static struct kho_map_region *region(unsigned int i)
{
	struct kho_map_region *r = out.img ? kho_mapfile_region(out.img, i) : NULL;

	if (!r)
		fail("finding a region");
	return r;
}

/*
 * good.dtb: kho-test with its four fields, intel-vtd (no decoder yet) with
 * properties of every shape, pci at a version nobody parses, without mem
 * but with a child node.
 * 3 subsystem nodes, 2 with mem, 4 ranges, 3219456 bytes.
 */
static void gen_good(void)
{
	static const struct kho_mem test_mem[] = {
		{ 0x1000000, 8 * KIB }, { 0x1100000, 2 * MIB },
		{ 0x40000000, 1 * MIB },
	};
	static const struct kho_mem vtd_mem[] = { { 0x2000000, 64 * KIB } };
	u64 seed = 0x0123456789abcdefULL, checksum = 0xfedcba9876543210ULL;
	u64 bytes = 3153920;
	u32 generation = 7, ids[3] = { 1, 2, 3 }, bdf = 0x18;
	unsigned char big[100];
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = i;
	begin();
	node_open("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem));
	prop("seed", &seed, sizeof(seed));
	prop("checksum", &checksum, sizeof(checksum));
	prop("bytes", &bytes, sizeof(bytes));
	prop("generation", &generation, sizeof(generation));
	kho_node_end(buf);

	node_open("intel-vtd", "intel-vtd-v1", vtd_mem, ARRAY_SIZE(vtd_mem));
	prop("label", "say \"hi\"", 9);
	prop("names", "a\0bc", 5);
	prop("ids", ids, sizeof(ids));
	prop("big", big, sizeof(big));
	prop("flag", NULL, 0);
	kho_node_end(buf);

	/* A layout no tool knows yet: listed generically, still valid. */
	node_open("pci", "pci-v9", NULL, 0);
	fdt_begin_node(buf, "dev@3");
	prop("bdf", &bdf, sizeof(bdf));
	fdt_end_node(buf);
	kho_node_end(buf);
	finish();
	save("good.dtb");
	good_len = fdt_totalsize(buf);
	memcpy(good, buf, good_len);

	/* The same blob, cut in half, and with a broken magic number. */
	save_bytes("truncated.dtb", buf, fdt_totalsize(buf) / 2);
	buf[0] ^= 0xff;
	save_bytes("bad-magic.dtb", buf, fdt_totalsize(buf));
}

/* many.dtb: 20 ranges of 4 KiB, 8 KiB apart from 256 MiB. */
static void gen_many(void)
{
	struct kho_mem mem[20];
	size_t i;
	u64 seed = 1, checksum = 2, bytes = ARRAY_SIZE(mem) * 4 * KIB;
	u32 generation = 1;

	for (i = 0; i < ARRAY_SIZE(mem); i++) {
		mem[i].addr = 256 * MIB + i * 8 * KIB;
		mem[i].len = 4 * KIB;
	}
	begin();
	node_open("kho-test", "kho-test-v1", mem, ARRAY_SIZE(mem));
	prop("seed", &seed, sizeof(seed));
	prop("checksum", &checksum, sizeof(checksum));
	prop("bytes", &bytes, sizeof(bytes));
	prop("generation", &generation, sizeof(generation));
	kho_node_end(buf);
	finish();
	save("many.dtb");
}

/* kho-test fields of the wrong size: listed raw, the node is refused. */
static void gen_odd_fields(void)
{
	u32 seed = 5;
	u64 generation = 9;

	begin();
	node_open("kho-test", "kho-test-v1", NULL, 0);
	prop("seed", &seed, sizeof(seed));
	prop("generation", &generation, sizeof(generation));
	kho_node_end(buf);
	finish();
	save("odd-fields.dtb");
}

static void gen_builder_invalid(void)
{
	static const struct kho_mem a[] = { { 0x4000000, 16 * KIB } };
	static const struct kho_mem b[] = { { 0x4004000, 16 * KIB } };
	static const struct kho_mem low[] = { { 0x80000, 4 * KIB } };
	struct kho_map_chunk *c;
	char name[16];
	int i;

	begin();
	finish();
	save("empty-root.dtb");

	/* The encoder refuses two owners of a page: moved there afterwards. */
	begin();
	node("a", "a-v1", a, 1);
	node("b", "b-v1", b, 1);
	finish();
	region(1)->addr = 0x4002000;
	save("overlap.dtb");

	begin();
	node("low", "low-v1", low, 1);
	finish();
	save("first-mib.dtb");

	/* The most owners a map names, each with one page. */
	begin();
	for (i = 0; i < KHO_MAP_MAX_OWNERS; i++) {
		struct kho_mem m = { 0x4000000 + i * 8 * KIB, 4 * KIB };

		snprintf(name, sizeof(name), "n%d", i);
		node(name, "n-v1", &m, 1);
	}
	finish();
	save("many-owners.dtb");

	/* Map corruptions, one rule each, on a.dtb's map. */
	begin();
	node("a", "a-v1", a, 1);
	node("b", "b-v1", b, 1);
	finish();
	save("two-owners.dtb");
	c = out.img;
	c->self += CHUNK;
	save("map-bad-self.dtb");
	c->self -= CHUNK;
	region(0)->kind = 7;
	save("map-bad-kind.dtb");
	region(0)->kind = KHO_MAP_EXTENT;
	region(1)->addr += 0x800;
	save("map-unaligned.dtb");
	region(1)->addr -= 0x800;
	c->magic = 0;
	save("map-bad-magic.dtb");
	c->magic = KHO_MAP_MAGIC;
	strcpy(((struct kho_map_owner *)(c + 1))[1].name, "nobody");
	save("map-owner-not-node.dtb");

	/* Terminal escapes in a node name and a property, and a bad range. */
	begin();
	node_open("evil\x1b[31m", "evil-v1", low, 1);
	prop("msg", "\x1b[2J", 5);
	kho_node_end(buf);
	finish();
	save("evil.dtb");
}

/* Raw libfdt: a blob with root compatible @root and one node open. */
static const struct kho_map_ref empty_ref;

static void raw_begin(const char *root, const char *name, const char *compat)
{
	free(out.img);
	memset(&out, 0, sizeof(out));
	fdt_create(buf, SIZE);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_string(buf, "compatible", root);
	fdt_property(buf, KHO_MAP_PROP, &empty_ref, sizeof(empty_ref));
	fdt_begin_node(buf, name);
	if (compat)
		fdt_property_string(buf, "compatible", compat);
}

static void raw_finish(const char *file)
{
	fdt_end_node(buf);
	fdt_end_node(buf);
	if (fdt_finish(buf))
		fail(file);
	save(file);
}

static void gen_raw_invalid(void)
{
	static const struct kho_mem mem[] = {
		{ 0x1000000, 4 * KIB }, { 0x1002000, 4 * KIB }, { 0x1004000, 4 * KIB },
	};
	char name[16];
	int i;

	/* The layout before the out-of-line map, and upstream's. */
	raw_begin("kho-v1", "x", "x-v1");
	raw_finish("bad-root.dtb");

	raw_begin(KHO_ROOT_COMPATIBLE, "x", "x");
	raw_finish("bad-compat.dtb");

	/* A mem-map of 40 bytes instead of one struct kho_map_ref. */
	fdt_create(buf, SIZE);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_string(buf, "compatible", KHO_ROOT_COMPATIBLE);
	fdt_property(buf, KHO_MAP_PROP, mem, 40);
	fdt_end_node(buf);
	fdt_finish(buf);
	save("bad-maplen.dtb");

	/* No mem-map at all, and one in a subsystem node. */
	fdt_create(buf, SIZE);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_string(buf, "compatible", KHO_ROOT_COMPATIBLE);
	fdt_end_node(buf);
	fdt_finish(buf);
	save("no-map.dtb");

	raw_begin(KHO_ROOT_COMPATIBLE, "x", "x-v1");
	fdt_property(buf, KHO_MAP_PROP, &empty_ref, sizeof(empty_ref));
	raw_finish("map-in-node.dtb");

	/* More children than the root may have (KHO_MAX_CHILDREN). */
	raw_begin(KHO_ROOT_COMPATIBLE, "n0", "n-v1");
	fdt_end_node(buf);
	for (i = 1; i <= KHO_MAX_CHILDREN; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		fdt_begin_node(buf, name);
		fdt_property_string(buf, "compatible", "n-v1");
		fdt_end_node(buf);
	}
	fdt_end_node(buf);
	if (fdt_finish(buf))
		fail("too-many.dtb");
	save("too-many.dtb");
}

/*
 * handover.dtb: what a VFIO live update hands over, with the writers the
 * kernel uses. intel-iommu-v2: one unit, the kept edu 01:00.0 (parked)
 * and the requester ID of its conventional bridge 00:03.0 as an alias
 * record of it (parked, no iova). pci-v2: the bridge and edu. vfio-v2: container
 * 0 with two VMM mappings (8 KiB in two chunks, then 2 MiB read-only) and
 * edu with one MSI vector. 3 subsystem nodes, 5 ranges, 2199552 bytes.
 *
 * khofs-ram.dtb: the same with the 2 MiB mapping guest RAM in a khofs
 * file: a khofs-v1 node (root, one 2 MiB file "guest-ram" in one order-9
 * extent at 0x8000000) lends the chunk, which vfio's mem no longer holds.
 * khofs-missing.dtb: that chunk borrowed, and no khofs node.
 */
enum handover_variant {
	HANDOVER_GOOD,
	HANDOVER_SHARED_CHUNK,	/* two DMA chunks name one physical page */
	HANDOVER_IRT_OVER_ROOT,	/* the IRT is the root table's page */
	HANDOVER_PGD_IS_ROOT,	/* a page-table root is the root table */
	HANDOVER_BAR_OVERLAP,	/* another endpoint's BAR is over the edu's */
	HANDOVER_BAR_UNALIGNED,	/* the edu BAR does not start on its size */
	HANDOVER_BAR_SIZE,	/* the edu BAR is not a power of two */
	HANDOVER_KHOFS,		/* the 2 MiB mapping borrowed from khofs */
	HANDOVER_KHOFS_MISSING,	/* borrowed, and no khofs node */
};

/* A khofs-v1 node: the root directory and one 2 MiB file at @phys. */
static void khofs_node(u64 phys)
{
	static const char names[] = "guest-ram";
	struct kho_mem mem[] = { { phys, 2 * MIB } };
	struct khofs_inode_rec inodes[] = {
		{ .parent = 0, .mode = KHOFS_S_IFDIR | 0755 },
		{ .parent = 0, .mode = KHOFS_S_IFREG | 0600, .size = 2 * MIB,
		  .name_off = 0, .name_len = sizeof(names) - 1 },
	};
	struct khofs_extent_rec ext = { .phys = phys, .index = 0, .inode = 1,
					.order = 9 };

	node_open(KHOFS_NODE, KHOFS_COMPATIBLE, mem, ARRAY_SIZE(mem));
	prop("inodes", inodes, sizeof(inodes));
	prop("names", names, sizeof(names) - 1);
	prop("extents", &ext, sizeof(ext));
	if (kho_node_end(buf))
		fail("khofs node");
}

static void gen_handover_variant(enum handover_variant variant, const char *file)
{
	static const struct kho_mem vtd_mem[] = {
		{ 0x2900000, 4 * 4 * KIB },	/* root, context, two tables */
		{ 0x3000000, 64 * KIB },	/* interrupt remapping table */
	};
	static const struct kho_mem vfio_mem[] = {
		{ 0x5000000, 16 * KIB }, { 0x6000000, 2 * MIB }, { 0x7000000, 4 * KIB },
	};
	/* Without the borrowed 2 MiB: vfio's mem holds only its own pages. */
	static const struct kho_mem vfio_own_mem[] = {
		{ 0x5000000, 16 * KIB }, { 0x7000000, 4 * KIB },
	};
	const struct kho_mem *vmem = vfio_mem;
	size_t nvmem = ARRAY_SIZE(vfio_mem);
	struct kho_vtd_unit unit = {
		.reg_base = 0xfed90000, .rtaddr = 0x2900000, .irta = 0x3000000 | 11,
		.cap = 0xd2008c22260206ULL, .ecap = 0xf00f4a, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	struct kho_vtd_dev vbr = {
		.sbdf = 0x18, .domain_id = 4, .agaw = 1, .pgd = 0x2902000,
		.context_lo = 0x2902000 | 1, .context_hi = 1 | 4 << 8,
		.flags = KHO_VTD_DEV_PARKED | KHO_VTD_DEV_ALIAS, .owner_sbdf = 0x100,
	};
	struct kho_vtd_dev vedu;
	static const struct kho_mem iova[] = { { 0x100000, 8 * KIB }, { 0x200000, 2 * MIB } };
	u32 irtes[] = { 2 };
	struct kho_pci_dev br = {
		.sbdf = 0x18, .vendor = 0x1b36, .device = 0x0001, .class = 0x060400,
		.hdr_type = 1, .flags = KHO_PCI_DEV_BRIDGE, .command = 0x0407,
	};
	struct kho_pci_dev edu = {
		.sbdf = 0x100, .vendor = 0x1234, .device = 0x11e8, .class = 0x00ff00,
		.flags = KHO_PCI_DEV_ENDPOINT, .command = 0x0406,
	};
	struct kho_pci_res br_res[] = {
		{ .start = 0xd000, .size = 0x1000, .index = KHO_PCI_RES_WINDOW_IO,
		  .flags = KHO_PCI_RES_IO },
		{ .start = 0xfe800000, .size = 0x200000, .index = KHO_PCI_RES_WINDOW_MEM },
		{ .start = 0x800000000ULL, .size = 0x200000,
		  .index = KHO_PCI_RES_WINDOW_PREF,
		  .flags = KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH },
	};
	struct kho_pci_res edu_res[] = {
		{ .start = 0xfe800000, .size = 0x100000, .index = 0 },
	};
	struct kho_pci_bus bus = { .primary = 0, .secondary = 1, .subordinate = 1 };
	struct kho_vfio_map maps[] = {
		{ .iova = 0x100000, .phys = 0x5000000, .len = 4 * KIB, .prot = 3, .dma = 0 },
		{ .iova = 0x101000, .phys = 0x7000000, .len = 4 * KIB, .prot = 3, .dma = 0 },
		{ .iova = 0x200000, .phys = 0x6000000, .len = 2 * MIB, .prot = 1, .dma = 1 },
	};
	struct kho_vfio_vector vec[] = { { .index = 0, .irte = 2 } };
	struct kho_vfio_dev vdev = {
		.sbdf = 0x100, .container = 0, .irq_type = KHO_VFIO_IRQ_MSI,
		.flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3,
	};
	size_t i;

	/* Another endpoint on bus 0 whose BAR lies over the edu's. */
	struct kho_pci_dev other = edu;
	struct kho_pci_res other_bar = { .start = 0xfe8ff000, .size = 0x1000 };
	struct kho_pci_out_dev pdevs[3];
	size_t npdevs = 0;

	switch (variant) {
	case HANDOVER_GOOD:
		break;
	case HANDOVER_SHARED_CHUNK:
		maps[1].phys = maps[0].phys;
		break;
	case HANDOVER_IRT_OVER_ROOT:
		unit.irta = unit.rtaddr | 7;
		break;
	case HANDOVER_PGD_IS_ROOT:
		vbr.pgd = unit.rtaddr;
		vbr.context_lo = unit.rtaddr | 1;
		break;
	case HANDOVER_BAR_OVERLAP:
		break;
	case HANDOVER_BAR_UNALIGNED:
		edu_res[0].start = 0xfe880000;
		break;
	case HANDOVER_BAR_SIZE:
		edu_res[0].size = 0xc0000;
		break;
	case HANDOVER_KHOFS:
	case HANDOVER_KHOFS_MISSING:
		maps[2].phys = 0x8000000;
		maps[2].flags = KHO_VFIO_MAP_KHOFS;
		vmem = vfio_own_mem;
		nvmem = ARRAY_SIZE(vfio_own_mem);
		break;
	}
	other.sbdf = 0x20;
	vedu = vbr;
	vedu.sbdf = 0x100;
	vedu.flags = KHO_VTD_DEV_PARKED;
	for (i = 0; i < KHO_VFIO_SALT_LEN; i++)
		vdev.salt[i] = 0x10 + i;
	for (i = 0; i < KHO_VFIO_HASH_LEN; i++)
		vdev.hash[i] = 0xa0 + i;

	begin();
	node_open(KHO_VTD_NODE, KHO_VTD_COMPATIBLE, vtd_mem, ARRAY_SIZE(vtd_mem));
	if (kho_vtd_unit_begin(buf, &unit, irtes, ARRAY_SIZE(irtes)) ||
	    kho_vtd_dev_add(buf, &vbr, NULL, 0) ||
	    kho_vtd_dev_add(buf, &vedu, iova, ARRAY_SIZE(iova)) ||
	    kho_vtd_unit_end(buf) || kho_node_end(buf))
		fail("intel-iommu node");

	pdevs[npdevs++] = (struct kho_pci_out_dev){
		.dev = br, .res = br_res, .nres = ARRAY_SIZE(br_res), .bus = &bus,
	};
	if (variant == HANDOVER_BAR_OVERLAP)
		pdevs[npdevs++] = (struct kho_pci_out_dev){
			.dev = other, .res = &other_bar, .nres = 1, .driver = "vfio-pci",
		};
	pdevs[npdevs++] = (struct kho_pci_out_dev){
		.dev = edu, .res = edu_res, .nres = ARRAY_SIZE(edu_res),
		.driver = "vfio-pci",
	};
	node_open(KHO_PCI_NODE, KHO_PCI_COMPATIBLE, NULL, 0);
	if (kho_pci_devs_write(buf, pdevs, npdevs) || kho_node_end(buf))
		fail("pci node");

	if (variant == HANDOVER_KHOFS)
		khofs_node(0x8000000);
	node_open(KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE, vmem, nvmem);
	if (kho_vfio_container_add(buf, 0, maps, ARRAY_SIZE(maps)) ||
	    kho_vfio_dev_add(buf, &vdev, vec, ARRAY_SIZE(vec)) ||
	    kho_node_end(buf))
		fail("vfio node");
	finish();
	save(file);
}

static void gen_handover(void)
{
	gen_handover_variant(HANDOVER_GOOD, "handover.dtb");
	handover_len = fdt_totalsize(buf);
	memcpy(handover, buf, handover_len);

	gen_handover_variant(HANDOVER_SHARED_CHUNK, "shared-chunk.dtb");
	gen_handover_variant(HANDOVER_IRT_OVER_ROOT, "irt-over-root.dtb");
	gen_handover_variant(HANDOVER_PGD_IS_ROOT, "pgd-is-root.dtb");
	gen_handover_variant(HANDOVER_BAR_OVERLAP, "bar-overlap.dtb");
	gen_handover_variant(HANDOVER_BAR_UNALIGNED, "bar-unaligned.dtb");
	gen_handover_variant(HANDOVER_BAR_SIZE, "bar-size.dtb");
	gen_handover_variant(HANDOVER_KHOFS, "khofs-ram.dtb");
	gen_handover_variant(HANDOVER_KHOFS_MISSING, "khofs-missing.dtb");
}

/*
 * khofs.dtb: a khofs node written by hand, record by record, with
 * khofs_node_write():
 *
 *	/			dir 0755 0:0
 *	/srv			dir 0755 0:0
 *	/srv/vm			dir 0750 107:107
 *	/srv/vm/guest0.ram	file 0600 107:107, 4 MiB + 8 KiB: 2 MiB blocks at
 *				0x40000000 and 0x40200000, 8 KiB at 0x40400000
 *	/srv/vm/notes		file 0640 107:100, empty
 *	/srv/vm/odd<ESC>[31m	file 0644 0:0, 10 bytes: a page at 0x50000000
 *
 * mem: 0x40000000 + 4 MiB + 8 KiB (one range for three extents) and
 * 0x50000000 + 4 KiB: 1 node, 2 ranges, 4206592 bytes.
 */
enum gen_khofs_variant {
	GEN_KHOFS_GOOD,
	GEN_KHOFS_SHARED_PAGE,	/* the odd file's page inside the 8 KiB block */
	GEN_KHOFS_BAD_NAME,	/* notes is called "." */
};

static void gen_khofs_variant(enum gen_khofs_variant variant, const char *file)
{
	static const char names[] = "srvvmguest0.ramnotesodd\x1b[31m";
	struct khofs_inode_rec ino[] = {
		{ .parent = 0, .mode = 040755, .mtime_ns = 1700000000000000000ULL },
		{ .parent = 0, .mode = 040755, .name_off = 0, .name_len = 3 },
		{ .parent = 1, .mode = 040750, .uid = 107, .gid = 107,
		  .name_off = 3, .name_len = 2 },
		{ .parent = 2, .mode = 0100600, .uid = 107, .gid = 107,
		  .size = 4 * MIB + 8 * KIB, .mtime_ns = 1700000000123456789ULL,
		  .name_off = 5, .name_len = 10 },
		{ .parent = 2, .mode = 0100640, .uid = 107, .gid = 100,
		  .name_off = 15, .name_len = 5 },
		{ .parent = 2, .mode = 0100644, .size = 10,
		  .name_off = 20, .name_len = 8 },
	};
	struct khofs_extent_rec ext[] = {
		{ .phys = 0x40000000, .index = 0, .inode = 3, .order = 9 },
		{ .phys = 0x40200000, .index = 512, .inode = 3, .order = 9 },
		{ .phys = 0x40400000, .index = 1024, .inode = 3, .order = 1 },
		{ .phys = 0x50000000, .index = 0, .inode = 5, .order = 0 },
	};
	static const struct kho_mem mem[] = {
		{ 0x40000000, 4 * MIB + 8 * KIB }, { 0x50000000, 4 * KIB },
	};

	switch (variant) {
	case GEN_KHOFS_GOOD:
		break;
	case GEN_KHOFS_SHARED_PAGE:
		ext[3].phys = 0x40401000;
		break;
	case GEN_KHOFS_BAD_NAME:
		ino[4].name_off = 11;	/* the '.' of guest0.ram */
		ino[4].name_len = 1;
		break;
	}
	begin();
	if (khofs_node_write(buf, mem, ARRAY_SIZE(mem), ino, ARRAY_SIZE(ino),
			     names, sizeof(names) - 1, ext, ARRAY_SIZE(ext)))
		fail("khofs node");
	finish();
	save(file);
}

static void gen_khofs(void)
{
	gen_khofs_variant(GEN_KHOFS_GOOD, "khofs.dtb");
	khofs_len = fdt_totalsize(buf);
	memcpy(khofs, buf, khofs_len);

	gen_khofs_variant(GEN_KHOFS_SHARED_PAGE, "khofs-shared-page.dtb");
	gen_khofs_variant(GEN_KHOFS_BAD_NAME, "khofs-bad-name.dtb");
}

/*
 * mutant-NNN.dtb: good.dtb with 1 to 4 random bits flipped (a fixed seed,
 * so every run writes the same files). Many still pass the structure
 * check and make kho-dump walk a tree nobody built. mutant-hNNN.dtb: the
 * same with handover.dtb, for the intel-iommu, pci and vfio decoders;
 * mutant-kNNN.dtb with khofs.dtb, for the khofs decoder and its tree.
 */
static void gen_mutants(const char *prefix, const char *src, size_t len)
{
	u64 x = 0x9e3779b97f4a7c15ULL;
	char name[32];
	int i, f;

	for (i = 0; i < MUTANTS; i++) {
		memcpy(buf, src, len);
		for (f = 0; f < 1 + i % 4; f++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[x % len] ^= 1 << (x >> 32) % 8;
		}
		snprintf(name, sizeof(name), "mutant-%s%03d.dtb", prefix, i);
		save_bytes(name, buf, len);
	}
}

/*
 * odd-nodes.dtb: intel-iommu, pci and vfio records a decoder shows but the
 * kernel would refuse (unknown kinds, flags and interrupt types, an owner
 * without the alias flag), and properties of the wrong size or a driver
 * name with an escape, listed raw.
 */
static void gen_odd_nodes(void)
{
	struct kho_pci_dev dev = {
		.sbdf = 0x8, .vendor = 0x8086, .device = 0x1234, .class = 0x020000,
		.flags = 3, .command = 0x6,
	};
	struct kho_pci_res res = {
		.start = 0x1000, .size = 0x100, .index = 9, .flags = 0x9,
	};
	struct kho_pci_rec rec;
	struct kho_vfio_dev vdev = {
		.sbdf = 0x8, .container = 5, .irq_type = 7, .flags = 0x12,
	};
	struct kho_vtd_dev vtd = {
		.sbdf = 0x8, .domain_id = 1, .agaw = 1,
		.flags = KHO_VTD_DEV_PARKED | 0x4, .owner_sbdf = 0x10,
	};
	u32 short_maps[5] = { 0 };

	begin();
	node_open(KHO_VTD_NODE, KHO_VTD_COMPATIBLE, NULL, 0);
	fdt_begin_node(buf, "dmar@fed90000");
	fdt_begin_node(buf, "dev@8");
	prop("dev", &vtd, sizeof(vtd));
	fdt_end_node(buf);
	fdt_end_node(buf);
	kho_node_end(buf);
	memset(&rec, 0, sizeof(rec));
	rec.dev = dev;
	rec.nres = 1;
	rec.bus.secondary = 3;
	memcpy(rec.driver, "\x1b[2J", 5);
	node_open(KHO_PCI_NODE, KHO_PCI_COMPATIBLE, NULL, 0);
	prop(KHO_PCI_DEVS_PROP, &rec, sizeof(rec));
	prop(KHO_PCI_RES_PROP, &res, sizeof(res));
	kho_node_end(buf);
	node_open(KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE, NULL, 0);
	fdt_begin_node(buf, "container@0");
	prop("maps", short_maps, sizeof(short_maps));
	fdt_end_node(buf);
	fdt_begin_node(buf, "dev@8");
	prop("dev", &vdev, sizeof(vdev));
	prop("vectors", short_maps, 12);
	fdt_end_node(buf);
	kho_node_end(buf);
	finish();
	save("odd-nodes.dtb");
}

/*
 * Hostile to libfdt itself (issue 12, libfdt part).
 *
 * prop-len-overflow.dtb: a property whose length field is 0xfffffff4.
 * The offset past it wraps back to the property's own tag, so a libfdt
 * without the fdt_next_tag() length-overflow check (Debian's 1.6.1)
 * returns the same tag forever and the structure walk never ends; the
 * kernel's scripts/dtc/libfdt refuses it as a malformed structure.
 */
static void gen_libfdt_hostile(void)
{
	u32 val = 0;
	struct fdt_property *p;
	int node, len;

	raw_begin(KHO_ROOT_COMPATIBLE, "x", "x-v1");
	prop("evil", &val, sizeof(val));
	fdt_end_node(buf);
	fdt_end_node(buf);
	if (fdt_finish(buf))
		fail("prop-len-overflow.dtb");
	node = fdt_path_offset(buf, "/x");
	p = node < 0 ? NULL : fdt_get_property_w(buf, node, "evil", &len);
	if (!p)
		fail("prop-len-overflow.dtb: finding the property");
	p->len = cpu_to_fdt32(0xfffffff4);
	save("prop-len-overflow.dtb");
}

/*
 * Structural rules (issue 12): duplicate names, a bad property-name
 * offset, a node name with a newline and an ESC. Raw libfdt calls: the
 * builder would not write these.
 */
static void raw_root(const char *compat)
{
	free(out.img);
	memset(&out, 0, sizeof(out));
	if (fdt_create(buf, SIZE) || fdt_finish_reservemap(buf) ||
	    fdt_begin_node(buf, "") ||
	    fdt_property_string(buf, KHO_COMPATIBLE_PROP, compat) ||
	    fdt_property(buf, KHO_MAP_PROP, &empty_ref, sizeof(empty_ref)))
		fail("raw root");
}

static void raw_open(const char *name, const char *compat)
{
	if (fdt_begin_node(buf, name) ||
	    fdt_property_string(buf, KHO_COMPATIBLE_PROP, compat))
		fail(name);
}

static void raw_close(void)
{
	if (fdt_end_node(buf))
		fail("end node");
}

static void raw_done(const char *file)
{
	if (fdt_end_node(buf) || fdt_finish(buf))
		fail(file);
	save(file);
}

static void gen_structure(void)
{
	static const struct kho_mem low[] = { { 0x80000, 4 * KIB } };
	struct fdt_property *p;
	int node, off;

	/* A second mem-map on the root. */
	raw_root(KHO_ROOT_COMPATIBLE);
	prop(KHO_MAP_PROP, &empty_ref, sizeof(empty_ref));
	raw_open("kho-test", "kho-test-v1");
	raw_close();
	raw_done("dup-map.dtb");

	/* A second root compatible. */
	raw_root(KHO_ROOT_COMPATIBLE);
	if (fdt_property_string(buf, KHO_COMPATIBLE_PROP, "kho-v9"))
		fail("kho-v9");
	raw_open("kho-test", "kho-test-v1");
	raw_close();
	raw_done("dup-root-compat.dtb");

	/* Two nodes of one name, disjoint ranges. */
	raw_root(KHO_ROOT_COMPATIBLE);
	raw_open("kho-test", "kho-test-v1");
	raw_close();
	raw_open("kho-test", "kho-test-v1");
	raw_close();
	raw_done("dup-node.dtb");

	/* kho-test's first property names a string past the strings block. */
	raw_root(KHO_ROOT_COMPATIBLE);
	raw_open("kho-test", "kho-test-v1");
	raw_close();
	if (fdt_end_node(buf) || fdt_finish(buf))
		fail("bad-nameoff");
	node = fdt_subnode_offset(buf, 0, "kho-test");
	off = fdt_first_property_offset(buf, node);
	if (node < 0 || off < 0)
		fail("bad-nameoff lookup");
	p = (struct fdt_property *)(buf + fdt_off_dt_struct(buf) + off);
	p->nameoff = cpu_to_fdt32(fdt_size_dt_strings(buf) + 0x100);
	save("bad-nameoff.dtb");

	/* A newline and an ESC in a node name, a range in the first MiB. */
	begin();
	node_open("x\ny\x1b[2J", "evil-v1", low, ARRAY_SIZE(low));
	if (kho_node_end(buf))
		fail("nl-esc-name");
	finish();
	save("nl-esc-name.dtb");
}

/*
 * meta.dtb: the kho-meta node kho_meta_write() writes (generation 3, two
 * records in the history page at 32 MiB); meta-gen0.dtb: the same with
 * generation 0, which the node's check refuses.
 */
static void gen_meta_variant(u64 generation, const char *file)
{
	struct kho_meta m = {
		.release = "6.12.117-kho-b",
		.build_id = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
			      0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			      0x88, 0x99, 0xaa, 0xbb },
		.build_id_len = 20,
		.generation = 3,
		.handover_time_ns = 1764680000123456789ULL,
		.uptime_ns = 42000000000ULL,
		.history = 0x2000000,
		.history_count = 2,
	};

	begin();
	if (kho_meta_write(buf, &m))
		fail(file);
	finish();
	/* The writer refuses generation 0: put it in afterwards. */
	if (fdt_setprop_inplace(buf, fdt_subnode_offset(buf, 0, KHO_META_NAME),
				KHO_META_GENERATION_PROP, &generation,
				sizeof(generation)))
		fail(file);
	save(file);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-blobs DIR\n");
		return 2;
	}
	dir = argv[1];
	kho_mapfile_builder_init(&map);
	gen_good();
	gen_mutants("", good, good_len);
	gen_many();
	gen_odd_fields();
	gen_builder_invalid();
	gen_raw_invalid();
	gen_handover();
	gen_mutants("h", handover, handover_len);
	gen_khofs();
	gen_mutants("k", khofs, khofs_len);
	gen_odd_nodes();
	gen_libfdt_hostile();
	gen_structure();
	gen_meta_variant(3, "meta.dtb");
	gen_meta_variant(0, "meta-gen0.dtb");
	kho_mapfile_builder_free(&map);
	free(out.img);
	return 0;
}
