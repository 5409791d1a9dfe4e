/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-ins for the bit operations the portable KHO code uses. */
#ifndef _SHIM_LINUX_BITOPS_H
#define _SHIM_LINUX_BITOPS_H

#include <linux/types.h>

/* Index of the lowest set bit; @w must not be 0, as in the kernel. */
static inline unsigned int __ffs64(u64 w)
{
	return __builtin_ctzll(w);
}

static inline unsigned int hweight64(u64 w)
{
	return __builtin_popcountll(w);
}

#endif /* _SHIM_LINUX_BITOPS_H */
