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
#include <linux/kho/err.h>

/* Why a range list was refused (kho_ranges_check()). */
#define KHO_RANGE_ERRORS(X) (						\
	X(KHO_RANGE_OK,		"ok")					\
	X(KHO_RANGE_EMPTY,	"zero length")				\
	X(KHO_RANGE_UNALIGNED,	"not page aligned")			\
	X(KHO_RANGE_WRAPS,	"wraps around the address space")	\
	X(KHO_RANGE_UNSORTED,	"not sorted by address")		\
	X(KHO_RANGE_OVERLAP,	"overlaps the previous range")		\
	X(KHO_RANGE_NOT_RAM,	"not inside RAM")			\
	X(KHO_RANGE_FORBIDDEN,	"overlaps a forbidden region")		\
)

enum kho_range_err { KHO_ERR_CODES(KHO_RANGE_ERRORS) };
extern const struct kho_errors kho_range_errors;

void kho_ranges_sort(struct kho_mem *r, size_t n);
size_t kho_ranges_merge(struct kho_mem *r, size_t n);
bool kho_ranges_overlap(const struct kho_mem *a, const struct kho_mem *b);
int kho_ranges_check(const struct kho_mem *r, size_t n,
		     const struct kho_mem *ram, size_t nram,
		     const struct kho_mem *forbidden, size_t nforbidden,
		     struct kho_report *rep);
bool kho_ranges_contain(const struct kho_mem *r, size_t n, u64 addr, u64 len);
u64 kho_ranges_total(const struct kho_mem *r, size_t n);

#endif /* _LINUX_KHO_RANGES_H */
