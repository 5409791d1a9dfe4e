/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the fuzz targets. */
#ifndef _KHO_FUZZ_INPUT_H
#define _KHO_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <libfdt.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>

/*
 * An exact-size heap copy of the input, so ASan catches any read past its
 * end (libFuzzer's own buffer may have slack). NULL if out of memory.
 */
static inline void *fuzz_input_copy(const uint8_t *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p)
		memcpy(p, data, size);
	return p;
}

/*
 * The input as a blob the blob checker accepts, and the offset of its
 * top-level node NAME: what every node parser's target starts from. NULL
 * (nothing to free) when out of memory, refused, or without that node.
 */
static inline void *fuzz_node_input(const uint8_t *data, size_t size,
				    const char *name, int *node)
{
	void *fdt = fuzz_input_copy(data, size);

	if (!fdt)
		return NULL;
	if (kho_blob_check(fdt, size, NULL, 0, NULL, 0, NULL) ||
	    (*node = kho_blob_subnode(fdt, name)) < 0) {
		free(fdt);
		return NULL;
	}
	return fdt;
}

/* Claimed ranges @a and @b share at least one byte. */
static inline int fuzz_claims_meet(const struct kho_claim *a,
				   const struct kho_claim *b)
{
	if ((a->kind == KHO_CLAIM_IOPORT) != (b->kind == KHO_CLAIM_IOPORT))
		return 0;
	return a->addr < b->addr + b->len && b->addr < a->addr + a->len;
}

/*
 * @a may share bytes with @b: a TABLE range with its own node's memory, a
 * BORROWED range with its lender's memory and TABLE ranges.
 */
static inline int fuzz_claims_may_meet(const struct kho_claim *a,
				       const struct kho_claim *b)
{
	if (a->kind == KHO_CLAIM_TABLE && b->kind == KHO_CLAIM_MEM)
		return a->node == b->node;
	if (a->kind == KHO_CLAIM_BORROWED &&
	    (b->kind == KHO_CLAIM_MEM || b->kind == KHO_CLAIM_TABLE))
		return b->node == a->lender;
	return 0;
}

/*
 * The overlap rule of abi/kho.h restated naively, pair by pair, for a
 * claim set kho_claims_check() accepted: only a TABLE range inside its own
 * node's memory, or a BORROWED range inside its lender's memory (and over
 * the lender's TABLE ranges), may meet another range, and it is wholly
 * covered by that memory. O(n^2): skipped for big sets (fuzz inputs are
 * small).
 */
static inline void fuzz_claims_oracle(const struct kho_claims *cl)
{
	size_t i, j;

	if (cl->n > 512)
		return;
	for (i = 0; i < cl->n; i++) {
		const struct kho_claim *a = &cl->c[i];
		unsigned long long covered = 0;

		for (j = 0; j < cl->n; j++) {
			const struct kho_claim *b = &cl->c[j];

			if (i == j || !fuzz_claims_meet(a, b))
				continue;
			if (!fuzz_claims_may_meet(a, b) && !fuzz_claims_may_meet(b, a))
				abort();
			/* Memory of the node it must lie in (mem never overlaps). */
			if ((a->kind == KHO_CLAIM_TABLE || a->kind == KHO_CLAIM_BORROWED) &&
			    b->kind == KHO_CLAIM_MEM) {
				u64 lo = a->addr > b->addr ? a->addr : b->addr;
				u64 ea = a->addr + a->len, eb = b->addr + b->len;

				covered += (ea < eb ? ea : eb) - lo;
			}
		}
		if ((a->kind == KHO_CLAIM_TABLE || a->kind == KHO_CLAIM_BORROWED) &&
		    covered != a->len)
			abort();
	}
}

/*
 * The structural rules of abi/kho.h restated naively for a blob
 * kho_blob_check() accepted: one root compatible, no property name twice
 * in a node, no node name twice under a parent. Pairwise, with libfdt's
 * own iterators (the walker in blob.c sorts instead).
 */
static inline void fuzz_names_oracle(const void *fdt)
{
	int node, depth = 0, a, b, la, lb;
	const char *na, *nb;

	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		fdt_for_each_property_offset(a, fdt, node) {
			if (!fdt_getprop_by_offset(fdt, a, &na, &la))
				abort();
			for (b = fdt_next_property_offset(fdt, a); b >= 0;
			     b = fdt_next_property_offset(fdt, b)) {
				if (!fdt_getprop_by_offset(fdt, b, &nb, &lb))
					abort();
				if (!strcmp(na, nb))
					abort();
			}
		}
		fdt_for_each_subnode(a, fdt, node) {
			na = fdt_get_name(fdt, a, &la);
			for (b = fdt_next_subnode(fdt, a); b >= 0; b = fdt_next_subnode(fdt, b)) {
				nb = fdt_get_name(fdt, b, &lb);
				if (!na || !nb || (la == lb && !memcmp(na, nb, la)))
					abort();
			}
		}
	}
}

/*
 * The second half of the incoming check on a blob kho_blob_check()
 * accepted: every known node through its layout's parser, then the
 * overlap rule, exactly as the kernel and kho-check run it. What it
 * accepts must satisfy the naive restatements of the structural and the
 * overlap rules. Returns kho_nodes_check()'s verdict (0: accepted).
 */
static inline int fuzz_check_nodes(const void *fdt)
{
	struct kho_nodes_report rep;
	struct kho_claims cl = { };
	void *state;
	char why[192];
	int err;

	fuzz_names_oracle(fdt);
	cl.cap = kho_nodes_claims_bound(fdt);
	cl.c = calloc(cl.cap, sizeof(*cl.c));
	state = malloc(kho_nodes_state_size());
	if (!cl.c || !state)
		abort();
	err = kho_nodes_check(fdt, state, &cl, NULL, NULL, &rep, why, sizeof(why));
	if (err == -ENOSPC)
		abort();	/* kho_nodes_claims_bound() must hold */
	if (err) {
		if (rep.claims.err == KHO_CLAIMS_OK)
			abort();
		kho_claims_describe(why, sizeof(why), fdt, &rep.claims);
	} else {
		fuzz_claims_oracle(&cl);
	}
	free(cl.c);
	free(state);
	return err;
}

#endif
