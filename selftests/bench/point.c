// SPDX-License-Identifier: GPL-2.0
/*
 * One measurement point: n ranges in some nodes. Sets up the dump, the
 * incoming path and the baselines on the same data and queues them as
 * timing jobs; once they ran, checks that the code under test did what
 * was asked of it (the only thing that can fail here: never the time).
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "bench.h"

void bench_case_setup(struct bench_case *c, struct bench_point *p,
		      const struct kho_mem *r, size_t n, unsigned int nodes,
		      bool full)
{
	memset(c, 0, sizeof(*c));
	memset(p, 0, sizeof(*p));
	c->p = p;
	c->full = full;
	p->ranges = n;
	p->nodes = nodes;

	bench_dump_setup(&c->dump, r, n, nodes, 0);
	bench_dump_run(&c->dump);	/* the blob and map the other jobs read */
	p->map_bytes = c->dump.map.ref.bytes;
	p->blob_bytes = fdt_totalsize(c->dump.buf) + p->map_bytes;
	bench_add_job(bench_dump_run, &c->dump, &p->dump);

	bench_incoming_setup(&c->in, c->dump.buf, &c->dump.map.src, n, true);
	bench_add_job(bench_incoming_run, &c->in, &p->in);
	/* Then the node checks: generic nodes, so only their mem claims. */
	bench_nodes_setup(&c->nodes, c->dump.buf, &c->dump.map.src);
	bench_add_job_hooks(bench_nodes_run, &c->nodes, &p->nodes_check,
			    bench_nodes_attach, bench_nodes_detach);
	if (!full)
		return;

	bench_claims_setup(&c->claims, &c->nodes, true);
	bench_add_job(bench_claims_run, &c->claims, &p->claims);
	bench_claims_setup(&c->restore, &c->nodes, false);
	bench_add_job(bench_claims_run, &c->restore, &p->restore);
	p->nclaims = c->claims.cl.n;

	bench_incoming_setup(&c->check, c->dump.buf, &c->dump.map.src, n, false);
	bench_add_job(bench_incoming_run, &c->check, &p->check);

	/*
	 * The baseline: copying the ranges the serializers hand in, 16 B
	 * each (what kho-v1 copied into the blob), not the map, whose bytes
	 * are 64 times fewer for every other page.
	 */
	c->copy.src = r;
	c->copy.len = n * sizeof(*r);
	c->copy.dst = bench_alloc(c->copy.len);
	bench_add_job(bench_memcpy_run, &c->copy, &p->copy);

	c->sum.r = r;
	c->sum.n = n;
	bench_add_job(bench_sum_run, &c->sum, &p->sum);
}

void bench_case_finish(struct bench_case *c)
{
	const struct bench_point *p = c->p;

	if (c->dump.maprep.runs != p->ranges || c->dump.maprep.pages != p->ranges ||
	    c->dump.rep.nodes != p->nodes ||
	    fdt_totalsize(c->dump.buf) + c->dump.map.ref.bytes != p->blob_bytes)
		bench_die("dump: map holds %llu runs, blob %u nodes, wanted %zu in %u",
			  (unsigned long long)c->dump.maprep.runs,
			  c->dump.rep.nodes, p->ranges, p->nodes);
	/*
	 * Every other page: nothing adjacent, one reserve entry per range,
	 * one for the blob, one for the chunks (adjacent to each other).
	 */
	if (c->in.maprep.runs != p->ranges || c->in.nchunks != c->dump.map.ref.chunks ||
	    c->in.nresv != p->ranges + 2)
		bench_die("incoming: %llu runs checked, %zu reserved, wanted %zu + 2",
			  (unsigned long long)c->in.maprep.runs, c->in.nresv,
			  p->ranges);
	if (c->full && c->check.maprep.runs != p->ranges)
		bench_die("incoming: check saw %llu runs, wanted %zu",
			  (unsigned long long)c->check.maprep.runs, p->ranges);
	/* No layout of the table: every node unknown, one claim per range. */
	bench_nodes_expect(&c->nodes, "incoming", p->ranges, 0, p->nodes);
	if (c->full && (p->nclaims != p->ranges ||
			c->claims.rep.err != KHO_CLAIMS_OK))
		bench_die("incoming: overlap rule alone: %zu claims, '%s'",
			  p->nclaims,
			  kho_strerror(&kho_claims_errors, c->claims.rep.err));
	/* Two mem ranges on one page: claims 0 and 1 are the first two. */
	if (c->full && p->ranges >= 2)
		bench_claims_refuses(&c->claims, "incoming", 0, 1);
	bench_nodes_free(&c->nodes);
	bench_claims_free(&c->claims);
	bench_claims_free(&c->restore);
	bench_incoming_free(&c->in);
	bench_incoming_free(&c->check);
	free(c->copy.dst);
	bench_dump_free(&c->dump);
}
