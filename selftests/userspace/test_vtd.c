// SPDX-License-Identifier: GPL-2.0
/* Unit tests for drivers/iommu/intel/kho_node.c: the VT-d KHO node. */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <linux/kho/intel-iommu.h>
#include <asm/page.h>

#include "ktap.h"

#define BLOB_SIZE 16384
#define MIB (1ULL << 20)

static char blob[BLOB_SIZE];
static struct kho_vtd_state st;

/* The unit QEMU's intel-iommu shows in the test VM. */
static const struct kho_vtd_hw_unit hw[] = {
	{ .reg_base = 0xfed90000, .cap = 0xd2008c22260206ULL, .ecap = 0xf00f4a },
};

#define ROOT	(64 * MIB)
#define CTX	(ROOT + PAGE_SIZE)
#define PGD	(ROOT + 2 * PAGE_SIZE)
#define IRT	(96 * MIB)

static struct kho_vtd_unit unit;
static struct kho_vtd_dev dev, dev2;
static u32 irtes[] = { 0, 1, 7 };
static struct kho_mem iova[] = { { 0x100000, 0x1000 }, { 0x200000, 0x4000 } };
static struct kho_mem mem[] = {
	{ ROOT, 4 * PAGE_SIZE },	/* root, context, two table pages */
	{ IRT, MIB },			/* 65536 entries of 16 bytes */
};

static struct kho_vtd_dev make_dev(u32 sbdf, u16 did, u64 pgd)
{
	struct kho_vtd_dev d = {
		.sbdf = sbdf, .domain_id = did, .agaw = 1, .pgd = pgd,
		.context_lo = pgd | 1,
		.context_hi = 1 | (u64)did << 8,
	};
	return d;
}

static void reset(void)
{
	unit = (struct kho_vtd_unit){
		.reg_base = 0xfed90000, .rtaddr = ROOT, .irta = IRT | 0xf,
		.cap = hw[0].cap, .ecap = hw[0].ecap, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	dev = make_dev(0x0008, 1, PGD);
	dev2 = make_dev(0x0010, 2, PGD + PAGE_SIZE);
	dev2.flags = KHO_VTD_DEV_PARKED;
}

/* Build a blob with the current unit/dev/dev2 and parse its node. */
static enum kho_vtd_err build_and_parse(struct kho_vtd_report *rep)
{
	struct kho_blob_report brep;
	int node;

	if (kho_blob_begin(blob, BLOB_SIZE) ||
	    kho_node_begin(blob, KHO_VTD_NODE, KHO_VTD_COMPATIBLE) ||
	    kho_node_add_mem(blob, mem, ARRAY_SIZE(mem)) ||
	    kho_vtd_unit_begin(blob, &unit, irtes, ARRAY_SIZE(irtes)) ||
	    kho_vtd_dev_add(blob, &dev, iova, ARRAY_SIZE(iova)) ||
	    kho_vtd_dev_add(blob, &dev2, NULL, 0) ||
	    kho_vtd_unit_end(blob) || kho_node_end(blob) ||
	    kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHO_VTD_BAD_STRUCTURE;
	}
	if (kho_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, &brep)) {
		ktap_fail_at(__FILE__, __LINE__, "blob refused: %d", brep.err);
		return KHO_VTD_BAD_STRUCTURE;
	}
	node = fdt_subnode_offset(blob, 0, KHO_VTD_NODE);
	EXPECT_EQ(kho_vtd_parse(blob, node, hw, ARRAY_SIZE(hw), &st, rep),
		  rep->err == KHO_VTD_OK ? 0 : -EINVAL);
	return rep->err;
}

static void register_fields(void)
{
	EXPECT_EQ(kho_vtd_agaw_width(1), 39);
	EXPECT_EQ(kho_vtd_agaw_width(2), 48);
	EXPECT_EQ(kho_vtd_agaw_width(3), 57);
	EXPECT_EQ(kho_vtd_agaw_width(0), 0);
	EXPECT_EQ(kho_vtd_agaw_width(4), 0);
	EXPECT_EQ(kho_vtd_ndoms(hw[0].cap), 65536);	/* ND = 6 */
	EXPECT_EQ(kho_vtd_ndoms(0), 16);
	EXPECT_EQ(kho_vtd_irt_entries(IRT | 0xf), 65536);
	EXPECT_EQ(kho_vtd_irt_entries(IRT), 2);
}

