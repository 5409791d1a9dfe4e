/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's <linux/libfdt.h> wraps the same libfdt Debian ships. */
#ifndef _SHIM_LINUX_LIBFDT_H
#define _SHIM_LINUX_LIBFDT_H

#include <libfdt.h>

#endif
