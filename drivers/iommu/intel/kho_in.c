// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d KHO serializer, new kernel: check the incoming node against
 * the hardware, adopt the root table in place, reserve the preserved
 * domain ids, clear every other device's context entry, walk every kept
 * device's table read-only (every leaf onto preserved memory, at an IOVA
 * its record lists), and move the table into the device's new domain
 * (intel_iommu_kho_attach()) or, for a parked device, into its owner's
 * domain once the owner verified it (intel_iommu_kho_unpark()), so
 * translation is never off for it. A unit or device that is refused is
 * stopped through the KHO device registry before translation changes.
 */
#define pr_fmt(fmt) "DMAR: KHO: " fmt

#include <linux/crash_dump.h>
#include <linux/dmar.h>
#include <linux/iommu.h>
#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/intel-iommu.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "iommu.h"
#include "../iommu-pages.h"
#include "kho.h"
#include "kho_internal.h"

struct vtd_kho_incoming vtd_kho_in;

static void vtd_kho_clear_rid(struct intel_iommu *iommu, u8 bus, u8 devfn);
static void vtd_kho_check_tables(void);

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

			if (u->devs[i].dev.owner_sbdf != sbdf || vtd_kho_in.dropped[ui][i] ||
			    vtd_kho_in.consumed[ui][i])
				continue;
			vtd_kho_in.dropped[ui][i] = true;
			vtd_kho_clear_rid(iommu, (rid >> 8) & 0xff, rid & 0xff);
		}
	}
}

static const struct kho_dev_step_ops vtd_kho_step_ops = {
	.stop = vtd_kho_step_stop,
};

int vtd_kho_in_parse(void)
{
	struct kho_vtd_hw_unit hw[KHO_VTD_MAX_UNITS];
	struct intel_iommu *iommu = NULL;
	struct dmar_drhd_unit *drhd;
	struct kho_report rep;
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
		kho_report_describe(why, sizeof(why), kho_incoming_fdt(), &rep);
		pr_err("incoming state refused: %s; cold init\n", why);
		return vtd_kho_in.err;
	}
	kho_blob_node_mem(kho_incoming_fdt(), node, &vtd_kho_in.mem,
			  &vtd_kho_in.nmem);
	vtd_kho_in.err = kho_claim_node_mem(node);
	if (vtd_kho_in.err)
		pr_err("cannot claim the preserved tables (%d); cold init\n",
		       vtd_kho_in.err);
	else
		vtd_kho_check_tables();
	return vtd_kho_in.err;
}

struct kho_vtd_in_unit *vtd_kho_in_unit(struct intel_iommu *iommu, unsigned int *index)
{
	unsigned int i;

	for (i = 0; i < vtd_kho_in.st.nunits; i++)
		if (vtd_kho_in.st.units[i].unit.reg_base == iommu->reg_phys) {
			*index = i;
			return &vtd_kho_in.st.units[i];
		}
	return NULL;
}

/* What a page the remapping hardware walks is, for messages. */
enum vtd_kho_table {
	VTD_KHO_ROOT = 1,
	VTD_KHO_IRT,
	VTD_KHO_CONTEXT,
	VTD_KHO_PGTABLE,
};

static const char * const vtd_kho_table_names[] = {
	[VTD_KHO_ROOT] = "root table",
	[VTD_KHO_IRT] = "interrupt remapping table",
	[VTD_KHO_CONTEXT] = "context table",
	[VTD_KHO_PGTABLE] = "page-table page",
};

/* Why a unit whose table shares a page with another table is refused. */
static const char * const vtd_kho_shared_why[] = {
	[VTD_KHO_ROOT] = "its root table is shared with another table",
	[VTD_KHO_IRT] = "its interrupt remapping table is shared with another table",
	[VTD_KHO_CONTEXT] = "a context table is shared with another table",
	[VTD_KHO_PGTABLE] = "a page-table page is shared with another table",
};

