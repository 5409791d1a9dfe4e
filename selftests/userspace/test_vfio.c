// SPDX-License-Identifier: GPL-2.0
/* Unit tests for drivers/vfio/kho/kho_node.c: the VFIO KHO node. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <linux/kho/claims.h>
#include <linux/kho/nodes.h>
#include <linux/kho/vfio.h>
#include <linux/kho/abi/khofs.h>

#include "harness_map.h"
#include "ktap.h"

#define BLOB_SIZE 65536
#define PG 4096ULL
#define MIB (1ULL << 20)
#define RW (KHO_VFIO_PROT_READ | KHO_VFIO_PROT_WRITE)

static char blob[BLOB_SIZE];
static struct kho_vfio_state st;

static const struct kho_mem mem[] = {
	{ 256 * MIB, 64 * 1024 },
	{ 512 * MIB, 2 * MIB },
};

/* The khofs node some blobs have: a lender of guest RAM at 1 GiB. */
static const struct kho_mem khofs_mem[] = { { 1024 * MIB, 4 * MIB } };
static const char *lender_name;	/* NULL: no such node */

#define NCONT 2
#define NDEVS 3

struct tcont {
	struct kho_vfio_map maps[4];
	size_t nmaps;
};

struct tdev {
	struct kho_vfio_dev dev;
	struct kho_vfio_vector vectors[4];
	size_t nvectors;
};

static struct tcont conts[NCONT];
static struct tdev devs[NDEVS];

static struct kho_vfio_map map(u64 iova, u64 phys, u64 len, u16 prot, u32 dma)
{
	struct kho_vfio_map m = {
		.iova = iova, .phys = phys, .len = len, .prot = prot, .dma = dma,
	};
	return m;
}

static struct kho_vfio_map borrowed(u64 iova, u64 phys, u64 len, u16 prot, u32 dma)
{
	struct kho_vfio_map m = map(iova, phys, len, prot, dma);

	m.flags = KHO_VFIO_MAP_KHOFS;
	return m;
}

static struct kho_vfio_dev mkdev(u32 sbdf, u32 container, u8 irq_type)
{
	struct kho_vfio_dev d = {
		.sbdf = sbdf, .flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3,
		.container = container, .irq_type = irq_type,
	};
	size_t i;

	for (i = 0; i < KHO_VFIO_SALT_LEN; i++)
		d.salt[i] = 0xa0 + i;
	for (i = 0; i < KHO_VFIO_HASH_LEN; i++)
		d.hash[i] = i * 7;
	return d;
}

/*
 * Container 0: one 12 KiB VMM mapping in two chunks (contiguous in IOVA,
 * not in memory) and a 2 MiB read-only one. Container 1: one page.
 * Devices 01:00.0 (MSI, container 0), 02:00.0 (no IRQ, container 1) and
 * 03:00.0 (MSI-X, container 0).
 */
static void reset(void)
{
	memset(conts, 0, sizeof(conts));
	memset(devs, 0, sizeof(devs));
	lender_name = NULL;
	conts[0].maps[0] = map(0x100000, 256 * MIB, 2 * PG, RW, 0);
	conts[0].maps[1] = map(0x102000, 256 * MIB + 4 * PG, PG, RW, 0);
	conts[0].maps[2] = map(0x200000, 512 * MIB, 2 * MIB, KHO_VFIO_PROT_READ, 1);
	conts[0].nmaps = 3;
	conts[1].maps[0] = map(0x100000, 256 * MIB + 8 * PG, PG, KHO_VFIO_PROT_WRITE, 0);
	conts[1].nmaps = 1;

	devs[0].dev = mkdev(0x0100, 0, KHO_VFIO_IRQ_MSI);
	devs[0].vectors[0] = (struct kho_vfio_vector){ .index = 0, .irte = 5 };
	devs[0].nvectors = 1;
	devs[1].dev = mkdev(0x0200, 1, KHO_VFIO_IRQ_NONE);
	devs[1].dev.flags |= KHO_VFIO_DEV_NOINTX;
	devs[2].dev = mkdev(0x0300, 0, KHO_VFIO_IRQ_MSIX);
	devs[2].vectors[0] = (struct kho_vfio_vector){ .index = 0, .irte = 1 };
	devs[2].vectors[1] = (struct kho_vfio_vector){ .index = 3, .irte = 9 };
	devs[2].nvectors = 2;
}

