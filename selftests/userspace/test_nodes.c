// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for kernel/kho/claims.c and kernel/kho/nodes.c: the node
 * table and the one physical-overlap rule over every node of a blob.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/kho/blob.h>
#include <linux/kho/claims.h>
#include <linux/kho/nodes.h>
#include <linux/kho/abi/kho-test.h>
#include <linux/kho/intel-iommu.h>
#include <linux/kho/pci.h>
#include <linux/kho/vfio.h>
#include <asm/page.h>

#include "harness_map.h"
#include "ktap.h"
#include "rand.h"

#define MIB		(1ULL << 20)
#define BLOB_SIZE	65536
#define MAX_CLAIMS	4096

static char blob[BLOB_SIZE];
static struct kho_claim claim_buf[MAX_CLAIMS];
static struct kho_claims cl = { .c = claim_buf, .cap = MAX_CLAIMS };

/* --- kho_claims_check() on hand-made claim lists --- */

static int check(const struct kho_claim *c, size_t n,
		 struct kho_claims_report *rep)
{
	memcpy(claim_buf, c, n * sizeof(*c));
	cl.n = n;
	return kho_claims_check(&cl, rep);
}

#define MEM(a, l, nd)	{ .addr = (a), .len = (l), .node = (nd), .what = "mem", .kind = KHO_CLAIM_MEM }
#define TAB(a, l, nd)	{ .addr = (a), .len = (l), .node = (nd), .what = "table", .kind = KHO_CLAIM_TABLE }
#define MMIO(a, l, nd)	{ .addr = (a), .len = (l), .node = (nd), .what = "bar", .kind = KHO_CLAIM_MMIO }
#define IOP(a, l, nd)	{ .addr = (a), .len = (l), .node = (nd), .what = "io", .kind = KHO_CLAIM_IOPORT }
#define BOR(a, l, nd, ld) { .addr = (a), .len = (l), .node = (nd), .what = "borrowed", \
			    .kind = KHO_CLAIM_BORROWED, .lender = (ld) }

static void claims_accept_what_the_abi_allows(void)
{
	/* Tables inside their node's memory, spanning adjacent ranges of it. */
	const struct kho_claim ok[] = {
		MEM(0x100000, 0x1000, 8), MEM(0x101000, 0x1000, 8),
		TAB(0x100000, 0x2000, 8), MEM(0x102000, 0x1000, 16),
		TAB(0x102000, 0x1000, 16), MMIO(0x103000, 0x1000, 24),
		IOP(0x102000, 0x10, 24), IOP(0x102010, 0x10, 24),
	};
	struct kho_claims_report rep;

	EXPECT_EQ(check(ok, ARRAY_SIZE(ok), &rep), 0);
	EXPECT_EQ(rep.err, KHO_CLAIMS_OK);
	EXPECT_EQ(check(ok, 0, &rep), 0);
}

