/* SPDX-License-Identifier: GPL-2.0 */
/* The benchmark's <linux/export.h>, for lib/sort.c: nothing to export. */
#ifndef _BENCH_LINUX_EXPORT_H
#define _BENCH_LINUX_EXPORT_H

#define EXPORT_SYMBOL(sym)

#endif
