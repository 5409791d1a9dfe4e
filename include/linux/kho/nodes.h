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

#include <linux/types.h>
#include <linux/kho/claims.h>

/**
 * struct kho_node_type - one node layout and its offline check
 * @name: node name
 * @compatible: the "<name>-v<N>" @check understands
 * @state_size: bytes of workspace @check needs
 * @check: parse the node at @node into @state (@state_size bytes) as the
 *	incoming kernel would, without the checks that need hardware; add
 *	every range the node points at to @cl. On failure write one line
 *	saying why into @why and return -EINVAL (-ENOSPC: @cl is full).
 */
struct kho_node_type {
	const char *name;
	const char *compatible;
	size_t state_size;
	int (*check)(const void *fdt, int node, void *state,
		     struct kho_claims *cl, char *why, size_t len);
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

const struct kho_node_type *kho_node_type_find(const void *fdt, int node);
size_t kho_nodes_state_size(void);
size_t kho_nodes_claims_bound(const void *fdt);
int kho_node_check(const void *fdt, int node, void *state,
		   struct kho_claims *cl, char *why, size_t len);
int kho_nodes_check(const void *fdt, void *state, struct kho_claims *cl,
		    void (*refuse)(void *ctx, int node, const char *why),
		    void *ctx, struct kho_nodes_report *rep, char *why,
		    size_t len);

/* Each node layout's entry, next to its parser. */
int kho_test_node_check_v2(const void *fdt, int node, void *state,
			   struct kho_claims *cl, char *why, size_t len);
int kho_test_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len);
int kho_vtd_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len);
int kho_pci_node_check(const void *fdt, int node, void *state,
		       struct kho_claims *cl, char *why, size_t len);
int kho_vfio_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len);

#endif /* _LINUX_KHO_NODES_H */
