// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO KHO node: writing it, and checking all of it before the next
 * kernel rebuilds a single DMA mapping or hands a device to its owner.
 *
 * Portable: the userspace harness and the fuzzer compile this file as it
 * is.
 */
#include <linux/export.h>
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
#include <linux/kho/vfio.h>
#include <linux/kho/abi/khofs.h>

/* The blob check refuses a node with more children (abi/kho.h). */
static_assert(KHO_VFIO_MAX_CONTAINERS + KHO_VFIO_MAX_DEVS <= KHO_MAX_CHILDREN);

#define KHO_VFIO_NAME_LEN	32	/* "container@" and 8 hex digits, with room */
#define KHO_VFIO_PAGE_SIZE	4096ULL	/* the chunk granule on every host */

#define KHO_VFIO_DEV_FLAGS	(KHO_VFIO_DEV_RESET_WORKS | \
				 KHO_VFIO_DEV_PCI_2_3 | KHO_VFIO_DEV_NOINTX)
#define KHO_VFIO_PROT		(KHO_VFIO_PROT_READ | KHO_VFIO_PROT_WRITE)
#define KHO_VFIO_MAP_FLAGS	KHO_VFIO_MAP_KHOFS

/* Vector numbers a device can have: 32 for MSI, 2048 for MSI-X. */
#define KHO_VFIO_MSI_VECTORS	32
#define KHO_VFIO_MSIX_VECTORS	2048

static int kho_vfio_fail(struct kho_report *rep, enum kho_vfio_err err)
{
	return kho_report_fail(rep, err);
}

