// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d KHO serializer: DMA remapping of marked devices survives a
 * KHO kexec. The old kernel records, per remapping unit, the root table,
 * every context table and, per marked device, its domain id and page
 * tables; it leaves translation on across the kexec. The new kernel
 * checks all of it against the hardware, adopts the root table in place,
 * reserves the domain ids, clears every other device's context entry and
 * moves the preserved page table into the device's new DMA domain, so
 * translation is never off for it. Legacy (non-scalable) mode only.
 *
 * The node layout and its checker are in kho_node.c (portable).
 */
#define pr_fmt(fmt) "DMAR: KHO: " fmt

#include <linux/iommu.h>
#include <linux/crash_dump.h>
#include <linux/dmar.h>
#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/intel-iommu.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <asm/hw_irq.h>

#include "iommu.h"
#include "../iommu-pages.h"
#include "kho.h"

#define VTD_IRTA_EIME	BIT_ULL(11)

/* Outgoing: devices marked for preservation, and what the dump recorded. */
static DEFINE_MUTEX(vtd_kho_lock);
static struct device *vtd_kho_marked[KHO_VTD_MAX_DEVS];
static u32 vtd_kho_marked_flags[KHO_VTD_MAX_DEVS];
static unsigned int vtd_kho_nmarked;
static u64 vtd_kho_dumped_units[KHO_VTD_MAX_UNITS];
static unsigned int vtd_kho_ndumped;

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

static struct device_domain_info *vtd_kho_info(struct device *dev)
{
	return dev_iommu_priv_get(dev);
}

/* The node's device id: PCI segment << 16 | bus << 8 | devfn. */
static u32 vtd_kho_sbdf(u16 segment, u8 bus, u8 devfn)
{
	return (u32)segment << 16 | bus << 8 | devfn;
}

/* The requester IDs a device's DMA and MSIs carry besides its own. */
struct vtd_kho_aliases {
	struct pci_dev *dev;
	unsigned int n;
	u16 rid[4];
	bool unsupported;
};

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

static int vtd_kho_aliases(struct pci_dev *pdev, struct vtd_kho_aliases *a)
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

	if (!kho_handover_pending())
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
	kfree(units);
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
	units = kcalloc(KHO_VTD_MAX_UNITS, sizeof(*units), GFP_KERNEL);
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