static void claims_refuse_each_overlap(void)
{
	static const struct {
		struct kho_claim c[4];
		size_t n;
		enum kho_claims_err err;
	} cases[] = {
		/* two nodes preserve one page */
		{ { MEM(0x1000, 0x2000, 8), MEM(0x2000, 0x1000, 16) }, 2, KHO_CLAIMS_OVERLAP },
		/* two tables share a page */
		{ { MEM(0x1000, 0x4000, 8), TAB(0x1000, 0x2000, 8), TAB(0x2000, 0x1000, 8) }, 3,
		  KHO_CLAIMS_OVERLAP },
		/* the same table twice */
		{ { MEM(0x1000, 0x4000, 8), TAB(0x3000, 0x1000, 8), TAB(0x3000, 0x1000, 8) }, 3,
		  KHO_CLAIMS_OVERLAP },
		/* a table outside any memory, or past its end */
		{ { MEM(0x1000, 0x1000, 8), TAB(0x5000, 0x1000, 8) }, 2, KHO_CLAIMS_OUTSIDE_MEM },
		{ { MEM(0x1000, 0x1000, 8), TAB(0x1000, 0x2000, 8) }, 2, KHO_CLAIMS_OUTSIDE_MEM },
		/* a table in another node's memory */
		{ { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 16), TAB(0x2000, 0x1000, 8) }, 3,
		  KHO_CLAIMS_OVERLAP },
		/* a table running from its node's memory into the next node's */
		{ { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 16), TAB(0x1000, 0x2000, 8) }, 3,
		  KHO_CLAIMS_OVERLAP },
		/* a BAR over preserved memory, before it or inside it */
		{ { MEM(0x2000, 0x1000, 8), MMIO(0x1000, 0x2000, 24) }, 2, KHO_CLAIMS_OVERLAP },
		{ { MEM(0x2000, 0x2000, 8), MMIO(0x3000, 0x1000, 24) }, 2, KHO_CLAIMS_OVERLAP },
		/* BARs of two devices, a BAR over a table */
		{ { MMIO(0x10000, 0x1000, 24), MMIO(0x10800, 0x800, 24) }, 2, KHO_CLAIMS_OVERLAP },
		{ { MEM(0x1000, 0x1000, 8), TAB(0x1000, 0x1000, 8), MMIO(0x1000, 0x1000, 24) }, 3,
		  KHO_CLAIMS_OVERLAP },
		/* I/O ports */
		{ { IOP(0xc000, 0x100, 24), IOP(0xc0f0, 0x10, 24) }, 2, KHO_CLAIMS_OVERLAP },
		/* empty and wrapping ranges */
		{ { MMIO(0x1000, 0, 24) }, 1, KHO_CLAIMS_BAD_RANGE },
		{ { MMIO(~0ULL - 0xfff, 0x1000, 24) }, 1, KHO_CLAIMS_BAD_RANGE },
	};
	struct kho_claims_report rep;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (check(cases[i].c, cases[i].n, &rep) != -EINVAL ||
		    rep.err != cases[i].err)
			ktap_fail_at(__FILE__, __LINE__, "case %zu: want %s, got %s",
				     i, kho_strerror(&kho_claims_errors, cases[i].err),
				     kho_strerror(&kho_claims_errors, rep.err));
	}
}

static void claims_accept_borrowed_in_lender(void)
{
	static const struct {
		const char *what;
		struct kho_claim c[5];
		size_t n;
	} cases[] = {
		{ "inside the lender's mem",
		  { MEM(0x1000, 0x4000, 8), MEM(0x10000, 0x1000, 16),
		    BOR(0x2000, 0x1000, 16, 8) }, 3 },
		{ "filling the lender's mem",
		  { MEM(0x1000, 0x4000, 8), BOR(0x1000, 0x4000, 16, 8) }, 2 },
		{ "over the lender's TABLE ranges, and past one",
		  { MEM(0x1000, 0x4000, 8), TAB(0x1000, 0x2000, 8), TAB(0x3000, 0x1000, 8),
		    BOR(0x1000, 0x1000, 16, 8), BOR(0x2000, 0x2000, 16, 8) }, 5 },
		{ "inside a TABLE range of the lender",
		  { MEM(0x1000, 0x4000, 8), TAB(0x1000, 0x4000, 8),
		    BOR(0x2000, 0x1000, 16, 8), BOR(0x3000, 0x1000, 24, 8) }, 4 },
		{ "across two adjacent ranges of the lender",
		  { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 8),
		    BOR(0x1000, 0x2000, 16, 8) }, 3 },
		{ "two borrowers, back to back",
		  { MEM(0x1000, 0x4000, 8), BOR(0x1000, 0x2000, 16, 8),
		    BOR(0x3000, 0x2000, 24, 8) }, 3 },
	};
	struct kho_claims_report rep;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (check(cases[i].c, cases[i].n, &rep))
			ktap_fail_at(__FILE__, __LINE__, "%s: refused: %s", cases[i].what,
				     kho_strerror(&kho_claims_errors, rep.err));
}