/*
 * Every page the hardware walks, over all units: root tables, interrupt
 * remapping tables, present context tables, page-table pages. Indexed by
 * page within the node's memory (sorted ranges; @first[i] is the index of
 * mem[i]'s first page), @seen[] holds 0 or the unit index + 1 in bits 3:0
 * and the enum vtd_kho_table in bits 7:4 of the first table found there.
 */
struct vtd_kho_walk {
	const struct kho_mem *mem;
	size_t nmem;
	u64 *first;
	u8 *seen;
	unsigned long budget;
};

/* The first reason a unit's tables cannot be adopted is kept. */
static void vtd_kho_tables_refuse(unsigned int ui, const char *why)
{
	if (!vtd_kho_in.tables_why[ui])
		vtd_kho_in.tables_why[ui] = why;
}

/* Index of @page among the pages of the node's memory; false if outside. */
static bool vtd_kho_page_index(const struct vtd_kho_walk *w, u64 page, u64 *index)
{
	size_t lo = 0, hi = w->nmem;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->mem[mid].addr <= page)
			lo = mid;
		else
			hi = mid;
	}
	if (!w->nmem || page < w->mem[lo].addr || page - w->mem[lo].addr >= w->mem[lo].len)
		return false;
	*index = w->first[lo] + ((page - w->mem[lo].addr) >> VTD_PAGE_SHIFT);
	return true;
}

/*
 * Account @page as a table of unit @ui. A page outside the node's memory
 * or already accounted (by any unit, as any table) refuses the unit, and
 * the unit that accounted it first. Returns true if the page is new: only
 * then may the caller read it.
 */
static bool vtd_kho_account(struct vtd_kho_walk *w, unsigned int ui, u64 page,
			    enum vtd_kho_table kind)
{
	const struct kho_vtd_state *st = &vtd_kho_in.st;
	unsigned int other;
	u64 i;

	if (!vtd_kho_page_index(w, page, &i)) {
		vtd_kho_tables_refuse(ui, "a page-table page is not preserved");
		return false;
	}
	if (!w->seen[i]) {
		w->seen[i] = (ui + 1) | kind << 4;
		return true;
	}
	other = (w->seen[i] & 0xf) - 1;
	if (!vtd_kho_in.tables_why[ui] || !vtd_kho_in.tables_why[other])
		pr_err("%s %#llx of unit %#llx is also the %s of unit %#llx\n",
		       vtd_kho_table_names[kind], page, st->units[ui].unit.reg_base,
		       vtd_kho_table_names[w->seen[i] >> 4], st->units[other].unit.reg_base);
	vtd_kho_tables_refuse(ui, vtd_kho_shared_why[kind]);
	vtd_kho_tables_refuse(other, vtd_kho_shared_why[w->seen[i] >> 4]);
	return false;
}

/* Account every table page reachable from @table, each read once. */
static void vtd_kho_account_tables(struct vtd_kho_walk *w, unsigned int ui, u64 table,
				   int level)
{
	struct dma_pte *pte;
	unsigned int i;

	if (!w->budget) {
		vtd_kho_tables_refuse(ui, "its page tables are too large");
		return;
	}
	w->budget--;
	if (!vtd_kho_account(w, ui, table, VTD_KHO_PGTABLE) || level == 1)
		return;
	pte = phys_to_virt(table);
	for (i = 0; i < 512; i++)
		if (dma_pte_present(&pte[i]) && !dma_pte_superpage(&pte[i]))
			vtd_kho_account_tables(w, ui, dma_pte_addr(&pte[i]), level - 1);
}