static int vtd_kho_notify(struct notifier_block *nb, unsigned long event,
			  void *fdt)
{
	int err = 0;

	mutex_lock(&vtd_kho_lock);
	if (event == KHO_DUMP)
		err = vtd_kho_dump(fdt);
	else if (event == KHO_ABORT)
		vtd_kho_ndumped = 0;
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

/* Incoming: the decoded node, parsed and claimed once. */
static struct {
	bool parsed;
	int err;
	struct kho_vtd_state st;
	const struct kho_mem *mem;
	size_t nmem;
	bool adopted[KHO_VTD_MAX_UNITS];
	struct intel_iommu *iommu[KHO_VTD_MAX_UNITS];
	bool ir_adopted[KHO_VTD_MAX_UNITS];
	bool consumed[KHO_VTD_MAX_UNITS][KHO_VTD_MAX_DEVS];
	bool dropped[KHO_VTD_MAX_UNITS][KHO_VTD_MAX_DEVS];
} vtd_kho_in;

static void vtd_kho_clear_context(struct intel_iommu *iommu, struct context_entry *ctx,
				  u8 bus, u8 devfn);

/*
 * Another step stopped a device (bus mastering is off): a parked context
 * entry of it, or of its aliases, is cleared so that no later attach of
 * the device runs through the preserved table.
 */
static void vtd_kho_step_stop(u32 sbdf, struct pci_dev *pdev)
{
	unsigned int ui, i;

	if (vtd_kho_in.err)
		return;
	for (ui = 0; ui < vtd_kho_in.st.nunits; ui++) {
		struct kho_vtd_in_unit *u = &vtd_kho_in.st.units[ui];
		struct intel_iommu *iommu = vtd_kho_in.iommu[ui];

		for (i = 0; vtd_kho_in.adopted[ui] && i < u->ndevs; i++) {
			u32 rid = u->devs[i].dev.sbdf;
			struct context_entry *ctx;

			if (u->devs[i].dev.owner_sbdf != sbdf || vtd_kho_in.dropped[ui][i] ||
			    vtd_kho_in.consumed[ui][i])
				continue;
			vtd_kho_in.dropped[ui][i] = true;
			spin_lock(&iommu->lock);
			ctx = iommu_context_addr(iommu, (rid >> 8) & 0xff, rid & 0xff, 0);
			if (ctx && context_present(ctx))
				vtd_kho_clear_context(iommu, ctx, (rid >> 8) & 0xff, rid & 0xff);
			spin_unlock(&iommu->lock);
		}
	}
}

static const struct kho_dev_step_ops vtd_kho_step_ops = {
	.stop = vtd_kho_step_stop,
};

static int vtd_kho_in_parse(void)
{
	struct kho_vtd_hw_unit hw[KHO_VTD_MAX_UNITS];
	struct intel_iommu *iommu = NULL;
	struct dmar_drhd_unit *drhd;
	struct kho_vtd_report rep;
	size_t nhw = 0;
	char why[128];
	int node;

	if (vtd_kho_in.parsed)
		return vtd_kho_in.err;
	vtd_kho_in.parsed = true;
	kho_dev_register_step(KHO_STEP_IOMMU, &vtd_kho_step_ops);
	vtd_kho_in.err = -ENOENT;
	node = kho_find_node(KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	if (node < 0)
		return vtd_kho_in.err;

	for_each_iommu(iommu, drhd) {
		if (nhw == ARRAY_SIZE(hw))
			break;
		hw[nhw].reg_base = iommu->reg_phys;
		hw[nhw].cap = iommu->cap;
		hw[nhw].ecap = iommu->ecap;
		nhw++;
	}
	vtd_kho_in.err = -EINVAL;
	if (kho_vtd_parse(kho_incoming_fdt(), node, hw, nhw, &vtd_kho_in.st, &rep)) {
		kho_vtd_describe(why, sizeof(why), &rep);
		pr_err("incoming state refused: %s; cold init\n", why);
		return vtd_kho_in.err;
	}
	kho_blob_node_mem(kho_incoming_fdt(), node, &vtd_kho_in.mem,
			  &vtd_kho_in.nmem);
	vtd_kho_in.err = kho_claim_node_mem(node);
	if (vtd_kho_in.err)
		pr_err("cannot claim the preserved tables (%d); cold init\n",
		       vtd_kho_in.err);
	return vtd_kho_in.err;
}

static struct kho_vtd_in_unit *vtd_kho_in_unit(struct intel_iommu *iommu,
					       unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < vtd_kho_in.st.nunits; i++)
		if (vtd_kho_in.st.units[i].unit.reg_base == iommu->reg_phys) {
			*index = i;
			return &vtd_kho_in.st.units[i];
		}
	return NULL;
}

/* Every table page reachable from @table lies in the node's memory. */
static bool vtd_kho_tables_preserved(u64 table, int level, unsigned long *budget)
{
	struct dma_pte *pte = phys_to_virt(table);
	unsigned int i;

	if (!kho_ranges_contain(vtd_kho_in.mem, vtd_kho_in.nmem, table, VTD_PAGE_SIZE) ||
	    !(*budget)--)
		return false;
	if (level == 1)
		return true;
	for (i = 0; i < 512; i++)
		if (dma_pte_present(&pte[i]) && !dma_pte_superpage(&pte[i]) &&
		    !vtd_kho_tables_preserved(dma_pte_addr(&pte[i]), level - 1, budget))
			return false;
	return true;
}

static struct kho_vtd_in_dev *vtd_kho_in_dev(struct kho_vtd_in_unit *u, u32 sbdf,
					     unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < u->ndevs; i++)
		if (u->devs[i].dev.sbdf == sbdf) {
			*index = i;
			return &u->devs[i];
		}
	return NULL;
}

