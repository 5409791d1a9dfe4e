// SPDX-License-Identifier: GPL-2.0
/*
 * The Intel VT-d KHO node: writing it, and checking all of it against the
 * hardware the incoming kernel finds before any of it is adopted.
 *
 * Portable: the userspace harness and the fuzzer compile this file as it
 * is.
 */
#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>
#include <linux/kho/intel-iommu.h>
#include <asm/page.h>

/* The blob check refuses a node with more children (abi/kho.h). */
static_assert(KHO_VTD_MAX_UNITS <= KHO_MAX_CHILDREN);
static_assert(KHO_VTD_MAX_DEVS <= KHO_MAX_CHILDREN);

/* Fields of the VT-d registers and the legacy context entry. */
#define VTD_CAP_ND(cap)		((cap) & 0x7)
#define VTD_CAP_SAGAW(cap)	(((cap) >> 8) & 0x1f)
#define VTD_IRTA_SIZE(irta)	((irta) & 0xf)
#define VTD_IRTA_ADDR_MASK	(~0xfffULL)
#define VTD_IRTE_SIZE		16
#define VTD_CTX_PRESENT		1ULL
#define VTD_CTX_TT(lo)		(((lo) >> 2) & 0x3)
#define VTD_CTX_ASR(lo)		((lo) & ~0xfffULL)
#define VTD_CTX_AW(hi)		((hi) & 0x7)
#define VTD_CTX_DID(hi)		(((hi) >> 8) & 0xffff)

/**
 * kho_vtd_agaw_width() - address width of an AGAW code
 * @agaw: 1, 2 or 3
 *
 * Return: 39, 48 or 57 bits, 0 for any other code.
 */
unsigned int kho_vtd_agaw_width(u32 agaw)
{
	return agaw >= 1 && agaw <= 3 ? 30 + 9 * agaw : 0;
}

/**
 * kho_vtd_ndoms() - number of domain ids a unit supports
 * @cap: its capability register
 *
 * Return: 2^(4 + 2 * ND).
 */
u32 kho_vtd_ndoms(u64 cap)
{
	return 1U << (4 + 2 * VTD_CAP_ND(cap));
}

/**
 * kho_vtd_irt_entries() - entries of the interrupt remapping table
 * @irta: the IRTA register value
 *
 * Return: 2^(S + 1).
 */
u32 kho_vtd_irt_entries(u64 irta)
{
	return 2U << VTD_IRTA_SIZE(irta);
}

/* An optional array property: absent is empty, else a whole number. */
static bool kho_vtd_array(const void *fdt, int node, const char *name,
			  size_t elem, const void **arr, size_t *n)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	*arr = NULL;
	*n = 0;
	if (!p)
		return len == -FDT_ERR_NOTFOUND;
	if (len % elem)
		return false;
	*arr = p;
	*n = len / elem;
	return true;
}

static bool kho_vtd_name_is(const void *fdt, int node, const char *prefix)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	return name && !strncmp(name, prefix, strlen(prefix));
}

static int kho_vtd_fail(struct kho_report *rep, enum kho_vtd_err err)
{
	return kho_report_fail(rep, err);
}

static int kho_vtd_check_dev(const void *fdt, int node,
			     const struct kho_mem *mem, size_t nmem,
			     struct kho_vtd_in_unit *u, struct kho_report *rep)
{
	struct kho_vtd_in_dev *d = &u->devs[u->ndevs];
	const struct kho_vtd_dev *dev = &d->dev;
	u64 limit;
	unsigned int i;

	if (!kho_vtd_name_is(fdt, node, KHO_VTD_DEV_PREFIX))
		return kho_vtd_fail(rep, KHO_VTD_BAD_STRUCTURE);
	if (u->ndevs == KHO_VTD_MAX_DEVS)
		return kho_vtd_fail(rep, KHO_VTD_TOO_MANY);
	if (kho_node_get_prop(fdt, node, "dev", &d->dev, sizeof(d->dev)) ||
	    !kho_vtd_array(fdt, node, "iova", sizeof(struct kho_mem),
			   (const void **)&d->iova, &d->niova))
		return kho_vtd_fail(rep, KHO_VTD_BAD_PROP_LEN);
	rep->sbdf = dev->sbdf;

