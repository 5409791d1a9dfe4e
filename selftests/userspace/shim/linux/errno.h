/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's error numbers. Not <errno.h>: glibc's errno.h includes
 * <linux/errno.h> itself, which would find this file again.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#include <asm-generic/errno.h>

#endif
