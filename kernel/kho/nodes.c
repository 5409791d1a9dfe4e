// SPDX-License-Identifier: GPL-2.0
/*
 * The table of node layouts this code base can check, and the blob-wide
 * check built on it. A layout joins with one KHO_NODE() entry in
 * include/linux/kho/accept.h; the kernel, kho-check, kho-dump, the
 * harness and the fuzzers all walk this table.
 *
 * Portable: no allocation (callers pass the workspace), no locking.
 */
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kconfig.h>
#include <linux/libfdt.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>
#include <linux/kho/accept.h>

/* The KHO_NODE() entries, each through its getter (<linux/kho/nodes.h>). */
static const struct {
	const char *name;
	const char *compatible;
	const struct kho_node_type *(*get)(void);
} kho_node_entries[] = {
#define KHO_ACCEPT(...)
#define KHO_NODE(n, c, type) { .name = n, .compatible = c, .get = kho_node_##type },
#include <linux/kho/accept.h>
#undef KHO_NODE
#undef KHO_ACCEPT
};

/* Entry @i of the table. */
static const struct kho_node_type *kho_node_types(size_t i)
{
	return kho_node_entries[i].get();
}

/**
 * kho_node_type_find() - the table entry that parses a subsystem node
 * @fdt: a blob that passed kho_blob_check()
 * @node: a child of the root
 *
 * Return: the entry whose name and compatible both match, or NULL.
 */
const struct kho_node_type *kho_node_type_find(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	const char *compat;
	size_t i;
	int len;

	compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, &len);
	if (!name || !compat)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(kho_node_entries); i++)
		if (!strcmp(name, kho_node_entries[i].name) &&
		    len == (int)strlen(kho_node_entries[i].compatible) + 1 &&
		    !memcmp(compat, kho_node_entries[i].compatible, len))
			return kho_node_types(i);
	return NULL;
}

/**
 * kho_node_type_get() - walk the node table
 * @i: index, from 0
 *
 * Return: the @i-th entry, or NULL past the end.
 */
const struct kho_node_type *kho_node_type_get(size_t i)
{
	return i < ARRAY_SIZE(kho_node_entries) ? kho_node_types(i) : NULL;
}

/**
 * kho_node_type_by_compatible() - the layout, current or older, of a
 *	compatible string
 * @compatible: a NUL-terminated compatible
 *
 * For the tools: also finds the older layouts an entry still decodes
 * (@older, whose @check is NULL).
 *
 * Return: the entry, or NULL if no entry or older layout has it.
 */
const struct kho_node_type *kho_node_type_by_compatible(const char *compatible)
{
	const struct kho_node_type *t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kho_node_entries); i++)
		for (t = kho_node_types(i); t; t = t->older)
			if (!strcmp(compatible, t->compatible))
				return t;
	return NULL;
}

/**
 * kho_nodes_state_size() - workspace kho_node_check() may need
 *
 * Return: the largest state_size in the table (at least 1).
 */
size_t kho_nodes_state_size(void)
{
	size_t i, max = 1;

	for (i = 0; i < ARRAY_SIZE(kho_node_entries); i++)
		if (kho_node_types(i)->state_size > max)
			max = kho_node_types(i)->state_size;
	return max;
}

/**
 * kho_nodes_claims_bound() - claims a blob can produce, at most
 * @fdt: a blob that passed kho_blob_check(), its map attached
 *
 * Every claim is either one of a node's preserved ranges (from the map,
 * counted here) or comes from at least 16 bytes of property data of its
 * own (a VFIO chunk, a PCI resource, half of a VT-d unit, a VT-d device,
 * a khofs extent), so those plus the blob's size bound the count.
 *
 * Return: an upper bound on the claims kho_nodes_check() adds.
 */
size_t kho_nodes_claims_bound(const void *fdt)
{
	size_t bound = fdt_totalsize(fdt) / 16 + 1, n;
	const struct kho_mem *mem;
	int node;

	fdt_for_each_subnode(node, fdt, 0)
		if (!kho_blob_node_mem(fdt, node, &mem, &n))
			bound += n;
	return bound;
}

/*
 * One node's own check: with @with_mem, its preserved ranges are added as
 * MEM claims first, then its layout's check adds what the node points at.
 */
static int kho_node_check_claims(const void *fdt, int node, void *state,
				 struct kho_claims *cl, bool with_mem,
				 char *why, size_t len)
{
	const struct kho_node_type *t;
	const struct kho_mem *mem;
	size_t n, i;
	int err;

	if (kho_blob_node_mem(fdt, node, &mem, &n)) {
		snprintf(why, len, "its preserved memory cannot be read");
		return -EINVAL;
	}
	for (i = 0; with_mem && i < n; i++) {
		err = kho_claim_add(cl, mem[i].addr, mem[i].len, node,
				    KHO_CLAIM_BY_NODE, i,
				    "mem range", KHO_CLAIM_MEM);
		if (err)
			goto full;
	}
	t = kho_node_type_find(fdt, node);
	if (!t)
		return 1;
	/* A registered layout without a check is a bug: refuse, never adopt. */
	if (!t->check) {
		snprintf(why, len, "its layout is registered without a check");
		return -EINVAL;
	}
	err = t->check(fdt, node, state, cl, why, len);
	if (err == -ENOSPC)
		goto full;
	return err ? -EINVAL : 0;
full:
	snprintf(why, len, "more ranges than the blob's size allows");
	return -ENOSPC;
}

