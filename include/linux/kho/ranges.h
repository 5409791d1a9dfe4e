/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Range arithmetic shared by the outgoing and incoming KHO paths. Pure
 * computation on arrays of struct kho_mem: it compiles in the kernel and
 * in the userspace harness (selftests/userspace).
 */
#ifndef _LINUX_KHO_RANGES_H
#define _LINUX_KHO_RANGES_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>

/**
 * enum kho_range_err - why a range list was refused
 * @KHO_RANGE_OK: the list is valid
 * @KHO_RANGE_EMPTY: a range has zero length
 * @KHO_RANGE_UNALIGNED: start or length is not page aligned
 * @KHO_RANGE_WRAPS: start + length overflows the address space
 * @KHO_RANGE_UNSORTED: a range starts below its predecessor
 * @KHO_RANGE_OVERLAP: a range overlaps its predecessor
 * @KHO_RANGE_NOT_RAM: a range is not entirely inside one RAM range
 * @KHO_RANGE_FORBIDDEN: a range overlaps a forbidden range (kernel image)
 */
enum kho_range_err {
	KHO_RANGE_OK,
	KHO_RANGE_EMPTY,
	KHO_RANGE_UNALIGNED,
	KHO_RANGE_WRAPS,
	KHO_RANGE_UNSORTED,
	KHO_RANGE_OVERLAP,
	KHO_RANGE_NOT_RAM,
	KHO_RANGE_FORBIDDEN,
};

/**
 * struct kho_range_report - where and why kho_ranges_check() failed
 * @err: the first problem found
 * @index: index of the offending range in the checked list
 */
struct kho_range_report {
	enum kho_range_err err;
	size_t index;
};

const char *kho_range_strerror(enum kho_range_err err);

void kho_ranges_sort(struct kho_mem *r, size_t n);
size_t kho_ranges_merge(struct kho_mem *r, size_t n);
bool kho_ranges_overlap(const struct kho_mem *a, const struct kho_mem *b);
int kho_ranges_check(const struct kho_mem *r, size_t n,
		     const struct kho_mem *ram, size_t nram,
		     const struct kho_mem *forbidden, size_t nforbidden,
		     struct kho_range_report *rep);
bool kho_ranges_contain(const struct kho_mem *r, size_t n, u64 addr, u64 len);
u64 kho_ranges_total(const struct kho_mem *r, size_t n);

#endif /* _LINUX_KHO_RANGES_H */