static int find_node(void)
{
	return fdt_subnode_offset(blob, 0, KHO_VFIO_NODE);
}

static enum kho_vfio_err build_and_parse(struct kho_report *rep)
{
	struct kho_blob_report brep;
	size_t i;
	bool ok;

	ok = !kho_blob_begin(blob, BLOB_SIZE, &hb);
	if (ok && lender_name)
		ok = !kho_node_begin(blob, lender_name, KHOFS_COMPATIBLE) &&
		     !kho_node_add_mem(blob, khofs_mem, ARRAY_SIZE(khofs_mem)) &&
		     !kho_node_end(blob);
	ok = ok && !kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE) &&
	     !kho_node_add_mem(blob, mem, ARRAY_SIZE(mem));
	for (i = 0; ok && i < NCONT; i++)
		ok = !kho_vfio_container_add(blob, i, conts[i].maps, conts[i].nmaps);
	for (i = 0; ok && i < NDEVS; i++)
		ok = !kho_vfio_dev_add(blob, &devs[i].dev, devs[i].vectors,
				       devs[i].nvectors);
	if (!ok || kho_node_end(blob) || kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHO_VFIO_OK;
	}
	/*
	 * Two records of one sbdf are two nodes of one name, which the blob
	 * check refuses first (KHO_BLOB_DUP_NODE); parse anyway, to test the
	 * parser's own check behind it.
	 */
	if (harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, &brep) &&
	    brep.why.err != KHO_BLOB_DUP_NODE) {
		ktap_fail_at(__FILE__, __LINE__, "blob refused: %d", brep.why.err);
		return KHO_VFIO_OK;
	}
	EXPECT_EQ(kho_vfio_parse(blob, find_node(), &st, rep),
		  rep->err == KHO_VFIO_OK ? 0 : -EINVAL);
	return rep->err;
}

static void struct_sizes(void)
{
	EXPECT_EQ(sizeof(struct kho_vfio_dev), 64);
	EXPECT_EQ(sizeof(struct kho_vfio_vector), 8);
	EXPECT_EQ(sizeof(struct kho_vfio_map), 32);
	/* vfio-v1's u32 prot is v2's prot and flags: the same bytes. */
	EXPECT_EQ(offsetof(struct kho_vfio_map, prot), 24);
	EXPECT_EQ(offsetof(struct kho_vfio_map, flags), 26);
	EXPECT_EQ(offsetof(struct kho_vfio_map, dma), 28);
	EXPECT_EQ(strcmp(KHO_VFIO_COMPATIBLE, "vfio-v2"), 0);
	/* kho_sbdf_find() reads each decoded record's first u32. */
	EXPECT_EQ(offsetof(struct kho_vfio_in_dev, dev.sbdf), 0);
}

static void round_trip_decodes_every_field(void)
{
	struct kho_report rep;
	size_t i, j;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	EXPECT_EQ(rep.sbdf, ~0U);
	EXPECT_EQ(rep.container, ~0U);
	ASSERT_EQ(st.nmem, 2);
	EXPECT_EQ(st.mem[1].addr, 512 * MIB);
	ASSERT_EQ(st.ncontainers, NCONT);
	for (i = 0; i < NCONT; i++) {
		ASSERT_EQ(st.containers[i].nmaps, conts[i].nmaps);
		for (j = 0; j < conts[i].nmaps; j++)
			EXPECT_TRUE(!memcmp(&st.containers[i].maps[j], &conts[i].maps[j],
					    sizeof(conts[i].maps[j])));
	}
	EXPECT_EQ(st.containers[0].ndma, 2);
	EXPECT_EQ(st.containers[1].ndma, 1);
	ASSERT_EQ(st.ndevs, NDEVS);
	for (i = 0; i < NDEVS; i++) {
		EXPECT_TRUE(!memcmp(&st.devs[i].dev, &devs[i].dev, sizeof(devs[i].dev)));
		ASSERT_EQ(st.devs[i].nvectors, devs[i].nvectors);
		for (j = 0; j < devs[i].nvectors; j++)
			EXPECT_TRUE(!memcmp(&st.devs[i].vectors[j], &devs[i].vectors[j],
					    sizeof(devs[i].vectors[j])));
	}
	EXPECT_EQ(st.devs[2].vectors[1].irte, 9);
	EXPECT_TRUE(fdt_path_offset(blob, "/vfio/container@0") > 0);
	EXPECT_TRUE(fdt_path_offset(blob, "/vfio/container@1") > 0);
	EXPECT_TRUE(fdt_path_offset(blob, "/vfio/dev@300") > 0);
	EXPECT_TRUE(!fdt_getprop(blob, fdt_path_offset(blob, "/vfio/dev@200"),
				 "vectors", NULL));
}

