// SPDX-License-Identifier: GPL-2.0
/*
 * What kho-bench prints: the tables, the linearity verdicts and the
 * issue's targets against the measured numbers, all computed from this
 * run's data.
 */
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#define LINEAR_FROM		1000	/* ranges; below, fixed costs dominate */
#define LINEAR_THRESHOLD	2.0	/* max/min ns per range */

static const char *count(size_t n, char *buf, size_t len)
{
	if (n >= 1000000 && n % 1000000 == 0)
		snprintf(buf, len, "%zuM", n / 1000000);
	else if (n >= 1000 && n % 1000 == 0)
		snprintf(buf, len, "%zuk", n / 1000);
	else
		snprintf(buf, len, "%zu", n);
	return buf;
}

/* Least-squares slope of y over x. */
static double slope(const double *x, const double *y, size_t n)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sx += x[i];
		sy += y[i];
		sxx += x[i] * x[i];
		sxy += x[i] * y[i];
	}
	return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

static void print_sweep(const struct bench_results *res)
{
	size_t i;

	printf("a) dump and incoming against preserved ranges (one node, every other page)\n");
	printf("%9s %10s %12s %9s %11s %7s %12s %9s %10s %7s\n", "ranges",
	       "blob+map B", "dump ns", "ns/range", "memcpy ns", "ratio",
	       "incoming ns", "ns/range", "sum ns", "ratio");
	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];

		printf("%9zu %10zu %12.0f %9.2f %11.0f %6.1fx %12.0f %9.2f %10.0f %6.1fx\n",
		       p->ranges, p->blob_bytes, p->dump.ns,
		       bench_per_range(&p->dump, p->ranges), p->copy.ns,
		       p->dump.ns / p->copy.ns, p->in.ns,
		       bench_per_range(&p->in, p->ranges), p->sum.ns,
		       p->in.ns / p->sum.ns);
	}
	printf("  ratio = KHO time / baseline time; baselines: memcpy() of the ranges handed\n"
	       "  in (16 B each), a loop reading every struct kho_mem once. dump = blob +\n"
	       "  map builder, map prepare/size/encode, outgoing kho_blob_check() +\n"
	       "  kho_map_check(); incoming = kho_blob_check() + kho_map_check() + one\n"
	       "  reserve for the blob, per chunk and per run (kho_map_next_run()).\n");

	printf("\nb) incoming split, ns per range (check = blob + map checks, reserve = the rest)\n");
	printf("%9s %12s %12s\n", "ranges", "check", "reserve");
	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];

		printf("%9zu %12.2f %12.2f\n", p->ranges,
		       bench_per_range(&p->check, p->ranges),
		       (p->in.ns - p->check.ns) / p->ranges);
	}
}

/* The overlap rule alone: copy + kho_claims_check() minus the copy. */
static double rule_ns(const struct bench_stat *claims,
		      const struct bench_stat *restore)
{
	return claims->ns - restore->ns;
}

static void print_node_checks(const struct bench_results *res)
{
	size_t i;

	printf("\nd) node checks: kho_nodes_check() on the same blobs, next to kho_blob_check()\n");
	printf("%9s %9s %12s %12s %9s %8s %10s %8s %12s %9s\n", "ranges",
	       "claims", "blobchk ns", "nodes ns", "ns/range", "n/blobc",
	       "sum ns", "n/sum", "rule ns", "%nodes");
	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];
		double rule = rule_ns(&p->claims, &p->restore);

		printf("%9zu %9zu %12.0f %12.0f %9.2f %7.2fx %10.0f %7.1fx %12.0f %8.0f%%\n",
		       p->ranges, p->nclaims, p->check.ns, p->nodes_check.ns,
		       bench_per_range(&p->nodes_check, p->ranges),
		       p->nodes_check.ns / p->check.ns, p->sum.ns,
		       p->nodes_check.ns / p->sum.ns, rule,
		       100 * rule / p->nodes_check.ns);
	}
	printf("  one generic node (no layout in the table: only its mem ranges are claims),\n"
	       "  its ranges from the map attached once (kho_blob_mem_attach(), untimed).\n"
	       "  blobchk = kho_blob_check() + kho_map_check() with RAM and forbidden lists, as in b);\n"
	       "  n/blobc, n/sum = kho_nodes_check() time / that, / the loop over the ranges;\n"
	       "  rule = kho_claims_check() alone (the kernel's lib/sort.c heapsort and the\n"
	       "  sweep), timed as copy-back + check minus copy-back; %%nodes = its share.\n");
}