/**
 * kho_node_check() - check one subsystem node on its own
 * @fdt: a blob that passed kho_blob_check()
 * @node: a child of the root
 * @state: kho_nodes_state_size() bytes of workspace
 * @cl: the node's preserved memory and the ranges it points at are added
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0 if the node passed its layout's check, 1 if no table entry
 * knows its layout (only its mem is added), -EINVAL if it failed,
 * -ENOSPC if @cl is full.
 */
int kho_node_check(const void *fdt, int node, void *state,
		   struct kho_claims *cl, char *why, size_t len)
{
	return kho_node_check_claims(fdt, node, state, cl, true, why, len);
}

/*
 * Add the preserved ranges of @node that share a byte with a pointed-at
 * range in memory (@cl->c[0..@np), sorted), as MEM claims. The others
 * cannot change the outcome of the overlap rule: the map check already
 * proved every preserved range disjoint from every other, and a node's
 * touching ranges are merged, so a pointed-at range lies inside one of
 * them or meets one it may not. Linear in the node's ranges plus @np.
 */
static int kho_nodes_add_met(const void *fdt, int node, struct kho_claims *cl,
			     size_t np)
{
	const struct kho_mem *mem;
	size_t n, i, j = 0;
	u64 reach = 0;
	int err;

	kho_blob_node_mem(fdt, node, &mem, &n);
	for (i = 0; i < n; i++) {
		u64 end = mem[i].addr + mem[i].len;

		/* The furthest end of the pointed-at ranges starting before. */
		for (; j < np && cl->c[j].addr < end; j++)
			if (cl->c[j].kind != KHO_CLAIM_IOPORT &&
			    cl->c[j].addr + cl->c[j].len > reach)
				reach = cl->c[j].addr + cl->c[j].len;
		if (reach <= mem[i].addr)
			continue;
		err = kho_claim_add(cl, mem[i].addr, mem[i].len, node,
				    KHO_CLAIM_BY_NODE, i, "mem range",
				    KHO_CLAIM_MEM);
		if (err)
			return err;
	}
	return 0;
}

/**
 * kho_nodes_check() - every known node on its own, then the overlap rule
 * @fdt: a blob that passed kho_blob_check() and kho_map_check(), its map
 *	attached
 * @state: kho_nodes_state_size() bytes of workspace
 * @cl: empty, with room for kho_nodes_claims_bound() claims
 * @refuse: called for each node that fails its own check; may be NULL
 * @ctx: passed to @refuse
 * @rep: counts, and the overlap check's outcome
 * @why: workspace for the reasons handed to @refuse
 * @len: size of @why
 *
 * A node that fails its own check is refused on its own: the ranges it
 * points at are dropped (nobody will use them), its preserved memory stays
 * in the overlap check. Every other range is then checked against every
 * other with kho_claims_check(): the pointed-at ranges, and of the
 * preserved ranges those that meet one (a fragmented map has hundreds of
 * thousands of preserved ranges and a few pointed-at ones; sorting them
 * all would cost more than the rest of the boot work).
 *
 * Return: 0 if the blob can be used (with @rep->refused nodes refused),
 * -EINVAL if the overlap rule fails (the whole blob must be refused),
 * -ENOSPC if @cl was too small.
 */
int kho_nodes_check(const void *fdt, void *state, struct kho_claims *cl,
		    void (*refuse)(void *ctx, int node, const char *why),
		    void *ctx, struct kho_nodes_report *rep, char *why,
		    size_t len)
{
	const struct kho_mem *mem;
	size_t np, nmem, total = 0;
	int node, err;

	memset(rep, 0, sizeof(*rep));
	cl->n = 0;
	fdt_for_each_subnode(node, fdt, 0) {
		size_t mark = cl->n;

		err = kho_node_check_claims(fdt, node, state, cl, false, why,
					    len);
		if (err == -ENOSPC)
			return err;
		if (err == 1) {
			rep->unknown++;
			continue;
		}
		rep->checked++;
		if (!err)
			continue;
		rep->refused++;
		cl->n = mark;
		if (refuse)
			refuse(ctx, node, why);
	}
	np = cl->n;
	kho_claims_sort(cl);
	fdt_for_each_subnode(node, fdt, 0) {
		err = kho_nodes_add_met(fdt, node, cl, np);
		if (err)
			return err;
		if (!kho_blob_node_mem(fdt, node, &mem, &nmem))
			total += nmem;
	}
	rep->nclaims = np + total;
	return kho_claims_check(cl, &rep->claims);
}
