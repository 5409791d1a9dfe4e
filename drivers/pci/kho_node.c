// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI KHO node: writing it, and checking all of it before the next
 * kernel believes a single recorded BAR, window or bus number.
 *
 * Portable: the userspace harness and the fuzzer compile this file as it
 * is.
 */
#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>
#include <linux/kho/pci.h>

/* A u8 counts a record's resources. */
static_assert(KHO_PCI_MAX_RES <= 255);

#define KHO_PCI_DEV_KINDS	(KHO_PCI_DEV_ENDPOINT | KHO_PCI_DEV_BRIDGE)
#define KHO_PCI_RES_FLAGS	(KHO_PCI_RES_IO | KHO_PCI_RES_MEM64 | \
				 KHO_PCI_RES_PREFETCH)
#define KHO_PCI_RES_BARS	6	/* BARs 0-5 of an endpoint */
#define KHO_PCI_RES_BRIDGE_BARS	2	/* BARs 0-1 of a bridge */

static u8 kho_pci_bus_nr(u32 sbdf)
{
	return (sbdf >> 8) & 0xff;
}

static u16 kho_pci_segment(u32 sbdf)
{
	return sbdf >> 16;
}

static bool kho_pci_zero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static int kho_pci_fail(struct kho_report *rep, enum kho_pci_err err)
{
	return kho_report_fail(rep, err);
}

/* An index that names a resource of this kind of device. */
static bool kho_pci_res_index_valid(u8 index, bool bridge)
{
	if (!bridge)
		return index < KHO_PCI_RES_BARS || index == KHO_PCI_RES_ROM;
	return index < KHO_PCI_RES_BRIDGE_BARS ||
	       index == KHO_PCI_RES_WINDOW_IO ||
	       index == KHO_PCI_RES_WINDOW_MEM ||
	       index == KHO_PCI_RES_WINDOW_PREF;
}

/* Flags that make sense on their own and for the resource at @index. */
static bool kho_pci_res_flags_valid(u8 index, u8 flags)
{
	bool io = flags & KHO_PCI_RES_IO;

	if (flags & ~KHO_PCI_RES_FLAGS)
		return false;
	/* 64-bit and prefetchable describe memory only. */
	if (io && (flags & (KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH)))
		return false;
	switch (index) {
	case KHO_PCI_RES_WINDOW_IO:
		return io;
	case KHO_PCI_RES_ROM:
	case KHO_PCI_RES_WINDOW_MEM:
	case KHO_PCI_RES_WINDOW_PREF:
		return !io;
	}
	return true;
}

/* A BAR or expansion ROM, as opposed to a bridge window. */
static bool kho_pci_res_is_bar(const struct kho_pci_res *r)
{
	return r->index < KHO_PCI_RES_WINDOW_IO;
}

/*
 * Where a resource can decode on x86: I/O below 64 KiB; memory without
 * MEM64 (a 32-bit BAR, the ROM, the non-prefetchable window) below
 * 4 GiB; a 64-bit BAR takes the next BAR register too, so it is not the
 * last BAR (and kho_pci_res_in_upper_half() keeps records off the next
 * register). @r was checked: size non-zero, no wrap-around.
 */
static bool kho_pci_res_reachable(const struct kho_pci_res *r, bool bridge)
{
	u64 end = r->start + r->size;

	if (r->flags & KHO_PCI_RES_IO)
		return end <= 0x10000;
	if (!(r->flags & KHO_PCI_RES_MEM64))
		return end <= 0x100000000ULL;
	if (r->index == KHO_PCI_RES_ROM || r->index == KHO_PCI_RES_WINDOW_MEM)
		return false;
	if (r->index < KHO_PCI_RES_ROM &&
	    r->index + 1 >= (bridge ? KHO_PCI_RES_BRIDGE_BARS : KHO_PCI_RES_BARS))
		return false;
	return true;
}