static void find_looks_up_by_sbdf(void)
{
	struct kho_report rep;
	size_t i;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	for (i = 0; i < NDEVS; i++)
		EXPECT_TRUE(kho_vfio_find(&st, devs[i].dev.sbdf) == &st.devs[i]);
	EXPECT_TRUE(!kho_vfio_find(&st, 0));
	EXPECT_TRUE(!kho_vfio_find(&st, 0x250));
	EXPECT_TRUE(!kho_vfio_find(&st, ~0U));
}

/* Mutation i of the good state, and the error it must be refused with. */
static enum kho_vfio_err mutate(size_t i)
{
	struct kho_vfio_map *m = conts[0].maps;
	struct tdev *d = devs;

	switch (i) {
	/* chunks on their own */
	case 0: m[0].len = 0; return KHO_VFIO_BAD_MAP;
	case 1: m[0].iova += 0x800; return KHO_VFIO_BAD_MAP;
	case 2: m[0].phys += 0x10; return KHO_VFIO_BAD_MAP;
	case 3: m[2].len -= 1; return KHO_VFIO_BAD_MAP;
	case 4: m[2].prot = 0; return KHO_VFIO_BAD_MAP;
	case 5: m[2].prot = 1 << 2; return KHO_VFIO_BAD_MAP;
	case 6: m[2].iova = ~0ULL - PG + 1; return KHO_VFIO_BAD_MAP;	/* wraps */
	case 7: m[2].phys = ~0ULL - PG + 1; return KHO_VFIO_BAD_MAP;
	/* dma numbering */
	case 8: m[0].dma = 1; m[1].dma = 1; m[2].dma = 2; return KHO_VFIO_BAD_MAP;
	case 9: m[1].iova = 0x104000; return KHO_VFIO_BAD_MAP;	/* gap inside one mapping */
	case 10: m[1].prot = KHO_VFIO_PROT_READ; return KHO_VFIO_BAD_MAP;
	case 11: m[2].dma = 2; return KHO_VFIO_BAD_MAP;
	case 12: m[1].dma = 1; m[2].dma = 0; return KHO_VFIO_BAD_MAP;
	/* order */
	case 13: m[1].iova = 0x101000; return KHO_VFIO_MAP_OVERLAP;
	case 14: m[2].iova = 0x0; return KHO_VFIO_MAP_OVERLAP;
	case 15: conts[1].maps[1] = conts[1].maps[0]; conts[1].nmaps = 2;
		conts[1].maps[1].dma = 1; return KHO_VFIO_MAP_OVERLAP;
	/* preserved memory */
	case 16: m[2].phys = 768 * MIB; return KHO_VFIO_MAP_NOT_PRESERVED;
	case 17: m[2].phys = 512 * MIB + PG; return KHO_VFIO_MAP_NOT_PRESERVED;
	case 18: m[0].phys = 256 * MIB + 15 * PG; return KHO_VFIO_MAP_NOT_PRESERVED;
	/* devices */
	case 19: d[1].dev.sbdf = 0x0100; return KHO_VFIO_NOT_SORTED;
	case 20: d[2].dev.sbdf = 0x0080; return KHO_VFIO_NOT_SORTED;
	case 21: d[0].dev.flags |= 1 << 3; return KHO_VFIO_BAD_DEV;
	case 22: d[1].dev.irq_type = 3; return KHO_VFIO_BAD_DEV;
	case 23: d[2].dev.reserved[1] = 1; return KHO_VFIO_BAD_DEV;
	case 24: memset(d[0].dev.salt, 0, KHO_VFIO_SALT_LEN); return KHO_VFIO_BAD_DEV;
	case 25: d[1].dev.container = NCONT; return KHO_VFIO_BAD_CONTAINER;
	case 26: d[0].dev.container = ~0U - 1; return KHO_VFIO_BAD_CONTAINER;
	/* vectors */
	case 27: d[1].vectors[0].index = 1; d[1].nvectors = 1; return KHO_VFIO_BAD_VECTOR;
	case 28: d[2].vectors[1].index = 0; return KHO_VFIO_BAD_VECTOR;
	case 29: d[2].vectors[0].index = 4; return KHO_VFIO_BAD_VECTOR;
	case 30: d[0].vectors[0].index = 32; return KHO_VFIO_BAD_VECTOR;	/* MSI has 32 */
	case 31: d[2].vectors[1].index = 2048; return KHO_VFIO_BAD_VECTOR;
	/* chunk flags, borrowed chunks */
	case 32: m[2].flags = 1 << 1; return KHO_VFIO_BAD_MAP;
	case 33: m[2].flags = 0x8000; return KHO_VFIO_BAD_MAP;
	case 34: m[2].flags = KHO_VFIO_MAP_KHOFS; return KHO_VFIO_NO_KHOFS;
	case 35: conts[1].maps[0].flags = KHO_VFIO_MAP_KHOFS; lender_name = "khofs@0";
		return KHO_VFIO_NO_KHOFS;
	case 36: m[2].flags = KHO_VFIO_MAP_KHOFS | 1 << 1; lender_name = KHOFS_NODE;
		return KHO_VFIO_BAD_MAP;
	}
	return KHO_VFIO_OK;
}

