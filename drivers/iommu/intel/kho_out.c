// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d KHO serializer, old kernel: DMA remapping of marked devices
 * survives a KHO kexec. The dump records, per remapping unit, the root
 * table, every context table and, per marked device, its domain id and
 * page tables; translation stays on across the kexec. The next kernel's
 * side is kho_in.c (DMA remapping) and kho_irq.c (interrupt remapping).
 * Legacy (non-scalable) mode only.
 *
 * The node layout and its checker are in kho_node.c (portable).
 */
#define pr_fmt(fmt) "DMAR: KHO: " fmt

#include <linux/iommu.h>
#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/intel-iommu.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "iommu.h"
#include "kho.h"
#include "kho_internal.h"

/* Outgoing: devices marked for preservation, and what the dump recorded. */
static DEFINE_MUTEX(vtd_kho_lock);
static struct device *vtd_kho_marked[KHO_VTD_MAX_DEVS];
static u32 vtd_kho_marked_flags[KHO_VTD_MAX_DEVS];
static unsigned int vtd_kho_nmarked;
static u64 vtd_kho_dumped_units[KHO_VTD_MAX_UNITS];
static unsigned int vtd_kho_ndumped;
/* A frozen DMA-API domain was unmapped: this handover keeps nothing alive. */
static bool vtd_kho_spoiled;

/* A growable array of ranges, for pages and IOVAs found while dumping. */
struct vtd_kho_vec {
	struct kho_mem *r;
	size_t n, cap;
};

static int vtd_kho_vec_add(struct vtd_kho_vec *v, u64 addr, u64 len)
{
	if (v->n && v->r[v->n - 1].addr + v->r[v->n - 1].len == addr) {
		v->r[v->n - 1].len += len;
		return 0;
	}
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 64;
		struct kho_mem *r = kvrealloc(v->r, cap * sizeof(*r), GFP_KERNEL);

		if (!r)
			return -ENOMEM;
		v->r = r;
		v->cap = cap;
	}
	v->r[v->n].addr = addr;
	v->r[v->n].len = len;
	v->n++;
	return 0;
}

static void vtd_kho_vec_free(struct vtd_kho_vec *v)
{
	kvfree(v->r);
	memset(v, 0, sizeof(*v));
}

/*
 * pci_for_each_dma_alias() callback. Only the ID of a conventional PCI
 * bridge is supported: a PCIe-to-PCI bridge's alias stands for its whole
 * secondary bus (and its MSIs are verified by bus range), and quirk
 * aliases of the device itself are not topology.
 */
static int vtd_kho_collect_alias(struct pci_dev *pdev, u16 alias, void *data)
{
	struct vtd_kho_aliases *a = data;

	if (alias == pci_dev_id(a->dev))
		return 0;
	if (pdev == a->dev || !pci_is_bridge(pdev) || pci_is_pcie(pdev) ||
	    alias != pci_dev_id(pdev) || a->n == ARRAY_SIZE(a->rid)) {
		a->unsupported = true;
		return 1;
	}
	a->rid[a->n++] = alias;
	return 0;
}

int vtd_kho_aliases(struct pci_dev *pdev, struct vtd_kho_aliases *a)
{
	memset(a, 0, sizeof(*a));
	a->dev = pdev;
	pci_for_each_dma_alias(pdev, vtd_kho_collect_alias, a);
	return a->unsupported ? -EINVAL : 0;
}

/* Mark a device for the next dump, with its record flags. */
static int vtd_kho_mark(struct device *dev, u32 flags)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct vtd_kho_aliases aliases;
	unsigned int i;
	int err = 0;

	if (!dev_is_pci(dev) || !info || !info->iommu || !info->domain ||
	    !info->domain_attached || sm_supported(info->iommu) ||
	    info->domain->use_first_level || info->ats_supported) {
		dev_err(dev, "KHO: cannot preserve: needs a legacy-mode paging domain, no ATS\n");
		return -EINVAL;
	}
	/* Alias records exist for parked devices behind conventional bridges. */
	if (vtd_kho_aliases(to_pci_dev(dev), &aliases) ||
	    (aliases.n && !(flags & KHO_VTD_DEV_PARKED))) {
		dev_err(dev, "KHO: cannot preserve: unsupported DMA aliases\n");
		return -EINVAL;
	}
	mutex_lock(&vtd_kho_lock);
	for (i = 0; i < vtd_kho_nmarked; i++)
		if (vtd_kho_marked[i] == dev)
			err = -EBUSY;
	if (!err && vtd_kho_nmarked == KHO_VTD_MAX_DEVS)
		err = -ENOSPC;
	if (!err)
		err = kho_dev_mark(to_pci_dev(dev), KHO_STEP_IOMMU);
	if (!err) {
		vtd_kho_marked_flags[vtd_kho_nmarked] = flags;
		vtd_kho_marked[vtd_kho_nmarked++] = get_device(dev);
	}
	mutex_unlock(&vtd_kho_lock);
	if (!err)
		dev_info(dev, "KHO: DMA translation will be preserved%s\n",
			 flags & KHO_VTD_DEV_PARKED ? ", parked for its owner" : "");
	return err;
}