/* @r names the upper half of the 64-bit BAR recorded just before it. */
static bool kho_pci_res_in_upper_half(const struct kho_pci_res *r,
				      const struct kho_pci_res *prev)
{
	return prev && prev->index < KHO_PCI_RES_ROM &&
	       (prev->flags & KHO_PCI_RES_MEM64) && r->index == prev->index + 1;
}

static bool kho_pci_res_overlap(const struct kho_pci_res *a,
				const struct kho_pci_res *b)
{
	if ((a->flags & KHO_PCI_RES_IO) != (b->flags & KHO_PCI_RES_IO))
		return false;
	/* Both checked: size non-zero, start + size does not overflow. */
	return a->start < b->start + b->size && b->start < a->start + a->size;
}

static int kho_pci_check_res(struct kho_pci_in_dev *d, bool bridge,
			     struct kho_report *rep)
{
	unsigned int i, j;

	for (i = 0; i < d->nres; i++) {
		const struct kho_pci_res *r = &d->res[i];

		if (!kho_pci_zero(r->reserved, sizeof(r->reserved)) ||
		    !kho_pci_res_index_valid(r->index, bridge) ||
		    (i && r->index <= d->res[i - 1].index) ||
		    !r->size || r->size > U64_MAX - r->start ||
		    !kho_pci_res_flags_valid(r->index, r->flags) ||
		    !kho_pci_res_reachable(r, bridge) ||
		    kho_pci_res_in_upper_half(r, i ? &d->res[i - 1] : NULL))
			return kho_pci_fail(rep, KHO_PCI_BAD_RES);
		/* A BAR decodes a naturally aligned power-of-two block. */
		if (kho_pci_res_is_bar(r) && (r->size & (r->size - 1)))
			return kho_pci_fail(rep, KHO_PCI_BAR_SIZE);
		if (kho_pci_res_is_bar(r) && (r->start & (r->size - 1)))
			return kho_pci_fail(rep, KHO_PCI_BAR_ALIGN);
		for (j = 0; j < i; j++)
			if (kho_pci_res_overlap(&d->res[j], r))
				return kho_pci_fail(rep, KHO_PCI_RES_OVERLAP);
	}
	return 0;
}

/* Bus numbers: a bridge's are required and consistent, an endpoint's zero. */
static int kho_pci_check_bus(const struct kho_pci_in_dev *d, bool bridge,
			     struct kho_report *rep)
{
	const struct kho_pci_bus *b = &d->bus;

	if (!bridge)
		return kho_pci_zero((const u8 *)b, sizeof(*b)) ? 0 :
		       kho_pci_fail(rep, KHO_PCI_BAD_BUS);
	if (b->reserved || b->primary != kho_pci_bus_nr(d->dev.sbdf) ||
	    b->secondary <= b->primary || b->subordinate < b->secondary)
		return kho_pci_fail(rep, KHO_PCI_BAD_BUS);
	return 0;
}

/*
 * A driver name as the kernel's drivers spell theirs. The next kernel
 * logs it and makes it the device's driver_override: no newline, escape
 * sequence or other byte that could forge a log line.
 */
static bool kho_pci_driver_chars(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' ||
		      s[i] == '.'))
			return false;
	return true;
}

/*
 * The driver: on an endpoint one non-empty name, NUL-terminated inside
 * the field and zero after the NUL; on a bridge all zero.
 */
static int kho_pci_check_driver(const struct kho_pci_rec *r,
				struct kho_pci_in_dev *d, bool bridge,
				struct kho_report *rep)
{
	size_t len = strnlen(r->driver, sizeof(r->driver));

	if (bridge)
		return kho_pci_zero((const u8 *)r->driver, sizeof(r->driver)) ? 0 :
		       kho_pci_fail(rep, KHO_PCI_BAD_DRIVER);
	if (!len || len == sizeof(r->driver) ||
	    !kho_pci_zero((const u8 *)r->driver + len, sizeof(r->driver) - len) ||
	    !kho_pci_driver_chars(r->driver, len))
		return kho_pci_fail(rep, KHO_PCI_BAD_DRIVER);
	memcpy(d->driver, r->driver, len + 1);
	return 0;
}