	if (dev->translation_type || dev->agaw != u->unit.agaw)
		return kho_vtd_fail(rep, KHO_VTD_BAD_DEV);
	if (dev->flags & ~(KHO_VTD_DEV_PARKED | KHO_VTD_DEV_ALIAS))
		return kho_vtd_fail(rep, KHO_VTD_BAD_FLAGS);
	if (!(dev->flags & KHO_VTD_DEV_ALIAS) && dev->owner_sbdf != dev->sbdf)
		return kho_vtd_fail(rep, KHO_VTD_BAD_OWNER);
	/* d->iova is set whenever the property exists, even empty. */
	if ((dev->flags & KHO_VTD_DEV_ALIAS) &&
	    (dev->owner_sbdf == dev->sbdf || d->iova))
		return kho_vtd_fail(rep, KHO_VTD_BAD_ALIAS);
	if (!(dev->context_lo & VTD_CTX_PRESENT) ||
	    VTD_CTX_TT(dev->context_lo) != dev->translation_type ||
	    VTD_CTX_ASR(dev->context_lo) != dev->pgd ||
	    VTD_CTX_AW(dev->context_hi) != dev->agaw ||
	    VTD_CTX_DID(dev->context_hi) != dev->domain_id)
		return kho_vtd_fail(rep, KHO_VTD_CONTEXT_MISMATCH);
	if (!dev->domain_id || dev->domain_id >= kho_vtd_ndoms(u->unit.cap))
		return kho_vtd_fail(rep, KHO_VTD_BAD_DOMAIN_ID);
	if (!IS_ALIGNED(dev->pgd, PAGE_SIZE) ||
	    !kho_ranges_contain(mem, nmem, dev->pgd, PAGE_SIZE))
		return kho_vtd_fail(rep, KHO_VTD_PGD_NOT_PRESERVED);
	for (i = 0; i < u->ndevs; i++) {
		const struct kho_vtd_dev *o = &u->devs[i].dev;

		if (o->sbdf == dev->sbdf)
			return kho_vtd_fail(rep, KHO_VTD_DUP_DEV);
		if (o->domain_id == dev->domain_id && o->pgd != dev->pgd)
			return kho_vtd_fail(rep, KHO_VTD_DOMAIN_CONFLICT);
	}

	/* IOVA ranges: a valid range list, all below 2^width. */
	limit = 1ULL << kho_vtd_agaw_width(dev->agaw);
	if (kho_ranges_check(d->iova, d->niova, NULL, 0, NULL, 0, NULL) ||
	    (d->niova && d->iova[d->niova - 1].addr +
			 d->iova[d->niova - 1].len > limit))
		return kho_vtd_fail(rep, KHO_VTD_BAD_IOVA);
	u->ndevs++;
	return 0;
}

/*
 * Once every device of the unit is known (an owner may come after its
 * aliases): each alias record's owner is a non-alias record of the same
 * unit with the same domain, page table, width and PARKED flag.
 */
static int kho_vtd_check_aliases(const struct kho_vtd_in_unit *u,
				 struct kho_report *rep)
{
	const struct kho_vtd_dev *a, *o;
	unsigned int i, j;

	for (i = 0; i < u->ndevs; i++) {
		a = &u->devs[i].dev;
		if (!(a->flags & KHO_VTD_DEV_ALIAS))
			continue;
		rep->sbdf = a->sbdf;
		for (j = 0; j < u->ndevs; j++)
			if (u->devs[j].dev.sbdf == a->owner_sbdf)
				break;
		if (j == u->ndevs)
			return kho_vtd_fail(rep, KHO_VTD_BAD_ALIAS);
		o = &u->devs[j].dev;
		if ((o->flags & KHO_VTD_DEV_ALIAS) ||
		    o->domain_id != a->domain_id || o->pgd != a->pgd ||
		    o->agaw != a->agaw ||
		    (o->flags & KHO_VTD_DEV_PARKED) != (a->flags & KHO_VTD_DEV_PARKED))
			return kho_vtd_fail(rep, KHO_VTD_BAD_ALIAS);
	}
	return 0;
}

static const struct kho_vtd_hw_unit *
kho_vtd_find_hw(const struct kho_vtd_hw_unit *hw, size_t nhw, u64 reg_base)
{
	size_t i;

	for (i = 0; i < nhw; i++)
		if (hw[i].reg_base == reg_base)
			return &hw[i];
	return NULL;
}