/**
 * intel_iommu_kho_preserve() - keep a device's DMA translation across kexec
 * @dev: a PCI device attached to a paging DMA domain of a legacy-mode unit
 *
 * From the next KHO dump on, the device's context entry, domain id and
 * page tables are handed to the next kernel and translation stays on for
 * it during the kexec. There, the device's first DMA domain takes the
 * page table over. The memory the device DMAs into is not preserved here:
 * its owner preserves it. The domain must not be changed between the dump
 * and the kexec.
 *
 * Devices whose DMA carries another requester ID (behind a bridge) are
 * refused: only intel_iommu_kho_park() records aliases.
 *
 * Return: 0, -EINVAL for a device that cannot be preserved, -ENOSPC if
 * too many are marked, -EBUSY if already marked.
 */
int intel_iommu_kho_preserve(struct device *dev)
{
	return vtd_kho_mark(dev, 0);
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_preserve);

/**
 * intel_iommu_kho_park() - preserve a device's translation for its owner
 * @dev: as for intel_iommu_kho_preserve()
 *
 * Like intel_iommu_kho_preserve(), but in the next kernel the live context
 * entry stays untouched, whatever domains are attached to the device in
 * software, until the owner proves itself and calls
 * intel_iommu_kho_unpark(). A device behind conventional PCI bridges is
 * accepted: the context entries of the bridges' requester IDs, which its
 * DMA carries, are recorded as aliases and parked with it.
 *
 * Return: as intel_iommu_kho_preserve().
 */
int intel_iommu_kho_park(struct device *dev)
{
	return vtd_kho_mark(dev, KHO_VTD_DEV_PARKED);
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_park);

/**
 * intel_iommu_kho_unpreserve() - undo intel_iommu_kho_preserve()
 * @dev: the device
 */
void intel_iommu_kho_unpreserve(struct device *dev)
{
	unsigned int i;

	mutex_lock(&vtd_kho_lock);
	for (i = 0; i < vtd_kho_nmarked; i++)
		if (vtd_kho_marked[i] == dev) {
			vtd_kho_marked[i] = vtd_kho_marked[--vtd_kho_nmarked];
			vtd_kho_marked_flags[i] = vtd_kho_marked_flags[vtd_kho_nmarked];
			kho_dev_unmark(to_pci_dev(dev), KHO_STEP_IOMMU);
			put_device(dev);
			break;
		}
	mutex_unlock(&vtd_kho_lock);
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_unpreserve);

/**
 * intel_iommu_kho_keep_on() - leave translation on at kexec shutdown
 * @iommu: a remapping unit
 *
 * Return: true during a KHO kexec for a unit whose state was dumped.
 */
bool intel_iommu_kho_keep_on(struct intel_iommu *iommu)
{
	unsigned int i;

	if (!kho_handover_pending() || READ_ONCE(vtd_kho_spoiled))
		return false;
	for (i = 0; i < vtd_kho_ndumped; i++)
		if (vtd_kho_dumped_units[i] == iommu->reg_phys)
			return true;
	return false;
}

/* Collect the table pages and mapped IOVA ranges of one page-table level. */
static int vtd_kho_walk(struct dma_pte *table, int level, u64 iova,
			struct vtd_kho_vec *pages, struct vtd_kho_vec *iovas)
{
	unsigned int shift = VTD_PAGE_SHIFT + 9 * (level - 1), i;
	int err;

