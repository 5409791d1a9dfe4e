/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHO_H
#define _LINUX_KHO_ABI_KHO_H

#include <linux/types.h>

/**
 * DOC: KHO blob root (kho-v1)
 *
 * The handover blob is one flattened device tree. Its root node carries
 * ``compatible = "kho-v1"``; every subsystem that saved state adds one
 * child node whose ``compatible`` is ``"<name>-v<N>"``, N being bumped on
 * any change of that node's layout.
 *
 * Any node may carry a ``mem`` property: the physical ranges the next
 * kernel must keep away from its page allocator until the owner claims
 * them. It is an array of struct kho_mem, each field a u64 in the CPU's
 * native byte order (little endian on x86-64), not the big-endian cells
 * device trees normally use: producer and consumer are the same
 * architecture, and the ranges are copied straight into kernel tables.
 *
 * Only the subsystem nodes (children of the root) may carry ``mem``, and
 * at most %KHO_MAX_MEM_NODES of them. Within one ``mem`` property the
 * ranges are sorted by address, do not overlap, have a non-zero length,
 * and start and end on a page boundary; ranges of different nodes do not
 * overlap either. Property values in a device tree are only 4-byte
 * aligned, hence the packed struct.
 *
 * Physical ranges a node points at (page tables, interrupt remapping
 * tables, DMA chunks, BARs; each node's header says which) share no page
 * with any other such range or with another node's ``mem``: only a range
 * inside its own node's ``mem`` may overlap it (include/linux/kho/claims.h,
 * checked for every node of a known layout before any is used).
 *
 * Structural rules, refused by every reader (the incoming kernel, the
 * offline tools and the fuzzers run the same kho_blob_check()), each with
 * its own error code:
 *
 * - no two properties of one node have the same name, so the root has
 *   exactly one ``compatible`` and a node exactly one ``mem``: a reader
 *   taking the last of two would see other state than one taking the
 *   first (libfdt takes the first);
 * - no two children of one node have the same name;
 * - a node's properties come before its children (libfdt does not see a
 *   property after a child);
 * - node and property names are 1 to %KHO_MAX_NAME_LEN bytes (the root's
 *   name is empty), nodes nest at most %KHO_MAX_DEPTH deep counting the
 *   root, a node has at most %KHO_MAX_PROPS properties and at most
 *   %KHO_MAX_CHILDREN children.
 *
 * The limits keep the duplicate checks linear in the blob size without
 * any allocation (they run in early boot): each node's property and child
 * names, at most %KHO_MAX_CHILDREN, are sorted in a stack array and
 * compared with their neighbours. The writers stay inside them: the most
 * children any node has is the vfio node's 64 containers and 64 devices
 * (128) or an intel-iommu dmar@'s 128 device records; the pci node keeps
 * its up to 256 records in one property instead of children. The deepest
 * node is an intel-iommu dev@ at depth 4, no node has more than 8
 * properties. A larger limit in a later kernel is no
 * format change; an older kernel refuses such a blob as a whole.
 */

#define KHO_MAX_NAME_LEN	63
#define KHO_MAX_DEPTH		8
#define KHO_MAX_PROPS		32
#define KHO_MAX_CHILDREN	128

#define KHO_ROOT_COMPATIBLE	"kho-v1"
#define KHO_MEM_PROP		"mem"
#define KHO_COMPATIBLE_PROP	"compatible"
#define KHO_MAX_MEM_NODES	32

/**
 * struct kho_mem - one preserved physical range
 * @addr: physical start address, page aligned
 * @len:  length in bytes, a non-zero multiple of the page size
 */
struct kho_mem {
	u64 addr;
	u64 len;
} __packed;

/**
 * DOC: x86 handover (setup_data type 10)
 *
 * kexec_file_load passes the blob to the next kernel as one setup_data
 * entry of type %KHO_SETUP_DATA_TYPE whose payload is struct
 * kho_setup_data. The blob itself stays where the old kernel built it,
 * in pages that are not part of any kexec segment; the next kernel keeps
 * them, and every range the blob lists, out of its allocator from its
 * first memblock step on.
 *
 * The scratch range is where the old kernel placed the kexec segments
 * (the new kernel image, its initrd and boot parameters). Preserved
 * memory never lies inside it, which the next kernel checks. A zero
 * ``scratch_size`` is refused; the next kernel also forbids its own initrd,
 * boot_params, command line and setup_data entries, scratch or not.
 */

#define KHO_SETUP_DATA_TYPE	10

/**
 * struct kho_setup_data - payload of the KHO setup_data entry
 * @fdt_addr: physical address of the blob, page aligned
 * @fdt_size: size of the blob in bytes (its FDT totalsize)
 * @scratch_addr: physical start of the old kernel's scratch range
 * @scratch_size: its size in bytes
 */
struct kho_setup_data {
	u64 fdt_addr;
	u64 fdt_size;
	u64 scratch_addr;
	u64 scratch_size;
} __packed;

#endif /* _LINUX_KHO_ABI_KHO_H */