static bool kho_vfio_name_is(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* An optional array property: absent is empty, else a whole number. */
static bool kho_vfio_array(const void *fdt, int node, const char *name,
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
	*arr = len ? p : NULL;
	*n = len / elem;
	return true;
}

/* One chunk on its own: granule, length, permissions, flags, no wrap-around. */
static bool kho_vfio_map_valid(const struct kho_vfio_map *m)
{
	return m->len && IS_ALIGNED(m->iova, KHO_VFIO_PAGE_SIZE) &&
	       IS_ALIGNED(m->phys, KHO_VFIO_PAGE_SIZE) &&
	       IS_ALIGNED(m->len, KHO_VFIO_PAGE_SIZE) &&
	       m->prot && !(m->prot & ~KHO_VFIO_PROT) &&
	       !(m->flags & ~KHO_VFIO_MAP_FLAGS) &&
	       m->len <= U64_MAX - m->iova && m->len <= U64_MAX - m->phys;
}

/*
 * A borrowed chunk lies in the khofs node's mem, which the blob-wide
 * overlap rule checks (kho_vfio_node_check() names the lender); here the
 * node only has to exist, found by its exact name like every reader of
 * the node does.
 */
static int kho_vfio_check_borrowed(const void *fdt, struct kho_vfio_state *st,
				   struct kho_vfio_in_container *c,
				   struct kho_report *rep)
{
	if (st->lender < 0)
		st->lender = kho_blob_subnode(fdt, KHOFS_NODE);
	if (st->lender < 0) {
		st->lender = -1;
		return kho_vfio_fail(rep, KHO_VFIO_NO_KHOFS);
	}
	c->nborrowed++;
	return 0;
}

static int kho_vfio_check_container(const void *fdt, int node,
				    const char *name, struct kho_vfio_state *st,
				    struct kho_report *rep)
{
	struct kho_vfio_in_container *c = &st->containers[st->ncontainers];
	char want[KHO_VFIO_NAME_LEN];
	const void *maps;
	size_t i;

	if (st->ncontainers == KHO_VFIO_MAX_CONTAINERS)
		return kho_vfio_fail(rep, KHO_VFIO_TOO_MANY);
	rep->container = st->ncontainers;
	snprintf(want, sizeof(want), KHO_VFIO_CONTAINER_PREFIX "%x",
		 st->ncontainers);
	if (strcmp(name, want) ||
	    fdt_first_subnode(fdt, node) != -FDT_ERR_NOTFOUND)
		return kho_vfio_fail(rep, KHO_VFIO_BAD_STRUCTURE);
	/* Required, even when empty. */
	if (!fdt_getprop(fdt, node, "maps", NULL) ||
	    !kho_vfio_array(fdt, node, "maps", sizeof(struct kho_vfio_map),
			    &maps, &c->nmaps))
		return kho_vfio_fail(rep, KHO_VFIO_BAD_PROP_LEN);
	c->maps = maps;
	c->nborrowed = 0;
	c->ndma = 0;

	for (i = 0; i < c->nmaps; i++) {
		const struct kho_vfio_map *m = &c->maps[i];
		const struct kho_vfio_map *p = i ? &c->maps[i - 1] : NULL;

		if (!kho_vfio_map_valid(m))
			return kho_vfio_fail(rep, KHO_VFIO_BAD_MAP);
		if (p && m->iova < p->iova + p->len)
			return kho_vfio_fail(rep, KHO_VFIO_MAP_OVERLAP);
		/*
		 * dma numbers start at 0 and go up by one per VMM mapping;
		 * the chunks of one mapping follow each other in IOVA with
		 * the same permissions.
		 */
		if (!p ? m->dma != 0 :
		    m->dma == p->dma ? (m->iova != p->iova + p->len ||
					m->prot != p->prot) :
		    m->dma != p->dma + 1)
			return kho_vfio_fail(rep, KHO_VFIO_BAD_MAP);
		if (m->flags & KHO_VFIO_MAP_KHOFS) {
			if (kho_vfio_check_borrowed(fdt, st, c, rep))
				return -EINVAL;
		} else if (!kho_ranges_contain(st->mem, st->nmem, m->phys, m->len)) {
			return kho_vfio_fail(rep, KHO_VFIO_MAP_NOT_PRESERVED);
		}
		c->ndma = m->dma + 1;
	}
	rep->container = ~0U;
	st->ncontainers++;
	return 0;
}

static bool kho_vfio_salt_set(const u8 *salt)
{
	size_t i;

	for (i = 0; i < KHO_VFIO_SALT_LEN; i++)
		if (salt[i])
			return true;
	return false;
}

static int kho_vfio_check_vectors(const struct kho_vfio_in_dev *d,
				  struct kho_report *rep)
{
	u32 limit = d->dev.irq_type == KHO_VFIO_IRQ_MSI ?
		    KHO_VFIO_MSI_VECTORS : KHO_VFIO_MSIX_VECTORS;
	size_t i;

	if (d->nvectors > KHO_VFIO_MAX_VECTORS)
		return kho_vfio_fail(rep, KHO_VFIO_TOO_MANY);
	if (d->nvectors && d->dev.irq_type == KHO_VFIO_IRQ_NONE)
		return kho_vfio_fail(rep, KHO_VFIO_BAD_VECTOR);
	for (i = 0; i < d->nvectors; i++)
		if (d->vectors[i].index >= limit ||
		    (i && d->vectors[i].index <= d->vectors[i - 1].index))
			return kho_vfio_fail(rep, KHO_VFIO_BAD_VECTOR);
	return 0;
}

static int kho_vfio_check_dev(const void *fdt, int node, const char *name,
			      struct kho_vfio_state *st,
			      struct kho_report *rep)
{
	struct kho_vfio_in_dev *d = &st->devs[st->ndevs];
	const struct kho_vfio_dev *dev = &d->dev;
	char want[KHO_VFIO_NAME_LEN];
	const void *vectors;

	if (st->ndevs == KHO_VFIO_MAX_DEVS)
		return kho_vfio_fail(rep, KHO_VFIO_TOO_MANY);
	if (kho_node_get_prop(fdt, node, "dev", &d->dev, sizeof(d->dev)) ||
	    !kho_vfio_array(fdt, node, "vectors",
			    sizeof(struct kho_vfio_vector), &vectors,
			    &d->nvectors))
		return kho_vfio_fail(rep, KHO_VFIO_BAD_PROP_LEN);
	d->vectors = vectors;
	rep->sbdf = dev->sbdf;

	snprintf(want, sizeof(want), KHO_VFIO_DEV_PREFIX "%x", dev->sbdf);
	if (strcmp(name, want) ||
	    fdt_first_subnode(fdt, node) != -FDT_ERR_NOTFOUND)
		return kho_vfio_fail(rep, KHO_VFIO_BAD_STRUCTURE);
	if (st->ndevs && dev->sbdf <= st->devs[st->ndevs - 1].dev.sbdf)
		return kho_vfio_fail(rep, KHO_VFIO_NOT_SORTED);
	if ((dev->flags & ~KHO_VFIO_DEV_FLAGS) ||
	    dev->irq_type > KHO_VFIO_IRQ_MSIX ||
	    dev->reserved[0] || dev->reserved[1] || dev->reserved[2] ||
	    !kho_vfio_salt_set(dev->salt))
		return kho_vfio_fail(rep, KHO_VFIO_BAD_DEV);
	if (dev->container >= st->ncontainers) {
		rep->container = dev->container;
		return kho_vfio_fail(rep, KHO_VFIO_BAD_CONTAINER);
	}
	if (kho_vfio_check_vectors(d, rep))
		return -EINVAL;
	st->ndevs++;
	return 0;
}

/**
 * kho_vfio_parse() - decode and check the vfio node
 * @fdt: a blob that passed kho_blob_check() (so the node's mem is valid)
 * @node: the vfio node
 * @st: filled with the decoded state; arrays point into @fdt
 * @rep: filled with where the check failed; may be NULL
 *
 * Checks that the children are container@0 .. container@N-1 in order,
 * then dev@<sbdf> nodes named after their sbdf in strictly ascending
 * order, and nothing else. Each container's maps are page-aligned chunks
 * of non-zero length with known, non-zero permissions, known flags, no
 * wrap-around, ascending and disjoint in IOVA, each inside the node's mem
 * unless it is borrowed (KHO_VFIO_MAP_KHOFS), which needs the root to
 * have a child named exactly ``khofs`` (its offset goes to @st->lender); their dma
 * numbers start at 0 and either repeat (the chunk continues the previous
 * one in IOVA with the same permissions) or go up by one. Each device has
 * only known flags, a known interrupt type, zero reserved bytes, a salt
 * that is not all zero, an existing container, and vectors only with an
 * interrupt type, strictly ascending and below the type's vector count.
 *
 * Return: 0 if the state can be used, -EINVAL otherwise.
 */
int kho_vfio_parse(const void *fdt, int node, struct kho_vfio_state *st,
		   struct kho_report *rep)
{
	struct kho_report local;
	int child, err;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &kho_vfio_errors);
	st->lender = -1;
	st->ncontainers = 0;
	st->ndevs = 0;

	if (kho_blob_node_mem(fdt, node, &st->mem, &st->nmem))
		return kho_vfio_fail(rep, KHO_VFIO_BAD_PROP_LEN);
	fdt_for_each_subnode(child, fdt, node) {
		const char *name = fdt_get_name(fdt, child, NULL);

		rep->sbdf = ~0U;
		rep->container = ~0U;

		if (!name)
			return kho_vfio_fail(rep, KHO_VFIO_BAD_STRUCTURE);
		/* Containers first, then devices: what the writer emits. */
		if (kho_vfio_name_is(name, KHO_VFIO_CONTAINER_PREFIX) &&
		    !st->ndevs)
			err = kho_vfio_check_container(fdt, child, name, st, rep);
		else if (kho_vfio_name_is(name, KHO_VFIO_DEV_PREFIX))
			err = kho_vfio_check_dev(fdt, child, name, st, rep);
		else
			err = kho_vfio_fail(rep, KHO_VFIO_BAD_STRUCTURE);
		if (err)
			return err;
	}
	if (child != -FDT_ERR_NOTFOUND)
		return kho_vfio_fail(rep, KHO_VFIO_BAD_STRUCTURE);
	rep->sbdf = ~0U;
	return 0;
}
EXPORT_SYMBOL_GPL(kho_vfio_parse);