	err = vtd_kho_vec_add(pages, virt_to_phys(table), VTD_PAGE_SIZE);
	for (i = 0; !err && i < 512; i++) {
		struct dma_pte *pte = &table[i];
		u64 base = iova + ((u64)i << shift);

		if (!dma_pte_present(pte))
			continue;
		if (level == 1 || dma_pte_superpage(pte))
			err = vtd_kho_vec_add(iovas, base, 1ULL << shift);
		else
			err = vtd_kho_walk(phys_to_virt(dma_pte_addr(pte)),
					   level - 1, base, pages, iovas);
	}
	return err;
}

struct vtd_kho_dump_dev {
	struct kho_vtd_dev rec;
	struct vtd_kho_vec iovas;
};

struct vtd_kho_dump_unit {
	struct intel_iommu *iommu;
	struct kho_vtd_unit rec;
	u32 *irtes;
	size_t nirtes;
	unsigned int ndevs;
	struct vtd_kho_dump_dev devs[KHO_VTD_MAX_DEVS];
};

static struct vtd_kho_dump_unit *vtd_kho_unit_for(struct vtd_kho_dump_unit *units,
						  unsigned int *nunits,
						  struct intel_iommu *iommu)
{
	unsigned int i;

	for (i = 0; i < *nunits; i++)
		if (units[i].iommu == iommu)
			return &units[i];
	if (*nunits == KHO_VTD_MAX_UNITS)
		return NULL;
	units[*nunits].iommu = iommu;
	return &units[(*nunits)++];
}

/* Root table, every present context table, the interrupt remapping table. */
static int vtd_kho_dump_unit(struct vtd_kho_dump_unit *u, struct vtd_kho_vec *pages)
{
	struct intel_iommu *iommu = u->iommu;
	unsigned int bus, i;
	int err;

	u->rec.reg_base = iommu->reg_phys;
	u->rec.rtaddr = dmar_readq(iommu->reg + DMAR_RTADDR_REG);
	u->rec.cap = iommu->cap;
	u->rec.ecap = iommu->ecap;
	u->rec.agaw = iommu->agaw;
	u->rec.flags = KHO_VTD_UNIT_TRANSLATION;
	if (u->rec.rtaddr != virt_to_phys(iommu->root_entry)) {
		pr_err("%s: root table register does not match the driver\n", iommu->name);
		return -EBUSY;
	}
	err = vtd_kho_vec_add(pages, u->rec.rtaddr, VTD_PAGE_SIZE);
	for (bus = 0; !err && bus < 256; bus++)
		if (iommu->root_entry[bus].lo & 1)
			err = vtd_kho_vec_add(pages, iommu->root_entry[bus].lo & VTD_PAGE_MASK,
					      VTD_PAGE_SIZE);
	if (err || !iommu->ir_table)
		return err;

	/* Interrupt remapping: the table and the entries of marked devices. */
	u->rec.flags |= KHO_VTD_UNIT_IRQ_REMAP;
	u->rec.irta = dmar_readq(iommu->reg + DMAR_IRTA_REG);
	err = vtd_kho_vec_add(pages, virt_to_phys(iommu->ir_table->base),
			      INTR_REMAP_TABLE_ENTRIES * sizeof(struct irte));
	u->irtes = kvcalloc(INTR_REMAP_TABLE_ENTRIES, sizeof(u32), GFP_KERNEL);
	if (err || !u->irtes)
		return err ? err : -ENOMEM;
	for (i = 0; i < INTR_REMAP_TABLE_ENTRIES; i++) {
		struct irte *e = &iommu->ir_table->base[i];
		unsigned int d;

		if (!e->present || e->svt != 1)
			continue;
		for (d = 0; d < u->ndevs; d++)
			if (e->sid == (u->devs[d].rec.sbdf & 0xffff)) {
				u->irtes[u->nirtes++] = i;
				break;
			}
	}
	return 0;
}

