// SPDX-License-Identifier: GPL-2.0
/*
 * kho-mapbench: the preserved-memory map figures of kho-bench (table g)
 * on their own, while the blob sweeps are being moved to the map.
 *
 *   kho-mapbench [-M MAX_MAP_PAGES] [-t MIN_SAMPLE_MS] [-s SAMPLES]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/array_size.h>

#include "bench.h"

static const size_t map_pages[] = { 1000000, 10000000 };
#define MAX_MAP		(ARRAY_SIZE(map_pages) * 3)

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "kho-mapbench: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *bench_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		bench_die("out of memory (%zu bytes)", size);
	memset(p, 0, size ? size : 1);
	return p;
}

int main(int argc, char **argv)
{
	static struct bench_map mcases[MAX_MAP];
	struct bench_map_point mapp[MAX_MAP];
	struct bench_results res = { };
	size_t max_map = 10000000, i;
	unsigned int samples = 9;
	unsigned long nretaken, npreempted, ntaken;
	double min_ms = 20, spread;
	int opt, layout;

	while ((opt = getopt(argc, argv, "M:t:s:")) != -1) {
		switch (opt) {
		case 'M':
			max_map = strtoul(optarg, NULL, 0);
			break;
		case 't':
			min_ms = strtod(optarg, NULL);
			break;
		case 's':
			samples = strtoul(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: kho-mapbench [-M MAX_MAP_PAGES] [-t MIN_SAMPLE_MS] [-s SAMPLES]\n");
			return 2;
		}
	}
	bench_timing_setup(min_ms, samples);
	printf("kho-mapbench: portable KHO code in userspace, gcc -O2, %ld CPUs online\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("timing: CLOCK_MONOTONIC; median of %u samples of >= %g ms each, taken round-robin\n",
	       samples, min_ms);
	fflush(stdout);
	res.map = mapp;
	for (i = 0; i < ARRAY_SIZE(map_pages) && map_pages[i] <= max_map; i++)
		for (layout = BENCH_MAP_FRAG; layout <= BENCH_MAP_2M; layout++) {
			bench_map_setup(&mcases[res.nmap], &mapp[res.nmap],
					map_pages[i], layout);
			res.nmap++;
		}
	bench_run_jobs();
	for (i = 0; i < res.nmap; i++)
		bench_map_finish(&mcases[i]);
	bench_report_map(&res);
	bench_noise(&spread, &nretaken, &npreempted, &ntaken);
	printf("\nnoise: worst spread (slowest/fastest sample of one measurement) %.2f;\n"
	       "  %lu of %lu samples retaken after a deschedule, %lu kept descheduled\n",
	       spread, nretaken, ntaken, npreempted);
	return 0;
}