/**
 * kho_vfio_find() - the record of one kept device
 * @st: state kho_vfio_parse() accepted
 * @sbdf: segment << 16 | bus << 8 | devfn
 *
 * Return: the device's record, or NULL if it was not kept.
 */
const struct kho_vfio_in_dev *kho_vfio_find(const struct kho_vfio_state *st,
					    u32 sbdf)
{
	long i = kho_sbdf_find(st->devs, st->ndevs, sizeof(st->devs[0]), sbdf);

	/* Records start with their sbdf (checked by the unit tests). */
	return i < 0 ? NULL : &st->devs[i];
}
EXPORT_SYMBOL_GPL(kho_vfio_find);

/**
 * kho_vfio_node_check() - the vfio entry of the node table
 * @fdt: a blob that passed kho_blob_check()
 * @node: the vfio node
 * @state: a struct kho_vfio_state of workspace
 * @cl: every DMA chunk of every container is added, a borrowed one as
 *	borrowed from the khofs node, the others as pointing into this
 *	node's mem: no physical page is mapped twice, in one container or
 *	across them
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0, -EINVAL if the node is refused, -ENOSPC if @cl is full.
 */
int kho_vfio_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len)
{
	struct kho_vfio_state *st = state;
	struct kho_report rep;
	unsigned int c;
	size_t i;
	int err;

	if (kho_vfio_parse(fdt, node, st, &rep)) {
		kho_report_describe(why, len, fdt, &rep);
		return -EINVAL;
	}
	for (c = 0; c < st->ncontainers; c++) {
		const struct kho_vfio_in_container *ct = &st->containers[c];

		for (i = 0; i < ct->nmaps; i++) {
			struct kho_vfio_map m;

			/* In place in the blob: only 4-byte aligned. */
			memcpy(&m, &ct->maps[i], sizeof(m));
			if (m.flags & KHO_VFIO_MAP_KHOFS)
				err = kho_claim_add_borrowed(cl, m.phys, m.len, node,
							     KHO_CLAIM_BY_CONTAINER, c,
							     "borrowed DMA chunk",
							     st->lender);
			else
				err = kho_claim_add(cl, m.phys, m.len, node,
						    KHO_CLAIM_BY_CONTAINER, c, "DMA chunk",
						    KHO_CLAIM_TABLE);
			if (err)
				return err;
		}
	}
	return 0;
}

