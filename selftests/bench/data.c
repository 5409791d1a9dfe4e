// SPDX-License-Identifier: GPL-2.0
/*
 * The data file: what kho-bench measured, as whitespace columns, one
 * gnuplot index per table (plot.gp reads index 0).
 */
#include <stdio.h>

#include "bench.h"

void bench_write_dat(const struct bench_results *res, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		bench_die("cannot write %s", path);
	fprintf(f, "# kho-bench data; times are median ns per call\n");
	fprintf(f, "# index 0: ranges sweep, one node\n");
	fprintf(f, "# ranges nodes blob_bytes dump_ns dump_ns_per_range memcpy_ns incoming_ns incoming_ns_per_range sum_ns check_ns\n");
	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];

		fprintf(f, "%zu %u %zu %.1f %.3f %.1f %.1f %.3f %.1f %.1f\n",
			p->ranges, p->nodes, p->blob_bytes, p->dump.ns,
			bench_per_range(&p->dump, p->ranges), p->copy.ns, p->in.ns,
			bench_per_range(&p->in, p->ranges), p->sum.ns, p->check.ns);
	}
	fprintf(f, "\n\n# index 1: node sweep\n");
	fprintf(f, "# ranges nodes blob_bytes dump_ns incoming_ns budget_ns\n");
	for (i = 0; i < res->nnodes; i++) {
		const struct bench_point *p = &res->nodes[i];

		fprintf(f, "%zu %u %zu %.1f %.1f %.1f\n", p->ranges, p->nodes,
			p->blob_bytes, p->dump.ns, p->in.ns, bench_budget_ns(p));
	}
	fprintf(f, "\n\n# index 2: blob bytes per preserved 4 KiB page, one node\n");
	fprintf(f, "# pages contig_ranges contig_bytes contig_bytes_per_page frag_ranges frag_bytes frag_bytes_per_page\n");
	for (i = 0; i < res->nbytes; i++) {
		const struct bench_bytes *b = &res->bytes[i];

		fprintf(f, "%zu %zu %zu %.4f %zu %zu %.4f\n", b->pages,
			b->contig_ranges, b->contig_bytes,
			(double)b->contig_bytes / b->pages, b->pages,
			b->frag_bytes, (double)b->frag_bytes / b->pages);
	}
	fprintf(f, "\n\n# index 3: node checks on the ranges sweep (one generic node)\n");
	fprintf(f, "# ranges claims blob_check_ns nodes_check_ns claims_check_ns copy_ns sum_ns\n");
	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];

		fprintf(f, "%zu %zu %.1f %.1f %.1f %.1f %.1f\n", p->ranges,
			p->nclaims, p->check.ns, p->nodes_check.ns,
			p->claims.ns, p->restore.ns, p->sum.ns);
	}
	fprintf(f, "\n\n# index 4: vfio node, chunks sweep (shuffled: 0 ordered, 1 shuffled)\n");
	fprintf(f, "# chunks shuffled blob_bytes claims blob_check_ns nodes_check_ns claims_check_ns copy_ns\n");
	for (i = 0; i < res->nvfio; i++) {
		const struct bench_vfio_point *p = &res->vfio[i];

		fprintf(f, "%zu %d %zu %zu %.1f %.1f %.1f %.1f\n", p->chunks,
			p->shuffled, p->blob_bytes, p->nclaims, p->check.ns,
			p->nodes_check.ns, p->claims.ns, p->restore.ns);
	}
	if (fclose(f))
		bench_die("cannot write %s", path);
}
