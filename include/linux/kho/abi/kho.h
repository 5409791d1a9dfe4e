/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHO_H
#define _LINUX_KHO_ABI_KHO_H

#include <linux/types.h>

/**
 * DOC: KHO blob root (kho-handover-v2)
 *
 * The handover is one flattened device tree plus one preserved-memory map
 * kept out of line. The root node carries
 * ``compatible = "kho-handover-v2"``; every subsystem that saved state
 * adds one child node whose ``compatible`` is ``"<name>-v<N>"``, N being
 * bumped on any change of that node's layout.
 *
 * The root name is deliberately not upstream Linux's ``kho-v1``/``kho-v2``
 * (which describe other layouts under the same setup_data type): a
 * mainline kernel refuses this blob instead of misreading it, and this
 * kernel refuses theirs, and its own earlier ``kho-v1`` layout (which kept
 * a ``mem`` array in every node), the same way: one log line, cold boot.
 *
 * All numbers in the blob and the map are in the CPU's native byte order
 * (little endian on x86-64), not the big-endian cells device trees
 * normally use: producer and consumer are the same architecture, and the
 * values are used straight from memory. Property values in a device tree
 * are only 4-byte aligned, hence the packed structs.
 *
 * The root's ``mem-map`` property (struct kho_map_ref) points at the map
 * (struct kho_map_chunk): every page the next kernel must keep away from
 * its page allocator until its owner claims it, and which node owns it.
 * Subsystem nodes carry no memory list of their own; the map names each
 * owner by its node name (struct kho_map_owner), so ``dtc`` still shows
 * a small blob and the map, however large, is checked and consumed in one
 * linear pass.
 *
 * Physical ranges a node points at (page tables, interrupt remapping
 * tables, DMA chunks, BARs; each node's header says which) share no page
 * with any other such range or with another node's preserved memory: only
 * a range inside its own node's preserved memory may overlap it
 * (include/linux/kho/claims.h, checked for every node of a known layout
 * before any is used).
 *
 * Structural rules, refused by every reader (the incoming kernel, the
 * offline tools and the fuzzers run the same kho_blob_check()), each with
 * its own error code:
 *
 * - no two properties of one node have the same name, so the root has
 *   exactly one ``compatible`` and one ``mem-map``: a reader taking the
 *   last of two would see other state than one taking the first (libfdt
 *   takes the first);
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

#define KHO_ROOT_COMPATIBLE	"kho-handover-v2"
#define KHO_MAP_PROP		"mem-map"
#define KHO_COMPATIBLE_PROP	"compatible"

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__

/**
 * struct kho_mem - one physical range (range arithmetic, not an ABI record)
 * @addr: physical start address, page aligned
 * @len:  length in bytes, a non-zero multiple of the page size
 */
struct kho_mem {
	u64 addr;
	u64 len;
} __packed;

/**
 * DOC: preserved-memory map
 *
 * The map is a chain of chunks in preserved pages. Each chunk is
 * ``size`` bytes (a multiple of 4 KiB, at most %KHO_MAP_CHUNK_MAX),
 * physically contiguous and naturally aligned to 4 KiB, and starts with
 * struct kho_map_chunk. Chunks are chained by physical address in strictly
 * ascending order (``next`` lies above the end of the chunk), so a chain
 * can neither loop nor overlap itself, and each chunk records its own
 * address in ``self`` (a stale or misplaced chunk does not match).
 *
 * The first chunk holds the owner table right after its header: ``owners``
 * entries of struct kho_map_owner, each the NUL-padded name of a child of
 * the root, no name twice. Every chunk then holds ``regions`` records,
 * each a struct kho_map_region, 8-byte aligned, of one of two kinds:
 *
 * - %KHO_MAP_EXTENT: ``pages`` consecutive pages from ``addr``, all
 *   preserved (24 bytes whatever the length);
 * - %KHO_MAP_BITMAP: followed by DIV_ROUND_UP(``pages``, 64) u64 words;
 *   bit i (word i / 64, bit i % 64) set means the page at
 *   ``addr + i * 4 KiB`` is preserved. The first and the last bit are set
 *   and no bit at or past ``pages`` is (one encoding per set of pages).
 *   Every other page preserved costs 1 bit per page spanned, 0.25 byte per
 *   preserved page, plus the region header.
 *
 * Regions of the whole chain are in ascending address order and do not
 * overlap; each belongs to one owner (its index in the owner table), so a
 * page has at most one owner. ``used`` is the bytes of the chunk the
 * header, owner table and regions take; the rest is zero.
 *
 * The map lies in RAM, outside every forbidden area; preserved pages lie
 * in RAM, outside every forbidden area, the blob and the map's own chunks.
 *
 * Consuming the map costs the next kernel memory from its scratch area
 * before anything else is reserved: %KHO_MAP_RUN_COST bytes per run (a
 * stretch of consecutive preserved pages within one region). The map may
 * have at most as many runs as fit into a quarter of the scratch area;
 * the outgoing kernel refuses a larger map with the same rule the next
 * kernel applies.
 */

#define KHO_MAP_MAGIC		0x50414d4bU	/* "KMAP" read as a u32 */
#define KHO_MAP_PAGE_SHIFT	12
#define KHO_MAP_CHUNK_MAX	(4U << 20)
#define KHO_MAP_EXTENT		1
#define KHO_MAP_BITMAP		2
#define KHO_MAP_MAX_OWNERS	KHO_MAX_CHILDREN
#define KHO_MAP_RUN_COST	32

/**
 * struct kho_map_ref - the root's ``mem-map`` property
 * @addr: physical address of the first chunk, 0 for an empty map
 * @chunks: number of chunks in the chain
 * @bytes: sum of the chunks' sizes
 * @pages: preserved pages, summed over every region
 */
struct kho_map_ref {
	u64 addr;
	u64 chunks;
	u64 bytes;
	u64 pages;
} __packed;

/**
 * struct kho_map_chunk - header of one map chunk
 * @magic: %KHO_MAP_MAGIC
 * @owners: owner table entries after the header (first chunk only, else 0)
 * @self: physical address of this chunk
 * @next: physical address of the next chunk, 0 in the last one
 * @size: bytes of this chunk
 * @used: bytes used, header included
 * @regions: region records in this chunk
 * @reserved: zero
 */
struct kho_map_chunk {
	u32 magic;
	u32 owners;
	u64 self;
	u64 next;
	u32 size;
	u32 used;
	u32 regions;
	u32 reserved;
} __packed;

/**
 * struct kho_map_owner - one owner: the name of a child of the root
 * @name: NUL-padded, 1 to %KHO_MAX_NAME_LEN bytes before the first NUL
 */
struct kho_map_owner {
	char name[KHO_MAX_NAME_LEN + 1];
} __packed;

/**
 * struct kho_map_region - one region of the map
 * @addr: physical address of its first page, 4 KiB aligned
 * @pages: pages the region spans, at least 1
 * @kind: %KHO_MAP_EXTENT or %KHO_MAP_BITMAP
 * @owner: index in the owner table
 * @reserved: zero
 */
struct kho_map_region {
	u64 addr;
	u64 pages;
	u16 kind;
	u16 owner;
	u32 reserved;
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

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_KHO_H */