/*
 * Record @rec of the devs property, whose resources are @res (@avail
 * entries left in the res property from there on).
 */
static int kho_pci_check_dev(const struct kho_pci_rec *rec,
			     const struct kho_pci_res *res, size_t avail,
			     struct kho_pci_state *st, struct kho_report *rep)
{
	struct kho_pci_in_dev *d = &st->devs[st->ndevs];
	struct kho_pci_rec r;
	const struct kho_pci_dev *dev = &d->dev;
	bool bridge;
	int err;

	memcpy(&r, rec, sizeof(r));
	memset(d, 0, sizeof(*d));
	d->dev = r.dev;
	d->bus = r.bus;
	rep->sbdf = dev->sbdf;
	if (st->ndevs && dev->sbdf <= st->devs[st->ndevs - 1].dev.sbdf)
		return kho_pci_fail(rep, KHO_PCI_NOT_SORTED);
	if (r.nres > KHO_PCI_MAX_RES)
		return kho_pci_fail(rep, KHO_PCI_TOO_MANY);
	/* The res property ends before this record's resources do. */
	if (r.nres > avail)
		return kho_pci_fail(rep, KHO_PCI_BAD_PROP_LEN);
	d->res = res;
	d->nres = r.nres;

	/* Exactly one kind, and the header type that goes with it. */
	bridge = dev->flags & KHO_PCI_DEV_BRIDGE;
	if ((dev->flags != KHO_PCI_DEV_ENDPOINT &&
	     dev->flags != KHO_PCI_DEV_BRIDGE) ||
	    dev->hdr_type != (bridge ? 1 : 0) || dev->class > 0xffffff ||
	    !kho_pci_zero(r.reserved, sizeof(r.reserved)))
		return kho_pci_fail(rep, KHO_PCI_BAD_DEV);

	err = kho_pci_check_res(d, bridge, rep);
	if (!err)
		err = kho_pci_check_bus(d, bridge, rep);
	if (!err)
		err = kho_pci_check_driver(&r, d, bridge, rep);
	if (err)
		return err;
	st->ndevs++;
	return 0;
}

/* An array property: absent or empty is none, else whole elements. */
static int kho_pci_array(const void *fdt, int node, const char *name,
			 size_t size, const void **val, size_t *n)
{
	int len;

	*val = fdt_getprop(fdt, node, name, &len);
	*n = 0;
	if (!*val)
		return len == -FDT_ERR_NOTFOUND ? 0 : -EINVAL;
	if (len % size)
		return -EINVAL;
	*n = len / size;
	return 0;
}

/*
 * A device off bus 0 of its segment must sit below a recorded bridge:
 * the next kernel keeps a device only with every bridge above it.
 */
static bool kho_pci_has_path(const struct kho_pci_state *st,
			     const struct kho_pci_dev *dev)
{
	u8 bus = kho_pci_bus_nr(dev->sbdf);
	unsigned int i;

	if (!bus)
		return true;
	for (i = 0; i < st->ndevs; i++) {
		const struct kho_pci_in_dev *b = &st->devs[i];

		if (b->dev.flags == KHO_PCI_DEV_BRIDGE &&
		    kho_pci_segment(b->dev.sbdf) == kho_pci_segment(dev->sbdf) &&
		    b->bus.secondary <= bus && bus <= b->bus.subordinate)
			return true;
	}
	return false;
}