/*
 * The preserved record of a device on a unit this kernel adopted, or NULL;
 * @ui and @di are set to its unit and device index.
 */
static struct kho_vtd_in_dev *vtd_kho_adopted_dev(struct device_domain_info *info,
						  unsigned int *ui, unsigned int *di)
{
	struct kho_vtd_in_unit *u;

	if (!info || !vtd_kho_in.parsed || vtd_kho_in.err)
		return NULL;

	struct kho_vtd_in_dev *d;

	u = vtd_kho_in_unit(info->iommu, ui);
	if (!u || !vtd_kho_in.adopted[*ui])
		return NULL;
	d = vtd_kho_in_dev(u, vtd_kho_sbdf(info->segment, info->bus, info->devfn), di);
	return d && !vtd_kho_in.dropped[*ui][*di] ? d : NULL;
}

/* Still waiting for its owner: the live context entry must not change. */
static bool vtd_kho_is_parked(const struct kho_vtd_in_dev *d, unsigned int ui,
			      unsigned int di)
{
	return (d->dev.flags & KHO_VTD_DEV_PARKED) && !vtd_kho_in.consumed[ui][di];
}

/* Clear a context entry the new kernel does not keep, with the flushes. */
static void vtd_kho_clear_context(struct intel_iommu *iommu, struct context_entry *ctx,
				  u8 bus, u8 devfn)
{
	u16 did = context_domain_id(ctx);

	context_clear_present(ctx);
	__iommu_flush_cache(iommu, ctx, sizeof(*ctx));
	if (did < cap_ndoms(iommu->cap)) {
		iommu->flush.flush_context(iommu, did, (u16)bus << 8 | devfn,
					   DMA_CCMD_MASK_NOBIT, DMA_CCMD_DEVICE_INVL);
		iommu->flush.flush_iotlb(iommu, did, 0, 0, DMA_TLB_DSI_FLUSH);
	}
	context_clear_entry(ctx);
	__iommu_flush_cache(iommu, ctx, sizeof(*ctx));
}

static const char *vtd_kho_check_unit(struct intel_iommu *iommu, struct kho_vtd_in_unit *u)
{
	struct root_entry *root = phys_to_virt(u->unit.rtaddr);
	unsigned long budget = 1UL << 20;
	const char *why = NULL;
	unsigned int d;

	if (dmar_readq(iommu->reg + DMAR_RTADDR_REG) != u->unit.rtaddr)
		why = "root table register changed";
	else if (sm_supported(iommu) || iommu->agaw != u->unit.agaw)
		why = "translation mode or address width differs";
	for (d = 0; !why && d < u->ndevs; d++) {
		const struct kho_vtd_dev *dev = &u->devs[d].dev;
		u8 bus = (dev->sbdf >> 8) & 0xff, devfn = dev->sbdf & 0xff;
		u64 ctx_page = root[bus].lo & VTD_PAGE_MASK;
		struct context_entry *ctx;

		if (!(root[bus].lo & 1) ||
		    !kho_ranges_contain(vtd_kho_in.mem, vtd_kho_in.nmem, ctx_page,
					VTD_PAGE_SIZE)) {
			why = "a context table is not preserved";
			break;
		}
		ctx = (struct context_entry *)phys_to_virt(ctx_page) + devfn;
		if (ctx->lo != dev->context_lo || ctx->hi != dev->context_hi)
			why = "a live context entry differs from the recorded one";
		else if (!vtd_kho_tables_preserved(dev->pgd, agaw_to_level(dev->agaw),
						   &budget))
			why = "a page-table page is not preserved";
	}
	return why;
}


/* Walking an adopted table: what its leaves must stay inside. */
struct vtd_kho_leaves {
	const struct kho_vtd_in_dev *owner;
	u64 mapped;
	unsigned long budget;
	const char *why;
};

/*
 * Every leaf must map an IOVA the owner's record lists, onto memory some
 * node preserved: a leaf onto any other page would give the device (and
 * the guest behind it) access to memory this kernel hands out. The table
 * pages themselves were checked by vtd_kho_check_unit().
 */