/* One context entry of a marked device (its own ID or an alias) as a record. */
static int vtd_kho_dump_rid(struct vtd_kho_dump_unit *u, struct device *dev,
			    u16 rid, u32 flags, u32 owner_sbdf)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct vtd_kho_dump_dev *d = &u->devs[u->ndevs];
	struct intel_iommu *iommu = info->iommu;
	struct dmar_domain *domain = info->domain;
	struct context_entry *ctx;
	unsigned int i;

	if (u->ndevs == KHO_VTD_MAX_DEVS)
		return -ENOSPC;
	for (i = 0; i < u->ndevs; i++)
		if (u->devs[i].rec.sbdf == vtd_kho_sbdf(info->segment, PCI_BUS_NUM(rid),
							 rid & 0xff)) {
			dev_err(dev, "KHO: requester ID %04x is another kept device's too\n",
				rid);
			return -EBUSY;
		}
	memset(d, 0, sizeof(*d));
	spin_lock(&iommu->lock);
	ctx = iommu_context_addr(iommu, PCI_BUS_NUM(rid), rid & 0xff, 0);
	if (ctx) {
		d->rec.context_lo = ctx->lo;
		d->rec.context_hi = ctx->hi;
	}
	spin_unlock(&iommu->lock);
	d->rec.sbdf = vtd_kho_sbdf(info->segment, PCI_BUS_NUM(rid), rid & 0xff);
	d->rec.domain_id = domain_id_iommu(domain, iommu);
	d->rec.agaw = domain->agaw;
	d->rec.pgd = virt_to_phys(domain->pgd);
	d->rec.flags = flags;
	d->rec.owner_sbdf = owner_sbdf;
	if (!ctx || !context_present(ctx) || domain->agaw != iommu->agaw ||
	    (d->rec.context_lo & VTD_PAGE_MASK) != d->rec.pgd ||
	    context_domain_id(ctx) != d->rec.domain_id) {
		dev_err(dev, "KHO: context entry %04x does not match its domain\n", rid);
		return -EBUSY;
	}
	u->ndevs++;
	return 0;
}

static int vtd_kho_dump_dev(struct vtd_kho_dump_unit *u, struct device *dev,
			    u32 flags, struct vtd_kho_vec *pages)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct pci_dev *pdev = to_pci_dev(dev);
	u32 sbdf = vtd_kho_sbdf(info->segment, info->bus, info->devfn);
	struct vtd_kho_aliases aliases;
	struct vtd_kho_dump_dev *d;
	unsigned int i;
	int err;

	err = vtd_kho_dump_rid(u, dev, pci_dev_id(pdev), flags, sbdf);
	if (err)
		return err;
	d = &u->devs[u->ndevs - 1];
	err = vtd_kho_walk(info->domain->pgd, agaw_to_level(info->domain->agaw), 0,
			   pages, &d->iovas);
	if (err || vtd_kho_aliases(pdev, &aliases))
		return err ? err : -EINVAL;
	for (i = 0; !err && i < aliases.n; i++)
		err = vtd_kho_dump_rid(u, dev, aliases.rid[i], flags | KHO_VTD_DEV_ALIAS,
				       sbdf);
	return err;
}

static void vtd_kho_free_dump(struct vtd_kho_dump_unit *units, unsigned int n)
{
	unsigned int i, d;

	for (i = 0; i < n; i++) {
		for (d = 0; d < units[i].ndevs; d++)
			vtd_kho_vec_free(&units[i].devs[d].iovas);
		kvfree(units[i].irtes);
	}
	kvfree(units);
}