static void print_nodes(const struct bench_results *res)
{
	size_t i;

	printf("\nnode sweep: the same ranges split over more nodes\n");
	printf("%9s %6s %10s %12s %9s %12s %8s %12s %12s %8s\n", "ranges", "nodes",
	       "blob+map B", "dump ns", "ns/node", "budget ns", "%budget",
	       "incoming ns", "nodes ns", "n/in");
	for (i = 0; i < res->nnodes; i++) {
		const struct bench_point *p = &res->nodes[i];

		printf("%9zu %6u %10zu %12.0f %9.0f %12.0f %7.0f%% %12.0f %12.0f %7.2fx\n",
		       p->ranges, p->nodes, p->blob_bytes, p->dump.ns,
		       p->dump.ns / p->nodes, bench_budget_ns(p),
		       100 * p->dump.ns / bench_budget_ns(p), p->in.ns,
		       p->nodes_check.ns, p->nodes_check.ns / p->in.ns);
	}
	printf("  budget = 1000 ns per node + 20 ns per range (the issue's dump target)\n"
	       "  nodes = kho_nodes_check() (generic nodes: mem claims only); n/in = nodes / incoming\n");
}

static void print_vfio(const struct bench_results *res)
{
	const struct bench_vfio_point *k1, *last;
	unsigned int order;
	size_t i;

	if (!res->nvfio)
		return;
	printf("\nf) vfio node: one container of N 4 KiB chunks, every other physical page\n");
	printf("%9s %7s %9s %8s %12s %12s %9s %8s %12s %9s %11s\n", "order",
	       "chunks", "blob B", "claims", "blobchk ns", "nodes ns",
	       "ns/chunk", "n/blobc", "rule ns", "ns/claim", "/log2(cl)");
	for (i = 0; i < res->nvfio; i++) {
		const struct bench_vfio_point *p = &res->vfio[i];
		double rule = rule_ns(&p->claims, &p->restore);

		printf("%9s %7zu %9zu %8zu %12.0f %12.0f %9.2f %7.2fx %12.0f %9.2f %11.3f\n",
		       p->shuffled ? "shuffled" : "ordered", p->chunks,
		       p->blob_bytes, p->nclaims, p->check.ns, p->nodes_check.ns,
		       p->nodes_check.ns / p->chunks,
		       p->nodes_check.ns / p->check.ns, rule,
		       rule / p->nclaims,
		       p->nclaims > 1 ? rule / p->nclaims / log2(p->nclaims) : 0);
	}
	printf("  %zu chunks is the most a blob under the 4 MiB dt_max cap holds (32 B per chunk;\n"
	       "  the pages are in the map, 0.25 B each). blobchk = kho_blob_check() + kho_map_check().\n"
	       "  claims = one mem range + one DMA chunk per page; nodes = kho_nodes_check()\n"
	       "  (kho_vfio_parse() + the overlap rule); rule = kho_claims_check() alone;\n"
	       "  /log2(cl) = rule ns per claim / log2(claims): flat for n log n.\n",
	       res->vfio_max_chunks);
	for (order = 0; order < 2; order++) {
		k1 = last = NULL;
		for (i = 0; i < res->nvfio; i++) {
			const struct bench_vfio_point *p = &res->vfio[i];

			if (p->shuffled != order)
				continue;
			if (p->chunks == 1000)
				k1 = p;
			last = p;
		}
		if (!k1 || !last || last->chunks <= k1->chunks)
			continue;
		printf("  %s, 1k..%zu chunks: ns/chunk x%.2f (nodes), x%.2f (rule); n log n predicts x%.2f, n^2 x%.0f\n",
		       order ? "shuffled" : "ordered", last->chunks,
		       (last->nodes_check.ns / last->chunks) /
		       (k1->nodes_check.ns / k1->chunks),
		       (rule_ns(&last->claims, &last->restore) / last->chunks) /
		       (rule_ns(&k1->claims, &k1->restore) / k1->chunks),
		       log2(last->nclaims) / log2(k1->nclaims),
		       (double)last->chunks / k1->chunks);
	}
}