/* Account a unit's root and interrupt remapping tables. */
static void vtd_kho_account_unit(struct vtd_kho_walk *w, unsigned int ui)
{
	const struct kho_vtd_unit *unit = &vtd_kho_in.st.units[ui].unit;
	u64 irt = unit->irta & VTD_PAGE_MASK, pa;
	u64 irt_len = (u64)kho_vtd_irt_entries(unit->irta) * 16;

	vtd_kho_account(w, ui, unit->rtaddr, VTD_KHO_ROOT);
	if (!(unit->flags & KHO_VTD_UNIT_IRQ_REMAP))
		return;
	for (pa = irt; pa < irt + irt_len; pa += VTD_PAGE_SIZE)
		vtd_kho_account(w, ui, pa, VTD_KHO_IRT);
}

/*
 * Account a unit's present context tables (those outside the node's
 * memory are never read: intel_iommu_kho_adopt() clears their root
 * entries) and the page table of each domain id once: records of one
 * domain id on one unit share it, nothing else may.
 */
static void vtd_kho_account_domains(struct vtd_kho_walk *w, unsigned int ui)
{
	const struct kho_vtd_in_unit *u = &vtd_kho_in.st.units[ui];
	struct root_entry *root = phys_to_virt(u->unit.rtaddr);
	unsigned int bus, i, j;

	for (bus = 0; bus < 256; bus++) {
		u64 page = root[bus].lo & VTD_PAGE_MASK;

		if ((root[bus].lo & 1) &&
		    kho_ranges_contain(w->mem, w->nmem, page, VTD_PAGE_SIZE))
			vtd_kho_account(w, ui, page, VTD_KHO_CONTEXT);
	}
	w->budget = 1UL << 20;
	for (i = 0; i < u->ndevs; i++) {
		const struct kho_vtd_dev *d = &u->devs[i].dev;

		for (j = 0; j < i; j++)
			if (u->devs[j].dev.domain_id == d->domain_id)
				break;
		if (j == i)
			vtd_kho_account_tables(w, ui, d->pgd, agaw_to_level(d->agaw));
		else if (u->devs[j].dev.pgd != d->pgd || u->devs[j].dev.agaw != d->agaw)
			vtd_kho_tables_refuse(ui, "records of one domain id disagree on its page table");
	}
}

/*
 * Before anything is adopted: every page the hardware walks, on every unit
 * the node describes, lies in the node's memory and belongs to one table
 * only. The blob-wide overlap rule sees the pages the node names (root
 * tables, interrupt remapping tables, page-table roots); this walk adds the
 * ones only the live tables name (context tables, lower page-table levels)
 * and checks them all together, each page read at most once. A unit whose
 * table shares a page (freed twice, or freed while still walked, by the
 * release paths) is refused by intel_iommu_kho_adopt() and
 * intel_ir_kho_adopt(), with the unit it shares the page with.
 */