static void vtd_kho_walk_leaves(u64 table, int level, u64 iova, struct vtd_kho_leaves *w)
{
	unsigned int shift = VTD_PAGE_SHIFT + 9 * (level - 1), i;
	struct dma_pte *pte = phys_to_virt(table);

	for (i = 0; !w->why && i < 512; i++) {
		u64 base = iova + ((u64)i << shift), size = 1ULL << shift;

		if (!dma_pte_present(&pte[i]))
			continue;
		if (level > 1 && !dma_pte_superpage(&pte[i])) {
			if (!w->budget--)
				w->why = "its page table is too large";
			else
				vtd_kho_walk_leaves(dma_pte_addr(&pte[i]), level - 1, base, w);
			continue;
		}
		if (!kho_ranges_contain(w->owner->iova, w->owner->niova, base, size))
			w->why = "its page table maps an IOVA its record does not list";
		else if (!kho_incoming_preserved(dma_pte_addr(&pte[i]), size))
			w->why = "its page table maps memory that was not preserved";
		w->mapped += size;
	}
}

static const char *vtd_kho_check_leaves(const struct kho_vtd_dev *rec,
					const struct kho_vtd_in_dev *owner)
{
	struct vtd_kho_leaves w = { .owner = owner, .budget = 1UL << 20 };
	u64 recorded = 0;
	size_t i;

	vtd_kho_walk_leaves(rec->pgd, agaw_to_level(rec->agaw), 0, &w);
	for (i = 0; i < owner->niova; i++)
		recorded += owner->iova[i].len;
	if (!w.why && w.mapped != recorded)
		w.why = "its page table does not map every IOVA its record lists";
	return w.why;
}

/* Why a preserved context entry cannot be kept, or NULL. */
static const char *vtd_kho_rec_refusal(struct kho_vtd_in_unit *u,
				       const struct kho_vtd_in_dev *rec)
{
	u32 owner_sbdf = rec->dev.owner_sbdf;
	const struct kho_vtd_in_dev *owner;
	unsigned int oi;

	if (kho_dev_state(owner_sbdf) == KHO_DEV_STOPPED)
		return "another step stopped it";
	/* A parked device's owner needs PCI to have kept it too. */
	if ((rec->dev.flags & KHO_VTD_DEV_PARKED) &&
	    !kho_dev_kept_by(owner_sbdf, KHO_STEP_PCI))
		return "parked device not kept by PCI";
	owner = vtd_kho_in_dev(u, owner_sbdf, &oi);
	if (!owner || (owner->dev.flags & KHO_VTD_DEV_ALIAS))
		return "its owner has no record";
	return vtd_kho_check_leaves(&rec->dev, owner);
}

/* pci_dev filter for kho_dev_stop_unverified(): is it behind @data? */
static bool vtd_kho_behind_unit(struct pci_dev *pdev, void *data)
{
	struct dmar_drhd_unit *drhd = dmar_find_matched_drhd_unit(pdev);

	return drhd && drhd->iommu == data;
}

/*
 * A unit found translating is not adopted: before the caller turns its
 * translation off, stop every device behind it that the old kernel left
 * mastering, or its DMA would land at host physical address = IOVA.
 */
static void vtd_kho_refuse_unit(struct intel_iommu *iommu, const char *why)
{
	if (is_kdump_kernel())
		return;
	pr_err("%s: %s; cold init\n", iommu->name, why);
	kho_dev_stop_unverified(vtd_kho_behind_unit, iommu, KHO_STEP_IOMMU, why);
}

/**
 * intel_iommu_kho_adopt() - take over a unit's translation from the old kernel
 * @iommu: a unit found with translation enabled
 *
 * Called from init_dmars(). On success the unit keeps translating without
 * a pause: its root table is adopted in place, preserved domain ids are
 * reserved and every context entry of a device that was not preserved is
 * cleared. Any mismatch is logged and the unit initializes cold.
 *
 * Return: 0 if adopted, a negative errno otherwise.
 */