static void refuses_each_mutation(void)
{
	struct kho_report rep;
	enum kho_vfio_err want;
	bool seen[KHO_VFIO_NO_KHOFS + 1] = { false };
	size_t i;

	for (i = 0; ; i++) {
		reset();
		want = mutate(i);
		if (want == KHO_VFIO_OK)
			break;
		seen[want] = true;
		if (build_and_parse(&rep) != want) {
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: want %s, got %s",
				     i, kho_strerror(&kho_vfio_errors, want), kho_strerror(&kho_vfio_errors, rep.err));
			continue;
		}
		/* Chunk errors name the container, device errors the device. */
		if (want >= KHO_VFIO_BAD_MAP ? rep.container == ~0U || rep.sbdf != ~0U :
		    rep.sbdf == ~0U)
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: sbdf %#x, container %#x",
				     i, rep.sbdf, rep.container);
	}
	EXPECT_EQ(i, 37);
	for (i = KHO_VFIO_NOT_SORTED; i <= KHO_VFIO_NO_KHOFS; i++)
		if (!seen[i])
			ktap_fail_at(__FILE__, __LINE__, "no mutation for %s",
				     kho_strerror(&kho_vfio_errors, i));
}

static void accepts_edge_cases(void)
{
	struct kho_report rep;

	/* A chunk filling a whole mem range, MSI vector 31, MSI-X 2047. */
	reset();
	conts[0].maps[2].len = 2 * MIB;
	devs[0].vectors[0].index = 31;
	devs[2].vectors[1].index = 2047;
	EXPECT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	/* A container with no chunks, a device with MSI and no vectors. */
	reset();
	conts[1].nmaps = 0;
	devs[0].nvectors = 0;
	EXPECT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	EXPECT_EQ(st.containers[1].nmaps, 0);
	EXPECT_EQ(st.containers[1].ndma, 0);
	EXPECT_TRUE(kho_vfio_find(&st, 0x100)->nvectors == 0);
	/* Two mappings back to back in IOVA, two chunks of the same pages. */
	reset();
	conts[0].maps[2] = map(0x103000, 256 * MIB, PG, RW, 1);
	EXPECT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	EXPECT_EQ(st.containers[0].ndma, 2);
	/* All known flags; a single salt byte set. */
	reset();
	devs[0].dev.flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3 |
			    KHO_VFIO_DEV_NOINTX;
	memset(devs[1].dev.salt, 0, KHO_VFIO_SALT_LEN);
	devs[1].dev.salt[15] = 1;
	EXPECT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
}

