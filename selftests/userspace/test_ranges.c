// SPDX-License-Identifier: GPL-2.0
/* Unit tests for kernel/kho/ranges.c. */
#include <stdlib.h>
#include <string.h>

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/kho/ranges.h>
#include <asm/page.h>

#include "ktap.h"
#include "rand.h"

#define PG(n) ((u64)(n) * PAGE_SIZE)
#define R(a, l) { .addr = PG(a), .len = PG(l) }

static void sort_orders_by_address(void)
{
	struct kho_mem r[256];
	size_t i;
	u64 seed = 1;

	for (i = 0; i < 256; i++) {
		r[i].addr = PG(test_rand(&seed) % 100000);
		r[i].len = PG(1 + test_rand(&seed) % 8);
	}
	kho_ranges_sort(r, 256);
	for (i = 1; i < 256; i++)
		EXPECT_TRUE(r[i - 1].addr <= r[i].addr);
}

static void merge_coalesces_overlap_adjacency_and_containment(void)
{
	struct kho_mem r[] = {
		R(50, 10),	/* overlaps the next one */
		R(10, 5),	/* adjacent to [15,20) */
		R(55, 10),
		R(15, 5),
		R(100, 0),	/* dropped: empty */
		R(30, 20),	/* contains [35,40) */
		R(35, 5),
		R(80, 1),
	};
	size_t n = kho_ranges_merge(r, ARRAY_SIZE(r));

	ASSERT_EQ(n, 3);
	EXPECT_EQ(r[0].addr, PG(10));
	EXPECT_EQ(r[0].len, PG(10));
	/* [30,50) touches [50,65): adjacent ranges merge too. */
	EXPECT_EQ(r[1].addr, PG(30));
	EXPECT_EQ(r[1].len, PG(35));
	EXPECT_EQ(r[2].addr, PG(80));
	EXPECT_EQ(r[2].len, PG(1));
}

/*
 * Model check: merging must cover exactly the pages the input covered,
 * with sorted, non-touching, non-empty output.
 */
#define UNIVERSE 512
static void merge_matches_page_bitmap_model(void)
{
	u64 seed = 42;
	int round;

	for (round = 0; round < 2000; round++) {
		bool want[UNIVERSE] = { 0 }, got[UNIVERSE] = { 0 };
		struct kho_mem r[32];
		size_t n = 1 + test_rand(&seed) % 32, i, m;
		u64 p;

		for (i = 0; i < n; i++) {
			u64 a = test_rand(&seed) % (UNIVERSE - 16);
			u64 l = test_rand(&seed) % 16;

			r[i].addr = PG(a);
			r[i].len = PG(l);
			for (p = a; p < a + l; p++)
				want[p] = true;
		}
		m = kho_ranges_merge(r, n);
		for (i = 0; i < m; i++) {
			if (!EXPECT_TRUE(r[i].len))
				return;
			if (i && !EXPECT_TRUE(r[i].addr > r[i - 1].addr + r[i - 1].len))
				return;
			for (p = r[i].addr / PAGE_SIZE;
			     p < (r[i].addr + r[i].len) / PAGE_SIZE; p++)
				got[p] = true;
		}
		if (!EXPECT_TRUE(!memcmp(want, got, sizeof(want))))
			return;
	}
}

static void overlap_is_strict(void)
{
	struct kho_mem a = R(10, 10), b = R(20, 5), c = R(19, 1), d = R(0, 100);

	EXPECT_FALSE(kho_ranges_overlap(&a, &b));	/* touching only */
	EXPECT_FALSE(kho_ranges_overlap(&b, &a));
	EXPECT_TRUE(kho_ranges_overlap(&a, &c));
	EXPECT_TRUE(kho_ranges_overlap(&c, &a));
	EXPECT_TRUE(kho_ranges_overlap(&a, &d));	/* containment */
	EXPECT_TRUE(kho_ranges_overlap(&d, &a));
}

static const struct kho_mem ram[] = {
	R(1, 99),		/* [1,100) */
	R(100, 100),		/* [100,200): adjacent piece of the same RAM */
	R(300, 100),		/* [300,400) after a hole */
};
static const struct kho_mem kernel_image[] = { R(150, 10) };

