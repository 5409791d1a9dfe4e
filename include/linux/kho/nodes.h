/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The node layouts this code base knows, in one table, and the blob-wide
 * check built on them: every known node parsed on its own (no hardware
 * needed), then one physical-overlap rule over all of them (claims.h).
 * Portable: the kernel, kho-check, kho-dump, the harness and the fuzzers
 * run the same code.
 */
#ifndef _LINUX_KHO_NODES_H
#define _LINUX_KHO_NODES_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/kho/claims.h>
#include <linux/kho/show.h>

/**
 * struct kho_node_type - one node layout: its check, and how tools show it
 * @name: node name
 * @compatible: the "<name>-v<N>" @check understands
 * @state_size: bytes of workspace @check needs
 * @check: parse the node at @node into @state (@state_size bytes) as the
 *	incoming kernel would, without the checks that need hardware; add
 *	every range the node points at to @cl. On failure write one line
 *	saying why into @why and return -EINVAL (-ENOSPC: @cl is full).
 *	NULL for an older layout that the tools only decode (@older).
 *
 * Userspace only (KHO_NODE_SHOW(), KHO_NODE_OLDER() and KHO_NODE_EXAMPLE()
 * in <linux/kho/show.h>; always NULL in the kernel):
 *
 * @show_prop: kho-dump's decoder: shows one property (never "compatible")
 *	with the kho_show_*() calls, or returns false to have it listed raw
 *	(a name or length it does not expect). Also used for the node's
 *	children that have no compatible of their own.
 * @show_node: optional, for a layout whose properties only mean something
 *	together (khofs: inodes, names, extents): shows the node as a whole
 *	after its properties; called for a node with this compatible of
 *	its own, in a blob whose FDT structure checked
 * @older: an older layout of the same node that the tools still decode
 *	(its @check is NULL); a chain
 * @example: writes one valid node, between kho_node_begin() and
 *	kho_node_end(), into a blob begun with kho_blob_begin(); memory it
 *	preserves lies in [@base, @base + SZ_1M). Seeds the generic fuzz
 *	target and the harness's generic checks of every layout
 *	(selftests/userspace/test_layouts.c). 0 or -errno.
 * @varlen: NULL-terminated names of the properties whose valid lengths
 *	are a range (a byte pool other records index into, a build id of 1
 *	to 20 bytes): the generic checks cut them to nothing instead of
 *	changing their length by one byte
 */
struct kho_node_type {
	const char *name;
	const char *compatible;
	size_t state_size;
	int (*check)(const void *fdt, int node, void *state,
		     struct kho_claims *cl, char *why, size_t len);
	bool (*show_prop)(struct kho_emit *e, const char *name,
			  const void *val, int len);
	void (*show_node)(struct kho_emit *e, const void *fdt, int node);
	const struct kho_node_type *older;
	int (*example)(void *fdt, u64 base);
	const char *const *varlen;
};

/**
 * struct kho_nodes_report - outcome of kho_nodes_check()
 * @claims: the blob-wide overlap check
 * @checked: nodes whose layout is known and was checked
 * @refused: of those, nodes that failed their own check
 * @unknown: nodes no entry of the table parses (only their mem counts)
 * @nclaims: ranges the overlap rule checked
 */
struct kho_nodes_report {
	struct kho_claims_report claims;
	unsigned int checked;
	unsigned int refused;
	unsigned int unknown;
	size_t nclaims;
};

/*
 * One getter per KHO_NODE() entry of <linux/kho/accept.h>, declaring the
 * entry's type (defined next to its parser) where it is used; the node
 * table in kernel/kho/nodes.c is built from the same entries.
 */
#include <linux/kho/accept.h>
#define KHO_ACCEPT(...)
#define KHO_NODE(name, compatible, type)				\
static inline const struct kho_node_type *kho_node_##type(void)	\
{									\
	extern const struct kho_node_type type;				\
									\
	static_assert(sizeof(name) > 1 && sizeof(compatible) > 1);	\
	return &type;							\
}
#include <linux/kho/accept.h>
#undef KHO_NODE
#undef KHO_ACCEPT

const struct kho_node_type *kho_node_type_find(const void *fdt, int node);
const struct kho_node_type *kho_node_type_get(size_t i);
const struct kho_node_type *kho_node_type_by_compatible(const char *compatible);
size_t kho_nodes_state_size(void);
size_t kho_nodes_claims_bound(const void *fdt);
int kho_node_check(const void *fdt, int node, void *state,
		   struct kho_claims *cl, char *why, size_t len);
int kho_nodes_check(const void *fdt, void *state, struct kho_claims *cl,
		    void (*refuse)(void *ctx, int node, const char *why),
		    void *ctx, struct kho_nodes_report *rep, char *why,
		    size_t len);

/* Each node layout's entry, next to its parser. */
int kho_vtd_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len);
int kho_pci_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len);
int kho_vfio_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len);

#endif /* _LINUX_KHO_NODES_H */
