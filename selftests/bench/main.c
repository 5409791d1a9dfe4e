// SPDX-License-Identifier: GPL-2.0
/*
 * kho-bench: userspace figures for the portable KHO code. Sets up every
 * measurement point (point.c), times them all (timing.c), then prints the
 * tables and writes the data file (report.c).
 *
 *   kho-bench [-m MAX_RANGES] [-n NODE_SWEEP_RANGES]... [-t MIN_SAMPLE_MS]
 *             [-s SAMPLES] [-o DATA_FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libfdt.h>
#include <linux/array_size.h>

#include "bench.h"

#define MAX_SIZES	ARRAY_SIZE(sweep_sizes)
#define NODE_STEPS	ARRAY_SIZE(sweep_nodes)
#define MAX_NSWEEPS	4

static const size_t sweep_sizes[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000,
};
static const unsigned int sweep_nodes[] = { 1, 2, 4, 8, 16, 32 };
static const size_t bytes_pages[] = { 1000, 10000, 100000, 1000000 };
/* Chunks of the vfio case; then the most the 4 MiB cap holds. */
static const size_t vfio_chunks[] = { 1, 10, 100, 1000, 10000, 40000 };
#define MAX_VFIO	(2 * (ARRAY_SIZE(vfio_chunks) + 1))
static const size_t fixed_bufsizes[] = {
	0, BENCH_DT_MAX_DEFAULT, BENCH_DT_MAX_CAP,
};

const char bench_name[] = "kho-bench";

/* Blob and map sizes, no timing: one node holding @r. Returns both. */
static size_t blob_bytes(const struct kho_mem *r, size_t n, size_t *blob)
{
	struct bench_dump d;
	size_t bytes;

	bench_dump_setup(&d, r, n, 1, 0);
	bench_dump_run(&d);
	*blob = fdt_totalsize(d.buf);
	bytes = *blob + d.map.ref.bytes;
	bench_dump_free(&d);
	return bytes;
}

static void measure_bytes(struct bench_bytes *b, const struct kho_mem *frag,
			  size_t pages)
{
	struct kho_mem *contig = bench_alloc(pages * sizeof(*contig));

	/* The same number of pages, adjacent, merged into few big ranges. */
	bench_gen_ranges(contig, pages, BENCH_PG, 0);
	b->pages = pages;
	b->contig_ranges = kho_ranges_merge(contig, pages);
	b->contig_bytes = blob_bytes(contig, b->contig_ranges, &b->contig_blob);
	b->frag_bytes = blob_bytes(frag, pages, &b->frag_blob);
	free(contig);
}

/* One range, one node: what the buffer size alone costs. */
static void setup_fixed(struct bench_fixed *f, struct bench_dump *d,
			const struct kho_mem *r, size_t bufsize)
{
	bench_dump_setup(d, r, 1, 1, bufsize);
	f->bufsize = d->bufsize;
	bench_add_job(bench_dump_run, d, &f->dump);
}

