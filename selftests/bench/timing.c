// SPDX-License-Identifier: GPL-2.0
/*
 * Timing: one warm-up call, then the number of calls per sample is grown
 * until a sample lasts at least min_sample_ms, then that many calls are
 * timed "samples" times and the median per-call time is kept. The spread
 * (slowest / fastest sample) tells how noisy the machine was.
 */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

#define BENCH_MAX_SAMPLES	31

static double min_sample_ns = 50e6;
static unsigned int nsamples = 5;
static double worst_spread = 1.0;

void bench_timing_setup(double min_sample_ms, unsigned int samples)
{
	if (samples < 1)
		samples = 1;
	if (samples > BENCH_MAX_SAMPLES)
		samples = BENCH_MAX_SAMPLES;
	min_sample_ns = min_sample_ms * 1e6;
	nsamples = samples;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double run_reps(void (*fn)(void *arg), void *arg, unsigned long reps)
{
	double t0 = now_ns();
	unsigned long i;

	for (i = 0; i < reps; i++)
		fn(arg);
	return now_ns() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void bench_time(void (*fn)(void *arg), void *arg, struct bench_stat *st)
{
	double s[BENCH_MAX_SAMPLES], t, grow;
	unsigned long reps = 1;
	unsigned int i;

	fn(arg);	/* page faults, caches, branch predictors */
	for (;;) {
		t = run_reps(fn, arg, reps);
		if (t >= min_sample_ns)
			break;
		grow = t > 0 ? min_sample_ns / t * 1.1 : 2;
		reps = (unsigned long)(reps * grow) + 1;
	}
	for (i = 0; i < nsamples; i++)
		s[i] = run_reps(fn, arg, reps) / reps;
	qsort(s, nsamples, sizeof(s[0]), cmp_double);

	st->reps = reps;
	st->ns = nsamples % 2 ? s[nsamples / 2] :
		 (s[nsamples / 2 - 1] + s[nsamples / 2]) / 2;
	st->spread = s[0] > 0 ? s[nsamples - 1] / s[0] : 1.0;
	if (st->spread > worst_spread)
		worst_spread = st->spread;
}

/* The largest spread of any measurement so far. */
double bench_worst_spread(void)
{
	return worst_spread;
}
