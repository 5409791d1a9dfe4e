// SPDX-License-Identifier: GPL-2.0
/*
 * kho-mapbench: the preserved-memory map figures of kho-bench (table g)
 * on their own, while the blob sweeps are being moved to the map.
 *
 *   kho-mapbench [-M MAX_MAP_PAGES] [-t MIN_SAMPLE_MS] [-s SAMPLES]
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"

const char bench_name[] = "kho-mapbench";

int main(int argc, char **argv)
{
	static struct bench_map mcases[BENCH_MAX_MAP];
	struct bench_map_point mapp[BENCH_MAX_MAP];
	struct bench_results res = { };
	size_t max_map = 10000000, i;
	unsigned int samples = 9;
	double min_ms = 20;
	int opt;

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
	bench_report_header(samples, min_ms);
	fflush(stdout);
	res.map = mapp;
	res.nmap = bench_map_setup_all(mcases, mapp, max_map);
	bench_run_jobs();
	for (i = 0; i < res.nmap; i++)
		bench_map_finish(&mcases[i]);
	bench_report_map(&res);
	bench_report_noise();
	return 0;
}