static void round_trip_decodes_every_field(void)
{
	struct kho_vtd_report rep;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_VTD_OK);
	ASSERT_EQ(st.nunits, 1);
	EXPECT_TRUE(!memcmp(&st.units[0].unit, &unit, sizeof(unit)));
	ASSERT_EQ(st.units[0].nirtes, 3);
	EXPECT_EQ(st.units[0].irtes[2], 7);
	ASSERT_EQ(st.units[0].ndevs, 2);
	EXPECT_TRUE(!memcmp(&st.units[0].devs[0].dev, &dev, sizeof(dev)));
	EXPECT_TRUE(!memcmp(&st.units[0].devs[1].dev, &dev2, sizeof(dev2)));
	EXPECT_EQ(st.units[0].devs[0].dev.flags, 0);
	EXPECT_EQ(st.units[0].devs[1].dev.flags, KHO_VTD_DEV_PARKED);
	EXPECT_EQ(sizeof(struct kho_vtd_dev), 40);
	ASSERT_EQ(st.units[0].devs[0].niova, 2);
	EXPECT_EQ(st.units[0].devs[0].iova[1].addr, 0x200000);
	EXPECT_EQ(st.units[0].devs[1].niova, 0);
	EXPECT_TRUE(fdt_path_offset(blob, "/intel-iommu/dmar@fed90000/dev@8") > 0);
}

/* Mutation i of the good state, and the error it must be refused with. */
static enum kho_vtd_err mutate(size_t i)
{
	switch (i) {
	case 0: unit.reg_base = 0xfed91000; return KHO_VTD_UNKNOWN_UNIT;
	case 1: unit.cap ^= 1; return KHO_VTD_CAP_MISMATCH;
	case 2: unit.ecap ^= 1ULL << 43; return KHO_VTD_CAP_MISMATCH;
	case 3: unit.rtaddr |= 1 << 10; return KHO_VTD_SCALABLE_MODE;
	case 4: unit.agaw = 2; return KHO_VTD_BAD_AGAW;	/* SAGAW: 39 bits only */
	case 5: unit.flags |= 1 << 5; return KHO_VTD_BAD_FLAGS;
	case 6: unit.rtaddr = 32 * MIB; return KHO_VTD_ROOT_NOT_PRESERVED;
	case 7: unit.irta = (IRT + PAGE_SIZE) | 0xf; return KHO_VTD_IRT_NOT_PRESERVED;
	case 8: unit.irta = IRT | 0x1; return KHO_VTD_BAD_IRTE;	/* 4 entries < 7 */
	case 9: unit.flags &= ~KHO_VTD_UNIT_IRQ_REMAP; return KHO_VTD_BAD_IRTE;
	case 10: dev.translation_type = 1; return KHO_VTD_BAD_DEV;
	case 11: dev.agaw = 2; return KHO_VTD_BAD_DEV;
	case 12: dev.context_lo &= ~1ULL; return KHO_VTD_CONTEXT_MISMATCH;
	case 13: dev.context_lo += PAGE_SIZE; return KHO_VTD_CONTEXT_MISMATCH;
	case 14: dev.context_hi ^= 1 << 8; return KHO_VTD_CONTEXT_MISMATCH;
	case 15: dev = make_dev(0x0008, 0, PGD); return KHO_VTD_BAD_DOMAIN_ID;
	case 16: dev = make_dev(0x0008, 1, 200 * MIB); return KHO_VTD_PGD_NOT_PRESERVED;
	case 17: dev2.sbdf = dev.sbdf; return KHO_VTD_DUP_DEV;
	case 18: dev2 = make_dev(0x0010, 1, PGD + PAGE_SIZE); return KHO_VTD_DOMAIN_CONFLICT;
	case 19: dev.flags |= 1 << 1; return KHO_VTD_BAD_FLAGS;	/* only PARKED known */
	case 20: dev2.flags = ~0U; return KHO_VTD_BAD_FLAGS;
	case 21: dev.reserved = 1; return KHO_VTD_BAD_DEV;
	case 22: dev2.reserved = 0x80000000; return KHO_VTD_BAD_DEV;
	}
	return KHO_VTD_OK;
}

