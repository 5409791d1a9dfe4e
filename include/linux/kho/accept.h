/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node layouts this kernel reads, in one list: the only place a
 * serializer registers. Present only when the code that reads the node is
 * built (in or as a module).
 *
 * KHO_NODE(name, compatible, type): a layout with a node type (struct
 * kho_node_type in <linux/kho/nodes.h>, defined next to its parser in the
 * serializer's portable file). Its check runs in the incoming kernel,
 * kho-check, kho-dump, the harness and the fuzzers; its decoder in
 * kho-dump; its example writer seeds the generic tests and fuzz target.
 * KHO_ACCEPT(name, compatible): a pair accepted without a node type (the
 * root, test-only nodes).
 *
 * Every entry is a pair the kernel accepts. The includer defines
 * KHO_ACCEPT, and KHO_NODE if it wants the types (an includer without
 * KHO_NODE sees each KHO_NODE as a KHO_ACCEPT). Included by
 * kernel/kho/accept.c, the table the incoming kernel checks nodes
 * against, by kernel/kho/nodes.c, the node table, and by the
 * decompressor's kernel_info.S, which writes the pairs into the image's
 * manifest (include/linux/kho/abi/manifest.h). So the set a kernel
 * accepts and the set its image advertises cannot differ.
 *
 * No include guard: each includer expands the list with its own macros.
 * Included once without KHO_ACCEPT, it only pulls in the headers the list
 * needs (C includes it so before a table's braces). Assembly-safe: only
 * string constants and symbol names.
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
#ifndef KHO_NODE
#define KHO_NODE(name, compatible, type) KHO_ACCEPT(name, compatible)
#define KHO_NODE_DEFAULTED
#endif

#if IS_ENABLED(CONFIG_KEXEC_HANDOVER)
/* This kernel reads a KHO handover at all. */
KHO_ACCEPT(KHO_MANIFEST_ROOT_NAME, KHO_ROOT_COMPATIBLE)
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_TEST)
KHO_NODE(KHO_TEST_NAME, KHO_TEST_COMPATIBLE_V1, kho_test_v1_node_type)
/* A second node the test serializer writes for map tests; nobody reads it. */
KHO_ACCEPT("kho-test-twin", "kho-test-twin-v1")
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_TEST_V2)
/* A newer version that still reads v1 (build B). */
KHO_NODE(KHO_TEST_NAME, KHO_TEST_COMPATIBLE_V2, kho_test_v2_node_type)
#endif
#if IS_ENABLED(CONFIG_INTEL_IOMMU_KHO)
KHO_NODE(KHO_VTD_NODE, KHO_VTD_COMPATIBLE, kho_vtd_node_type)
#endif
#if IS_ENABLED(CONFIG_INTEL_IOMMU_KHO_TEST)
/* drivers/iommu/intel/kho_edu_test.c: NODE_NAME, NODE_COMPATIBLE */
KHO_ACCEPT("vtd-edu-test", "vtd-edu-test-v1")
#endif
#if IS_ENABLED(CONFIG_PCI_KHO)
KHO_NODE(KHO_PCI_NODE, KHO_PCI_COMPATIBLE, kho_pci_node_type)
#endif
#if IS_ENABLED(CONFIG_VFIO_KHO)
KHO_NODE(KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE, kho_vfio_node_type)
#endif
#if IS_ENABLED(CONFIG_KHOFS)
KHO_NODE(KHOFS_NODE, KHOFS_COMPATIBLE, khofs_node_type)
#endif
#if IS_ENABLED(CONFIG_KEXEC_HANDOVER_META)
KHO_NODE(KHO_META_NAME, KHO_META_COMPATIBLE, kho_meta_node_type)
#endif

#ifdef KHO_NODE_DEFAULTED
#undef KHO_NODE
#undef KHO_NODE_DEFAULTED
#endif
#endif /* KHO_ACCEPT */
