/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_MANIFEST_H
#define _LINUX_KHO_ABI_MANIFEST_H

/**
 * DOC: KHO version manifest (kho-manifest-v1)
 *
 * Every x86-64 bzImage built with KHO carries the list of node compatibles
 * its kernel accepts, so that the kernel asked to kexec into it can tell,
 * before the load succeeds, whether the state it hands over will be read.
 *
 * Where: the boot protocol's kernel_info (boot protocol 2.15 and later),
 * found at file offset ``(setup_sects + 1) * 512 + kernel_info_offset``
 * (``setup_sects`` 0 means 4). kernel_info starts with ``"LToP"``, its
 * ``size`` (fixed part) and ``size_total`` (fixed and variable part), then
 * the fixed fields. KHO adds one fixed field at byte 0x10 of kernel_info,
 * ``kho_manifest_offset`` (u32): the offset of the manifest from the start
 * of kernel_info, 0 when the kernel has no KHO. A kernel_info whose
 * ``size`` is below 0x14 predates the field: no manifest. The manifest
 * itself lies in the variable part, wholly inside ``size_total``.
 *
 * Layout, all integers little endian (x86's native order; readers make no
 * assumption on alignment):
 *
 * - struct kho_manifest_header: ``magic`` (KHO_MANIFEST_MAGIC),
 *   ``header_size`` (32), ``entry_size`` (128), ``count`` (entries that
 *   follow, at most KHO_MANIFEST_MAX_ENTRIES), ``compatible``
 *   (``"kho-manifest-v1"``, NUL padded). A reader that does not know the
 *   compatible treats the image as malformed, never as "no KHO".
 * - ``count`` struct kho_manifest_entry: ``name`` and ``compatible``,
 *   each a NUL-terminated string of printable ASCII (no space) padded with
 *   NULs to its field size. One entry per accepted (node, compatible)
 *   pair; a node accepted at several versions has one entry for each.
 *   The entry named ``"/"`` carries the root compatible
 *   (KHO_ROOT_COMPATIBLE): its presence means the kernel reads KHO at all.
 *
 * The manifest lists exactly the node compatibles the kernel in the image
 * accepts at boot: both are generated from include/linux/kho/accept.h.
 */

#define KHO_MANIFEST_MAGIC		0x4d4f484bU	/* "KHOM" read as a u32 */
#define KHO_MANIFEST_COMPATIBLE		"kho-manifest-v1"
#define KHO_MANIFEST_COMPAT_LEN		16
#define KHO_MANIFEST_NAME_LEN		64
#define KHO_MANIFEST_ENTRY_COMPAT_LEN	64
#define KHO_MANIFEST_HEADER_SIZE	32
#define KHO_MANIFEST_ENTRY_SIZE		128
#define KHO_MANIFEST_MAX_ENTRIES	64
#define KHO_MANIFEST_ROOT_NAME		"/"

/* kernel_info: its fixed part and the field KHO adds to it. */
#define KHO_KERNEL_INFO_MAGIC		"LToP"
#define KHO_KERNEL_INFO_OFFSET_FIELD	0x10
#define KHO_KERNEL_INFO_MIN_SIZE	0x14

#ifndef __ASSEMBLY__
#include <linux/types.h>

/**
 * struct kho_manifest_header - start of the manifest
 * @magic: KHO_MANIFEST_MAGIC
 * @header_size: KHO_MANIFEST_HEADER_SIZE
 * @entry_size: KHO_MANIFEST_ENTRY_SIZE
 * @count: entries following the header
 * @compatible: KHO_MANIFEST_COMPATIBLE, NUL padded
 */
struct kho_manifest_header {
	__u32 magic;
	__u32 header_size;
	__u32 entry_size;
	__u32 count;
	char compatible[KHO_MANIFEST_COMPAT_LEN];
} __packed;

/**
 * struct kho_manifest_entry - one accepted node compatible
 * @name: node name, or KHO_MANIFEST_ROOT_NAME for the root
 * @compatible: the compatible accepted for that node
 */
struct kho_manifest_entry {
	char name[KHO_MANIFEST_NAME_LEN];
	char compatible[KHO_MANIFEST_ENTRY_COMPAT_LEN];
} __packed;
#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_MANIFEST_H */