static void claims_refuse_borrowed_elsewhere(void)
{
	static const struct {
		const char *what;
		struct kho_claim c[5];
		size_t n;
		enum kho_claims_err err;
	} cases[] = {
		{ "outside any mem",
		  { MEM(0x1000, 0x1000, 8), BOR(0x5000, 0x1000, 16, 8) }, 2,
		  KHO_CLAIMS_OUTSIDE_LENDER },
		{ "running past the lender's mem",
		  { MEM(0x1000, 0x1000, 8), BOR(0x1000, 0x2000, 16, 8) }, 2,
		  KHO_CLAIMS_OUTSIDE_LENDER },
		{ "starting before the lender's mem",
		  { MEM(0x2000, 0x1000, 8), BOR(0x1000, 0x2000, 16, 8) }, 2,
		  KHO_CLAIMS_OUTSIDE_LENDER },
		{ "straddling two runs of the lender with a gap",
		  { MEM(0x1000, 0x1000, 8), MEM(0x3000, 0x1000, 8),
		    BOR(0x1000, 0x3000, 16, 8) }, 3, KHO_CLAIMS_OUTSIDE_LENDER },
		{ "in a gap between runs of the lender",
		  { MEM(0x1000, 0x1000, 8), MEM(0x3000, 0x1000, 8),
		    BOR(0x2000, 0x1000, 16, 8) }, 3, KHO_CLAIMS_OUTSIDE_LENDER },
		{ "in another node's mem",
		  { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 24),
		    BOR(0x2000, 0x1000, 16, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "in the borrower's own mem, naming another lender",
		  { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 16),
		    BOR(0x2000, 0x1000, 16, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "from the lender's mem into the next node's",
		  { MEM(0x1000, 0x1000, 8), MEM(0x2000, 0x1000, 24),
		    BOR(0x1000, 0x2000, 16, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "two borrowed ranges overlapping",
		  { MEM(0x1000, 0x4000, 8), BOR(0x1000, 0x2000, 16, 8),
		    BOR(0x2000, 0x1000, 24, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "one borrowed range twice, one borrower",
		  { MEM(0x1000, 0x4000, 8), BOR(0x2000, 0x1000, 16, 8),
		    BOR(0x2000, 0x1000, 16, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "from the lender's mem over another node's TABLE range",
		  { MEM(0x1000, 0x2000, 8), MEM(0x3000, 0x1000, 24), TAB(0x3000, 0x1000, 24),
		    BOR(0x1000, 0x3000, 16, 8) }, 4, KHO_CLAIMS_OVERLAP },
		{ "over a BAR",
		  { MEM(0x1000, 0x4000, 8), MMIO(0x2000, 0x1000, 24),
		    BOR(0x1000, 0x2000, 16, 8) }, 3, KHO_CLAIMS_OVERLAP },
		{ "a BAR starting inside it, past the lender's mem",
		  { MEM(0x1000, 0x1000, 8), BOR(0x1000, 0x1000, 16, 8),
		    MMIO(0x1800, 0x1000, 24) }, 3, KHO_CLAIMS_OVERLAP },
		{ "a lender without mem",
		  { MEM(0x1000, 0x1000, 16), BOR(0x4000, 0x1000, 16, 8) }, 2,
		  KHO_CLAIMS_OUTSIDE_LENDER },
	};
	struct kho_claims_report rep;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (check(cases[i].c, cases[i].n, &rep) != -EINVAL ||
		    rep.err != cases[i].err) {
			ktap_fail_at(__FILE__, __LINE__, "%s: want %s, got %s", cases[i].what,
				     kho_strerror(&kho_claims_errors, cases[i].err),
				     kho_strerror(&kho_claims_errors, rep.err));
			continue;
		}
		/* The borrowed range is one of the claims named. */
		if (rep.a.kind != KHO_CLAIM_BORROWED &&
		    (rep.err != KHO_CLAIMS_OVERLAP || rep.b.kind != KHO_CLAIM_BORROWED))
			ktap_fail_at(__FILE__, __LINE__, "%s: reported %s and %s",
				     cases[i].what, rep.a.what, rep.b.what);
	}
	/*
	 * Over a TABLE range of another node inside the lender's mem: that
	 * TABLE range is refused first, for lying in memory not its node's.
	 */
	{
		const struct kho_claim c[] = {
			MEM(0x1000, 0x4000, 8), TAB(0x2000, 0x1000, 16),
			BOR(0x2000, 0x1000, 16, 8),
		};

		EXPECT_EQ(check(c, ARRAY_SIZE(c), &rep), -EINVAL);
		EXPECT_EQ(rep.err, KHO_CLAIMS_OVERLAP);
	}
}

/* The naive rule the sweep must agree with, pair by pair. */
static bool naive_may_meet(const struct kho_claim *a, const struct kho_claim *b)
{
	/* A TABLE range over its own node's memory. */
	if (a->kind == KHO_CLAIM_TABLE && b->kind == KHO_CLAIM_MEM && a->node == b->node)
		return true;
	/* A BORROWED range over its lender's memory and TABLE ranges. */
	if (a->kind == KHO_CLAIM_BORROWED && b->node == a->lender &&
	    (b->kind == KHO_CLAIM_MEM || b->kind == KHO_CLAIM_TABLE))
		return true;
	return false;
}

/* @c is covered page by page by the memory of node @home. */
static bool naive_covered(const struct kho_claim *c, const struct kho_claim *all,
			  size_t n, int home)
{
	size_t j;

	for (u64 p = c->addr; p < c->addr + c->len; p += 0x1000) {
		bool page = false;

		for (j = 0; j < n; j++)
			if (all[j].kind == KHO_CLAIM_MEM && all[j].node == home &&
			    all[j].addr <= p && p < all[j].addr + all[j].len)
				page = true;
		if (!page)
			return false;
	}
	return true;
}

static bool naive_ok(const struct kho_claim *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			const struct kho_claim *a = &c[i], *b = &c[j];
			bool meet = a->addr < b->addr + b->len && b->addr < a->addr + a->len;

			if (i == j || (a->kind == KHO_CLAIM_IOPORT) != (b->kind == KHO_CLAIM_IOPORT))
				continue;
			if (meet && !naive_may_meet(a, b) && !naive_may_meet(b, a))
				return false;
		}
		if (c[i].kind == KHO_CLAIM_TABLE && !naive_covered(&c[i], c, n, c[i].node))
			return false;
		if (c[i].kind == KHO_CLAIM_BORROWED && !naive_covered(&c[i], c, n, c[i].lender))
			return false;
	}
	return true;
}

/* A borrowed range of @c meets a TABLE range of its lender. */
static bool lent_over_table(const struct kho_claim *c, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (c[i].kind == KHO_CLAIM_BORROWED &&
			    c[j].kind == KHO_CLAIM_TABLE && c[j].node == c[i].lender &&
			    c[i].addr < c[j].addr + c[j].len &&
			    c[j].addr < c[i].addr + c[i].len)
				return true;
	return false;
}

/*
 * Random claim sets of up to @max claims over @pages pages, the sweep's
 * verdict against the naive rule's. Dense sets (a first range of memory,
 * most claims inside it and mostly of its node or borrowing from it,
 * kinds weighted towards memory, tables and borrowed ranges) are accepted with borrowed ranges over their lender's
 * tables often enough to matter.
 */
static void agree_rounds(u64 seed, size_t max, unsigned int pages, bool dense)
{
	/* Dense: 3 in 10 mem, 2 table, 1 MMIO, 1 I/O port, 3 borrowed. */
	static const u16 weighted[10] = {
		KHO_CLAIM_MEM, KHO_CLAIM_MEM, KHO_CLAIM_MEM, KHO_CLAIM_TABLE,
		KHO_CLAIM_TABLE, KHO_CLAIM_MMIO, KHO_CLAIM_IOPORT,
		KHO_CLAIM_BORROWED, KHO_CLAIM_BORROWED, KHO_CLAIM_BORROWED,
	};
	struct kho_claim c[12];
	unsigned int round, agree = 0, accepted = 0, lent = 0;
	size_t n, i;

	for (round = 0; round < 20000; round++) {
		n = 1 + test_rand(&seed) % max;
		for (i = 0; i < n; i++) {
			c[i].addr = (u64)(test_rand(&seed) % pages) * 0x1000;
			c[i].len = (u64)(1 + test_rand(&seed) % 3) * 0x1000;
			c[i].node = 8 * (1 + test_rand(&seed) % 2);
			c[i].kind = dense ? weighted[test_rand(&seed) % 10] :
				    test_rand(&seed) % 5;
			c[i].lender = c[i].kind == KHO_CLAIM_BORROWED ?
				      (int)(8 * (1 + test_rand(&seed) % 2)) : -1;
			/* Dense: 4 pages of memory first, most claims inside. */
			if (dense && !i) {
				c[i].kind = KHO_CLAIM_MEM;
				c[i].len = 4 * 0x1000;
			} else if (dense && test_rand(&seed) % 3) {
				c[i].addr = c[0].addr + (test_rand(&seed) % 4) * 0x1000;
				c[i].len = (u64)(1 + test_rand(&seed) % 2) * 0x1000;
				if (test_rand(&seed) % 4)
					c[i].node = c[0].node;
				if (c[i].kind == KHO_CLAIM_BORROWED && test_rand(&seed) % 4)
					c[i].lender = c[0].node;
			}
			c[i].what = "x";
			c[i].id = i;
		}
		if ((check(c, n, NULL) == 0) == naive_ok(c, n))
			agree++;
		else
			ktap_fail_at(__FILE__, __LINE__, "round %u: sweep %s, naive rule %s",
				     round, check(c, n, NULL) ? "refuses" : "accepts",
				     naive_ok(c, n) ? "accepts" : "refuses");
		if (naive_ok(c, n)) {
			accepted++;
			lent += lent_over_table(c, n);
		}
		if (agree != round + 1)
			break;
	}
	EXPECT_EQ(agree, 20000);
	printf("    # %s: %u of 20000 accepted, %u with a borrowed range over a table\n",
	       dense ? "dense" : "sparse", accepted, lent);
	/* Both verdicts occur, or the comparison proves little. */
	EXPECT_TRUE(accepted > 100 && accepted < 19900);
	if (dense)
		EXPECT_TRUE(lent > 100);
}

static void claims_agree_with_naive_rule(void)
{
	agree_rounds(1, 12, 32, false);
	agree_rounds(2, 5, 8, true);
}

/* --- whole blobs: every node layout, then the overlap rule --- */

#define TEST_MEM	(16 * MIB)
#define VTD_MEM		(32 * MIB)
#define ROOT		VTD_MEM
#define PGD1		(VTD_MEM + 2 * PAGE_SIZE)
#define PGD2		(VTD_MEM + 3 * PAGE_SIZE)
#define IRT		(VTD_MEM + MIB)
#define VFIO_MEM	(64 * MIB)

static struct kho_vtd_unit unit;
static struct kho_vtd_dev vdev[3];
static struct kho_vfio_map maps[2][2];
static size_t nmaps[2];
static struct kho_pci_res bar[2];
static u64 test_bytes;
/* The kho-test node: version 1 or 2, and v2's page-size (0: left out). */
static int test_version;
static u32 test_page_size;

static struct kho_vtd_dev vtd_dev(u32 sbdf, u16 did, u64 pgd)
{
	return (struct kho_vtd_dev){
		.sbdf = sbdf, .domain_id = did, .agaw = 1, .pgd = pgd,
		.context_lo = pgd | 1, .context_hi = 1 | (u64)did << 8,
		.owner_sbdf = sbdf,
	};
}

static struct kho_vfio_map vmap(u64 iova, u64 phys, u64 len)
{
	return (struct kho_vfio_map){
		.iova = iova, .phys = phys, .len = len,
		.prot = KHO_VFIO_PROT_READ | KHO_VFIO_PROT_WRITE,
	};
}

static void reset(void)
{
	unit = (struct kho_vtd_unit){
		.reg_base = 0xfed90000, .rtaddr = ROOT, .irta = IRT | 7,
		.cap = 0xd2008c22260206ULL, .ecap = 0xf00f4a, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	/* Two devices in domain 1 (one page table), one in domain 2. */
	vdev[0] = vtd_dev(0x08, 1, PGD1);
	vdev[1] = vtd_dev(0x10, 1, PGD1);
	vdev[2] = vtd_dev(0x18, 2, PGD2);
	maps[0][0] = vmap(0x100000, VFIO_MEM, 2 * PAGE_SIZE);
	maps[0][1] = vmap(0x200000, VFIO_MEM + 4 * PAGE_SIZE, PAGE_SIZE);
	maps[0][1].dma = 1;
	nmaps[0] = 2;
	maps[1][0] = vmap(0x100000, VFIO_MEM + 8 * PAGE_SIZE, PAGE_SIZE);
	nmaps[1] = 1;
	bar[0] = (struct kho_pci_res){ .start = 0xfea00000, .size = MIB };
	bar[1] = (struct kho_pci_res){ .start = 0xfeb00000, .size = 64 << 10 };
	test_bytes = 64 << 10;
	test_version = 1;
	test_page_size = 0;
}

static int build(void)
{
	static const struct kho_mem test_mem = { TEST_MEM, 64 << 10 };
	static const struct kho_mem vtd_mem = { VTD_MEM, 2 * MIB };
	static const struct kho_mem vfio_mem = { VFIO_MEM, MIB };
	struct kho_pci_dev pdev = {
		.vendor = 0x1234, .device = 0x11e8, .class = 0xff00,
		.flags = KHO_PCI_DEV_ENDPOINT,
	};
	struct kho_vfio_dev fdev = {
		.sbdf = 0x08, .salt = { 1 }, .irq_type = KHO_VFIO_IRQ_NONE,
	};
	struct kho_pci_out_dev pdevs[ARRAY_SIZE(bar)] = { };
	u64 seed = 1, sum = 2;
	u32 gen = 1;
	size_t i;
	int err;

	err = kho_blob_begin(blob, BLOB_SIZE, &hb);
	err = err ?: kho_node_begin(blob, KHO_TEST_NAME, test_version == 2 ?
				    KHO_TEST_COMPATIBLE_V2 : KHO_TEST_COMPATIBLE_V1);
	err = err ?: kho_node_add_mem(blob, &test_mem, 1);
	err = err ?: fdt_property(blob, "seed", &seed, sizeof(seed));
	err = err ?: fdt_property(blob, "checksum", &sum, sizeof(sum));
	err = err ?: fdt_property(blob, "bytes", &test_bytes, sizeof(test_bytes));
	err = err ?: fdt_property(blob, "generation", &gen, sizeof(gen));
	if (test_page_size)
		err = err ?: fdt_property(blob, "page-size", &test_page_size,
					  sizeof(test_page_size));
	err = err ?: kho_node_end(blob);

	err = err ?: kho_node_begin(blob, KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	err = err ?: kho_node_add_mem(blob, &vtd_mem, 1);
	err = err ?: kho_vtd_unit_begin(blob, &unit, NULL, 0);
	for (i = 0; i < ARRAY_SIZE(vdev); i++)
		err = err ?: kho_vtd_dev_add(blob, &vdev[i], NULL, 0);
	err = err ?: kho_vtd_unit_end(blob);
	err = err ?: kho_node_end(blob);

	err = err ?: kho_node_begin(blob, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	for (i = 0; i < ARRAY_SIZE(bar); i++) {
		pdevs[i].dev = pdev;
		pdevs[i].dev.sbdf = 0x08 * (i + 1);
		pdevs[i].res = &bar[i];
		pdevs[i].nres = 1;
		pdevs[i].driver = "vfio-pci";
	}
	err = err ?: kho_pci_devs_write(blob, pdevs, ARRAY_SIZE(bar));
	err = err ?: kho_node_end(blob);

	err = err ?: kho_node_begin(blob, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	err = err ?: kho_node_add_mem(blob, &vfio_mem, 1);
	for (i = 0; i < 2; i++)
		err = err ?: kho_vfio_container_add(blob, i, maps[i], nmaps[i]);
	err = err ?: kho_vfio_dev_add(blob, &fdev, NULL, 0);
	err = err ?: kho_node_end(blob);
	err = err ?: kho_blob_finish(blob);
	if (err)
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed: %d", err);
	else if (harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL))
		ktap_fail_at(__FILE__, __LINE__, "kho_blob_check() refused the blob");
	return err;
}

struct refusals {
	unsigned int n;
	char name[32];
	char why[160];
};

static void note_refusal(void *ctx, int node, const char *why)
{
	struct refusals *r = ctx;

	r->n++;
	snprintf(r->name, sizeof(r->name), "%s", fdt_get_name(blob, node, NULL));
	snprintf(r->why, sizeof(r->why), "%s", why);
}

static void *state;

static int nodes_check(struct kho_nodes_report *rep, struct refusals *r)
{
	char why[160];

	memset(r, 0, sizeof(*r));
	if (!state)
		state = calloc(1, kho_nodes_state_size());
	cl.n = 0;
	if (kho_nodes_claims_bound(blob) > MAX_CLAIMS) {
		ktap_fail_at(__FILE__, __LINE__, "claims bound too large");
		return -ENOSPC;
	}
	return kho_nodes_check(blob, state, &cl, note_refusal, r, rep, why,
			       sizeof(why));
}

static void nodes_accept_a_valid_blob(void)
{
	struct kho_nodes_report rep;
	struct refusals r;

	reset();
	ASSERT_EQ(build(), 0);
	EXPECT_EQ(nodes_check(&rep, &r), 0);
	EXPECT_EQ(rep.checked, 4);
	EXPECT_EQ(rep.refused, 0);
	EXPECT_EQ(rep.unknown, 0);
	/* 3 mem, root + IRT + 2 page-table roots, 2 BARs, 3 chunks */
	EXPECT_EQ(rep.nclaims, 12);
	/*
	 * Only the preserved ranges a pointed-at range meets go through the
	 * overlap rule: kho-test's memory meets none.
	 */
	EXPECT_EQ(cl.n, 11);
}

static void nodes_refuse_shared_pages(void)
{
	static const struct {
		const char *what;
		const char *a;	/* the claim reported first */
		const char *b;	/* the one it collides with */
	} want[] = {
		{ "vfio: one page in two containers", "DMA chunk", "DMA chunk" },
		{ "vfio: one page twice in a container", "DMA chunk", "DMA chunk" },
		{ "vtd: IRT over the root table", "", "" },
		{ "vtd: one page table, two domain ids", "page-table root", "page-table root" },
		{ "vtd: page-table root is the root table", "", "" },
		{ "pci: BARs of two devices overlap", "BAR 0", "BAR 0" },
		{ "pci: a BAR over preserved memory", "BAR 0", "" },
	};
	struct kho_nodes_report rep;
	struct refusals r;
	char line[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		reset();
		switch (i) {
		case 0: maps[1][0].phys = VFIO_MEM + PAGE_SIZE; break;
		case 1: maps[0][1].phys = VFIO_MEM + PAGE_SIZE; break;
		case 2: unit.irta = ROOT | 7; break;
		case 3: vdev[2] = vtd_dev(0x18, 2, PGD1); break;
		case 4: vdev[2] = vtd_dev(0x18, 2, ROOT); break;
		case 5: bar[1].start = 0xfea00000; break;
		case 6: bar[1].start = VTD_MEM; break;
		}
		if (build())
			continue;
		if (nodes_check(&rep, &r) != -EINVAL || rep.refused ||
		    rep.claims.err != KHO_CLAIMS_OVERLAP) {
			ktap_fail_at(__FILE__, __LINE__, "%s: not refused as an overlap (%d refused, %s)",
				     want[i].what, rep.refused, kho_strerror(&kho_claims_errors, rep.claims.err));
			continue;
		}
		kho_claims_describe(line, sizeof(line), blob, &rep.claims);
		printf("    # %s: %s\n", want[i].what, line);
		if (strncmp(rep.claims.a.what, want[i].a, strlen(want[i].a)) ||
		    strncmp(rep.claims.b.what, want[i].b, strlen(want[i].b)))
			ktap_fail_at(__FILE__, __LINE__, "%s: reported as %s vs %s",
				     want[i].what, rep.claims.a.what, rep.claims.b.what);
	}
}

/* kho-test-v2 is v1 plus a page-size the checker holds bytes to. */
static void nodes_check_test_v2(void)
{
	static const struct {
		u32 page_size;
		unsigned int refused;
	} want[] = {
		{ 4096, 0 }, { 65536, 0 }, { 0, 1 }, { 3000, 1 }, { 131072, 1 },
	};
	struct kho_nodes_report rep;
	struct refusals r;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		reset();
		test_version = 2;
		test_page_size = want[i].page_size;
		ASSERT_EQ(build(), 0);
		EXPECT_EQ(nodes_check(&rep, &r), 0);
		EXPECT_EQ(rep.unknown, 0);
		EXPECT_EQ(rep.refused, want[i].refused);
		if (r.n)
			printf("    # v2, page-size %u: %s refused: %s\n",
			       want[i].page_size, r.name, r.why);
	}
	/* A v1 node with the v2 property is still v1: accepted as such. */
	reset();
	test_page_size = 3000;
	ASSERT_EQ(build(), 0);
	EXPECT_EQ(nodes_check(&rep, &r), 0);
	EXPECT_EQ(rep.refused, 0);
}

static void nodes_refuse_one_node_alone(void)
{
	struct kho_nodes_report rep;
	struct refusals r;

	/* A chunk outside its node's memory: vfio refused, the rest kept. */
	reset();
	maps[1][0].phys = VTD_MEM + 4 * PAGE_SIZE;
	ASSERT_EQ(build(), 0);
	EXPECT_EQ(nodes_check(&rep, &r), 0);
	EXPECT_EQ(rep.refused, 1);
	EXPECT_EQ(r.n, 1);
	EXPECT_TRUE(!strcmp(r.name, KHO_VFIO_NODE));
	printf("    # vfio refused: %s\n", r.why);

	/* The test node's bytes must match its mem. */
	reset();
	test_bytes = 4096;
	ASSERT_EQ(build(), 0);
	EXPECT_EQ(nodes_check(&rep, &r), 0);
	EXPECT_EQ(rep.refused, 1);
	EXPECT_TRUE(!strcmp(r.name, KHO_TEST_NAME));

	/* Offline, a VT-d unit is checked against its own registers only. */
	reset();
	unit.reg_base = 0x12345000;
	ASSERT_EQ(build(), 0);
	EXPECT_EQ(nodes_check(&rep, &r), 0);
	EXPECT_EQ(rep.refused, 0);
}

static void nodes_table_knows_every_layout(void)
{
	const char *names[] = { KHO_TEST_NAME, KHO_VTD_NODE, KHO_PCI_NODE, KHO_VFIO_NODE };
	size_t i;
	int node;

	reset();
	ASSERT_EQ(build(), 0);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		node = fdt_subnode_offset(blob, 0, names[i]);
		ASSERT_TRUE(node > 0);
		EXPECT_TRUE(kho_node_type_find(blob, node) != NULL);
	}
	EXPECT_TRUE(kho_nodes_state_size() >= sizeof(struct kho_vtd_state));
	EXPECT_TRUE(kho_nodes_state_size() >= sizeof(struct kho_vfio_state));
	EXPECT_TRUE(kho_nodes_state_size() >= sizeof(struct kho_pci_state));
	free(state);
	state = NULL;
}

KTAP_SUITE(nodes,
	   KTAP_CASE(claims_accept_what_the_abi_allows),
	   KTAP_CASE(claims_refuse_each_overlap),
	   KTAP_CASE(claims_accept_borrowed_in_lender),
	   KTAP_CASE(claims_refuse_borrowed_elsewhere),
	   KTAP_CASE(claims_agree_with_naive_rule),
	   KTAP_CASE(nodes_accept_a_valid_blob),
	   KTAP_CASE(nodes_refuse_shared_pages),
	   KTAP_CASE(nodes_refuse_one_node_alone),
	   KTAP_CASE(nodes_check_test_v2),
	   KTAP_CASE(nodes_table_knows_every_layout));
