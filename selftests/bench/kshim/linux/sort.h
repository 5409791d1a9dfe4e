/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's <linux/sort.h>: the kernel's own lib/sort.c (a bottom-up
 * heapsort, compiled in place from the pinned linux-source tree, see
 * ../../Makefile) instead of the harness shim's qsort(). The claims check
 * sorts every claim of the blob once; glibc's qsort() is a merge sort
 * whose cost depends on how sorted the input already is, which the
 * kernel's sort does not, so timing qsort() would not be timing what the
 * kernel runs.
 */
#ifndef _BENCH_LINUX_SORT_H
#define _BENCH_LINUX_SORT_H

#include <linux/types.h>

/* From <linux/types.h> and <linux/compiler_attributes.h> of the kernel. */
typedef int (*cmp_r_func_t)(const void *a, const void *b, const void *priv);
typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_r_func_t)(void *a, void *b, int size, const void *priv);
typedef void (*swap_func_t)(void *a, void *b, int size);

#ifndef __attribute_const__
#define __attribute_const__	__attribute__((__const__))
#endif
#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif

void sort_r(void *base, size_t num, size_t size, cmp_r_func_t cmp_func,
	    swap_r_func_t swap_func, const void *priv);
void sort(void *base, size_t num, size_t size, cmp_func_t cmp_func,
	  swap_func_t swap_func);

#endif
