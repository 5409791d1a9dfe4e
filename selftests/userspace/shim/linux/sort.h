/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for lib/sort.c. The kernel's sort() is a heapsort
 * with an optional swap callback; callers here pass NULL for it, so
 * qsort() has the same contract.
 */
#ifndef _SHIM_LINUX_SORT_H
#define _SHIM_LINUX_SORT_H

#include <assert.h>
#include <stdlib.h>
/*
 * <assert.h> defines static_assert as C11's, whose message is mandatory
 * before C2x: put back the kernel's (build_bug.h shim), whatever was
 * included first.
 */
#include <linux/build_bug.h>

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

static inline void sort(void *base, size_t num, size_t size, cmp_func_t cmp,
			swap_func_t swap)
{
	assert(!swap);
	qsort(base, num, size, cmp);
}

#endif