int intel_iommu_kho_adopt(struct intel_iommu *iommu)
{
	unsigned int ui, bus, devfn, d, kept = 0, cleared = 0;
	struct kho_vtd_in_dev *rec;
	const char *why;
	struct root_entry *root;
	struct kho_vtd_in_unit *u;
	u32 sbdf;

	if (vtd_kho_in_parse()) {
		vtd_kho_refuse_unit(iommu, "no usable preserved VT-d state");
		return -ENOENT;
	}
	u = vtd_kho_in_unit(iommu, &ui);
	why = u ? vtd_kho_check_unit(iommu, u) : "the unit has no preserved state";
	if (why) {
		vtd_kho_refuse_unit(iommu, why);
		return -EINVAL;
	}

	root = phys_to_virt(u->unit.rtaddr);
	iommu->root_entry = root;
	for (d = 0; d < u->ndevs; d++)
		set_bit(u->devs[d].dev.domain_id, iommu->domain_ids);

	for (bus = 0; bus < 256; bus++) {
		struct context_entry *ctx;
		u64 page = root[bus].lo & VTD_PAGE_MASK;

		if (!(root[bus].lo & 1))
			continue;
		if (!kho_ranges_contain(vtd_kho_in.mem, vtd_kho_in.nmem, page,
					VTD_PAGE_SIZE)) {
			root[bus].lo = 0;
			root[bus].hi = 0;
			__iommu_flush_cache(iommu, &root[bus], sizeof(root[bus]));
			continue;
		}
		ctx = phys_to_virt(page);
		for (devfn = 0; devfn < 256; devfn++) {
			if (!context_present(&ctx[devfn]))
				continue;
			sbdf = vtd_kho_sbdf(iommu->segment, bus, devfn);
			rec = vtd_kho_in_dev(u, sbdf, &d);
			why = rec ? vtd_kho_rec_refusal(u, rec) : NULL;
			if (why) {
				/* Stopped before its translation changes. */
				kho_dev_stop(rec->dev.owner_sbdf, KHO_STEP_IOMMU, why);
				vtd_kho_in.dropped[ui][d] = true;
				rec = NULL;
			}
			if (rec) {
				if (!(rec->dev.flags & KHO_VTD_DEV_ALIAS))
					kho_dev_incoming(sbdf, KHO_STEP_IOMMU);
				kept++;
				continue;
			}
			vtd_kho_clear_context(iommu, &ctx[devfn], bus, devfn);
			cleared++;
		}
	}
	/* Attach is not deferred: preserved devices get their tables at probe. */
	iommu->flags &= ~VTD_FLAG_TRANS_PRE_ENABLED;
	vtd_kho_in.iommu[ui] = iommu;
	vtd_kho_in.adopted[ui] = true;
	pr_info("%s: adopted translation: %u devices kept, %u context entries cleared\n",
		iommu->name, kept, cleared);
	return 0;
}

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
	if (irta != u->unit.irta)
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

/**
 * intel_iommu_kho_attach() - give a preserved device its old page table
 * @domain: the new DMA domain being attached
 * @dev: the device
 *
 * Called before the domain is attached. For a device whose translation
 * was adopted, the domain takes over the preserved page table and domain
 * id, so the context entry, which already points there, stays as it is.
 *
 * Return: 0 (a device that cannot be transplanted is attached afresh,
 * its old context entry cleared first).
 */