static enum kho_vfio_err parse_raw(void (*fn)(void), struct kho_report *rep)
{
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	kho_node_add_mem(blob, mem, ARRAY_SIZE(mem));
	fn();
	kho_node_end(blob);
	if (kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHO_VFIO_OK;
	}
	/* The node's memory, from the map: attached whatever the node holds. */
	harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL);
	EXPECT_EQ(kho_vfio_parse(blob, find_node(), &st, rep),
		  rep->err == KHO_VFIO_OK ? 0 : -EINVAL);
	return rep->err;
}

static void c0(void) { kho_vfio_container_add(blob, 0, conts[0].maps, conts[0].nmaps); }
static void c1(void) { kho_vfio_container_add(blob, 1, conts[1].maps, conts[1].nmaps); }
static void d0(void) { kho_vfio_dev_add(blob, &devs[0].dev, devs[0].vectors, 1); }

static void w_stray(void) { c0(); fdt_begin_node(blob, "group@0"); fdt_end_node(blob); }
static void w_c1_first(void) { c1(); c0(); }
static void w_gap(void) { c0(); kho_vfio_container_add(blob, 2, NULL, 0); }
static void w_leading_zero(void)
{
	fdt_begin_node(blob, "container@00");
	fdt_property(blob, "maps", NULL, 0);
	fdt_end_node(blob);
}
static void w_dev_first(void) { d0(); c0(); }
static void w_dev_name(void)
{
	c0();
	fdt_begin_node(blob, "dev@0100");
	fdt_property(blob, "dev", &devs[0].dev, sizeof(devs[0].dev));
	fdt_end_node(blob);
}
static void w_grandchild(void)
{
	fdt_begin_node(blob, "container@0");
	fdt_property(blob, "maps", NULL, 0);
	fdt_begin_node(blob, "dev@100");
	fdt_end_node(blob);
	fdt_end_node(blob);
}
static void w_no_maps(void) { fdt_begin_node(blob, "container@0"); fdt_end_node(blob); }
static void w_maps_len(void)
{
	fdt_begin_node(blob, "container@0");
	fdt_property(blob, "maps", conts[0].maps, sizeof(struct kho_vfio_map) + 1);
	fdt_end_node(blob);
}
static void w_dev_len(void)
{
	c0();
	fdt_begin_node(blob, "dev@100");
	fdt_property(blob, "dev", &devs[0].dev, sizeof(devs[0].dev) - 1);
	fdt_end_node(blob);
}
static void w_no_dev(void) { c0(); fdt_begin_node(blob, "dev@100"); fdt_end_node(blob); }
static void w_vectors_len(void)
{
	c0();
	fdt_begin_node(blob, "dev@100");
	fdt_property(blob, "dev", &devs[0].dev, sizeof(devs[0].dev));
	fdt_property(blob, "vectors", devs[0].vectors, 12);
	fdt_end_node(blob);
}
static void w_n_containers(u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		kho_vfio_container_add(blob, i, NULL, 0);
}
static void w_max_containers(void) { w_n_containers(KHO_VFIO_MAX_CONTAINERS); }
static void w_max_containers_plus_1(void) { w_n_containers(KHO_VFIO_MAX_CONTAINERS + 1); }
static void w_n_devs(u32 n)
{
	struct kho_vfio_dev d = devs[1].dev;
	u32 i;

	c0();
	d.container = 0;
	for (i = 0; i < n; i++) {
		d.sbdf = 0x100 + i;
		kho_vfio_dev_add(blob, &d, NULL, 0);
	}
}
static void w_max_devs(void) { w_n_devs(KHO_VFIO_MAX_DEVS); }
static void w_max_devs_plus_1(void) { w_n_devs(KHO_VFIO_MAX_DEVS + 1); }
static void w_vectors(size_t n)
{
	struct kho_vfio_vector v[KHO_VFIO_MAX_VECTORS + 1];
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = (struct kho_vfio_vector){ .index = i, .irte = i };
	c0();
	devs[2].dev.container = 0;
	fdt_begin_node(blob, "dev@300");
	fdt_property(blob, "dev", &devs[2].dev, sizeof(devs[2].dev));
	fdt_property(blob, "vectors", v, n * sizeof(v[0]));
	fdt_end_node(blob);
}
static void w_64_vectors(void) { w_vectors(KHO_VFIO_MAX_VECTORS); }
static void w_65_vectors(void) { w_vectors(KHO_VFIO_MAX_VECTORS + 1); }