static enum kho_range_err check(const struct kho_mem *r, size_t n,
				size_t *index)
{
	struct kho_report rep = { .err = KHO_RANGE_OK, .index = 99 };
	int ret = kho_ranges_check(r, n, ram, ARRAY_SIZE(ram), kernel_image,
				   ARRAY_SIZE(kernel_image), &rep);

	EXPECT_EQ(ret, rep.err == KHO_RANGE_OK ? 0 : -EINVAL);
	if (index)
		*index = rep.index;
	return rep.err;
}

static void check_accepts_valid_lists(void)
{
	struct kho_mem ok[] = {
		R(1, 1), R(2, 3),	/* adjacent ranges are fine */
		R(90, 20),		/* spans the two adjacent RAM pieces */
		R(140, 10),		/* ends where the kernel image starts */
		R(160, 40),		/* starts where it ends */
		R(300, 100),
	};

	EXPECT_EQ(check(ok, ARRAY_SIZE(ok), NULL), KHO_RANGE_OK);
	EXPECT_EQ(check(ok, 0, NULL), KHO_RANGE_OK);
}

static void check_reports_each_error_with_its_index(void)
{
	/* Two good ranges, [2,3) and [3,5), then the bad one at index 2. */
#define BAD(a, l) { R(2, 1), R(3, 2), { a, l } }
	static const struct {
		struct kho_mem r[3];
		enum kho_range_err err;
	} cases[] = {
		{ BAD(PG(10), 0), KHO_RANGE_EMPTY },
		{ BAD(PG(10) + 1, PG(1)), KHO_RANGE_UNALIGNED },
		{ BAD(PG(10), PG(1) + 8), KHO_RANGE_UNALIGNED },
		{ BAD(ALIGN_DOWN(U64_MAX, PAGE_SIZE), PG(1)), KHO_RANGE_WRAPS },
		{ BAD(PG(1), PG(1)), KHO_RANGE_UNSORTED },
		{ BAD(PG(4), PG(2)), KHO_RANGE_OVERLAP },
		{ BAD(PG(200), PG(1)), KHO_RANGE_NOT_RAM },	/* in the hole */
		{ BAD(PG(390), PG(20)), KHO_RANGE_NOT_RAM },	/* off the end */
		{ BAD(PG(155), PG(1)), KHO_RANGE_FORBIDDEN },
		{ BAD(PG(100), PG(51)), KHO_RANGE_FORBIDDEN },
	};
#undef BAD
	struct kho_mem below_ram = R(0, 2);
	size_t i, index;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		index = 0;
		EXPECT_EQ(check(cases[i].r, 3, &index), cases[i].err);
		EXPECT_EQ(index, 2);
	}
	/* Page 0 is not RAM in this layout. */
	EXPECT_EQ(check(&below_ram, 1, &index), KHO_RANGE_NOT_RAM);
	EXPECT_EQ(index, 0);
}

static void check_without_ram_or_forbidden_lists(void)
{
	struct kho_mem r[] = { R(0, 1), R(150, 10), R(1000, 1) };
	struct kho_report rep;

	EXPECT_EQ(kho_ranges_check(r, 3, NULL, 0, NULL, 0, &rep), 0);
	EXPECT_EQ(rep.err, KHO_RANGE_OK);
	EXPECT_EQ(kho_ranges_check(r, 3, NULL, 0, kernel_image, 1, NULL), -EINVAL);
}

/* Reference check: the slow, obvious definition, page by page. */
static enum kho_range_err check_model(const struct kho_mem *r, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		u64 p;

		if (i && r[i].addr < r[i - 1].addr)
			return KHO_RANGE_UNSORTED;
		if (i && r[i].addr < r[i - 1].addr + r[i - 1].len)
			return KHO_RANGE_OVERLAP;
		for (p = r[i].addr; p < r[i].addr + r[i].len; p += PAGE_SIZE) {
			bool in_ram = false;

			for (j = 0; j < ARRAY_SIZE(ram); j++)
				in_ram |= p >= ram[j].addr &&
					  p < ram[j].addr + ram[j].len;
			if (!in_ram)
				return KHO_RANGE_NOT_RAM;
		}
		for (p = r[i].addr; p < r[i].addr + r[i].len; p += PAGE_SIZE)
			if (p >= kernel_image[0].addr &&
			    p < kernel_image[0].addr + kernel_image[0].len)
				return KHO_RANGE_FORBIDDEN;
	}
	return KHO_RANGE_OK;
}

