/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's <linux/export.h>, for lib/sort.c and our portable code:
 * nothing to export (as selftests/userspace/shim/linux/export.h).
 */
#ifndef _BENCH_LINUX_EXPORT_H
#define _BENCH_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)	extern __typeof__(sym) sym

#endif