static void refuses_hand_made_nodes(void)
{
	static const struct {
		void (*fn)(void);
		enum kho_vfio_err want;
		const char *line;
	} cases[] = {
		{ w_stray, KHO_VFIO_BAD_STRUCTURE, "unexpected node or node name" },
		{ w_c1_first, KHO_VFIO_BAD_STRUCTURE, "container 0: unexpected node or node name" },
		{ w_gap, KHO_VFIO_BAD_STRUCTURE, "container 1: unexpected node or node name" },
		{ w_leading_zero, KHO_VFIO_BAD_STRUCTURE, NULL },
		{ w_dev_first, KHO_VFIO_BAD_CONTAINER,
		  "device 0000:01:00.0, container 0: no such container" },
		{ w_dev_name, KHO_VFIO_BAD_STRUCTURE,
		  "device 0000:01:00.0: unexpected node or node name" },
		{ w_grandchild, KHO_VFIO_BAD_STRUCTURE, NULL },
		{ w_no_maps, KHO_VFIO_BAD_PROP_LEN,
		  "container 0: property missing or of the wrong length" },
		{ w_maps_len, KHO_VFIO_BAD_PROP_LEN, NULL },
		{ w_dev_len, KHO_VFIO_BAD_PROP_LEN, "property missing or of the wrong length" },
		{ w_no_dev, KHO_VFIO_BAD_PROP_LEN, NULL },
		{ w_vectors_len, KHO_VFIO_BAD_PROP_LEN, NULL },
		{ w_max_containers, KHO_VFIO_OK, "ok" },
		{ w_max_containers_plus_1, KHO_VFIO_TOO_MANY, "too many containers, devices or vectors" },
		{ w_max_devs, KHO_VFIO_OK, NULL },
		{ w_max_devs_plus_1, KHO_VFIO_TOO_MANY, NULL },
		{ w_64_vectors, KHO_VFIO_OK, NULL },
		{ w_65_vectors, KHO_VFIO_TOO_MANY,
		  "device 0000:03:00.0: too many containers, devices or vectors" },
	};
	struct kho_report rep;
	char line[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reset();
		if (parse_raw(cases[i].fn, &rep) != cases[i].want) {
			ktap_fail_at(__FILE__, __LINE__, "case %zu: want %s, got %s", i,
				     kho_strerror(&kho_vfio_errors, cases[i].want),
				     kho_strerror(&kho_vfio_errors, rep.err));
			continue;
		}
		kho_report_describe(line, sizeof(line), NULL, &rep);
		if (cases[i].line && strcmp(line, cases[i].line))
			ktap_fail_at(__FILE__, __LINE__, "case %zu: '%s'", i, line);
	}
}

/*
 * The node's memory comes from the map only: an old-style mem property
 * in the node gives it nothing, and a node offset that is no node cannot
 * be asked about.
 */
static void refuses_bad_mem_length(void)
{
	const struct kho_mem *m;
	struct kho_report rep;
	size_t n;

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	fdt_property(blob, "mem", mem, sizeof(mem[0]) + 8);
	kho_node_end(blob);
	kho_blob_finish(blob);
	EXPECT_EQ(harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL), 0);
	EXPECT_EQ(kho_blob_node_mem(blob, find_node(), &m, &n), 0);
	EXPECT_EQ(n, 0);
	EXPECT_EQ(kho_vfio_parse(blob, -1, &st, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_VFIO_BAD_PROP_LEN);
}

static void describe_says_where(void)
{
	struct kho_report rep;
	char line[128];

	reset();
	conts[1].maps[0].phys = 768 * MIB;
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_MAP_NOT_PRESERVED);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "container 1: DMA chunk not in preserved memory"));
	reset();
	devs[2].dev.container = 7;
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_BAD_CONTAINER);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "device 0000:03:00.0, container 7: no such container"));
	reset();
	devs[1].dev.reserved[0] = 1;
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_BAD_DEV);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "device 0000:02:00.0: bad flags, interrupt type, reserved field or salt"));
	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "ok"));
}