/**
 * kho_pci_parse() - decode and check the pci node
 * @fdt: a blob that passed kho_blob_check()
 * @node: the pci node
 * @st: filled with the decoded state; resources point into @fdt
 * @rep: filled with where the check failed; may be NULL
 *
 * Checks that the node owns no memory in the map and has no children; that devs and res are
 * whole records, at most %KHO_PCI_MAX_DEVS devices strictly ascending by
 * sbdf, whose resource counts (at most %KHO_PCI_MAX_RES each) add up to
 * the entries of res; that each device is either an endpoint (header type
 * 0) or a bridge (header type 1) and nothing else, its reserved bytes
 * zero; that its resources are ascending by an index valid for its header
 * type, with reserved bytes zero, a non-zero size, no wrap-around, flags
 * consistent with the index, and no two overlapping in the same address
 * space; that a bridge has bus numbers with primary equal to its own bus,
 * primary < secondary <= subordinate, and no driver; that an endpoint has
 * zero bus numbers and one non-empty driver name shorter than
 * KHO_PCI_MAX_DRIVER, zero-padded; and that every device off bus 0 of its
 * segment lies below a recorded bridge.
 *
 * Return: 0 if the node can be used, -EINVAL otherwise.
 */
int kho_pci_parse(const void *fdt, int node, struct kho_pci_state *st,
		  struct kho_report *rep)
{
	const struct kho_pci_res *res;
	const struct kho_pci_rec *recs;
	struct kho_report local;
	const struct kho_mem *mem;
	size_t i, nrecs, nres, nmem, used = 0;
	const void *p;
	int err;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &kho_pci_errors);
	st->ndevs = 0;

	/* The pci node preserves no memory: the map gives it none. */
	if (kho_blob_node_mem(fdt, node, &mem, &nmem) || nmem)
		return kho_pci_fail(rep, KHO_PCI_BAD_PROP_LEN);
	if (fdt_first_subnode(fdt, node) != -FDT_ERR_NOTFOUND)
		return kho_pci_fail(rep, KHO_PCI_BAD_STRUCTURE);
	if (kho_pci_array(fdt, node, KHO_PCI_DEVS_PROP, sizeof(*recs), &p, &nrecs))
		return kho_pci_fail(rep, KHO_PCI_BAD_PROP_LEN);
	recs = p;
	if (kho_pci_array(fdt, node, KHO_PCI_RES_PROP, sizeof(*res), &p, &nres))
		return kho_pci_fail(rep, KHO_PCI_BAD_PROP_LEN);
	res = p;
	if (nrecs > KHO_PCI_MAX_DEVS)
		return kho_pci_fail(rep, KHO_PCI_TOO_MANY);

	for (i = 0; i < nrecs; i++) {
		/* No res property: no pointer arithmetic on NULL. */
		err = kho_pci_check_dev(&recs[i], res ? res + used : NULL,
					nres - used, st, rep);
		if (err)
			return err;
		used += st->devs[i].nres;
	}
	rep->sbdf = ~0U;
	/* Entries no record owns. */
	if (used != nres)
		return kho_pci_fail(rep, KHO_PCI_BAD_PROP_LEN);

	for (i = 0; i < st->ndevs; i++) {
		if (!kho_pci_has_path(st, &st->devs[i].dev)) {
			rep->sbdf = st->devs[i].dev.sbdf;
			return kho_pci_fail(rep, KHO_PCI_NO_PATH);
		}
	}
	return 0;
}

/**
 * kho_pci_node_check() - the pci entry of the node table
 * @fdt: a blob that passed kho_blob_check()
 * @node: the pci node
 * @state: a struct kho_pci_state of workspace
 * @cl: every BAR of every device is added (bridge windows are not: they
 *	contain the BARs below them by design)
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0, -EINVAL if the node is refused, -ENOSPC if @cl is full.
 */
int kho_pci_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len)
{
	static const char *const bar_names[] = {
		"BAR 0", "BAR 1", "BAR 2", "BAR 3", "BAR 4", "BAR 5", "ROM BAR",
	};
	struct kho_pci_state *st = state;
	struct kho_report rep;
	unsigned int i, j;
	int err;

	if (kho_pci_parse(fdt, node, st, &rep)) {
		kho_report_describe(why, len, fdt, &rep);
		return -EINVAL;
	}
	for (i = 0; i < st->ndevs; i++) {
		const struct kho_pci_in_dev *d = &st->devs[i];

		for (j = 0; j < d->nres; j++) {
			const struct kho_pci_res *r = &d->res[j];

			if (!kho_pci_res_is_bar(r))
				continue;
			err = kho_claim_add(cl, r->start, r->size, node,
					    KHO_CLAIM_BY_DEVICE, d->dev.sbdf,
					    bar_names[r->index],
					    r->flags & KHO_PCI_RES_IO ?
					    KHO_CLAIM_IOPORT : KHO_CLAIM_MMIO);
			if (err)
				return err;
		}
	}
	return 0;
}