static const struct kho_err_text kho_vfio_text[] = {
	KHO_ERR_TEXTS(KHO_VFIO_ERRORS)
};
const struct kho_errors kho_vfio_errors = KHO_ERRORS(kho_vfio_text);

/**
 * kho_vfio_container_add() - write a container@<n> node inside the vfio node
 * @fdt: blob being built, after the vfio node's mem, before any device
 * @n: number of the container, counting from 0 in writing order
 * @maps: its DMA chunks, ascending by IOVA
 * @nmaps: number of them (the maps property is written even when 0)
 *
 * Return: 0, -ENOSPC, -E2BIG or -EINVAL.
 */
int kho_vfio_container_add(void *fdt, u32 n, const struct kho_vfio_map *maps,
			   size_t nmaps)
{
	char name[KHO_VFIO_NAME_LEN];
	int err;

	if (nmaps > INT_MAX / sizeof(*maps))
		return -E2BIG;
	snprintf(name, sizeof(name), KHO_VFIO_CONTAINER_PREFIX "%x", n);
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property(fdt, "maps", maps, nmaps * sizeof(*maps));
	if (!err)
		err = fdt_end_node(fdt);
	return kho_fdt_errno(err);
}
EXPORT_SYMBOL_GPL(kho_vfio_container_add);

/**
 * kho_vfio_dev_add() - write a dev@<sbdf> node inside the vfio node
 * @fdt: blob being built, after every container; devices ascending by sbdf
 * @dev: the device
 * @vectors: its enabled interrupt vectors, ascending by index
 * @nvectors: number of them
 *
 * Return: 0, -ENOSPC, -E2BIG or -EINVAL.
 */
int kho_vfio_dev_add(void *fdt, const struct kho_vfio_dev *dev,
		     const struct kho_vfio_vector *vectors, size_t nvectors)
{
	char name[KHO_VFIO_NAME_LEN];
	int err;

	if (nvectors > KHO_VFIO_MAX_VECTORS)
		return -E2BIG;
	snprintf(name, sizeof(name), KHO_VFIO_DEV_PREFIX "%x", dev->sbdf);
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property(fdt, "dev", dev, sizeof(*dev));
	if (!err && nvectors)
		err = fdt_property(fdt, "vectors", vectors,
				   nvectors * sizeof(*vectors));
	if (!err)
		err = fdt_end_node(fdt);
	return kho_fdt_errno(err);
}
EXPORT_SYMBOL_GPL(kho_vfio_dev_add);

