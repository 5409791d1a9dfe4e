// SPDX-License-Identifier: GPL-2.0
/*
 * The node checks as the kernel runs them on a blob that passed
 * kho_blob_check(): kho_nodes_check() with the workspace and the claims
 * array sized the way kho_incoming_verify() and kho_check_outgoing_nodes()
 * size them (kernel/kho/incoming.c, core.c). The kernel allocates both
 * with kvcalloc() on every call; here they are allocated once, outside
 * the timing. The nodes' ranges come from the blob's map, grouped by
 * kho_blob_mem_attach(), which the kernel does once before the checks:
 * here around each sample, outside the timing (blob.c has 4 attach
 * slots, so no more than one blob is attached at a time).
 *
 * Also kho_claims_check() on its own, to split the overlap rule (one sort
 * and one sweep over every claim) from the nodes' own parsing.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/errno.h>

#include "bench.h"

void bench_nodes_attach(void *arg)
{
	struct bench_nodes *v = arg;

	if (kho_blob_mem_attach(&v->mem, v->fdt, v->src, v->storage, v->runs))
		bench_die("nodes: attaching the map failed");
}

void bench_nodes_detach(void *arg)
{
	struct bench_nodes *v = arg;

	kho_blob_mem_detach(&v->mem);
}

void bench_nodes_setup(struct bench_nodes *v, const void *fdt,
		       const struct kho_map_src *src)
{
	struct kho_map_iter it;
	struct kho_map_run run;

	v->fdt = fdt;
	v->src = src;
	v->runs = 0;
	if (kho_map_iter_init(&it, fdt, src))
		bench_die("nodes: the map cannot be walked");
	while (kho_map_next_run(&it, &run))
		v->runs++;
	v->storage = bench_alloc((v->runs ? v->runs : 1) * sizeof(*v->storage));
	v->state = bench_alloc(kho_nodes_state_size());
	bench_nodes_attach(v);
	v->cl.cap = kho_nodes_claims_bound(fdt);
	bench_nodes_detach(v);
	v->cl.c = bench_alloc((v->cl.cap ? v->cl.cap : 1) * sizeof(*v->cl.c));
	v->cl.n = 0;
}

void bench_nodes_run(void *arg)
{
	struct bench_nodes *v = arg;
	int err;

	err = kho_nodes_check(v->fdt, v->state, &v->cl, NULL, NULL, &v->rep,
			      v->why, sizeof(v->why));
	if (err == -EINVAL) {
		kho_claims_describe(v->why, sizeof(v->why), v->fdt,
				    &v->rep.claims);
		bench_die("nodes: blob refused: %s", v->why);
	}
	if (err)
		bench_die("nodes: check failed (%d): %s", err, v->why);
}

/*
 * What the last run found: the ranges the overlap rule covered (pointed-at
 * ranges and every preserved range; only those that meet a pointed-at
 * range are sorted with them), the node counts, sorted claims.
 */
void bench_nodes_expect(const struct bench_nodes *v, const char *what,
			size_t claims, unsigned int checked,
			unsigned int unknown)
{
	const struct kho_nodes_report *rep = &v->rep;
	size_t i;

	if (rep->nclaims != claims || rep->checked != checked ||
	    rep->unknown != unknown || rep->refused ||
	    rep->claims.err != KHO_CLAIMS_OK)
		bench_die("%s: nodes check: %zu claims, %u checked, %u unknown, %u refused, overlap rule '%s'; wanted %zu claims, %u checked, %u unknown, none refused",
			  what, rep->nclaims, rep->checked, rep->unknown, rep->refused,
			  kho_strerror(&kho_claims_errors, rep->claims.err),
			  claims, checked, unknown);
	for (i = 1; i < v->cl.n; i++)
		if (v->cl.c[i].addr < v->cl.c[i - 1].addr)
			bench_die("%s: nodes check left claim %zu unsorted", what, i);
}

void bench_nodes_free(struct bench_nodes *v)
{
	free(v->state);
	free(v->cl.c);
	free(v->storage);
	v->state = NULL;
	v->cl.c = NULL;
	v->storage = NULL;
}

/* The claims kho_nodes_check() collects, in its order: each node's own. */
void bench_claims_setup(struct bench_claims *c, struct bench_nodes *v,
			bool check)
{
	struct kho_claims cl = {
		.c = bench_alloc(v->cl.cap * sizeof(*cl.c)),
		.cap = v->cl.cap,
	};
	char why[192];
	int node;

	bench_nodes_attach(v);
	fdt_for_each_subnode(node, v->fdt, 0)
		if (kho_node_check(v->fdt, node, v->state, &cl, why,
				   sizeof(why)) < 0)
			bench_die("claims: node refused: %s", why);
	bench_nodes_detach(v);
	c->orig = cl.c;
	c->cl.n = cl.n;
	c->cl.cap = cl.n;
	c->cl.c = bench_alloc((cl.n ? cl.n : 1) * sizeof(*c->cl.c));
	c->check = check;
}

void bench_claims_run(void *arg)
{
	struct bench_claims *c = arg;

	memcpy(c->cl.c, c->orig, c->cl.n * sizeof(*c->cl.c));
	__asm__ __volatile__("" : : "r"(c->cl.c) : "memory");
	if (c->check && kho_claims_check(&c->cl, &c->rep))
		bench_die("claims: overlap rule refused: %s",
			  kho_strerror(&kho_claims_errors, c->rep.err));
}

/*
 * The check can say no: claim @j moved onto claim @i must be refused as an
 * overlap. Run once, untimed, on a copy.
 */
void bench_claims_refuses(const struct bench_claims *c, const char *what,
			  size_t i, size_t j)
{
	struct kho_claims cl = {
		.c = bench_alloc((c->cl.n ? c->cl.n : 1) * sizeof(*cl.c)),
		.n = c->cl.n,
		.cap = c->cl.n,
	};
	struct kho_claims_report rep;
	int err;

	if (i >= cl.n || j >= cl.n)
		bench_die("%s: no claims %zu and %zu to collide", what, i, j);
	memcpy(cl.c, c->orig, cl.n * sizeof(*cl.c));
	cl.c[j].addr = cl.c[i].addr;
	cl.c[j].len = cl.c[i].len;
	err = kho_claims_check(&cl, &rep);
	if (err != -EINVAL || rep.err != KHO_CLAIMS_OVERLAP)
		bench_die("%s: two claims on the same range: overlap rule returned %d ('%s'), wanted an overlap",
			  what, err, kho_strerror(&kho_claims_errors, rep.err));
	free(cl.c);
}

void bench_claims_free(struct bench_claims *c)
{
	free(c->orig);
	free(c->cl.c);
	c->orig = NULL;
	c->cl.c = NULL;
}