/* Config offsets and masks of the BAR registers (include/uapi/linux/pci_regs.h). */
#define KHO_PCI_BAR0		0x10
#define KHO_PCI_ROM		0x30
#define KHO_PCI_BRIDGE_ROM	0x38
#define KHO_PCI_BAR_IO_MASK	(~0x03U)
#define KHO_PCI_BAR_MEM_MASK	(~0x0fU)
#define KHO_PCI_ROM_MASK	(~0x7ffU)

/**
 * kho_pci_bar_readback() - what sizing a kept device's BAR would read back
 * @d: the device's record
 * @pos: config offset of the BAR dword: a BAR, the upper half of a 64-bit
 *	BAR, or the expansion ROM register of the device's header type
 * @l: the dword's current value
 *
 * The next kernel sizes a kept device's BARs from its record instead of
 * writing all ones to them: this is the value such a write would have
 * read back. A BAR the record does not have (it was not assigned) reads
 * as unimplemented.
 *
 * Return: the read-back value, 0 for an unrecorded BAR.
 */
u32 kho_pci_bar_readback(const struct kho_pci_in_dev *d, unsigned int pos, u32 l)
{
	unsigned int rom = d->dev.hdr_type ? KHO_PCI_BRIDGE_ROM : KHO_PCI_ROM;
	unsigned int index, i;
	u64 mask;

	if (pos == rom)
		index = KHO_PCI_RES_ROM;
	else if (pos >= KHO_PCI_BAR0 && pos < KHO_PCI_BAR0 + 4 * 6 && !(pos & 3))
		index = (pos - KHO_PCI_BAR0) / 4;
	else
		return 0;
	for (i = 0; i < d->nres; i++) {
		const struct kho_pci_res *r = &d->res[i];

		mask = ~(r->size - 1);
		if (r->index == index && index == KHO_PCI_RES_ROM)
			return (u32)mask & KHO_PCI_ROM_MASK;
		if (r->index == index && (r->flags & KHO_PCI_RES_IO))
			return ((u32)mask & KHO_PCI_BAR_IO_MASK) | (l & ~KHO_PCI_BAR_IO_MASK);
		if (r->index == index)
			return ((u32)mask & KHO_PCI_BAR_MEM_MASK) | (l & ~KHO_PCI_BAR_MEM_MASK);
		/* The upper dword of a 64-bit BAR. */
		if (index && index != KHO_PCI_RES_ROM && r->index == index - 1 &&
		    (r->flags & KHO_PCI_RES_MEM64))
			return (u32)(mask >> 32);
	}
	return 0;
}

/**
 * kho_pci_find() - the record of one device
 * @st: state kho_pci_parse() accepted
 * @sbdf: segment << 16 | bus << 8 | devfn
 *
 * Return: the device's record, or NULL if it was not kept.
 */
const struct kho_pci_in_dev *kho_pci_find(const struct kho_pci_state *st,
					  u32 sbdf)
{
	long i = kho_sbdf_find(st->devs, st->ndevs, sizeof(st->devs[0]), sbdf);

	/* Records start with their sbdf (checked by the unit tests). */
	return i < 0 ? NULL : &st->devs[i];
}

static const struct kho_err_text kho_pci_text[] = {
	KHO_ERR_TEXTS(KHO_PCI_ERRORS)
};
const struct kho_errors kho_pci_errors = KHO_ERRORS(kho_pci_text);

