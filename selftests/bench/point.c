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
	bench_dump_run(&c->dump);	/* the blob the other jobs read */
	p->blob_bytes = fdt_totalsize(c->dump.buf);
	bench_add_job(bench_dump_run, &c->dump, &p->dump);

	bench_incoming_setup(&c->in, c->dump.buf, n, true);
	bench_add_job(bench_incoming_run, &c->in, &p->in);
	/* Then the node checks: generic nodes, so only their mem claims. */
	bench_nodes_setup(&c->nodes, c->dump.buf);
	bench_add_job(bench_nodes_run, &c->nodes, &p->nodes_check);
	if (!full)
		return;

	bench_claims_setup(&c->claims, &c->nodes, true);
	bench_add_job(bench_claims_run, &c->claims, &p->claims);
	bench_claims_setup(&c->restore, &c->nodes, false);
	bench_add_job(bench_claims_run, &c->restore, &p->restore);
	p->nclaims = c->claims.cl.n;

	bench_incoming_setup(&c->check, c->dump.buf, n, false);
	bench_add_job(bench_incoming_run, &c->check, &p->check);

	c->copy.src = c->dump.buf;
	c->copy.len = p->blob_bytes;
	c->copy.dst = bench_alloc(c->copy.len);
	bench_add_job(bench_memcpy_run, &c->copy, &p->copy);

	c->sum.r = r;
	c->sum.n = n;
	bench_add_job(bench_sum_run, &c->sum, &p->sum);
}

void bench_case_finish(struct bench_case *c)
{
	const struct bench_point *p = c->p;

	if (c->dump.rep.ranges != p->ranges || c->dump.rep.mem_nodes != p->nodes ||
	    fdt_totalsize(c->dump.buf) != p->blob_bytes)
		bench_die("dump: blob holds %zu ranges in %u nodes, wanted %zu in %u",
			  c->dump.rep.ranges, c->dump.rep.mem_nodes, p->ranges,
			  p->nodes);
	/* Every other page: nothing adjacent, one reserve entry per range. */
	if (c->in.rep.ranges != p->ranges || c->in.nresv != p->ranges + 1)
		bench_die("incoming: %zu ranges checked, %zu reserved, wanted %zu",
			  c->in.rep.ranges, c->in.nresv, p->ranges);
	if (c->full && c->check.rep.ranges != p->ranges)
		bench_die("incoming: check saw %zu ranges, wanted %zu",
			  c->check.rep.ranges, p->ranges);
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