static int kho_vtd_check_unit(const void *fdt, int node,
			      const struct kho_mem *mem, size_t nmem,
			      const struct kho_vtd_hw_unit *hw, size_t nhw,
			      struct kho_vtd_state *st, struct kho_report *rep)
{
	struct kho_vtd_in_unit *u = &st->units[st->nunits];
	const struct kho_vtd_unit *unit = &u->unit;
	const struct kho_vtd_hw_unit *h;
	unsigned int i;
	int child, err;

	if (!kho_vtd_name_is(fdt, node, KHO_VTD_UNIT_PREFIX))
		return kho_vtd_fail(rep, KHO_VTD_BAD_STRUCTURE);
	if (st->nunits == KHO_VTD_MAX_UNITS)
		return kho_vtd_fail(rep, KHO_VTD_TOO_MANY);
	u->ndevs = 0;
	if (kho_node_get_prop(fdt, node, "unit", &u->unit, sizeof(u->unit)) ||
	    !kho_vtd_array(fdt, node, "irtes", sizeof(u32),
			   (const void **)&u->irtes, &u->nirtes))
		return kho_vtd_fail(rep, KHO_VTD_BAD_PROP_LEN);
	rep->unit = unit->reg_base;

	/* Offline (no @hw) the unit's own registers are all there is. */
	h = hw ? kho_vtd_find_hw(hw, nhw, unit->reg_base) : NULL;
	if (hw && !h)
		return kho_vtd_fail(rep, KHO_VTD_UNKNOWN_UNIT);
	for (i = 0; i < st->nunits; i++)
		if (st->units[i].unit.reg_base == unit->reg_base)
			return kho_vtd_fail(rep, KHO_VTD_DUP_UNIT);
	if (h && (h->cap != unit->cap || h->ecap != unit->ecap))
		return kho_vtd_fail(rep, KHO_VTD_CAP_MISMATCH);
	if (unit->flags & ~(KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP))
		return kho_vtd_fail(rep, KHO_VTD_BAD_FLAGS);
	/* Bits 11:10 of RTADDR select the table format: 0 is legacy. */
	if (unit->rtaddr & 0xfff)
		return kho_vtd_fail(rep, KHO_VTD_SCALABLE_MODE);
	if (!kho_vtd_agaw_width(unit->agaw) ||
	    !(VTD_CAP_SAGAW(unit->cap) & (1U << unit->agaw)))
		return kho_vtd_fail(rep, KHO_VTD_BAD_AGAW);
	if (!kho_ranges_contain(mem, nmem, unit->rtaddr, PAGE_SIZE))
		return kho_vtd_fail(rep, KHO_VTD_ROOT_NOT_PRESERVED);

	if (unit->flags & KHO_VTD_UNIT_IRQ_REMAP) {
		u64 base = unit->irta & VTD_IRTA_ADDR_MASK;
		u32 entries = kho_vtd_irt_entries(unit->irta);

		if (!kho_ranges_contain(mem, nmem, base,
					(u64)entries * VTD_IRTE_SIZE))
			return kho_vtd_fail(rep, KHO_VTD_IRT_NOT_PRESERVED);
		for (i = 0; i < u->nirtes; i++)
			if (u->irtes[i] >= entries ||
			    (i && u->irtes[i] <= u->irtes[i - 1]))
				return kho_vtd_fail(rep, KHO_VTD_BAD_IRTE);
	} else if (unit->irta || u->nirtes) {
		return kho_vtd_fail(rep, KHO_VTD_BAD_IRTE);
	}

	fdt_for_each_subnode(child, fdt, node) {
		err = kho_vtd_check_dev(fdt, child, mem, nmem, u, rep);
		if (err)
			return err;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return kho_vtd_fail(rep, KHO_VTD_BAD_STRUCTURE);
	err = kho_vtd_check_aliases(u, rep);
	if (err)
		return err;
	rep->sbdf = ~0U;
	st->nunits++;
	return 0;
}

/**
 * kho_vtd_parse() - decode and check the intel-iommu node
 * @fdt: a blob that passed kho_blob_check()
 * @node: the intel-iommu node
 * @hw: the remapping units this kernel found; NULL to check offline
 *	(without the hardware: no unit is unknown, capabilities as recorded)
 * @nhw: number of them
 * @st: filled with the decoded state
 * @rep: filled with where the check failed; may be NULL
 *
 * Checks every property length, that each unit exists here with the same
 * capabilities, uses legacy translation and a supported address width,
 * that unit and device flags are known, that the root table, the interrupt
 * remapping table and each device's page-table root lie in the node's
 * preserved memory, that each context entry agrees with the device's
 * fields, domain ids are in range and not shared between different page
 * tables, and that IOVA lists are valid. A record's owner_sbdf is its own
 * sbdf, except in an alias record: there it names a non-alias record of
 * the same unit with the same domain id, page table, width and PARKED
 * flag, and the alias has no iova property.
 *
 * Return: 0 if the state can be adopted, -EINVAL otherwise.
 */
int kho_vtd_parse(const void *fdt, int node, const struct kho_vtd_hw_unit *hw,
		  size_t nhw, struct kho_vtd_state *st, struct kho_report *rep)
{
	struct kho_report local;
	const struct kho_mem *mem;
	size_t nmem;
	int child, err;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &kho_vtd_errors);
	st->nunits = 0;