static void writer_refuses_what_it_cannot_write(void)
{
	static char small[512];
	struct kho_vfio_vector v[KHO_VFIO_MAX_VECTORS + 1] = { };
	u32 n;
	int err;

	reset();
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	EXPECT_EQ(kho_vfio_dev_add(blob, &devs[0].dev, v, KHO_VFIO_MAX_VECTORS + 1),
		  -E2BIG);
	kho_blob_begin(small, sizeof(small), &hb);
	kho_node_begin(small, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	EXPECT_EQ(kho_vfio_dev_add(small, &devs[0].dev, v, KHO_VFIO_MAX_VECTORS),
		  -ENOSPC);
	for (n = 0; n < 8; n++) {
		err = kho_vfio_container_add(small, n, conts[0].maps, 4);
		if (err)
			break;
	}
	EXPECT_TRUE(n > 0 && n < 8);
	EXPECT_EQ(err, -ENOSPC);
}

/*
 * Guest RAM in a khofs file: borrowed chunks lie outside vfio's mem, may
 * share a mapping with vfio's own pages, and name the khofs node.
 */
static void borrowed_chunks_need_only_the_khofs_node(void)
{
	struct kho_report rep;
	char line[128];

	reset();
	lender_name = KHOFS_NODE;
	conts[0].maps[1] = borrowed(0x102000, 1024 * MIB, PG, RW, 0);
	conts[0].maps[2] = borrowed(0x200000, 1025 * MIB, 2 * MIB, KHO_VFIO_PROT_READ, 1);
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	EXPECT_EQ(st.lender, fdt_subnode_offset(blob, 0, KHOFS_NODE));
	EXPECT_TRUE(st.lender > 0);
	EXPECT_EQ(st.containers[0].nborrowed, 2);
	EXPECT_EQ(st.containers[1].nborrowed, 0);
	EXPECT_EQ(st.containers[0].ndma, 2);
	EXPECT_EQ(st.containers[0].maps[1].flags, KHO_VFIO_MAP_KHOFS);
	EXPECT_EQ(st.containers[0].maps[0].flags, 0);

	/* Without any borrowed chunk the khofs node is not looked at. */
	reset();
	lender_name = KHOFS_NODE;
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	EXPECT_EQ(st.lender, -1);

	/* Borrowed still means aligned, in order, not wrapping. */
	reset();
	lender_name = KHOFS_NODE;
	conts[0].maps[2] = borrowed(0x200000, 1024 * MIB + 0x10, PG, RW, 1);
	EXPECT_EQ(build_and_parse(&rep), KHO_VFIO_BAD_MAP);

	/* Without the lender: refused, naming the container. */
	reset();
	conts[1].maps[0].flags = KHO_VFIO_MAP_KHOFS;
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_NO_KHOFS);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "container 1: DMA chunk borrowed from a khofs node the blob does not have"));
	EXPECT_EQ(st.lender, -1);
}

static void node_check_claims_borrowed_chunks_from_khofs(void)
{
	static struct kho_claim buf[16];
	struct kho_claims cl = { .c = buf, .cap = ARRAY_SIZE(buf) };
	static struct kho_vfio_state work;
	struct kho_report rep;
	char why[128];
	size_t i, nb = 0, nt = 0;
	int khofs;

	reset();
	lender_name = KHOFS_NODE;
	conts[0].maps[2] = borrowed(0x200000, 1025 * MIB, 2 * MIB, KHO_VFIO_PROT_READ, 1);
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_OK);
	khofs = fdt_subnode_offset(blob, 0, KHOFS_NODE);
	ASSERT_EQ(kho_vfio_node_check(blob, find_node(), &work, &cl, why, sizeof(why)), 0);
	ASSERT_EQ(cl.n, 4);
	for (i = 0; i < cl.n; i++) {
		EXPECT_EQ(cl.c[i].node, find_node());
		EXPECT_EQ(cl.c[i].owner, KHO_CLAIM_BY_CONTAINER);
		if (cl.c[i].kind == KHO_CLAIM_BORROWED) {
			EXPECT_EQ(cl.c[i].lender, khofs);
			EXPECT_EQ(cl.c[i].addr, 1025 * MIB);
			EXPECT_EQ(cl.c[i].len, 2 * MIB);
			EXPECT_EQ(cl.c[i].id, 0);
			nb++;
		} else {
			EXPECT_EQ(cl.c[i].kind, KHO_CLAIM_TABLE);
			nt++;
		}
	}
	EXPECT_EQ(nb, 1);
	EXPECT_EQ(nt, 3);

	/* No khofs node: the node is refused with the reason. */
	reset();
	conts[0].maps[2] = borrowed(0x200000, 1025 * MIB, 2 * MIB, KHO_VFIO_PROT_READ, 1);
	ASSERT_EQ(build_and_parse(&rep), KHO_VFIO_NO_KHOFS);
	cl.n = 0;
	EXPECT_EQ(kho_vfio_node_check(blob, find_node(), &work, &cl, why, sizeof(why)), -EINVAL);
	EXPECT_TRUE(strstr(why, "khofs") != NULL);
}