static void vtd_kho_check_tables(void)
{
	struct vtd_kho_walk w = { .mem = vtd_kho_in.mem, .nmem = vtd_kho_in.nmem };
	unsigned int ui;
	u64 pages = 0;
	size_t i;

	for (i = 0; i < w.nmem; i++)
		pages += w.mem[i].len >> VTD_PAGE_SHIFT;
	w.first = kvzalloc(w.nmem * sizeof(*w.first) + pages, GFP_KERNEL);
	if (!w.first) {
		for (ui = 0; ui < vtd_kho_in.st.nunits; ui++)
			vtd_kho_tables_refuse(ui, "no memory to check its tables");
		return;
	}
	w.seen = (u8 *)(w.first + w.nmem);
	for (i = 1; i < w.nmem; i++)
		w.first[i] = w.first[i - 1] + (w.mem[i - 1].len >> VTD_PAGE_SHIFT);
	for (ui = 0; ui < vtd_kho_in.st.nunits; ui++)
		vtd_kho_account_unit(&w, ui);
	for (ui = 0; ui < vtd_kho_in.st.nunits; ui++)
		vtd_kho_account_domains(&w, ui);
	kvfree(w.first);
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
	struct kho_vtd_in_dev *d;

	if (!info || !vtd_kho_in.parsed || vtd_kho_in.err)
		return NULL;
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

/* Clear the context entry of a requester ID if it is present. */
static void vtd_kho_clear_rid(struct intel_iommu *iommu, u8 bus, u8 devfn)
{
	struct context_entry *ctx;

	spin_lock(&iommu->lock);
	ctx = iommu_context_addr(iommu, bus, devfn, 0);
	if (ctx && context_present(ctx))
		vtd_kho_clear_context(iommu, ctx, bus, devfn);
	spin_unlock(&iommu->lock);
}

static const char *vtd_kho_check_unit(struct intel_iommu *iommu, unsigned int ui)
{
	struct kho_vtd_in_unit *u = &vtd_kho_in.st.units[ui];
	struct root_entry *root = phys_to_virt(u->unit.rtaddr);
	const char *why = NULL;
	unsigned int d;

	if (dmar_readq(iommu->reg + DMAR_RTADDR_REG) != u->unit.rtaddr)
		why = "root table register changed";
	else if (sm_supported(iommu) || iommu->agaw != u->unit.agaw)
		why = "translation mode or address width differs";
	else
		why = vtd_kho_in.tables_why[ui];
	for (d = 0; !why && d < u->ndevs; d++) {
		const struct kho_vtd_dev *dev = &u->devs[d].dev;
		u8 bus = (dev->sbdf >> 8) & 0xff, devfn = dev->sbdf & 0xff;
		u64 ctx_page = root[bus].lo & VTD_PAGE_MASK;
		struct context_entry *ctx;

		/* Accounted by vtd_kho_check_tables() if preserved. */
		if (!(root[bus].lo & 1) ||
		    !kho_ranges_contain(vtd_kho_in.mem, vtd_kho_in.nmem, ctx_page,
					VTD_PAGE_SIZE)) {
			why = "a context table is not preserved";
			break;
		}
		ctx = (struct context_entry *)phys_to_virt(ctx_page) + devfn;
		if (ctx->lo != dev->context_lo || ctx->hi != dev->context_hi)
			why = "a live context entry differs from the recorded one";
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
 * pages themselves were checked by vtd_kho_check_tables().
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
		else if (kho_ranges_contain(vtd_kho_in.mem, vtd_kho_in.nmem,
					    dma_pte_addr(&pte[i]), size))
			w->why = "its page table maps the preserved IOMMU tables";
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

/*
 * Is @rid one of the requester IDs the device at @owner_sbdf DMAs with
 * (a conventional bridge above it)? PCI is enumerated by now, so the
 * topology, not the node, decides.
 */
static bool vtd_kho_alias_of(u32 owner_sbdf, u32 rid_sbdf)
{
	struct vtd_kho_aliases a;
	struct pci_dev *owner;
	bool found = false;
	unsigned int i;

	if ((owner_sbdf >> 16) != (rid_sbdf >> 16))
		return false;
	owner = pci_get_domain_bus_and_slot(owner_sbdf >> 16, (owner_sbdf >> 8) & 0xff,
					    owner_sbdf & 0xff);
	if (owner && !vtd_kho_aliases(owner, &a))
		for (i = 0; i < a.n; i++)
			found |= a.rid[i] == (rid_sbdf & 0xffff);
	pci_dev_put(owner);
	return found;
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
	if ((rec->dev.flags & KHO_VTD_DEV_ALIAS) && !vtd_kho_alias_of(owner_sbdf, rec->dev.sbdf))
		return "an alias record is not one of its owner's DMA aliases";
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
	unsigned int ui;

	if (is_kdump_kernel())
		return;
	pr_err("%s: %s; cold init\n", iommu->name, why);
	kho_dev_stop_unverified(vtd_kho_behind_unit, iommu, KHO_STEP_IOMMU, why);
	/* Its devices are stopped: its preserved tables may go once it is off. */
	if (!vtd_kho_in.err && vtd_kho_in_unit(iommu, &ui))
		vtd_kho_in.refused[ui] = true;
}

/**
 * intel_iommu_kho_refuse_all() - the IOMMU is turned off in this kernel
 *
 * Called before intel_disable_iommus() when the command line turns the
 * IOMMU off (intel_iommu=off, iommu=off): every unit the old kernel left
 * translating is refused, so its devices stop before translation goes.
 */
void intel_iommu_kho_refuse_all(void)
{
	struct dmar_drhd_unit *drhd;
	struct intel_iommu *iommu;

	for_each_iommu(iommu, drhd)
		if (readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES)
			vtd_kho_refuse_unit(iommu, "the IOMMU is turned off in this kernel");
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
	why = u ? vtd_kho_check_unit(iommu, ui) : "the unit has no preserved state";
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

/* Is @pa in an old interrupt remapping table that vtd_kho_release() frees? */
static bool vtd_kho_in_adopted_irt(u64 pa)
{
	unsigned int ui;

	for (ui = 0; ui < vtd_kho_in.st.nunits; ui++) {
		u64 irt = vtd_kho_in.st.units[ui].unit.irta & VTD_PAGE_MASK;

		if (vtd_kho_in.ir_adopted[ui] && pa >= irt &&
		    pa < irt + INTR_REMAP_TABLE_ENTRIES * sizeof(struct irte))
			return true;
	}
	return false;
}

/*
 * The node was claimed and every unit it describes was refused: each
 * initialized cold (or was turned off) after its devices were stopped, and
 * the hardware walks new tables or none.
 * The preserved root, context and page tables go back to the allocator
 * (the old interrupt remapping tables whose entries were copied are freed
 * by vtd_kho_release()). With some unit adopted they stay: telling one
 * unit's pages from another's is not worth the risk.
 */
static int __init vtd_kho_return_refused(void)
{
	unsigned int ui;
	u64 pa, pages = 0;
	size_t i;

	if (!vtd_kho_in.parsed || vtd_kho_in.err || is_kdump_kernel())
		return 0;
	for (ui = 0; ui < vtd_kho_in.st.nunits; ui++)
		if (!vtd_kho_in.refused[ui])
			return 0;
	for (i = 0; i < vtd_kho_in.nmem; i++)
		for (pa = vtd_kho_in.mem[i].addr;
		     pa < vtd_kho_in.mem[i].addr + vtd_kho_in.mem[i].len; pa += PAGE_SIZE) {
			if (vtd_kho_in_adopted_irt(pa))
				continue;
			kho_return_mem(pa, PAGE_SIZE);
			pages++;
		}
	pr_info("every unit was refused: returned %llu KiB of preserved tables\n",
		pages << (PAGE_SHIFT - 10));
	return 0;
}
late_initcall(vtd_kho_return_refused);

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
	vtd_kho_clear_rid(iommu, info->bus, info->devfn);
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

/* Other devices of the domain a preserved table goes to (kzalloc'd). */
#define VTD_KHO_MAX_BRIDGES	256
#define VTD_KHO_MAX_PEERS	KHO_VTD_MAX_DEVS

struct vtd_kho_handover {
	struct device_domain_info *bridges[VTD_KHO_MAX_BRIDGES];
	unsigned int peers[VTD_KHO_MAX_PEERS];
	struct iommu_group *groups[VTD_KHO_MAX_PEERS + 1];
};

/*
 * A record on unit @ui that translates through @rec's preserved table and
 * still waits for its owner: another kept device of the same VFIO
 * container (its own iommu group), parked on the same page table and
 * domain id.
 */
static bool vtd_kho_is_peer(const struct kho_vtd_in_dev *d, const struct kho_vtd_in_dev *rec,
			    unsigned int ui, unsigned int di)
{
	return d != rec && !(d->dev.flags & KHO_VTD_DEV_ALIAS) &&
	       vtd_kho_is_parked(d, ui, di) && !vtd_kho_in.dropped[ui][di] &&
	       d->dev.pgd == rec->dev.pgd && d->dev.domain_id == rec->dev.domain_id;
}

/*
 * The other devices of the parked device's domain. Peers: other kept
 * devices parked on the same preserved table (more than one iommu group
 * in one container), handed over with it. Bridges: members of the
 * parked device's or a peer's iommu group (a root port without ACS,
 * functions behind a conventional PCI bridge), which the old kernel had
 * in the same domain; their context entries follow the domain to the
 * preserved table. Anything else refuses. So does a peer that is not in
 * the domain: the domain would own a table that a device outside it
 * still walks.
 */
static const char *vtd_kho_domain_bridges(struct dmar_domain *domain,
					  struct device_domain_info *own,
					  const struct kho_vtd_in_dev *rec,
					  unsigned int ui,
					  struct vtd_kho_handover *h,
					  unsigned int *n, unsigned int *npeers)
{
	const struct kho_vtd_in_unit *u = &vtd_kho_in.st.units[ui];
	struct device_domain_info **bridges = h->bridges;
	struct iommu_group **groups = h->groups;
	unsigned int *peers = h->peers;
	struct device_domain_info *info;
	const char *why = NULL;
	unsigned long flags;
	unsigned int i, j, ngroups = 1, nin = 0;

	*n = 0;
	*npeers = 0;
	groups[0] = own->dev->iommu_group;
	spin_lock_irqsave(&domain->lock, flags);
	/* Peers first: their groups' other members count as bridges. */
	list_for_each_entry(info, &domain->devices, link) {
		const struct kho_vtd_in_dev *d;
		unsigned int di;

		if (info == own || !info->dev || !dev_is_pci(info->dev) ||
		    info->iommu != own->iommu)
			continue;
		d = vtd_kho_in_dev(&vtd_kho_in.st.units[ui],
				   vtd_kho_sbdf(info->segment, info->bus, info->devfn), &di);
		if (!d || !vtd_kho_is_peer(d, rec, ui, di))
			continue;
		if (*npeers == VTD_KHO_MAX_PEERS) {
			why = "its domain has too many kept devices";
			break;
		}
		peers[(*npeers)++] = di;
		groups[ngroups++] = info->dev->iommu_group;
	}
	list_for_each_entry(info, &domain->devices, link) {
		if (why || info == own)
			continue;
		if (!info->dev || !dev_is_pci(info->dev) || info->iommu != own->iommu) {
			why = "its domain has devices outside the kept devices' iommu groups";
			continue;
		}
		for (i = 0; i < *npeers; i++)
			if (u->devs[peers[i]].dev.sbdf ==
			    vtd_kho_sbdf(info->segment, info->bus, info->devfn))
				break;
		if (i < *npeers)
			continue;
		for (j = 0; j < ngroups && groups[j] != info->dev->iommu_group; j++)
			;
		if (j == ngroups)
			why = "its domain has devices outside the kept devices' iommu groups";
		else if (*n == VTD_KHO_MAX_BRIDGES)
			why = "its domain has too many devices";
		else
			bridges[(*n)++] = info;
	}
	spin_unlock_irqrestore(&domain->lock, flags);
	/* Every device still parked on the table is handed over with it. */
	for (i = 0; !why && i < u->ndevs; i++)
		if (vtd_kho_is_peer(&u->devs[i], rec, ui, i))
			nin++;
	if (!why && nin != *npeers)
		why = "another kept device on its page table is not in its domain";
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
 * Other kept devices parked on the same table (the other iommu groups of
 * the owner's container) must be in the domain too, and are handed over
 * with @dev: the domain owns the table from here on, and frees it when it
 * goes.
 *
 * Return: 0, -ENOENT if @dev is not parked, -EBUSY if the domain does
 * not qualify (the device then stays parked), -ENOMEM.
 */
int intel_iommu_kho_unpark(struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct intel_iommu *iommu = info ? info->iommu : NULL;
	struct iommu_domain_info *dinfo;
	struct dmar_domain *domain;
	struct device_domain_info **bridges;
	struct vtd_kho_handover *h;
	struct kho_vtd_in_dev *d;
	struct cache_tag *tag;
	unsigned int ui, di, nbridges = 0, npeers = 0, i, j;
	unsigned int *peers;
	unsigned long flags;
	const char *why = NULL;
	u16 old_did;

	d = vtd_kho_adopted_dev(info, &ui, &di);
	if (!d || !vtd_kho_is_parked(d, ui, di))
		return -ENOENT;
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	bridges = h->bridges;
	peers = h->peers;
	domain = info->domain;
	if (!domain || !info->domain_attached ||
	    domain->domain.type != IOMMU_DOMAIN_UNMANAGED ||
	    domain->use_first_level || domain->agaw != d->dev.agaw)
		why = "its domain is not a second-level paging domain of the same width";
	else
		why = vtd_kho_domain_bridges(domain, info, d, ui, h, &nbridges, &npeers);
	if (!why && !vtd_kho_table_empty(domain->pgd, agaw_to_level(domain->agaw)))
		why = "its domain already maps something";
	dinfo = domain ? xa_load(&domain->iommu_array, iommu->seq_id) : NULL;
	if (!why && (!dinfo || dinfo->refcnt != nbridges + npeers + 1))
		why = "its domain is shared on this unit";
	if (why) {
		dev_err(dev, "KHO: cannot hand the preserved translation over: %s\n", why);
		kfree(h);
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
	/* The device, its peers and their alias records are all handed over now. */
	for (i = 0; i < vtd_kho_in.st.units[ui].ndevs; i++) {
		u32 owner = vtd_kho_in.st.units[ui].devs[i].dev.owner_sbdf;

		for (j = 0; j < npeers; j++)
			if (owner == vtd_kho_in.st.units[ui].devs[peers[j]].dev.sbdf)
				break;
		if (owner == d->dev.sbdf || j < npeers)
			vtd_kho_in.consumed[ui][i] = true;
	}
	vtd_kho_in.consumed[ui][di] = true;
	dev_info(dev, "KHO: unparked: page table %#llx, domain id %u, %zu IOVA ranges, %u other kept devices\n",
		 d->dev.pgd, d->dev.domain_id, d->niova, npeers);
	kfree(h);
	return 0;
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_unpark);

/**
 * intel_iommu_kho_joined() - was a parked device handed over with a peer
 * @dev: a kept device whose owner presented its token
 *
 * intel_iommu_kho_unpark() of another kept device on the same preserved
 * table hands @dev over too when @dev is in the same domain (several
 * iommu groups in one VFIO container). The owner asks this before it
 * lets @dev join the container's adopted mappings.
 *
 * Return: 0 if @dev's record was handed over and @dev still translates
 * through the preserved table in the domain it is attached to; -ENOENT
 * if it is still parked (nothing was handed over yet); -EIO if it was
 * handed over and left that domain since, or was stopped.
 */
int intel_iommu_kho_joined(struct device *dev)
{
	struct device_domain_info *info = vtd_kho_info(dev);
	struct iommu_domain_info *dinfo;
	struct kho_vtd_in_dev *d;
	unsigned int ui, di;

	d = vtd_kho_adopted_dev(info, &ui, &di);
	if (!d)
		return -EIO;
	if (vtd_kho_is_parked(d, ui, di))
		return -ENOENT;
	if (!info->domain || !info->domain_attached ||
	    virt_to_phys(info->domain->pgd) != d->dev.pgd)
		return -EIO;
	dinfo = xa_load(&info->domain->iommu_array, info->iommu->seq_id);
	return dinfo && dinfo->did == d->dev.domain_id ? 0 : -EIO;
}
EXPORT_SYMBOL_GPL(intel_iommu_kho_joined);