static int vtd_kho_write(void *fdt, struct vtd_kho_dump_unit *units,
			 unsigned int nunits, struct vtd_kho_vec *pages)
{
	unsigned int i, d;
	int err;

	pages->n = kho_ranges_merge(pages->r, pages->n);
	err = kho_node_begin(fdt, KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(fdt, pages->r, pages->n);
	for (i = 0; !err && i < nunits; i++) {
		err = kho_vtd_unit_begin(fdt, &units[i].rec, units[i].irtes,
					 units[i].nirtes);
		for (d = 0; !err && d < units[i].ndevs; d++)
			err = kho_vtd_dev_add(fdt, &units[i].devs[d].rec,
					      units[i].devs[d].iovas.r,
					      units[i].devs[d].iovas.n);
		if (!err)
			err = kho_vtd_unit_end(fdt);
	}
	if (!err)
		err = kho_node_end(fdt);
	return err;
}

static int vtd_kho_dump(void *fdt)
{
	struct vtd_kho_vec pages = {};
	struct vtd_kho_dump_unit *units;
	unsigned int nunits = 0, i;
	int err = 0;

	if (!vtd_kho_nmarked)
		return 0;
	units = kvcalloc(KHO_VTD_MAX_UNITS, sizeof(*units), GFP_KERNEL);
	if (!units)
		return -ENOMEM;

	down_read(&dmar_global_lock);
	for (i = 0; !err && i < vtd_kho_nmarked; i++) {
		struct device *dev = vtd_kho_marked[i];
		struct vtd_kho_dump_unit *u;

		u = vtd_kho_unit_for(units, &nunits, vtd_kho_info(dev)->iommu);
		err = u ? vtd_kho_dump_dev(u, dev, vtd_kho_marked_flags[i], &pages) : -ENOSPC;
	}
	for (i = 0; !err && i < nunits; i++)
		err = vtd_kho_dump_unit(&units[i], &pages);
	up_read(&dmar_global_lock);

	if (!err)
		err = vtd_kho_write(fdt, units, nunits, &pages);
	if (!err) {
		for (i = 0; i < nunits; i++)
			vtd_kho_dumped_units[i] = units[i].rec.reg_base;
		vtd_kho_ndumped = nunits;
		pr_info("dumped %u devices on %u units, %zu page ranges\n",
			vtd_kho_nmarked, nunits, pages.n);
	}
	vtd_kho_free_dump(units, nunits);
	vtd_kho_vec_free(&pages);
	return err;
}

/*
 * DMA-API domains of marked devices, frozen from KHO_FREEZE until the
 * abort: map and unmap on them fail, so the dump walks a table that does
 * not change. (VFIO freezes its own domains at the container.)
 */
static struct dmar_domain *vtd_kho_frozen_domains[KHO_VTD_MAX_DEVS];
static unsigned int vtd_kho_nfrozen;

static void vtd_kho_freeze(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < vtd_kho_nmarked; i++) {
		struct dmar_domain *domain = vtd_kho_info(vtd_kho_marked[i])->domain;

		if (domain && iommu_is_dma_domain(&domain->domain))
			vtd_kho_frozen_domains[n++] = domain;
	}
	/* Pairs with intel_iommu_kho_frozen(): the domains before the count. */
	smp_store_release(&vtd_kho_nfrozen, n);
}

/**
 * intel_iommu_kho_frozen() - may this domain's page table gain mappings
 * @domain: a domain being mapped
 *
 * For the map path, any context: lockless. A map that passed this check
 * just before the freeze may still complete; the next kernel's checks of
 * the table (every leaf recorded and preserved) then refuse the device.
 *
 * Return: true while a KHO dump holds @domain (the caller fails).
 */
bool intel_iommu_kho_frozen(struct dmar_domain *domain)
{
	/* Pairs with vtd_kho_freeze(): the count before the domains. */
	unsigned int i, n = smp_load_acquire(&vtd_kho_nfrozen);

	for (i = 0; i < n; i++)
		if (READ_ONCE(vtd_kho_frozen_domains[i]) == domain)
			return true;
	return false;
}

/**
 * intel_iommu_kho_unmap_frozen() - a frozen domain is being unmapped
 * @domain: a domain being unmapped
 *
 * An unmap cannot fail (the DMA layer would free the IOVA and the page
 * while the entry still maps it), so it goes ahead, and the handover of
 * a frozen domain is spoiled instead: at the kexec translation goes off
 * and no device keeps mastering, as without KHO. Any context: lockless.
 */
void intel_iommu_kho_unmap_frozen(struct dmar_domain *domain)
{
	if (!intel_iommu_kho_frozen(domain))
		return;
	pr_err_once("a preserved DMA domain was unmapped during the dump; the handover will stop its devices\n");
	WRITE_ONCE(vtd_kho_spoiled, true);
	kho_devs_spoil();
}

static int vtd_kho_notify(struct notifier_block *nb, unsigned long event,
			  void *fdt)
{
	int err = 0;

	mutex_lock(&vtd_kho_lock);
	if (event == KHO_FREEZE) {
		vtd_kho_freeze();
	} else if (event == KHO_DUMP) {
		err = vtd_kho_dump(fdt);
	} else if (event == KHO_ABORT) {
		/* Pairs with intel_iommu_kho_frozen(). */
		smp_store_release(&vtd_kho_nfrozen, 0);
		WRITE_ONCE(vtd_kho_spoiled, false);
		vtd_kho_ndumped = 0;
	}
	mutex_unlock(&vtd_kho_lock);
	return notifier_from_errno(err);
}

static struct notifier_block vtd_kho_nb = {
	.notifier_call = vtd_kho_notify,
};

static int __init vtd_kho_init(void)
{
	return intel_iommu_enabled ? register_kho_notifier(&vtd_kho_nb) : 0;
}
device_initcall(vtd_kho_init);