static void strerror_names_every_error(void)
{
	int e;

	for (e = KHO_VFIO_OK; e <= KHO_VFIO_NO_KHOFS; e++)
		EXPECT_TRUE(strcmp(kho_strerror(&kho_vfio_errors, e), "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_vfio_errors, KHO_VFIO_NO_KHOFS + 1),
			    "unknown error"));
}

/*
 * The limits together: 64 containers and 64 devices are the 128 children
 * the blob check allows a node; devices 2k and 2k+1 share container k
 * (two kept iommu groups in one container), as the old kernel writes a
 * container with several groups.
 */
static void full_node_with_shared_containers(void)
{
	struct kho_blob_report brep;
	struct kho_report rep;
	struct kho_vfio_map m = {
		.iova = 0x100000, .phys = 256 * MIB, .len = PG, .prot = RW,
	};
	struct kho_vfio_dev d;
	u32 i;
	int err;

	reset();
	err = kho_blob_begin(blob, BLOB_SIZE, &hb);
	err = err ?: kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	err = err ?: kho_node_add_mem(blob, mem, ARRAY_SIZE(mem));
	for (i = 0; i < KHO_VFIO_MAX_CONTAINERS; i++) {
		m.phys = 256 * MIB + (i % 16) * PG;
		m.iova = 0x100000 + i * PG;
		/* 16 pages of mem: only the first 16 containers map one. */
		err = err ?: kho_vfio_container_add(blob, i, &m, i < 16);
	}
	for (i = 0; i < KHO_VFIO_MAX_DEVS; i++) {
		d = mkdev(0x100 + i, i / 2, KHO_VFIO_IRQ_NONE);
		err = err ?: kho_vfio_dev_add(blob, &d, NULL, 0);
	}
	err = err ?: kho_node_end(blob);
	err = err ?: kho_blob_finish(blob);
	ASSERT_EQ(err, 0);
	EXPECT_EQ(harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, &brep), 0);
	ASSERT_EQ(kho_vfio_parse(blob, find_node(), &st, &rep), 0);
	EXPECT_EQ(st.ncontainers, KHO_VFIO_MAX_CONTAINERS);
	EXPECT_EQ(st.ndevs, KHO_VFIO_MAX_DEVS);
	EXPECT_EQ(kho_vfio_find(&st, 0x100)->dev.container, 0);
	EXPECT_EQ(kho_vfio_find(&st, 0x101)->dev.container, 0);
	EXPECT_EQ(kho_vfio_find(&st, 0x13f)->dev.container, 31);
	EXPECT_EQ(st.containers[0].nmaps, 1);
	EXPECT_EQ(st.containers[16].nmaps, 0);
}

KTAP_SUITE(vfio_node,
	   KTAP_CASE(struct_sizes),
	   KTAP_CASE(round_trip_decodes_every_field),
	   KTAP_CASE(find_looks_up_by_sbdf),
	   KTAP_CASE(refuses_each_mutation),
	   KTAP_CASE(accepts_edge_cases),
	   KTAP_CASE(refuses_hand_made_nodes),
	   KTAP_CASE(refuses_bad_mem_length),
	   KTAP_CASE(describe_says_where),
	   KTAP_CASE(writer_refuses_what_it_cannot_write),
	   KTAP_CASE(borrowed_chunks_need_only_the_khofs_node),
	   KTAP_CASE(node_check_claims_borrowed_chunks_from_khofs),
	   KTAP_CASE(full_node_with_shared_containers),
	   KTAP_CASE(strerror_names_every_error));
