// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d KHO serializer, interrupt remapping in the new kernel: the
 * preserved entries of kept devices are copied, blocked, into the new
 * table at their old indices, and a restored device's vector takes its
 * old entry back, so its MSI message never changes.
 */
#define pr_fmt(fmt) "DMAR: KHO: " fmt

#include <linux/kho.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/msi.h>
#include <linux/pci.h>
#include <linux/spinlock.h>

#include <asm/hw_irq.h>

#include "iommu.h"
#include "kho.h"
#include "kho_internal.h"

#define VTD_IRTA_EIME	BIT_ULL(11)

/**
 * intel_ir_kho_adopt() - keep preserved interrupt remapping entries
 * @iommu: a unit found with interrupt remapping enabled
 * @eim: whether this kernel uses x2APIC (extended interrupt) mode
 *
 * Called from intel_setup_irq_remapping() after it allocated a fresh
 * table. The entries of preserved devices are copied into it at the same
 * indices and stay allocated, blocked (not present, faults not reported)
 * until a restored device's vector takes its entry back; the caller then
 * switches the hardware to the new table with remapping left on, so there
 * is no window without it.
 * The old table is returned to the allocator by vtd_kho_release().
 *
 * Return: 0 if adopted, a negative errno to take the cold path.
 */
int intel_ir_kho_adopt(struct intel_iommu *iommu, int eim)
{
	u64 irta = dmar_readq(iommu->reg + DMAR_IRTA_REG);
	struct kho_vtd_in_unit *u;
	const char *why = NULL;
	unsigned int ui, kept = 0;
	struct irte *old;
	size_t i;

	if (vtd_kho_in_parse())
		return -ENOENT;
	u = vtd_kho_in_unit(iommu, &ui);
	if (!u || !(u->unit.flags & KHO_VTD_UNIT_IRQ_REMAP))
		return -ENOENT;
	if (vtd_kho_in.tables_why[ui])
		why = vtd_kho_in.tables_why[ui];
	else if (irta != u->unit.irta)
		why = "table register changed";
	else if ((irta & INTR_REMAP_TABLE_REG_SIZE_MASK) != INTR_REMAP_TABLE_REG_SIZE)
		why = "table size differs";
	else if (!!(irta & VTD_IRTA_EIME) != !!eim)
		why = "x2APIC mode differs";
	if (why) {
		pr_err("%s: interrupt remapping: %s; cold init\n", iommu->name, why);
		return -EINVAL;
	}

	old = phys_to_virt(irta & VTD_PAGE_MASK);
	for (i = 0; i < u->nirtes; i++) {
		u32 index = u->irtes[i];

		if (!old[index].present)
			continue;
		/*
		 * Blocked until its owner allocates the vector again (see
		 * intel_ir_kho_claim_irte()): an MSI in between is dropped
		 * without a fault record, not delivered to whatever owns the
		 * old vector number in this kernel.
		 */
		iommu->ir_table->base[index] = old[index];
		iommu->ir_table->base[index].present = 0;
		iommu->ir_table->base[index].fpd = 1;
		bitmap_set(iommu->ir_table->bitmap, index, 1);
		kept++;
	}
	__iommu_flush_cache(iommu, iommu->ir_table->base,
			    INTR_REMAP_TABLE_ENTRIES * sizeof(struct irte));
	vtd_kho_in.ir_adopted[ui] = true;
	pr_info("%s: interrupt remapping adopted: %u entries kept\n",
		iommu->name, kept);
	return 0;
}

/* Once the hardware uses the new interrupt table, free the old one. */
static int __init vtd_kho_release(void)
{
	unsigned int i;

	for (i = 0; i < vtd_kho_in.st.nunits; i++) {
		const struct kho_vtd_unit *unit = &vtd_kho_in.st.units[i].unit;
		struct intel_iommu *iommu = NULL;
		struct dmar_drhd_unit *drhd;

		if (!vtd_kho_in.ir_adopted[i])
			continue;
		for_each_iommu(iommu, drhd) {
			if (iommu->reg_phys != unit->reg_base ||
			    (dmar_readq(iommu->reg + DMAR_IRTA_REG) & VTD_PAGE_MASK) ==
			    (unit->irta & VTD_PAGE_MASK))
				continue;
			kho_return_mem(unit->irta & VTD_PAGE_MASK,
				       INTR_REMAP_TABLE_ENTRIES * sizeof(struct irte));
		}
	}
	return 0;
}
late_initcall(vtd_kho_release);

/* MSI vectors whose preserved IRTE their restored owner will allocate again. */
struct vtd_kho_irte_stage {
	struct device *dev;
	struct intel_iommu *iommu;
	u32 msi_index;
	u32 irte;
};