/*
 * Each node sweep (consecutive points with the same range count): the
 * least-squares cost of one more node; from the first and last sweeps,
 * how that cost grows with the ranges.
 */
static void print_node_slopes(const struct bench_results *res)
{
	double x[BENCH_MAX_NODES], yd[BENCH_MAX_NODES], yi[BENCH_MAX_NODES];
	double d, first_d = 0;
	size_t i = 0, n, first_r = 0;
	char c[24];

	while (i < res->nnodes) {
		const struct bench_point *first = &res->nodes[i];

		for (n = 0; i < res->nnodes && n < BENCH_MAX_NODES &&
		     res->nodes[i].ranges == first->ranges; i++, n++) {
			x[n] = res->nodes[i].nodes;
			yd[n] = res->nodes[i].dump.ns;
			yi[n] = res->nodes[i].in.ns;
		}
		if (n < 2)
			continue;
		d = slope(x, yd, n);
		printf("  cost of one more node at %s ranges (least squares, %u..%u nodes): dump %.0f ns, incoming %.0f ns\n",
		       count(first->ranges, c, sizeof(c)), first->nodes,
		       res->nodes[i - 1].nodes, d, slope(x, yi, n));
		if (!first_r) {
			first_r = first->ranges;
			first_d = d;
		} else if (first->ranges != first_r) {
			printf("  so each node adds %.2f ns per preserved range to the dump (ranges x nodes)\n",
			       (d - first_d) / ((double)first->ranges - first_r));
		}
	}
}

static void print_fixed(const struct bench_results *res)
{
	size_t i;

	if (!res->nfixed)
		return;
	printf("\nfixed cost: one range in one node, against the buffer size\n");
	printf("%10s %12s\n", "buffer B", "dump ns");
	for (i = 0; i < res->nfixed; i++) {
		const struct bench_fixed *f = &res->fixed[i];

		printf("%10zu %12.0f  %s\n", f->bufsize, f->dump.ns,
		       f->bufsize == BENCH_DT_MAX_DEFAULT ? "kernel default dt_max" :
		       f->bufsize == BENCH_DT_MAX_CAP ? "dt_max cap" : "just enough");
	}
	printf("  fdt_create() zeroes the whole buffer, and the kernel passes all of dt_max;\n"
	       "  the one-range map is one 4 KiB chunk\n");
}

static void print_bytes(const struct bench_results *res)
{
	size_t i;

	if (!res->nbytes)
		return;
	printf("\nc) blob + map bytes per preserved 4 KiB page (one node)\n");
	printf("%9s | %-32s | %-32s\n", "", "contiguous (merged)",
	       "fragmented (every other page)");
	printf("%9s | %8s %12s %10s | %8s %12s %10s\n", "pages", "ranges",
	       "blob B", "B/page", "ranges", "blob B", "B/page");
	for (i = 0; i < res->nbytes; i++) {
		const struct bench_bytes *b = &res->bytes[i];

		printf("%9zu | %8zu %12zu %10.4f | %8zu %12zu %10.4f\n",
		       b->pages, b->contig_ranges, b->contig_bytes,
		       (double)b->contig_bytes / b->pages, b->pages,
		       b->frag_bytes, (double)b->frag_bytes / b->pages);
	}
	printf("  the one-node blob is %zu B whatever it preserves; the rest is the map: one\n"
	       "  chunk of exactly its pages when it fits in 4 MiB, else 64 KiB chunks. The\n"
	       "  dt_max cap bounds the blob only: the map has no cap (kho-v1: 16 B per range\n"
	       "  in the blob, at most 4 MiB of ranges)\n",
	       res->bytes[0].frag_blob);
}