int intel_iommu_kho_attach(struct dmar_domain *domain, struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct intel_iommu *iommu = info->iommu;
	struct iommu_domain_info *di;
	struct kho_vtd_in_dev *d;
	struct context_entry *ctx;
	unsigned int ui, di_index;

	d = vtd_kho_adopted_dev(info, &ui, &di_index);
	if (!d || vtd_kho_in.consumed[ui][di_index])
		return 0;
	/* Attached in software only; intel_iommu_kho_unpark() finishes it. */
	if (vtd_kho_is_parked(d, ui, di_index))
		return 0;
	vtd_kho_in.consumed[ui][di_index] = true;

	if (!iommu_is_dma_domain(&domain->domain) || domain->has_mappings ||
	    !list_empty(&domain->devices) || !xa_empty(&domain->iommu_array) ||
	    domain->agaw != d->dev.agaw)
		goto cold;
	di = kzalloc(sizeof(*di), GFP_KERNEL);
	if (!di)
		goto cold;
	di->iommu = iommu;
	di->did = d->dev.domain_id;
	if (xa_err(xa_store(&domain->iommu_array, iommu->seq_id, di, GFP_KERNEL))) {
		kfree(di);
		goto cold;
	}
	iommu_free_page(domain->pgd);
	domain->pgd = phys_to_virt(d->dev.pgd);
	domain->has_mappings = true;
	domain_update_iommu_cap(domain);
	kho_dev_adopted(d->dev.sbdf);
	dev_info(dev, "KHO: adopted page table %#llx, domain id %u, %zu IOVA ranges\n",
		 d->dev.pgd, d->dev.domain_id, d->niova);
	return 0;

cold:
	/* Stopped before its context entry goes: it is attached afresh. */
	kho_dev_stop(d->dev.sbdf, KHO_STEP_IOMMU,
		     "its new DMA domain cannot take the preserved page table over");
	spin_lock(&iommu->lock);
	ctx = iommu_context_addr(iommu, info->bus, info->devfn, 0);
	if (ctx && context_present(ctx))
		vtd_kho_clear_context(iommu, ctx, info->bus, info->devfn);
	spin_unlock(&iommu->lock);
	return 0;
}

/**
 * intel_iommu_kho_resv_regions() - keep preserved IOVAs out of the allocator
 * @dev: a device
 * @head: its reserved region list
 *
 * The DMA API's IOVA allocator starts empty in the new kernel; without this
 * it would hand out IOVAs the preserved mappings still use.
 */
void intel_iommu_kho_resv_regions(struct device *dev, struct list_head *head)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	unsigned int ui, di;
	struct kho_vtd_in_dev *d = vtd_kho_adopted_dev(info, &ui, &di);
	struct iommu_resv_region *reg;
	size_t i;

	/* A parked device's IOVAs belong to its owner, who adopts them. */
	if (d && (d->dev.flags & KHO_VTD_DEV_PARKED))
		return;

	for (i = 0; d && i < d->niova; i++) {
		reg = iommu_alloc_resv_region(d->iova[i].addr, d->iova[i].len, 0,
					      IOMMU_RESV_RESERVED, GFP_KERNEL);
		if (reg)
			list_add_tail(&reg->list, head);
	}
}

/**
 * intel_iommu_kho_parked() - is this device's live context entry parked
 * @dev: a device
 *
 * For device_block_translation(): a parked device keeps its preserved
 * context entry while domains are attached and detached in software.
 *
 * Return: true until intel_iommu_kho_unpark() succeeded for @dev.
 */
bool intel_iommu_kho_parked(struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	unsigned int ui, di;
	struct kho_vtd_in_dev *d = vtd_kho_adopted_dev(info, &ui, &di);

	return d && vtd_kho_is_parked(d, ui, di);
}

/**
 * intel_iommu_kho_parked_lookup() - read a parked device's preserved table
 * @dev: a parked device
 * @iova: an I/O virtual address
 *
 * Read-only: lets the owner check the preserved mappings against its own
 * record before it commits to anything with intel_iommu_kho_unpark().
 *
 * Return: the physical address @iova translates to, 0 if it is not
 * mapped or @dev is not parked.
 */
phys_addr_t intel_iommu_kho_parked_lookup(struct device *dev, u64 iova)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct kho_vtd_in_dev *d;
	unsigned int ui, di;
	int level;
	u64 table;

	d = vtd_kho_adopted_dev(info, &ui, &di);
	if (!d || !vtd_kho_is_parked(d, ui, di))
		return 0;
	table = d->dev.pgd;
	for (level = agaw_to_level(d->dev.agaw); level > 0; level--) {
		unsigned int shift = VTD_PAGE_SHIFT + 9 * (level - 1);
		struct dma_pte *pte = (struct dma_pte *)phys_to_virt(table) +
				      ((iova >> shift) & 511);

		if (!dma_pte_present(pte))
			return 0;
		if (level == 1 || dma_pte_superpage(pte))
			return dma_pte_addr(pte) + (iova & ((1ULL << shift) - 1));
		table = dma_pte_addr(pte);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_parked_lookup);

