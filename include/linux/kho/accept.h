/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node compatibles this kernel accepts: one KHO_ACCEPT(name,
 * compatible) line per accepted pair, present only when the code that
 * reads the node is built (in or as a module). The includer defines
 * KHO_ACCEPT. Included twice per build: by kernel/kho/accept.c, the table
 * the incoming kernel checks nodes against, and by the decompressor's
 * kernel_info.S, which writes the same pairs into the image's manifest
 * (include/linux/kho/abi/manifest.h). So the set a kernel accepts and the
 * set its image advertises cannot differ.
 *
 * No include guard: each includer expands the list with its own
 * KHO_ACCEPT. Included once without KHO_ACCEPT, it only pulls in the
 * headers the list needs (C includes it so before a table's braces).
 * Assembly-safe: only string constants.
 */
#include <linux/kconfig.h>
#include <linux/kho/abi/manifest.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/abi/kho-test.h>
#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/pci.h>
#include <linux/kho/abi/vfio.h>
#include <linux/kho/abi/khofs.h>
#include <linux/kho/abi/kho-meta.h>

#ifdef KHO_ACCEPT
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER)
/* This kernel reads a KHO handover at all. */
KHO_ACCEPT(KHO_MANIFEST_ROOT_NAME, KHO_ROOT_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_TEST)
KHO_ACCEPT(KHO_TEST_NAME, KHO_TEST_COMPATIBLE_V1)
/* A second node the test serializer writes for map tests; nobody reads it. */
KHO_ACCEPT("kho-test-twin", "kho-test-twin-v1")
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_TEST_V2)
/* A newer version that still reads v1 (build B). */
KHO_ACCEPT(KHO_TEST_NAME, KHO_TEST_COMPATIBLE_V2)
#endif
#if IS_ENABLED(CONFIG_INTEL_IOMMU_KHO)
KHO_ACCEPT(KHO_VTD_NODE, KHO_VTD_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_INTEL_IOMMU_KHO_TEST)
/* drivers/iommu/intel/kho_edu_test.c: NODE_NAME, NODE_COMPATIBLE */
KHO_ACCEPT("vtd-edu-test", "vtd-edu-test-v1")
#endif
#if IS_ENABLED(CONFIG_PCI_KHO)
KHO_ACCEPT(KHO_PCI_NODE, KHO_PCI_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_VFIO_KHO)
KHO_ACCEPT(KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_KHOFS)
KHO_ACCEPT(KHOFS_NODE, KHOFS_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_META)
KHO_ACCEPT(KHO_META_NAME, KHO_META_COMPATIBLE)
#endif
#endif /* KHO_ACCEPT */