	if (kho_blob_node_mem(fdt, node, &mem, &nmem))
		return kho_vtd_fail(rep, KHO_VTD_BAD_PROP_LEN);
	fdt_for_each_subnode(child, fdt, node) {
		err = kho_vtd_check_unit(fdt, child, mem, nmem, hw, nhw, st, rep);
		if (err)
			return err;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return kho_vtd_fail(rep, KHO_VTD_BAD_STRUCTURE);
	rep->unit = 0;
	return 0;
}

/* Every page the node names: root table, IRT, one root per domain. */
static int kho_vtd_claims(int node,
			  const struct kho_vtd_state *st, struct kho_claims *cl)
{
	unsigned int ui, i, j;
	int err;

	for (ui = 0; ui < st->nunits; ui++) {
		const struct kho_vtd_in_unit *u = &st->units[ui];

		err = kho_claim_add(cl, u->unit.rtaddr, PAGE_SIZE, node,
				    KHO_CLAIM_BY_UNIT, ui, "root table",
				    KHO_CLAIM_TABLE);
		if (!err && (u->unit.flags & KHO_VTD_UNIT_IRQ_REMAP))
			err = kho_claim_add(cl, u->unit.irta & VTD_IRTA_ADDR_MASK,
					    ALIGN((u64)kho_vtd_irt_entries(u->unit.irta) *
						  VTD_IRTE_SIZE, PAGE_SIZE),
					    node, KHO_CLAIM_BY_UNIT, ui,
					    "interrupt remapping table",
					    KHO_CLAIM_TABLE);
		if (err)
			return err;
		/*
		 * Records of one domain share its page table; two domains, on
		 * this unit or another, never do.
		 */
		for (i = 0; i < u->ndevs; i++) {
			const struct kho_vtd_dev *d = &u->devs[i].dev;

			for (j = 0; j < i; j++)
				if (u->devs[j].dev.domain_id == d->domain_id)
					break;
			if (j < i)
				continue;
			err = kho_claim_add(cl, d->pgd, PAGE_SIZE, node,
					    KHO_CLAIM_BY_DEVICE, d->sbdf,
					    "page-table root", KHO_CLAIM_TABLE);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * kho_vtd_node_check() - the intel-iommu entry of the node table
 * @fdt: a blob that passed kho_blob_check()
 * @node: the intel-iommu node
 * @state: a struct kho_vtd_state of workspace
 * @cl: the root table, interrupt remapping table and page-table root of
 *	every unit and domain are added
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * kho_vtd_parse() offline: everything but the comparison with the units
 * this machine has, which the kernel glue adds.
 *
 * Return: 0, -EINVAL if the node is refused, -ENOSPC if @cl is full.
 */
int kho_vtd_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len)
{
	struct kho_report rep;

	if (kho_vtd_parse(fdt, node, NULL, 0, state, &rep)) {
		kho_report_describe(why, len, fdt, &rep);
		return -EINVAL;
	}
	return kho_vtd_claims(node, state, cl);
}

static const struct kho_err_text kho_vtd_text[] = {
	KHO_ERR_TEXTS(KHO_VTD_ERRORS)
};
const struct kho_errors kho_vtd_errors = KHO_ERRORS(kho_vtd_text);

/**
 * kho_vtd_unit_begin() - open a dmar@ node inside the intel-iommu node
 * @fdt: blob being built, inside the intel-iommu node after its mem
 * @unit: the unit
 * @irtes: indices of its preserved interrupt remapping entries, ascending
 * @nirtes: number of them
 *
 * Return: 0; -E2BIG if @nirtes does not fit in a property; -ENOSPC when
 * the blob is full; -EINVAL for any other libfdt error.
 */
int kho_vtd_unit_begin(void *fdt, const struct kho_vtd_unit *unit,
		       const u32 *irtes, size_t nirtes)
{
	char name[32];
	int err;

	if (nirtes > INT_MAX / sizeof(*irtes))
		return -E2BIG;
	snprintf(name, sizeof(name), KHO_VTD_UNIT_PREFIX "%llx",
		 (unsigned long long)unit->reg_base);
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property(fdt, "unit", unit, sizeof(*unit));
	if (!err && nirtes)
		err = fdt_property(fdt, "irtes", irtes, nirtes * sizeof(*irtes));
	return kho_fdt_errno(err);
}

/**
 * kho_vtd_dev_add() - write a dev@ node inside the open dmar@ node
 * @fdt: blob being built
 * @dev: the device
 * @iova: its mapped IOVA ranges, sorted
 * @niova: number of them; without any, no iova property is written (an
 *	alias record must have none)
 *
 * Return: 0, -ENOSPC, -E2BIG or -EINVAL (also for an alias record with
 * IOVA ranges).
 */
int kho_vtd_dev_add(void *fdt, const struct kho_vtd_dev *dev,
		    const struct kho_mem *iova, size_t niova)
{
	char name[32];
	int err;

	if ((dev->flags & KHO_VTD_DEV_ALIAS) && niova)
		return -EINVAL;
	if (niova > INT_MAX / sizeof(*iova))
		return -E2BIG;
	snprintf(name, sizeof(name), KHO_VTD_DEV_PREFIX "%x", dev->sbdf);
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property(fdt, "dev", dev, sizeof(*dev));
	if (!err && niova)
		err = fdt_property(fdt, "iova", iova, niova * sizeof(*iova));
	if (!err)
		err = fdt_end_node(fdt);
	return kho_fdt_errno(err);
}

/**
 * kho_vtd_unit_end() - close the dmar@ node
 * @fdt: blob being built
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int kho_vtd_unit_end(void *fdt)
{
	return kho_fdt_errno(fdt_end_node(fdt));
}

#ifndef __KERNEL__
/* kho-dump's decoder (userspace only: <linux/kho/show.h>). */
static const struct kho_show_flag vtd_dev_flags[] = {
	{ KHO_VTD_DEV_PARKED, "parked" },
	{ KHO_VTD_DEV_ALIAS, "alias" },
};

/* intel-iommu-v1 had no flags and no owner_sbdf in the device record. */
#define KHO_VTD_DEV_V1_SIZE	offsetof(struct kho_vtd_dev, flags)

/*
 * drivers/iommu/intel/kho_out.c: the intel-iommu node and its dmar@ and dev@
 * children, which have no compatible of their own and so use this one.
 * @v2: the device record has flags and owner_sbdf (intel-iommu-v2): an
 * alias record shows its owner as alias_of, any other record shows
 * owner_sbdf only when it is not the record's own sbdf (the kernel
 * refuses that).
 */
static bool intel_iommu_prop(struct kho_emit *e, const char *name,
			     const void *val, int len, bool v2)
{
	struct kho_vtd_unit unit;
	struct kho_vtd_dev dev = { };
	int dev_len = v2 ? (int)sizeof(dev) : (int)KHO_VTD_DEV_V1_SIZE;

	if (!strcmp(name, "unit") && len == sizeof(unit)) {
		memcpy(&unit, val, sizeof(unit));
		kho_show_hex64(e, "reg_base", unit.reg_base);
		kho_show_hex64(e, "root_table", unit.rtaddr);
		kho_show_hex64(e, "irta", unit.irta);
		kho_show_hex64(e, "cap", unit.cap);
		kho_show_hex64(e, "ecap", unit.ecap);
		kho_show_u64(e, "agaw", unit.agaw);
		kho_show_hex64(e, "flags", unit.flags);
		return true;
	}
	if (!strcmp(name, "irtes") && len % sizeof(u32) == 0) {
		kho_show_u64(e, "preserved_irtes", len / sizeof(u32));
		return true;
	}
	if (!strcmp(name, "dev") && len == dev_len) {
		memcpy(&dev, val, dev_len);
		kho_show_bdf(e, "bdf", dev.sbdf);
		kho_show_u64(e, "domain_id", dev.domain_id);
		kho_show_u64(e, "agaw", dev.agaw);
		kho_show_hex64(e, "page_table", dev.pgd);
		kho_show_hex64(e, "context_lo", dev.context_lo);
		kho_show_hex64(e, "context_hi", dev.context_hi);
		if (v2) {
			kho_show_flags(e, "flags", dev.flags, vtd_dev_flags,
				   ARRAY_SIZE(vtd_dev_flags));
			if (dev.flags & KHO_VTD_DEV_ALIAS)
				kho_show_bdf(e, "alias_of", dev.owner_sbdf);
			else if (dev.owner_sbdf != dev.sbdf)
				kho_show_bdf(e, "owner", dev.owner_sbdf);
		}
		return true;
	}
	if (!strcmp(name, "iova") && len % sizeof(struct kho_mem) == 0) {
		const struct kho_mem *r = val;
		u64 total = 0;
		int i;

		for (i = 0; i < len / (int)sizeof(*r); i++) {
			struct kho_mem m;

			memcpy(&m, &r[i], sizeof(m));
			total += m.len;
		}
		kho_show_u64(e, "iova_ranges", len / sizeof(*r));
		kho_show_size(e, "iova_mapped", total);
		return true;
	}
	return false;
}

static bool intel_iommu_v1_prop(struct kho_emit *e, const char *name,
				const void *val, int len)
{
	return intel_iommu_prop(e, name, val, len, false);
}

static bool intel_iommu_v2_prop(struct kho_emit *e, const char *name,
				const void *val, int len)
{
	return intel_iommu_prop(e, name, val, len, true);
}

/*
 * One unit with interrupt remapping: a device parked in domain 1, an alias
 * record of a second device in domain 2 (its bridge's requester ID), two
 * preserved IRTEs. Root table at @base, page tables after it, the IRT
 * (256 entries) at @base + 512 KiB.
 */
static int kho_vtd_example(void *fdt, u64 base)
{
	const struct kho_mem mem = { base, 0x100000 };
	struct kho_vtd_unit unit = {
		.reg_base = 0xfed90000, .rtaddr = base,
		.irta = (base + 0x80000) | 7, .cap = 0xd2008c22260206ULL,
		.ecap = 0xf00f4a, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	struct kho_vtd_dev dev = {
		.sbdf = 0x8, .domain_id = 1, .agaw = 1, .pgd = base + 0x2000,
		.context_lo = (base + 0x2000) | 1, .context_hi = 1 | 1 << 8,
		.flags = KHO_VTD_DEV_PARKED, .owner_sbdf = 0x8,
	};
	struct kho_vtd_dev owner = {
		.sbdf = 0x100, .domain_id = 2, .agaw = 1, .pgd = base + 0x3000,
		.context_lo = (base + 0x3000) | 1, .context_hi = 1 | 2 << 8,
		.flags = KHO_VTD_DEV_PARKED, .owner_sbdf = 0x100,
	};
	struct kho_vtd_dev alias = owner;
	const struct kho_mem iova[] = { { 0x100000, 0x1000 }, { 0x200000, 0x4000 } };
	const u32 irtes[] = { 0, 3 };
	int err;

	alias.sbdf = 0x18;
	alias.flags |= KHO_VTD_DEV_ALIAS;
	err = kho_node_begin(fdt, KHO_VTD_NODE, KHO_VTD_COMPATIBLE);
	err = err ?: kho_node_add_mem(fdt, &mem, 1);
	err = err ?: kho_vtd_unit_begin(fdt, &unit, irtes, 2);
	err = err ?: kho_vtd_dev_add(fdt, &dev, iova, 2);
	err = err ?: kho_vtd_dev_add(fdt, &alias, NULL, 0);
	err = err ?: kho_vtd_dev_add(fdt, &owner, iova, 1);
	err = err ?: kho_vtd_unit_end(fdt);
	return err ?: kho_node_end(fdt);
}

static const struct kho_node_type kho_vtd_v1_show = {
	.name = KHO_VTD_NODE,
	.compatible = "intel-iommu-v1",
	KHO_NODE_SHOW(intel_iommu_v1_prop, NULL)
};
#endif

const struct kho_node_type kho_vtd_node_type = {
	.name = KHO_VTD_NODE,
	.compatible = KHO_VTD_COMPATIBLE,
	.state_size = sizeof(struct kho_vtd_state),
	.check = kho_vtd_node_check,
	KHO_NODE_SHOW(intel_iommu_v2_prop, NULL)
	KHO_NODE_OLDER(&kho_vtd_v1_show)
	KHO_NODE_EXAMPLE(kho_vtd_example)
};