/**
 * intel_iommu_kho_parked_mapped() - how much a parked device's table maps
 * @dev: a parked device
 *
 * The adoption checked that the table maps exactly the IOVA ranges the
 * node lists, so this is their total.
 *
 * Return: bytes mapped, 0 if @dev is not parked.
 */
u64 intel_iommu_kho_parked_mapped(struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct kho_vtd_in_dev *d;
	unsigned int ui, di;
	u64 bytes = 0;
	size_t i;

	d = vtd_kho_adopted_dev(info, &ui, &di);
	if (!d || !vtd_kho_is_parked(d, ui, di))
		return 0;
	for (i = 0; i < d->niova; i++)
		bytes += d->iova[i].len;
	return bytes;
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_parked_mapped);

/* Free a page table that maps nothing; false if a leaf is present. */
static bool vtd_kho_table_empty(struct dma_pte *table, int level)
{
	unsigned int i;

	for (i = 0; i < 512; i++) {
		if (!dma_pte_present(&table[i]))
			continue;
		if (level == 1 || dma_pte_superpage(&table[i]))
			return false;
		if (!vtd_kho_table_empty(phys_to_virt(dma_pte_addr(&table[i])),
					 level - 1))
			return false;
	}
	return true;
}

static void vtd_kho_free_table(struct dma_pte *table, int level)
{
	unsigned int i;

	for (i = 0; level > 1 && i < 512; i++)
		if (dma_pte_present(&table[i]))
			vtd_kho_free_table(phys_to_virt(dma_pte_addr(&table[i])),
					   level - 1);
	iommu_free_page(table);
}

#define VTD_KHO_MAX_BRIDGES	8

/*
 * The other devices of the parked device's domain: members of its iommu
 * group (a root port without ACS, functions behind a conventional PCI
 * bridge), which the old kernel had in the same domain. Their context
 * entries follow the domain to the preserved table.
 */
static const char *vtd_kho_domain_bridges(struct dmar_domain *domain,
					  struct device_domain_info *own,
					  struct device_domain_info **bridges,
					  unsigned int *n)
{
	struct device_domain_info *info;
	const char *why = NULL;
	unsigned long flags;

	*n = 0;
	spin_lock_irqsave(&domain->lock, flags);
	list_for_each_entry(info, &domain->devices, link) {
		if (info == own)
			continue;
		if (!info->dev || !dev_is_pci(info->dev) || info->iommu != own->iommu ||
		    info->dev->iommu_group != own->dev->iommu_group)
			why = "its domain has devices outside its iommu group";
		else if (*n == VTD_KHO_MAX_BRIDGES)
			why = "its domain has too many devices";
		else
			bridges[(*n)++] = info;
	}
	spin_unlock_irqrestore(&domain->lock, flags);
	return why;
}

/* Point a bridge's context entry at the preserved table and domain id. */
static void vtd_kho_repoint(struct device_domain_info *info,
			    const struct kho_vtd_dev *rec)
{
	struct intel_iommu *iommu = info->iommu;
	struct context_entry *ctx;

	spin_lock(&iommu->lock);
	ctx = iommu_context_addr(iommu, info->bus, info->devfn, 0);
	/* An alias of the parked device already points there: no gap. */
	if (ctx && context_present(ctx) &&
	    (ctx->lo != rec->context_lo || ctx->hi != rec->context_hi)) {
		vtd_kho_clear_context(iommu, ctx, info->bus, info->devfn);
		ctx->hi = rec->context_hi;
		ctx->lo = rec->context_lo;
		__iommu_flush_cache(iommu, ctx, sizeof(*ctx));
		if (cap_caching_mode(iommu->cap))
			iommu->flush.flush_context(iommu, 0, 0, 0, DMA_CCMD_GLOBAL_INVL);
	}
	spin_unlock(&iommu->lock);
}