/* Vectors staged and not yet allocated again, over every restored device. */
#define VTD_KHO_MAX_STAGED	512
static DEFINE_SPINLOCK(vtd_kho_stage_lock);
static struct vtd_kho_irte_stage vtd_kho_staged[VTD_KHO_MAX_STAGED];
static unsigned int vtd_kho_nstaged;

/* Does @pdev's DMA or MSI carry requester ID @rid (its own or an alias)? */
static bool vtd_kho_is_rid_of(struct pci_dev *pdev, u16 rid)
{
	struct vtd_kho_aliases a;
	unsigned int i;

	if (rid == pci_dev_id(pdev))
		return true;
	if (vtd_kho_aliases(pdev, &a))
		return false;
	for (i = 0; i < a.n; i++)
		if (a.rid[i] == rid)
			return true;
	return false;
}

/* Was @irte kept for @iommu by intel_ir_kho_adopt()? */
static bool vtd_kho_irte_adopted(struct intel_iommu *iommu, u32 irte)
{
	struct kho_vtd_in_unit *u;
	unsigned int ui;
	size_t i;

	if (!vtd_kho_in.parsed || vtd_kho_in.err)
		return false;
	u = vtd_kho_in_unit(iommu, &ui);
	if (!u || !vtd_kho_in.ir_adopted[ui])
		return false;
	for (i = 0; i < u->nirtes; i++)
		if (u->irtes[i] == irte)
			return true;
	return false;
}

/**
 * intel_ir_kho_stage() - let a restored device's vector reuse its old IRTE
 * @dev: the PCI device
 * @msi_index: MSI or MSI-X vector number
 * @irte: the interrupt remapping table entry it used before the kexec
 *
 * The next allocation of that vector for @dev takes @irte instead of a
 * free entry, so the device's MSI message (which encodes the entry) is
 * the one it already has, and the entry is rewritten for the new kernel's
 * vector and CPU.
 *
 * Return: 0, -EINVAL if @irte was not preserved for @dev's requester ID,
 * -ENOSPC if too many are staged.
 */
int intel_ir_kho_stage(struct device *dev, u32 msi_index, u32 irte)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct intel_iommu *iommu = info ? info->iommu : NULL;
	int err = 0;

	if (!iommu || !iommu->ir_table || !dev_is_pci(dev) ||
	    irte >= INTR_REMAP_TABLE_ENTRIES || !vtd_kho_irte_adopted(iommu, irte) ||
	    !vtd_kho_is_rid_of(to_pci_dev(dev), iommu->ir_table->base[irte].sid))
		return -EINVAL;
	spin_lock(&vtd_kho_stage_lock);
	if (vtd_kho_nstaged == VTD_KHO_MAX_STAGED) {
		err = -ENOSPC;
	} else {
		vtd_kho_staged[vtd_kho_nstaged++] = (struct vtd_kho_irte_stage){
			.dev = dev, .iommu = iommu, .msi_index = msi_index, .irte = irte,
		};
	}
	spin_unlock(&vtd_kho_stage_lock);
	return err;
}
EXPORT_SYMBOL_GPL(intel_ir_kho_stage);

/**
 * intel_ir_kho_claim_irte() - the preserved IRTE staged for a vector
 * @iommu: the unit allocating
 * @info: the allocation (a single MSI or MSI-X vector)
 * @nr_irqs: number of vectors allocated at once
 *
 * Called from intel_irq_remapping_alloc(). The entry is already allocated
 * in the table's bitmap (intel_ir_kho_adopt() kept it), so the caller only
 * takes it over; it is freed the normal way.
 *
 * Return: the entry's index, -ENOENT if none is staged.
 */
int intel_ir_kho_claim_irte(struct intel_iommu *iommu, struct irq_alloc_info *info,
			    unsigned int nr_irqs)
{
	int index = -ENOENT;
	unsigned int i;

	if (nr_irqs != 1 || !info->desc)
		return -ENOENT;
	spin_lock(&vtd_kho_stage_lock);
	for (i = 0; i < vtd_kho_nstaged; i++) {
		struct vtd_kho_irte_stage *st = &vtd_kho_staged[i];

		if (st->iommu != iommu || st->dev != msi_desc_to_dev(info->desc) ||
		    st->msi_index != info->desc->msi_index)
			continue;
		index = st->irte;
		*st = vtd_kho_staged[--vtd_kho_nstaged];
		break;
	}
	spin_unlock(&vtd_kho_stage_lock);
	if (index >= 0)
		dev_info(msi_desc_to_dev(info->desc), "KHO: vector %u reuses preserved IRTE %d\n",
			 info->desc->msi_index, index);
	return index;
}