static void refuses_each_mismatch(void)
{
	struct kho_vtd_report rep;
	enum kho_vtd_err want;
	size_t i;

	for (i = 0; ; i++) {
		reset();
		want = mutate(i);
		if (want == KHO_VTD_OK)
			break;
		if (build_and_parse(&rep) != want)
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: want %s, got %s",
				     i, kho_vtd_strerror(want), kho_vtd_strerror(rep.err));
	}
	EXPECT_EQ(i, 23);
	/* Two devices may share a domain when they share its page table. */
	reset();
	dev2 = make_dev(0x0010, 1, PGD);
	EXPECT_EQ(build_and_parse(&rep), KHO_VTD_OK);
}

static void refuses_bad_iova_lists(void)
{
	struct kho_mem saved[2];
	struct kho_vtd_report rep;
	char line[128];

	memcpy(saved, iova, sizeof(iova));
	reset();
	iova[1].addr = 0x100000;	/* overlaps iova[0] */
	EXPECT_EQ(build_and_parse(&rep), KHO_VTD_BAD_IOVA);
	kho_vtd_describe(line, sizeof(line), &rep);
	EXPECT_TRUE(!strcmp(line, "unit 0xfed90000, device 0000:00:01.0: bad IOVA range list"));
	memcpy(iova, saved, sizeof(iova));
	iova[1].addr = (1ULL << 39) - PAGE_SIZE;	/* runs past 39 bits */
	EXPECT_EQ(build_and_parse(&rep), KHO_VTD_BAD_IOVA);
	memcpy(iova, saved, sizeof(iova));
}

static void refuses_wrong_lengths_and_strays(void)
{
	struct kho_vtd_report rep;
	int node;

	/* A unit property one byte short, by hand. */
	reset();
	kho_blob_begin(blob, BLOB_SIZE);
	kho_node_begin(blob, KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	kho_node_add_mem(blob, mem, ARRAY_SIZE(mem));
	fdt_begin_node(blob, "dmar@fed90000");
	fdt_property(blob, "unit", &unit, sizeof(unit) - 1);
	fdt_end_node(blob);
	kho_node_end(blob);
	kho_blob_finish(blob);
	node = fdt_subnode_offset(blob, 0, KHO_VTD_NODE);
	EXPECT_EQ(kho_vtd_parse(blob, node, hw, 1, &st, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_VTD_BAD_PROP_LEN);

	/* A child that is not a unit. */
	kho_blob_begin(blob, BLOB_SIZE);
	kho_node_begin(blob, KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	fdt_begin_node(blob, "something");
	fdt_end_node(blob);
	kho_node_end(blob);
	kho_blob_finish(blob);
	node = fdt_subnode_offset(blob, 0, KHO_VTD_NODE);
	EXPECT_EQ(kho_vtd_parse(blob, node, hw, 1, &st, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_VTD_BAD_STRUCTURE);
}

static void strerror_names_every_error(void)
{
	int e;

	for (e = KHO_VTD_OK; e <= KHO_VTD_BAD_IOVA; e++)
		EXPECT_TRUE(strcmp(kho_vtd_strerror(e), "unknown error"));
	EXPECT_FALSE(strcmp(kho_vtd_strerror(KHO_VTD_BAD_IOVA + 1), "unknown error"));
}

KTAP_SUITE(vtd_node,
	   KTAP_CASE(register_fields),
	   KTAP_CASE(round_trip_decodes_every_field),
	   KTAP_CASE(refuses_each_mismatch),
	   KTAP_CASE(refuses_bad_iova_lists),
	   KTAP_CASE(refuses_wrong_lengths_and_strays),
	   KTAP_CASE(strerror_names_every_error));
