// SPDX-License-Identifier: GPL-2.0
/*
 * kho-bench: userspace figures for the portable KHO code. Runs the sweeps,
 * then prints the tables and writes the data file (report.c).
 *
 *   kho-bench [-m MAX_RANGES] [-n NODE_SWEEP_RANGES]... [-t MIN_SAMPLE_MS]
 *             [-s SAMPLES] [-o DATA_FILE]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "bench.h"

#define MAX_SIZES	8
#define MAX_NSWEEPS	4

static const size_t sweep_sizes[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000,
};
static const unsigned int sweep_nodes[] = { 1, 2, 4, 8, 16, 32 };
static const size_t bytes_pages[] = { 1000, 10000, 100000, 1000000 };
static const size_t fixed_bufsizes[] = {
	0, BENCH_DT_MAX_DEFAULT, BENCH_DT_MAX_CAP,
};

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "kho-bench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Zeroed and touched, so page faults stay out of the measurements. */
void *bench_alloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		bench_die("out of memory (%zu bytes)", size);
	memset(p, 0, size);
	return p;
}

/* One dump and one incoming measurement of @n ranges in @nodes nodes. */
static void measure(struct bench_point *p, const struct kho_mem *r, size_t n,
		    unsigned int nodes, bool full)
{
	struct bench_incoming in, check;
	struct bench_copy copy;
	struct bench_sum sum;
	struct bench_dump d;

	memset(p, 0, sizeof(*p));
	p->ranges = n;
	p->nodes = nodes;

	bench_dump_setup(&d, r, n, nodes, 0);
	bench_time(bench_dump_run, &d, &p->dump);
	if (d.rep.ranges != n || d.rep.mem_nodes != nodes)
		bench_die("dump: blob holds %zu ranges in %u nodes, wanted %zu in %u",
			  d.rep.ranges, d.rep.mem_nodes, n, nodes);
	p->blob_bytes = fdt_totalsize(d.buf);

	bench_incoming_setup(&in, d.buf, n, true);
	bench_time(bench_incoming_run, &in, &p->in);
	if (in.rep.ranges != n || in.nresv != n + 1)
		bench_die("incoming: %zu ranges checked, %zu reserved, wanted %zu",
			  in.rep.ranges, in.nresv, n);

	if (full) {
		bench_incoming_setup(&check, d.buf, n, false);
		bench_time(bench_incoming_run, &check, &p->check);
		bench_incoming_free(&check);

		copy.src = d.buf;
		copy.len = p->blob_bytes;
		copy.dst = bench_alloc(copy.len);
		bench_time(bench_memcpy_run, &copy, &p->copy);
		free(copy.dst);

		sum.r = r;
		sum.n = n;
		bench_time(bench_sum_run, &sum, &p->sum);
	}
	bench_incoming_free(&in);
	bench_dump_free(&d);
}

/* Blob size, no timing: one node holding @r. */
static size_t blob_bytes(const struct kho_mem *r, size_t n)
{
	struct bench_dump d;
	size_t bytes;

	bench_dump_setup(&d, r, n, 1, 0);
	bench_dump_run(&d);
	bytes = fdt_totalsize(d.buf);
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
	b->contig_bytes = blob_bytes(contig, b->contig_ranges);
	b->frag_bytes = blob_bytes(frag, pages);
	free(contig);
}

/* One range, one node: what the buffer size alone costs. */
static void measure_fixed(struct bench_fixed *f, const struct kho_mem *r,
			  size_t bufsize)
{
	struct bench_dump d;

	bench_dump_setup(&d, r, 1, 1, bufsize);
	f->bufsize = d.bufsize;
	bench_time(bench_dump_run, &d, &f->dump);
	bench_dump_free(&d);
}

static void usage(void)
{
	fprintf(stderr, "usage: kho-bench [-m MAX_RANGES] [-n NODE_SWEEP_RANGES]... [-t MIN_SAMPLE_MS] [-s SAMPLES] [-o DATA_FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	size_t max_ranges = 1000000, nsweep_ranges[MAX_NSWEEPS], nns = 0;
	struct bench_point sweep[MAX_SIZES];
	struct bench_point nodes[MAX_NSWEEPS * 6];
	struct bench_bytes bytes[4];
	struct bench_fixed fixed[3];
	struct bench_results res = {
		sweep, 0, nodes, 0, bytes, 0, fixed, 0,
	};
	double min_ms = 50;
	unsigned int samples = 5, i, j;
	const char *dat = NULL;
	struct kho_mem *frag;
	int opt;

	while ((opt = getopt(argc, argv, "m:n:t:s:o:")) != -1) {
		switch (opt) {
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
	if (optind != argc || max_ranges < 1)
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

	printf("kho-bench: portable KHO code in userspace, gcc -O2, %ld CPUs online\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("timing: CLOCK_MONOTONIC, median of %u samples of >= %g ms each\n\n",
	       samples, min_ms);
	fflush(stdout);

	/* Warm up: CPU frequency, caches, the allocator; thrown away. */
	measure(&sweep[0], frag, max_ranges < 1000 ? max_ranges : 1000, 1, true);
	for (i = 0; i < MAX_SIZES && i < sizeof(sweep_sizes) / sizeof(sweep_sizes[0]) &&
	     sweep_sizes[i] <= max_ranges; i++)
		measure(&sweep[res.nsweep++], frag, sweep_sizes[i], 1, true);
	for (i = 0; i < nns; i++)
		for (j = 0; j < sizeof(sweep_nodes) / sizeof(sweep_nodes[0]); j++)
			measure(&nodes[res.nnodes++], frag, nsweep_ranges[i],
				sweep_nodes[j], false);
	for (i = 0; i < sizeof(bytes_pages) / sizeof(bytes_pages[0]) &&
	     bytes_pages[i] <= max_ranges; i++)
		measure_bytes(&bytes[res.nbytes++], frag, bytes_pages[i]);
	for (i = 0; i < sizeof(fixed_bufsizes) / sizeof(fixed_bufsizes[0]); i++)
		measure_fixed(&fixed[res.nfixed++], frag, fixed_bufsizes[i]);

	bench_report(&res);
	if (dat)
		bench_write_dat(&res, dat);
	free(frag);
	return 0;
}
