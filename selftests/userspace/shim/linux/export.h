/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/export.h>: the portable code exports what
 * modules call; here an export is only a redeclaration (it takes the
 * semicolon that follows).
 */
#ifndef _SHIM_LINUX_EXPORT_H
#define _SHIM_LINUX_EXPORT_H

#define EXPORT_SYMBOL_GPL(sym)	extern __typeof__(sym) sym

#endif