static void check_matches_model_on_random_lists(void)
{
	u64 seed = 7;
	int round, accepted = 0;

	for (round = 0; round < 5000; round++) {
		struct kho_mem r[8];
		size_t n = 1 + test_rand(&seed) % 8, i;
		u64 a = test_rand(&seed) % 40;

		for (i = 0; i < n; i++) {
			/* Mostly increasing, sometimes stepping back. */
			a += test_rand(&seed) % 60;
			if (test_rand(&seed) % 10 == 0)
				a -= a / 3;
			r[i].addr = PG(a);
			r[i].len = PG(1 + test_rand(&seed) % 30);
			a += r[i].len / PAGE_SIZE;
		}
		if (!EXPECT_EQ(check(r, n, NULL), check_model(r, n)))
			return;
		accepted += check_model(r, n) == KHO_RANGE_OK;
	}
	/* Both outcomes must be exercised for the comparison to mean much. */
	EXPECT_TRUE(accepted > 100);
	EXPECT_TRUE(accepted < 4900);
}

static void contain_matches_linear_scan(void)
{
	u64 seed = 5;
	int round, hits = 0;

	for (round = 0; round < 20000; round++) {
		struct kho_mem r[16];
		size_t n = test_rand(&seed) % 16, i;
		u64 a = 0, addr, len;
		bool want = false;

		for (i = 0; i < n; i++) {
			a += test_rand(&seed) % 8;
			r[i].addr = PG(a);
			r[i].len = PG(1 + test_rand(&seed) % 8);
			a += r[i].len / PAGE_SIZE;
		}
		addr = PG(test_rand(&seed) % (a + 4)) + (test_rand(&seed) % 2) * 8;
		len = test_rand(&seed) % 3 ? PG(1 + test_rand(&seed) % 4) : 0;
		for (i = 0; i < n && len; i++)
			want |= addr >= r[i].addr &&
				addr + len <= r[i].addr + r[i].len;
		if (!EXPECT_EQ(kho_ranges_contain(r, n, addr, len), want))
			return;
		hits += want;
	}
	EXPECT_TRUE(hits > 2000);
	EXPECT_TRUE(hits < 18000);
}

static void total_sums_lengths(void)
{
	struct kho_mem r[] = { R(1, 1), R(5, 10), R(100, 1000) };

	EXPECT_EQ(kho_ranges_total(r, 3), PG(1011));
	EXPECT_EQ(kho_ranges_total(r, 0), 0);
}

static void strerror_names_every_error(void)
{
	int e;

	for (e = KHO_RANGE_OK; e <= KHO_RANGE_FORBIDDEN; e++)
		EXPECT_TRUE(strcmp(kho_strerror(&kho_range_errors, e), "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_range_errors, KHO_RANGE_FORBIDDEN + 1),
			    "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_range_errors, -1), "unknown error"));
}

KTAP_SUITE(ranges,
	   KTAP_CASE(sort_orders_by_address),
	   KTAP_CASE(merge_coalesces_overlap_adjacency_and_containment),
	   KTAP_CASE(merge_matches_page_bitmap_model),
	   KTAP_CASE(overlap_is_strict),
	   KTAP_CASE(check_accepts_valid_lists),
	   KTAP_CASE(check_reports_each_error_with_its_index),
	   KTAP_CASE(check_without_ram_or_forbidden_lists),
	   KTAP_CASE(check_matches_model_on_random_lists),
	   KTAP_CASE(contain_matches_linear_scan),
	   KTAP_CASE(total_sums_lengths),
	   KTAP_CASE(strerror_names_every_error));
