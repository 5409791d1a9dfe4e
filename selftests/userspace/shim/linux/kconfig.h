/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/kconfig.h>. The offline tools, the harness
 * and the fuzzers check every node layout, so every option that adds one
 * counts as enabled.
 */
#ifndef _SHIM_LINUX_KCONFIG_H
#define _SHIM_LINUX_KCONFIG_H

#define IS_ENABLED(option)	1

#endif
