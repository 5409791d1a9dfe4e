// SPDX-License-Identifier: GPL-2.0
/*
 * Arithmetic on lists of preserved physical ranges: sort, merge, and the
 * validation the incoming kernel applies before it reserves anything.
 *
 * Portable: no allocation, no locking, no kernel state. The userspace
 * harness in selftests/userspace compiles this file as it is.
 */
#include <linux/export.h>
#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/sort.h>
#include <linux/kho/ranges.h>
#include <asm/page.h>

static const struct kho_err_text kho_range_text[] = {
	KHO_ERR_TEXTS(KHO_RANGE_ERRORS)
};
const struct kho_errors kho_range_errors = KHO_ERRORS(kho_range_text);

static u64 kho_mem_end(const struct kho_mem *r)
{
	return r->addr + r->len;
}

static int kho_mem_cmp(const void *a, const void *b)
{
	const struct kho_mem *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return 0;
}

/**
 * kho_ranges_sort() - sort ranges by start address
 * @r: ranges
 * @n: number of ranges
 */
void kho_ranges_sort(struct kho_mem *r, size_t n)
{
	sort(r, n, sizeof(*r), kho_mem_cmp, NULL);
}

/**
 * kho_ranges_merge() - sort ranges and coalesce overlapping or adjacent ones
 * @r: ranges, none of which may wrap around the address space
 * @n: number of ranges
 *
 * Zero-length ranges are dropped.
 *
 * Return: the number of ranges left at the start of @r.
 */
size_t kho_ranges_merge(struct kho_mem *r, size_t n)
{
	size_t i, out = 0;

	kho_ranges_sort(r, n);
	for (i = 0; i < n; i++) {
		struct kho_mem *last = out ? &r[out - 1] : NULL;

		if (!r[i].len)
			continue;
		if (last && r[i].addr <= kho_mem_end(last)) {
			if (kho_mem_end(&r[i]) > kho_mem_end(last))
				last->len = kho_mem_end(&r[i]) - last->addr;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}
EXPORT_SYMBOL_GPL(kho_ranges_merge);

/**
 * kho_ranges_overlap() - test whether two ranges share at least one byte
 * @a: first range
 * @b: second range
 *
 * Return: true if they overlap.
 */
bool kho_ranges_overlap(const struct kho_mem *a, const struct kho_mem *b)
{
	return a->addr < kho_mem_end(b) && b->addr < kho_mem_end(a);
}

/* Is [addr, end) covered by RAM, starting the search at *cursor? */
static bool kho_in_ram(u64 addr, u64 end, const struct kho_mem *ram,
		       size_t nram, size_t *cursor)
{
	size_t j = *cursor;
	u64 covered;

	while (j < nram && kho_mem_end(&ram[j]) <= addr)
		j++;
	*cursor = j;
	if (j == nram || ram[j].addr > addr)
		return false;

	/* Firmware may describe one block of RAM as adjacent pieces. */
	covered = kho_mem_end(&ram[j]);
	while (covered < end && ++j < nram && ram[j].addr == covered)
		covered = kho_mem_end(&ram[j]);
	return covered >= end;
}

/**
 * kho_ranges_check() - validate a list of preserved ranges
 * @r: ranges to check
 * @n: number of ranges
 * @ram: RAM ranges, sorted and non-overlapping, or NULL to skip that check
 * @nram: number of RAM ranges
 * @forbidden: ranges nothing may overlap (the kernel image, say), sorted
 *	and non-overlapping; may be NULL
 * @nforbidden: number of forbidden ranges
 * @rep: filled with the first problem found; may be NULL
 *
 * Each range must be non-empty, page aligned, not wrap, start at or after
 * the end of its predecessor, lie inside RAM and avoid @forbidden. The
 * cost is linear in @n + @nram + @nforbidden.
 *
 * Return: 0 if the list is valid, -EINVAL otherwise.
 */
int kho_ranges_check(const struct kho_mem *r, size_t n,
		     const struct kho_mem *ram, size_t nram,
		     const struct kho_mem *forbidden, size_t nforbidden,
		     struct kho_report *rep)
{
	size_t i, ram_cursor = 0, forbid_cursor = 0;
	enum kho_range_err err = KHO_RANGE_OK;

	for (i = 0; i < n; i++) {
		u64 addr = r[i].addr, len = r[i].len, end;

		if (!len) {
			err = KHO_RANGE_EMPTY;
			break;
		}
		if (!IS_ALIGNED(addr, PAGE_SIZE) || !IS_ALIGNED(len, PAGE_SIZE)) {
			err = KHO_RANGE_UNALIGNED;
			break;
		}
		if (len > U64_MAX - addr) {
			err = KHO_RANGE_WRAPS;
			break;
		}
		end = addr + len;
		if (i && addr < r[i - 1].addr) {
			err = KHO_RANGE_UNSORTED;
			break;
		}
		if (i && addr < kho_mem_end(&r[i - 1])) {
			err = KHO_RANGE_OVERLAP;
			break;
		}
		if (ram && !kho_in_ram(addr, end, ram, nram, &ram_cursor)) {
			err = KHO_RANGE_NOT_RAM;
			break;
		}
		while (forbid_cursor < nforbidden &&
		       kho_mem_end(&forbidden[forbid_cursor]) <= addr)
			forbid_cursor++;
		if (forbid_cursor < nforbidden &&
		    forbidden[forbid_cursor].addr < end) {
			err = KHO_RANGE_FORBIDDEN;
			break;
		}
	}

	if (rep) {
		kho_report_init(rep, &kho_range_errors);
		rep->err = err;
		if (err != KHO_RANGE_OK) {
			rep->index = i;
			rep->addr = r[i].addr;
			rep->len = r[i].len;
		}
	}
	return err == KHO_RANGE_OK ? 0 : -EINVAL;
}

/**
 * kho_ranges_contain() - is a range inside one range of a list
 * @r: ranges, sorted and non-overlapping (a list kho_ranges_check() passed)
 * @n: number of ranges
 * @addr: start of the range to look up
 * @len: its length, non-zero
 *
 * Binary search: O(log @n).
 *
 * Return: true if [@addr, @addr + @len) lies inside one element of @r.
 */
bool kho_ranges_contain(const struct kho_mem *r, size_t n, u64 addr, u64 len)
{
	size_t lo = 0, hi = n;

	if (!len || len > U64_MAX - addr)
		return false;
	/* Find the last range starting at or below @addr. */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (r[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return n && r[lo].addr <= addr && addr + len <= kho_mem_end(&r[lo]);
}

/**
 * kho_ranges_total() - sum of the lengths of a list of ranges
 * @r: ranges
 * @n: number of ranges
 *
 * Return: total bytes.
 */
u64 kho_ranges_total(const struct kho_mem *r, size_t n)
{
	u64 total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += r[i].len;
	return total;
}
EXPORT_SYMBOL_GPL(kho_ranges_total);