/* max/min ns per range over the points from LINEAR_FROM ranges up. */
static bool linearity(const struct bench_results *res, bool dump,
		      double *maxmin, double *last_first, size_t *lo, size_t *hi)
{
	double mn = 0, mx = 0, first = 0, v = 0;
	size_t i, n = 0;

	for (i = 0; i < res->nsweep; i++) {
		const struct bench_point *p = &res->sweep[i];

		if (p->ranges < LINEAR_FROM)
			continue;
		v = bench_per_range(dump ? &p->dump : &p->in, p->ranges);
		if (!n++) {
			mn = mx = first = v;
			*lo = p->ranges;
		}
		mn = v < mn ? v : mn;
		mx = v > mx ? v : mx;
		*hi = p->ranges;
	}
	if (n < 2)
		return false;
	*maxmin = mx / mn;
	*last_first = v / first;
	return true;
}

static void print_linearity(const struct bench_results *res)
{
	static const char *const what[] = { "incoming", "dump" };
	double maxmin, last_first;
	char a[24], b[24];
	size_t lo, hi;
	int d;

	printf("\ne) linearity\n");
	for (d = 1; d >= 0; d--) {
		if (!linearity(res, d, &maxmin, &last_first, &lo, &hi)) {
			printf("  %s linear: not measured (need two sizes from 1k ranges)\n",
			       what[d]);
			continue;
		}
		count(lo, a, sizeof(a));
		count(hi, b, sizeof(b));
		printf("  %-8s ns/range at %s / at %s: %.2f\n", what[d], b, a, last_first);
		printf("  %-8s linear: %s (max/min ns-per-range ratio %.2f over %s..%s)\n",
		       what[d], maxmin <= LINEAR_THRESHOLD ? "yes" : "no", maxmin, a, b);
	}
}

/* The opening lines: what runs, and how it is timed. */
void bench_report_header(unsigned int samples, double min_ms)
{
	printf("%s: portable KHO code in userspace, gcc -O2, %ld CPUs online\n",
	       bench_name, sysconf(_SC_NPROCESSORS_ONLN));
	printf("timing: CLOCK_MONOTONIC; median of %u samples of >= %g ms each, taken round-robin\n",
	       samples, min_ms);
}

/* The closing lines: how far the samples could be trusted. */
void bench_report_noise(void)
{
	unsigned long nretaken, npreempted, ntaken;
	double spread;

	bench_noise(&spread, &nretaken, &npreempted, &ntaken);
	printf("\nnoise: worst spread (slowest/fastest sample of one measurement) %.2f;\n"
	       "  %lu of %lu samples retaken after a deschedule, %lu kept descheduled\n",
	       spread, nretaken, ntaken, npreempted);
}

