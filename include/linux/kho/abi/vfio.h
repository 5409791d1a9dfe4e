/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_VFIO_H
#define _LINUX_KHO_ABI_VFIO_H

#include <linux/types.h>

/**
 * DOC: VFIO node (vfio-v2)
 *
 * Node ``vfio``, ``compatible = "vfio-v2"``: vfio-pci devices a VMM put
 * into keepalive (include/uapi/linux/vfio_kho.h), the DMA mappings of
 * their type1 containers and their interrupt vectors. All integers are in
 * the CPU's native byte order (little endian on x86-64); structs are
 * packed.
 *
 * Properties of ``vfio``:
 *
 * - ``mem``: struct kho_mem[] (see abi/kho.h): every page pinned for
 *   DMA by a dumped container that is not file data of the ``khofs``
 *   node. Each ``phys`` range below without %KHO_VFIO_MAP_KHOFS lies
 *   inside it, and it holds nothing else.
 *
 * One child ``container@<n in hex>`` per dumped type1 container, n
 * counting from 0:
 *
 * - ``maps``: struct kho_vfio_map[]: the container's DMA mappings as
 *   physically contiguous chunks, ascending by IOVA, not overlapping, page
 *   aligned. No physical page is in two chunks, of one container or of
 *   two (the next kernel pins each page once). Consecutive chunks with the same ``dma`` number are one
 *   mapping of the VMM (one VFIO_IOMMU_MAP_DMA) and are contiguous in
 *   IOVA with the same ``prot``; ``dma`` numbers ascend from 0.
 *
 * A chunk with %KHO_VFIO_MAP_KHOFS in ``flags`` is *borrowed*: guest RAM
 * that lives in a file of the preserved memory filesystem, whose pages
 * the ``khofs`` node (abi/khofs.h) preserves in its own ``mem``. Its
 * ``phys`` range lies inside the khofs node's mem, not vfio's; a blob
 * with a borrowed chunk and no child of the root named exactly ``khofs``
 * is refused. The next kernel restores the khofs tree first and keeps
 * each borrowed page alive for the device as a reference on the file's
 * page, never as vfio's own memory. One mapping (one ``dma`` number) may
 * mix borrowed chunks and chunks of vfio's mem.
 *
 * One child ``dev@<sbdf in hex>`` per kept device, ascending by sbdf.
 * Several devices may name one container: the kept devices of its iommu
 * groups, which all translate through its one page table. Properties:
 *
 * - ``dev``: struct kho_vfio_dev.
 * - ``vectors``: struct kho_vfio_vector[]: the MSI or MSI-X vectors the
 *   VMM had enabled, ascending by ``index``. Absent or empty without.
 */

#define KHO_VFIO_NODE			"vfio"
#define KHO_VFIO_COMPATIBLE		"vfio-v2"
#define KHO_VFIO_DEV_PREFIX		"dev@"
#define KHO_VFIO_CONTAINER_PREFIX	"container@"
#define KHO_VFIO_TOKEN_LEN		16
#define KHO_VFIO_SALT_LEN		16
#define KHO_VFIO_HASH_LEN		32

/* struct kho_vfio_dev.irq_type */
#define KHO_VFIO_IRQ_NONE	0
#define KHO_VFIO_IRQ_MSI	1
#define KHO_VFIO_IRQ_MSIX	2

/* struct kho_vfio_dev.flags */
#define KHO_VFIO_DEV_RESET_WORKS	(1U << 0)	/* vfio-pci found a reset */
#define KHO_VFIO_DEV_PCI_2_3		(1U << 1)	/* INTx masking works */
#define KHO_VFIO_DEV_NOINTX		(1U << 2)	/* INTx disabled by quirk */

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__

/**
 * struct kho_vfio_dev - one kept vfio-pci device
 * @sbdf: PCI segment << 16 | bus << 8 | devfn
 * @flags: KHO_VFIO_DEV_*
 * @container: number of its container child node
 * @irq_type: KHO_VFIO_IRQ_*
 * @reserved: zero
 * @salt: random, never all zero
 * @hash: SHA-256 of @salt followed by the owner's 16-byte token; the
 *	token itself is never written
 */
struct kho_vfio_dev {
	u32 sbdf;
	u32 flags;
	u32 container;
	u8 irq_type;
	u8 reserved[3];
	u8 salt[KHO_VFIO_SALT_LEN];
	u8 hash[KHO_VFIO_HASH_LEN];
} __packed;

/**
 * struct kho_vfio_vector - one enabled interrupt vector
 * @index: MSI or MSI-X vector number as the VMM numbered it
 * @irte: interrupt remapping table entry it was routed through
 */
struct kho_vfio_vector {
	u32 index;
	u32 irte;
} __packed;

/* struct kho_vfio_map.prot */
#define KHO_VFIO_PROT_READ	(1U << 0)	/* the device may read */
#define KHO_VFIO_PROT_WRITE	(1U << 1)	/* the device may write */

/* struct kho_vfio_map.flags */
#define KHO_VFIO_MAP_KHOFS	(1U << 0)	/* borrowed: in the khofs node's mem */

/**
 * struct kho_vfio_map - one physically contiguous chunk of a DMA mapping
 * @iova: first I/O virtual address
 * @phys: first physical address: inside the vfio node's mem, or with
 *	%KHO_VFIO_MAP_KHOFS inside the khofs node's
 * @len: bytes, a multiple of the page size, not zero
 * @prot: KHO_VFIO_PROT_*, not zero
 * @flags: KHO_VFIO_MAP_*
 * @dma: number of the VMM mapping the chunk belongs to
 *
 * vfio-v1 had a u32 @prot where @prot and @flags are: the same bytes,
 * with @flags always zero.
 */
struct kho_vfio_map {
	u64 iova;
	u64 phys;
	u64 len;
	u16 prot;
	u16 flags;
	u32 dma;
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_VFIO_H */