#ifndef __KERNEL__
/* kho-dump's decoder (userspace only: <linux/kho/show.h>). */
static const char *const vfio_irq_types[] = {
	[KHO_VFIO_IRQ_NONE] = "none",
	[KHO_VFIO_IRQ_MSI] = "msi",
	[KHO_VFIO_IRQ_MSIX] = "msix",
};

static const struct kho_show_flag vfio_dev_flags[] = {
	{ KHO_VFIO_DEV_RESET_WORKS, "reset-works" },
	{ KHO_VFIO_DEV_PCI_2_3, "pci-2.3" },
	{ KHO_VFIO_DEV_NOINTX, "nointx" },
};

static const struct kho_show_flag vfio_prot_flags[] = {
	{ KHO_VFIO_PROT_READ, "read" },
	{ KHO_VFIO_PROT_WRITE, "write" },
};

/* Hash bytes shown: enough to tell two apart, not the whole digest. */
#define VFIO_HASH_SHOWN	8

/*
 * One VMM mapping: the run of chunks from @first with its dma number,
 * summed up; the bytes of chunks borrowed from the khofs node (vfio-v2),
 * and flags nobody knows, only when there are any. Returns the number of
 * chunks in the run.
 */
static int vfio_mapping(struct kho_emit *e, const struct kho_vfio_map *maps,
			int first, int n)
{
	struct kho_vfio_map m, start;
	u64 bytes = 0, khofs = 0, end = 0;
	unsigned int unknown = 0;
	char name[32];
	int i;

	memcpy(&start, &maps[first], sizeof(start));
	for (i = first; i < n; i++) {
		memcpy(&m, &maps[i], sizeof(m));
		if (m.dma != start.dma)
			break;
		bytes += m.len;
		if (m.flags & KHO_VFIO_MAP_KHOFS)
			khofs += m.len;
		unknown |= m.flags & ~KHO_VFIO_MAP_KHOFS;
		end = m.iova + m.len;
	}
	snprintf(name, sizeof(name), "dma%u", start.dma);
	kho_show_group_begin(e, name);
	kho_show_hex64(e, "iova_start", start.iova);
	kho_show_hex64(e, "iova_end", end);
	kho_show_flags(e, "prot", start.prot, vfio_prot_flags,
		   ARRAY_SIZE(vfio_prot_flags));
	kho_show_size(e, "bytes", bytes);
	if (khofs)
		kho_show_size(e, "khofs_bytes", khofs);
	if (unknown)
		kho_show_hex(e, "unknown_flags", unknown, 4);
	kho_show_u64(e, "chunks", i - first);
	kho_show_group_end(e);
	return i - first;
}

/*
 * drivers/vfio/kho/: the vfio node's container@ and dev@ children. The
 * owner's token is never in the blob; its salted hash is shown cut short.
 */
