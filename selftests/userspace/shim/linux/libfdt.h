/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's <linux/libfdt.h> includes scripts/dtc/libfdt/libfdt.h, which
 * brings that directory's own libfdt_env.h; so does this shim, from the
 * pinned source tree scripts/libfdt-src.sh unpacks (scripts/libfdt.mk puts
 * its root on the include path). The libfdt the userspace builds link is
 * compiled from the same directory.
 */
#ifndef _SHIM_LINUX_LIBFDT_H
#define _SHIM_LINUX_LIBFDT_H

#include <scripts/dtc/libfdt/libfdt.h>

#endif