static void print_targets(const struct bench_results *res)
{
	const struct bench_point *worst = NULL, *last, *k1 = NULL;
	double maxmin, last_first, r;
	size_t i, met = 0, total = 0, lo, hi;
	char a[24], b[24];

	for (i = 0; i < res->nsweep + res->nnodes; i++) {
		const struct bench_point *p = i < res->nsweep ? &res->sweep[i] :
					      &res->nodes[i - res->nsweep];

		r = p->dump.ns / bench_budget_ns(p);
		met += r <= 1.0;
		total++;
		if (!worst || r > worst->dump.ns / bench_budget_ns(worst))
			worst = p;
		if (i < res->nsweep && p->ranges == LINEAR_FROM)
			k1 = p;
	}
	printf("\ntargets from the issue, against this run (userspace, portable code only)\n");
	if (worst)
		printf("  dump <= 1 us per node + 20 ns per range: met at %zu of %zu points; worst %.0f%% of budget (ranges=%zu, nodes=%u)\n",
		       met, total, 100 * worst->dump.ns / bench_budget_ns(worst),
		       worst->ranges, worst->nodes);
	last = res->nsweep ? &res->sweep[res->nsweep - 1] : NULL;
	if (k1 && last && last->ranges > k1->ranges)
		printf("  marginal dump cost, one node, %s..%s ranges: %.2f ns per range\n",
		       count(k1->ranges, a, sizeof(a)), count(last->ranges, b, sizeof(b)),
		       (last->dump.ns - k1->dump.ns) / (last->ranges - k1->ranges));
	print_node_slopes(res);
	for (i = 0; i < res->nfixed; i++)
		if (res->fixed[i].bufsize == BENCH_DT_MAX_DEFAULT)
			printf("  one range, one node, kernel default 1 MiB dt_max buffer: %.0f ns (budget 1020 ns)\n",
			       res->fixed[i].dump.ns);
	if (linearity(res, false, &maxmin, &last_first, &lo, &hi))
		printf("  incoming linear up to %s ranges: %s (max/min ns-per-range ratio %.2f over %s..%s)\n",
		       count(hi, b, sizeof(b)), maxmin <= LINEAR_THRESHOLD ? "yes" : "no",
		       maxmin, count(lo, a, sizeof(a)), b);
	printf("  not covered: memblock itself (a stand-in here), the kexec blackout\n");
	bench_report_noise();
}

void bench_report_map(const struct bench_results *res)
{
	size_t i;

	if (!res->nmap)
		return;
	printf("\ng) preserved-memory map: one owner, 64 KiB chunks\n");
	printf("%9s %-17s %10s %9s %8s %8s %12s %7s %12s %7s %12s %7s %9s %7s\n",
	       "pages", "layout", "map B", "B/page", "regions", "runs",
	       "encode ns", "ratio", "check ns", "ratio", "iterate ns",
	       "ratio", "attach/pg", "ratio");
	for (i = 0; i < res->nmap; i++) {
		const struct bench_map_point *p = &res->map[i];

		printf("%9zu %-17s %10llu %9.4f %8llu %8llu %12.0f %6.1fx %12.0f %6.1fx %12.0f %6.1fx %9.3f %6.1fx\n",
		       p->pages, p->layout, (unsigned long long)p->map_bytes,
		       (double)p->map_bytes / p->pages,
		       (unsigned long long)p->regions,
		       (unsigned long long)p->runs, p->encode.ns,
		       p->encode.ns / p->copy.ns, p->check.ns,
		       p->check.ns / p->copy.ns, p->iter.ns,
		       p->iter.ns / p->copy.ns, p->attach.ns / p->pages,
		       p->attach.ns / p->copy.ns);
	}
	printf("  map B = chunks x 64 KiB (the kernel's chunks for a map over 4 MiB; a smaller\n"
	       "  one gets one chunk of the pages it writes); B/page = map B / pages.\n"
	       "  ratio = KHO time / memcpy() of the map's bytes (baseline, same run).\n"
	       "  encode = kho_map_measure() + kho_map_encode() of a prepared builder;\n"
	       "  check = kho_map_check() with RAM and forbidden lists; iterate = every run\n"
	       "  through kho_map_next_run(); attach/pg = kho_blob_mem_attach() + detach, ns per page.\n");
	for (i = 0; i < res->nmap; i++) {
		const struct bench_map_point *p = &res->map[i];

		if (p->frag)
			printf("  every other page, %zu pages: %.4f B/page in 64 KiB chunks, %.4f B/page written (%llu of %llu B), %.4f B/page in whole pages\n",
			       p->pages, (double)p->map_bytes / p->pages,
			       (double)p->used / p->pages,
			       (unsigned long long)p->used,
			       (unsigned long long)p->map_bytes,
			       (double)((p->used + 4095) & ~4095ULL) / p->pages);
	}
}

void bench_report(const struct bench_results *res)
{
	print_sweep(res);
	print_node_checks(res);
	print_nodes(res);
	print_fixed(res);
	print_bytes(res);
	print_linearity(res);
	print_vfio(res);
	bench_report_map(res);
	print_targets(res);
}