/* The record of @d as the devs property holds it. */
static int kho_pci_rec_fill(struct kho_pci_rec *r, const struct kho_pci_out_dev *d)
{
	size_t len = d->driver ? strlen(d->driver) : 0;

	if (d->nres > KHO_PCI_MAX_RES)
		return -E2BIG;
	if (len >= sizeof(r->driver))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	r->dev = d->dev;
	if (d->bus)
		r->bus = *d->bus;
	r->nres = d->nres;
	if (len)
		memcpy(r->driver, d->driver, len);
	return 0;
}

/**
 * kho_pci_devs_write() - write the devices inside the open pci node
 * @fdt: blob being built, the pci node open
 * @devs: the devices, ascending by sbdf
 * @n: number of them, at most %KHO_PCI_MAX_DEVS
 *
 * Writes the devs property (one record per device) and the res property
 * (every device's resources, in record order). Nothing is allocated: both
 * are reserved in @fdt and filled in place.
 *
 * Return: 0, -ENOSPC (@fdt is full), -E2BIG (more than %KHO_PCI_MAX_DEVS
 * devices or %KHO_PCI_MAX_RES resources of one), -EINVAL (a driver name
 * of %KHO_PCI_MAX_DRIVER characters or more).
 */
int kho_pci_devs_write(void *fdt, const struct kho_pci_out_dev *devs, size_t n)
{
	struct kho_pci_rec rec;
	size_t i, nres = 0;
	void *recs, *res = NULL;
	int err;

	if (n > KHO_PCI_MAX_DEVS)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		err = kho_pci_rec_fill(&rec, &devs[i]);
		if (err)
			return err;
		nres += devs[i].nres;
	}
	if (!n)
		return 0;
	err = fdt_property_placeholder(fdt, KHO_PCI_DEVS_PROP, n * sizeof(rec), &recs);
	for (i = 0; !err && i < n; i++) {
		kho_pci_rec_fill(&rec, &devs[i]);
		memcpy((char *)recs + i * sizeof(rec), &rec, sizeof(rec));
	}
	if (!err && nres)
		err = fdt_property_placeholder(fdt, KHO_PCI_RES_PROP,
					       nres * sizeof(struct kho_pci_res), &res);
	for (i = 0, nres = 0; !err && res && i < n; i++) {
		if (!devs[i].nres)
			continue;
		memcpy((char *)res + nres * sizeof(struct kho_pci_res), devs[i].res,
		       devs[i].nres * sizeof(struct kho_pci_res));
		nres += devs[i].nres;
	}
	return kho_fdt_errno(err);
}

#ifndef __KERNEL__
/* kho-dump's decoder (userspace only: <linux/kho/show.h>). */
static const char *pci_res_name(u8 index, char *buf, size_t len)
{
	switch (index) {
	case KHO_PCI_RES_ROM:
		return "rom";
	case KHO_PCI_RES_WINDOW_IO:
		return "io_window";
	case KHO_PCI_RES_WINDOW_MEM:
		return "mem_window";
	case KHO_PCI_RES_WINDOW_PREF:
		return "pref_window";
	}
	snprintf(buf, len, index < 6 ? "bar%u" : "res%u", index);
	return buf;
}

static void pci_res(struct kho_emit *e, const struct kho_pci_res *r)
{
	static const struct kho_show_flag mem_flags[] = {
		{ KHO_PCI_RES_MEM64, "64-bit" },
		{ KHO_PCI_RES_PREFETCH, "prefetchable" },
	};
	char name[16];

	kho_show_group_begin(e, pci_res_name(r->index, name, sizeof(name)));
	kho_show_str(e, "space", r->flags & KHO_PCI_RES_IO ? "io" : "mem");
	kho_show_hex64(e, "start", r->start);
	kho_show_size(e, "size", r->size);
	kho_show_flags(e, "flags", r->flags & ~KHO_PCI_RES_IO, mem_flags,
		   ARRAY_SIZE(mem_flags));
	kho_show_group_end(e);
}

