/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's <linux/build_bug.h> has static_assert() with an optional
 * message; C11's needs one before C2x. The expression is the message.
 */
#ifndef _SHIM_LINUX_BUILD_BUG_H
#define _SHIM_LINUX_BUILD_BUG_H

#undef static_assert
#define static_assert(expr, ...)	_Static_assert(expr, #expr)

#endif
