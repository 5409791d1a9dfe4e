/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_INTEL_IOMMU_H
#define _LINUX_KHO_ABI_INTEL_IOMMU_H

#include <linux/types.h>

/**
 * DOC: Intel VT-d node (intel-iommu-v2)
 *
 * Node ``intel-iommu``, ``compatible = "intel-iommu-v2"``: the DMA and
 * interrupt remapping state of the devices the old kernel kept alive.
 * Legacy (non-scalable) translation only. All integers are in the CPU's
 * native byte order (little endian on x86-64); structs are packed.
 *
 * Properties of ``intel-iommu``:
 *
 * - ``mem``: struct kho_mem[] (see abi/kho.h): the root table, every
 *   present context table, every page-table page of a preserved domain
 *   and the interrupt remapping table. The root tables, the interrupt
 *   remapping tables (rounded up to whole pages) and the page-table roots
 *   are pairwise disjoint: records of one domain id on one unit share its
 *   root, nothing else shares a page. The same holds for the pages only
 *   the live tables name: every present context table in ``mem`` and
 *   every lower-level page-table page of a preserved domain belongs to one
 *   table of one unit and is reached once. A reader walking the live
 *   tables refuses a unit with a page seen twice, and the unit it shares
 *   that page with.
 *
 * One child ``dmar@<register base in hex>`` per remapping unit with a
 * preserved device:
 *
 * - ``unit``: struct kho_vtd_unit.
 * - ``irtes``: u32[]: indices of the interrupt remapping table entries
 *   that belong to preserved devices, ascending, no duplicates. Absent or
 *   empty without interrupt remapping.
 *
 * One child ``dev@<sbdf in hex>`` of a unit per preserved device:
 *
 * - ``dev``: struct kho_vtd_dev.
 * - ``iova``: struct kho_mem[]: the IOVA ranges mapped in the device's
 *   domain (I/O virtual addresses, not physical), sorted, not
 *   overlapping, below 2^(address width). Absent in ALIAS records.
 */

#define KHO_VTD_NODE		"intel-iommu"
#define KHO_VTD_COMPATIBLE	"intel-iommu-v2"
#define KHO_VTD_UNIT_PREFIX	"dmar@"
#define KHO_VTD_DEV_PREFIX	"dev@"

/* struct kho_vtd_unit.flags */
#define KHO_VTD_UNIT_TRANSLATION	(1U << 0)	/* DMA remapping enabled */
#define KHO_VTD_UNIT_IRQ_REMAP		(1U << 1)	/* interrupt remapping enabled */

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__

/**
 * struct kho_vtd_unit - one DMA remapping unit
 * @reg_base: physical base of its registers: the unit's identity
 * @rtaddr: root table address register (legacy mode: bits 11:10 zero)
 * @irta: interrupt remapping table address register (base, EIME, size
 *	2^(S+1) entries in bits 3:0); 0 without interrupt remapping
 * @cap: capability register as read at dump time
 * @ecap: extended capability register as read at dump time
 * @agaw: adjusted guest address width of the unit (1: 39 bits, 2: 48, 3: 57)
 * @flags: KHO_VTD_UNIT_*
 */
struct kho_vtd_unit {
	u64 reg_base;
	u64 rtaddr;
	u64 irta;
	u64 cap;
	u64 ecap;
	u32 agaw;
	u32 flags;
} __packed;

/*
 * struct kho_vtd_dev.flags:
 *
 * KHO_VTD_DEV_PARKED: an owner (VFIO) claims the translation after the
 * kexec. Until it does, the new kernel leaves the live context entry alone
 * whatever domain it attaches in software, and a DMA API domain does not
 * take the preserved page table over.
 *
 * KHO_VTD_DEV_ALIAS: the record is not a device of its own but another
 * requester ID that device @owner_sbdf's DMA and MSIs carry (it sits
 * behind a conventional PCI bridge: the bridge's ID). Same domain id, page
 * table and PARKED flag as the owner's record on the same unit; no iova
 * property (the owner's applies).
 */
#define KHO_VTD_DEV_PARKED		(1U << 0)
#define KHO_VTD_DEV_ALIAS		(1U << 1)

/**
 * struct kho_vtd_dev - one preserved device and its domain
 * @sbdf: PCI segment << 16 | bus << 8 | devfn
 * @domain_id: domain id in the context entry (non-zero, below the unit's
 *	number of domains); devices sharing it share @pgd
 * @agaw: address width of the context entry (as in struct kho_vtd_unit)
 * @translation_type: context entry TT; 0 (multi-level tables) only
 * @pgd: physical address of the page-table root, a preserved page
 * @context_lo: low 64 bits of the context entry as programmed
 * @context_hi: high 64 bits of the context entry as programmed
 * @flags: KHO_VTD_DEV_*
 * @owner_sbdf: @sbdf itself, or for an ALIAS record the device whose DMA
 *	uses this requester ID
 */
struct kho_vtd_dev {
	u32 sbdf;
	u16 domain_id;
	u8 agaw;
	u8 translation_type;
	u64 pgd;
	u64 context_lo;
	u64 context_hi;
	u32 flags;
	u32 owner_sbdf;
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_INTEL_IOMMU_H */