static void pci_dev_fields(struct kho_emit *e, const struct kho_pci_dev *dev)
{
	kho_show_bdf(e, "bdf", dev->sbdf);
	kho_show_str(e, "kind", dev->flags == KHO_PCI_DEV_ENDPOINT ? "endpoint" :
		 dev->flags == KHO_PCI_DEV_BRIDGE ? "bridge" : "invalid");
	kho_show_hex(e, "vendor", dev->vendor, 4);
	kho_show_hex(e, "device", dev->device, 4);
	kho_show_hex(e, "class", dev->class, 6);
	kho_show_u64(e, "header_type", dev->hdr_type);
	kho_show_hex(e, "command", dev->command, 4);
}

static void pci_bus_fields(struct kho_emit *e, const struct kho_pci_bus *bus)
{
	kho_show_hex(e, "primary_bus", bus->primary, 2);
	kho_show_hex(e, "secondary_bus", bus->secondary, 2);
	kho_show_hex(e, "subordinate_bus", bus->subordinate, 2);
}

/* pci-v1 (drivers/pci/kho.c before 256 records): the pci node's dev@ children. */
static bool pci_prop(struct kho_emit *e, const char *name, const void *val,
		     int len)
{
	struct kho_pci_dev dev;
	struct kho_pci_res res;
	struct kho_pci_bus bus;
	const char *s;
	int i;

	if (!strcmp(name, "dev") && len == sizeof(dev)) {
		memcpy(&dev, val, sizeof(dev));
		pci_dev_fields(e, &dev);
		return true;
	}
	if (!strcmp(name, "res") && len % sizeof(res) == 0) {
		kho_show_u64(e, "resources", len / sizeof(res));
		for (i = 0; i < len / (int)sizeof(res); i++) {
			memcpy(&res, (const char *)val + i * sizeof(res),
			       sizeof(res));
			pci_res(e, &res);
		}
		return true;
	}
	if (!strcmp(name, "bus") && len == sizeof(bus)) {
		memcpy(&bus, val, sizeof(bus));
		pci_bus_fields(e, &bus);
		return true;
	}
	s = kho_show_get_str(val, len);
	if (!strcmp(name, "driver") && s) {
		kho_show_str(e, "driver", s);
		return true;
	}
	return false;
}

/* pci-v2: the devs and res arrays; the node callback pairs them up. */
static bool pci_v2_prop(struct kho_emit *e, const char *name, const void *val,
			int len)
{
	(void)val;
	if (!strcmp(name, KHO_PCI_DEVS_PROP) && len % sizeof(struct kho_pci_rec) == 0) {
		kho_show_u64(e, "devices", len / sizeof(struct kho_pci_rec));
		return true;
	}
	if (!strcmp(name, KHO_PCI_RES_PROP) && len % sizeof(struct kho_pci_res) == 0) {
		kho_show_u64(e, "resources", len / sizeof(struct kho_pci_res));
		return true;
	}
	return false;
}

/*
 * One group per record, named dev@<sbdf> as pci-v1's children were, with
 * its share of res (records take their nres entries in turn); a count
 * past the end of res shows what there is.
 */