static void usage(void)
{
	fprintf(stderr, "usage: kho-bench [-m MAX_RANGES] [-M MAX_MAP_PAGES] [-n NODE_SWEEP_RANGES]... [-t MIN_SAMPLE_MS] [-s SAMPLES] [-o DATA_FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	size_t max_ranges = 1000000, nsweep_ranges[MAX_NSWEEPS], nns = 0;
	struct bench_case cases[MAX_SIZES + MAX_NSWEEPS * NODE_STEPS];
	struct bench_point sweep[MAX_SIZES];
	struct bench_point nodes[MAX_NSWEEPS * NODE_STEPS];
	struct bench_bytes bytes[ARRAY_SIZE(bytes_pages)];
	struct bench_fixed fixed[ARRAY_SIZE(fixed_bufsizes)];
	struct bench_dump fixed_dump[ARRAY_SIZE(fixed_bufsizes)];
	struct bench_vfio_point vfio[MAX_VFIO];
	struct bench_vfio vcases[MAX_VFIO];
	struct bench_map_point mapp[BENCH_MAX_MAP];
	static struct bench_map mcases[BENCH_MAX_MAP];
	size_t max_map = 10000000;
	struct bench_results res = {
		sweep, 0, nodes, 0, bytes, 0, fixed, 0, vfio, 0, 0, NULL, 0,
	};
	unsigned int samples = 9, ncases = 0, i, j, order;
	const char *dat = NULL;
	struct kho_mem *frag;
	double min_ms = 20;
	int opt;

	while ((opt = getopt(argc, argv, "m:M:n:t:s:o:")) != -1) {
		switch (opt) {
		case 'M':
			max_map = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			max_ranges = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			if (nns == MAX_NSWEEPS)
				usage();
			nsweep_ranges[nns++] = strtoul(optarg, NULL, 0);
			break;
		case 't':
			min_ms = strtod(optarg, NULL);
			break;
		case 's':
			samples = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			dat = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || max_ranges < 1 || min_ms <= 0)
		usage();
	/* Default: per-node fixed cost, and its growth with the ranges. */
	if (!nns && max_ranges >= BENCH_MAX_NODES)
		nsweep_ranges[nns++] = BENCH_MAX_NODES;
	if (nns == 1 && max_ranges >= 100000)
		nsweep_ranges[nns++] = 100000;
	for (i = 0; i < nns; i++)
		if (nsweep_ranges[i] < BENCH_MAX_NODES ||
		    nsweep_ranges[i] > max_ranges)
			bench_die("node sweep ranges must be in [%d, %zu]",
				  BENCH_MAX_NODES, max_ranges);
	bench_timing_setup(min_ms, samples);

	/* Fully fragmented: every other page preserved, one range per page. */
	frag = bench_alloc(max_ranges * sizeof(*frag));
	bench_gen_ranges(frag, max_ranges, BENCH_PG, BENCH_PG);

	bench_report_header(samples, min_ms);
	putchar('\n');
	fflush(stdout);

	for (i = 0; i < ARRAY_SIZE(sweep_sizes) && sweep_sizes[i] <= max_ranges; i++)
		bench_case_setup(&cases[ncases++], &sweep[res.nsweep++], frag,
				 sweep_sizes[i], 1, true);
	for (i = 0; i < nns; i++)
		for (j = 0; j < NODE_STEPS; j++)
			bench_case_setup(&cases[ncases++], &nodes[res.nnodes++],
					 frag, nsweep_ranges[i], sweep_nodes[j],
					 false);
	for (i = 0; i < ARRAY_SIZE(fixed_bufsizes); i++)
		setup_fixed(&fixed[res.nfixed++], &fixed_dump[i], frag,
			    fixed_bufsizes[i]);
	res.vfio_max_chunks = bench_vfio_max_chunks(frag, max_ranges);
	for (order = 0; order < 2; order++) {
		for (i = 0; i < ARRAY_SIZE(vfio_chunks) &&
		     vfio_chunks[i] < res.vfio_max_chunks; i++) {
			bench_vfio_setup(&vcases[res.nvfio], &vfio[res.nvfio],
					 frag, vfio_chunks[i], order);
			res.nvfio++;
		}
		bench_vfio_setup(&vcases[res.nvfio], &vfio[res.nvfio], frag,
				 res.vfio_max_chunks, order);
		res.nvfio++;
	}
	res.map = mapp;
	res.nmap = bench_map_setup_all(mcases, mapp, max_map);
	bench_run_jobs();
	for (i = 0; i < res.nmap; i++)
		bench_map_finish(&mcases[i]);
	for (i = 0; i < ncases; i++)
		bench_case_finish(&cases[i]);
	for (i = 0; i < res.nvfio; i++)
		bench_vfio_finish(&vcases[i]);
	for (i = 0; i < res.nfixed; i++)
		bench_dump_free(&fixed_dump[i]);

	for (i = 0; i < ARRAY_SIZE(bytes_pages) && bytes_pages[i] <= max_ranges; i++)
		measure_bytes(&bytes[res.nbytes++], frag, bytes_pages[i]);

	bench_report(&res);
	if (dat)
		bench_write_dat(&res, dat);
	free(frag);
	return 0;
}