/**
 * intel_iommu_kho_unpark() - hand a parked translation to the device's domain
 * @dev: a parked device, attached (in software) to its owner's domain
 *
 * The owner (VFIO, once the token matched) calls this with @dev attached
 * to an empty paging domain of its own, whose only other devices are
 * members of the same iommu group (their context entries are repointed
 * to the preserved table). The domain
 * takes over the preserved page table and domain id; its own empty table
 * and id are freed. The context entry, which already points at the
 * preserved table, is not written. From here on, map and unmap on the
 * domain edit the live table.
 *
 * Return: 0, -ENOENT if @dev is not parked, -EBUSY if the domain does
 * not qualify (the device then stays parked).
 */
int intel_iommu_kho_unpark(struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct intel_iommu *iommu = info ? info->iommu : NULL;
	struct iommu_domain_info *dinfo;
	struct dmar_domain *domain;
	struct device_domain_info *bridges[VTD_KHO_MAX_BRIDGES];
	struct kho_vtd_in_dev *d;
	struct cache_tag *tag;
	unsigned int ui, di, nbridges = 0, i;
	unsigned long flags;
	const char *why = NULL;
	u16 old_did;

	d = vtd_kho_adopted_dev(info, &ui, &di);
	if (!d || !vtd_kho_is_parked(d, ui, di))
		return -ENOENT;
	domain = info->domain;
	if (!domain || !info->domain_attached ||
	    domain->domain.type != IOMMU_DOMAIN_UNMANAGED ||
	    domain->use_first_level || domain->agaw != d->dev.agaw)
		why = "its domain is not a second-level paging domain of the same width";
	else
		why = vtd_kho_domain_bridges(domain, info, bridges, &nbridges);
	if (!why && !vtd_kho_table_empty(domain->pgd, agaw_to_level(domain->agaw)))
		why = "its domain already maps something";
	dinfo = domain ? xa_load(&domain->iommu_array, iommu->seq_id) : NULL;
	if (!why && (!dinfo || dinfo->refcnt != nbridges + 1))
		why = "its domain is shared on this unit";
	if (why) {
		dev_err(dev, "KHO: cannot hand the preserved translation over: %s\n", why);
		return -EBUSY;
	}

	/* The hardware never used the new id: the context entry has the old. */
	spin_lock(&iommu->lock);
	old_did = dinfo->did;
	dinfo->did = d->dev.domain_id;
	clear_bit(old_did, iommu->domain_ids);
	spin_unlock(&iommu->lock);

	spin_lock_irqsave(&domain->cache_lock, flags);
	list_for_each_entry(tag, &domain->cache_tags, node)
		if (tag->iommu == iommu && tag->domain_id == old_did)
			tag->domain_id = d->dev.domain_id;
	spin_unlock_irqrestore(&domain->cache_lock, flags);

	/* Bridges first, so nothing walks the table about to be freed. */
	for (i = 0; i < nbridges; i++)
		vtd_kho_repoint(bridges[i], &d->dev);
	vtd_kho_free_table(domain->pgd, agaw_to_level(domain->agaw));
	domain->pgd = phys_to_virt(d->dev.pgd);
	domain->has_mappings = true;
	/* The device and its alias records are all handed over now. */
	for (i = 0; i < vtd_kho_in.st.units[ui].ndevs; i++)
		if (vtd_kho_in.st.units[ui].devs[i].dev.owner_sbdf == d->dev.sbdf)
			vtd_kho_in.consumed[ui][i] = true;
	vtd_kho_in.consumed[ui][di] = true;
	dev_info(dev, "KHO: unparked: page table %#llx, domain id %u, %zu IOVA ranges\n",
		 d->dev.pgd, d->dev.domain_id, d->niova);
	return 0;
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_unpark);

/* MSI vectors whose preserved IRTE their restored owner will allocate again. */
struct vtd_kho_irte_stage {
	struct device *dev;
	struct intel_iommu *iommu;
	u32 msi_index;
	u32 irte;
};

#define VTD_KHO_MAX_STAGED	64
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
