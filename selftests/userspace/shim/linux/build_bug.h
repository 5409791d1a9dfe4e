/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's <linux/build_bug.h> has static_assert() with an optional
 * message; C11's needs one before C2x. The expression is the message.
 *
 * No include guard: <assert.h> (pulled in by other shims) defines C11's
 * static_assert, so every inclusion puts the kernel's back.
 */
#undef static_assert
#define static_assert(expr, ...)	_Static_assert(expr, #expr)
