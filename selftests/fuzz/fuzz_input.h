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
#include "mapfile.h"

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
 * The machine every target checks against: 4 GiB of RAM from 1 MiB, a
 * kernel image at 16 MiB. The seeds' chunks sit at FUZZ_MAP_BASE.
 */
static const struct kho_mem fuzz_ram[] = { { 0x100000, 0xfff00000 } };
static const struct kho_mem fuzz_forbidden[] = { { 0x1000000, 0x1000000 } };
#define FUZZ_MAP_BASE		0xf0000000ULL
/* Small enough that a map in a 64 KiB input can exceed it. */
#define FUZZ_MAX_RUNS		100000

/*
 * Every target's input: a little-endian u32 N, then N bytes of blob, then
 * the map image (chunks concatenated, each found by its self). An N past
 * the end takes the whole rest as the blob, with no map.
 */
struct fuzz_input {
	void *fdt;
	size_t fdt_size;
	void *map;
	size_t map_size;
	struct kho_mapfile mf;
	struct kho_blob_report brep;
	struct kho_map_report mrep;
	struct kho_blob_mem mem;
	struct kho_mem *runs;
	bool attached;
};

/* Split and copy the input; -ENOMEM or 0. */
static inline int fuzz_input_load(struct fuzz_input *in, const uint8_t *data,
				  size_t size)
{
	u32 n = 0;

	memset(in, 0, sizeof(*in));
	if (size >= 4) {
		memcpy(&n, data, 4);
		data += 4;
		size -= 4;
	}
	if (n > size)
		n = size;
	in->fdt_size = n;
	in->map_size = size - n;
	in->fdt = fuzz_input_copy(data, n);
	in->map = fuzz_input_copy(data + n, size - n);
	if (!in->fdt || !in->map ||
	    kho_mapfile_index(&in->mf, in->map, in->map_size))
		return -ENOMEM;
	return 0;
}

static inline void fuzz_input_free(struct fuzz_input *in)
{
	if (in->attached)
		kho_blob_mem_detach(&in->mem);
	kho_mapfile_free(&in->mf);
	free(in->runs);
	free(in->fdt);
	free(in->map);
	memset(in, 0, sizeof(*in));
}

/*
 * The incoming kernel's checks up to the node table: the blob, the map
 * against fuzz_ram and fuzz_forbidden, then the runs attached to their
 * nodes. 0 when all passed; what refused it is in @in->brep or @in->mrep.
 */
static inline int fuzz_input_check(struct fuzz_input *in)
{
	char line[256];
	int err;

	err = kho_blob_check(in->fdt, in->fdt_size, &in->brep);
	kho_blob_describe(line, sizeof(line), in->fdt, &in->brep);
	if (err)
		return err;
	err = kho_map_check(in->fdt, &in->mf.src, fuzz_ram, 1, fuzz_forbidden,
			    1, FUZZ_MAX_RUNS, &in->mrep);
	kho_map_describe(line, sizeof(line), in->fdt, &in->mrep);
	if (err) {
		if (in->mrep.why.err == KHO_MAP_OK)
			abort();
		return err;
	}
	if (in->mrep.runs > FUZZ_MAX_RUNS || in->mrep.pages != in->brep.map.pages)
		abort();
	in->runs = calloc(in->mrep.runs ? in->mrep.runs : 1, sizeof(*in->runs));
	if (!in->runs)
		abort();
	/* A map that passed the check must attach. */
	if (kho_blob_mem_attach(&in->mem, in->fdt, &in->mf.src, in->runs,
				in->mrep.runs))
		abort();
	in->attached = true;
	return 0;
}

/*
 * The input as a blob and map the checks accept, and the offset of the
 * blob's top-level node NAME: what every node parser's target starts
 * from. Returns the blob, or NULL when refused or without that node;
 * fuzz_input_free() @in either way.
 */
static inline void *fuzz_node_input(struct fuzz_input *in, const uint8_t *data,
				    size_t size, const char *name, int *node)
{
	if (fuzz_input_load(in, data, size) || fuzz_input_check(in))
		return NULL;
	*node = kho_blob_subnode(in->fdt, name);
	return *node < 0 ? NULL : in->fdt;
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