static void pci_v2_node(struct kho_emit *e, const void *fdt, int node)
{
	const char *recs, *res;
	int rlen, slen, i, used = 0;
	char name[24];

	recs = fdt_getprop(fdt, node, KHO_PCI_DEVS_PROP, &rlen);
	res = fdt_getprop(fdt, node, KHO_PCI_RES_PROP, &slen);
	if (!recs || rlen % sizeof(struct kho_pci_rec))
		return;
	if (!res || slen % sizeof(struct kho_pci_res))
		slen = 0;
	for (i = 0; i < rlen / (int)sizeof(struct kho_pci_rec); i++) {
		struct kho_pci_rec r;
		struct kho_pci_res x;
		unsigned int j;

		memcpy(&r, recs + i * sizeof(r), sizeof(r));
		snprintf(name, sizeof(name), "dev@%x", r.dev.sbdf);
		kho_show_group_begin(e, name);
		pci_dev_fields(e, &r.dev);
		kho_show_u64(e, "resources", r.nres);
		for (j = 0; j < r.nres &&
			    (used + 1) * (int)sizeof(x) <= slen; j++, used++) {
			memcpy(&x, res + used * sizeof(x), sizeof(x));
			pci_res(e, &x);
		}
		if (r.dev.flags != KHO_PCI_DEV_ENDPOINT)
			pci_bus_fields(e, &r.bus);
		if (r.driver[0] || r.dev.flags == KHO_PCI_DEV_ENDPOINT) {
			if (memchr(r.driver, 0, sizeof(r.driver)) &&
			    kho_show_get_str(r.driver, strlen(r.driver) + 1))
				kho_show_str(e, "driver", r.driver);
			else
				kho_show_raw(e, "driver", r.driver, sizeof(r.driver));
		}
		kho_show_group_end(e);
	}
}

/*
 * An endpoint kept for vtd-edu-test on bus 0, and one kept for vfio-pci
 * behind a bridge with all three windows open. No preserved memory.
 */
static int kho_pci_example(void *fdt, u64 base)
{
	const struct kho_pci_res ep_res[] = {
		{ .start = 0xfea00000, .size = 0x100000, .index = 0 },
		{ .start = 0xc000, .size = 0x100, .index = 2, .flags = KHO_PCI_RES_IO },
		{ .start = 0xfeb00000, .size = 0x40000, .index = KHO_PCI_RES_ROM },
	};
	const struct kho_pci_res br_res[] = {
		{ .start = 0xd000, .size = 0x1000, .index = KHO_PCI_RES_WINDOW_IO,
		  .flags = KHO_PCI_RES_IO },
		{ .start = 0xfd000000, .size = 0x200000,
		  .index = KHO_PCI_RES_WINDOW_MEM },
		{ .start = 0x800000000ULL, .size = 0x200000,
		  .index = KHO_PCI_RES_WINDOW_PREF,
		  .flags = KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH },
	};
	const struct kho_pci_bus bus = { .primary = 0, .secondary = 1, .subordinate = 1 };
	const struct kho_pci_dev ep = {
		.sbdf = 0x8, .vendor = 0x1234, .device = 0x11e8, .class = 0xff00,
		.flags = KHO_PCI_DEV_ENDPOINT, .command = 0x406,
	};
	const struct kho_pci_dev br = {
		.sbdf = 0x18, .vendor = 0x1b36, .device = 0x1, .class = 0x060400,
		.hdr_type = 1, .flags = KHO_PCI_DEV_BRIDGE, .command = 0x407,
	};
	struct kho_pci_out_dev out[3] = {
		{ .dev = ep, .res = ep_res, .nres = 3, .driver = "vtd-edu-test" },
		{ .dev = br, .res = br_res, .nres = 3, .bus = &bus },
		{ .dev = ep, .res = ep_res, .nres = 1, .driver = "vfio-pci" },
	};
	int err;

	(void)base;
	out[2].dev.sbdf = 0x100;
	err = kho_node_begin(fdt, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	err = err ?: kho_pci_devs_write(fdt, out, 3);
	return err ?: kho_node_end(fdt);
}

static const struct kho_node_type kho_pci_v1_show = {
	.name = KHO_PCI_NODE,
	.compatible = "pci-v1",
	KHO_NODE_SHOW(pci_prop, NULL)
};
#endif

const struct kho_node_type kho_pci_node_type = {
	.name = KHO_PCI_NODE,
	.compatible = KHO_PCI_COMPATIBLE,
	.state_size = sizeof(struct kho_pci_state),
	.check = kho_pci_node_check,
	KHO_NODE_SHOW(pci_v2_prop, pci_v2_node)
	KHO_NODE_OLDER(&kho_pci_v1_show)
	KHO_NODE_EXAMPLE(kho_pci_example)
};
