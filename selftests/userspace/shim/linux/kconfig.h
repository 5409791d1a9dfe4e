/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/kconfig.h>. The offline tools, the harness
 * and the fuzzers check every node layout, so every option that adds one
 * counts as enabled: CONFIG_KEXEC_HANDOVER_TEST, CONFIG_INTEL_IOMMU_KHO,
 * CONFIG_PCI_KHO, CONFIG_VFIO_KHO and CONFIG_KHOFS (kernel/kho/nodes.c).
 */
#ifndef _SHIM_LINUX_KCONFIG_H
#define _SHIM_LINUX_KCONFIG_H

#define IS_ENABLED(option)	1

#endif
