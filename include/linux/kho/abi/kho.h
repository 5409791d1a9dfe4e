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
 */

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