static bool vfio_prop(struct kho_emit *e, const char *name, const void *val,
		      int len)
{
	const struct kho_vfio_map *maps = val;
	struct kho_vfio_vector v;
	struct kho_vfio_dev dev;
	char key[16];
	int i, n;

	if (!strcmp(name, "dev") && len == sizeof(dev)) {
		memcpy(&dev, val, sizeof(dev));
		kho_show_bdf(e, "bdf", dev.sbdf);
		kho_show_u64(e, "container", dev.container);
		kho_show_str(e, "irq_type", dev.irq_type < ARRAY_SIZE(vfio_irq_types) ?
			 vfio_irq_types[dev.irq_type] : "invalid");
		kho_show_flags(e, "flags", dev.flags, vfio_dev_flags,
			   ARRAY_SIZE(vfio_dev_flags));
		kho_show_hexbytes(e, "salt", dev.salt, sizeof(dev.salt),
			      sizeof(dev.salt));
		kho_show_hexbytes(e, "hash", dev.hash, sizeof(dev.hash),
			      VFIO_HASH_SHOWN);
		return true;
	}
	if (!strcmp(name, "vectors") && len % sizeof(v) == 0) {
		/* Vector number -> interrupt remapping entry. */
		kho_show_u64(e, "nvectors", len / sizeof(v));
		kho_show_group_begin(e, "vector_irtes");
		for (i = 0; i < len / (int)sizeof(v); i++) {
			memcpy(&v, (const char *)val + i * sizeof(v), sizeof(v));
			snprintf(key, sizeof(key), "%u", v.index);
			kho_show_u64(e, key, v.irte);
		}
		kho_show_group_end(e);
		return true;
	}
	if (!strcmp(name, "maps") && len % sizeof(*maps) == 0) {
		u64 total = 0, khofs = 0;
		struct kho_vfio_map m;

		n = len / sizeof(*maps);
		for (i = 0; i < n; i++) {
			memcpy(&m, &maps[i], sizeof(m));
			total += m.len;
			if (m.flags & KHO_VFIO_MAP_KHOFS)
				khofs += m.len;
		}
		kho_show_u64(e, "chunks", n);
		kho_show_size(e, "mapped", total);
		if (khofs)
			kho_show_size(e, "borrowed_from_khofs", khofs);
		for (i = 0; i < n; )
			i += vfio_mapping(e, maps, i, n);
		return true;
	}
	return false;
}

/*
 * Two containers and three devices (MSI, none, MSI-X): container 0 maps
 * three chunks in two VMM mappings, container 1 one chunk, all in the
 * node's own memory.
 */
static int kho_vfio_example(void *fdt, u64 base)
{
	const struct kho_mem mem = { base, 0x10000 };
	const struct kho_vfio_map maps0[] = {
		{ .iova = 0x100000, .phys = base, .len = 0x2000, .prot = 3 },
		{ .iova = 0x102000, .phys = base + 0x4000, .len = 0x1000, .prot = 3 },
		{ .iova = 0x200000, .phys = base + 0x6000, .len = 0x2000, .prot = 1,
		  .dma = 1 },
	};
	const struct kho_vfio_map maps1[] = {
		{ .iova = 0x100000, .phys = base + 0x8000, .len = 0x1000, .prot = 2 },
	};
	const struct kho_vfio_vector msi[] = { { 0, 5 } };
	const struct kho_vfio_vector msix[] = { { 0, 1 }, { 3, 9 } };
	const struct kho_vfio_dev dev = {
		.flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3,
		.salt = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
	};
	struct kho_vfio_dev d0 = dev, d1 = dev, d2 = dev;
	int err;

	d0.sbdf = 0x100;
	d0.irq_type = KHO_VFIO_IRQ_MSI;
	d1.sbdf = 0x200;
	d1.container = 1;
	d2.sbdf = 0x300;
	d2.irq_type = KHO_VFIO_IRQ_MSIX;
	err = kho_node_begin(fdt, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	err = err ?: kho_node_add_mem(fdt, &mem, 1);
	err = err ?: kho_vfio_container_add(fdt, 0, maps0, 3);
	err = err ?: kho_vfio_container_add(fdt, 1, maps1, 1);
	err = err ?: kho_vfio_dev_add(fdt, &d0, msi, 1);
	err = err ?: kho_vfio_dev_add(fdt, &d1, NULL, 0);
	err = err ?: kho_vfio_dev_add(fdt, &d2, msix, 2);
	return err ?: kho_node_end(fdt);
}

/* v1's u32 prot is v2's prot and flags, flags always zero. */
static const struct kho_node_type kho_vfio_v1_show = {
	.name = KHO_VFIO_NODE,
	.compatible = "vfio-v1",
	KHO_NODE_SHOW(vfio_prop, NULL)
};
#endif

const struct kho_node_type kho_vfio_node_type = {
	.name = KHO_VFIO_NODE,
	.compatible = KHO_VFIO_COMPATIBLE,
	.state_size = sizeof(struct kho_vfio_state),
	.check = kho_vfio_node_check,
	KHO_NODE_SHOW(vfio_prop, NULL)
	KHO_NODE_OLDER(&kho_vfio_v1_show)
	KHO_NODE_EXAMPLE(kho_vfio_example)
};
