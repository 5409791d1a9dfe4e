// SPDX-License-Identifier: GPL-2.0
/*
 * Timing. Every measurement is a job: one warm-up call, then a number of
 * calls per sample large enough that a sample lasts min_sample_ms. Jobs
 * are sampled round-robin: round 1 takes one sample of every job, then
 * round 2, and so on. On a shared machine whose speed drifts over
 * seconds, every job then sees the same slow and fast phases, so ratios
 * between jobs (KHO against baseline, 1M ranges against 1k) stay sound.
 * A job's figure is the median of its samples; its spread (slowest /
 * fastest sample) tells how noisy the run was.
 */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

#define BENCH_MAX_SAMPLES	31

struct bench_job {
	void (*fn)(void *arg);
	void *arg;
	struct bench_stat *st;
	unsigned long reps;
	double s[BENCH_MAX_SAMPLES];
};

static double min_sample_ns = 50e6;
static unsigned int nsamples = 5;
static double worst_spread = 1.0;
static struct bench_job *jobs;
static size_t njobs, maxjobs;

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

static double run_reps(const struct bench_job *j, unsigned long reps)
{
	double t0 = now_ns();
	unsigned long i;

	for (i = 0; i < reps; i++)
		j->fn(j->arg);
	return now_ns() - t0;
}

/* Warm up, then find how many calls last min_sample_ns. */
static void calibrate(struct bench_job *j)
{
	double t, goal = min_sample_ns / 8;
	unsigned long reps = 1;

	j->fn(j->arg);	/* page faults, caches, branch predictors */
	for (;;) {
		t = run_reps(j, reps);
		if (t >= goal)
			break;
		reps = (unsigned long)(reps * (t > 0 ? goal / t * 1.2 : 2)) + 1;
	}
	j->reps = (unsigned long)(reps * min_sample_ns / t) + 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Queue a measurement; bench_run_jobs() fills *st. */
void bench_add_job(void (*fn)(void *arg), void *arg, struct bench_stat *st)
{
	if (njobs == maxjobs) {
		maxjobs = maxjobs ? 2 * maxjobs : 64;
		jobs = realloc(jobs, maxjobs * sizeof(*jobs));
		if (!jobs)
			bench_die("out of memory");
	}
	jobs[njobs].fn = fn;
	jobs[njobs].arg = arg;
	jobs[njobs].st = st;
	njobs++;
}

void bench_run_jobs(void)
{
	unsigned int r;
	size_t i;

	for (i = 0; i < njobs; i++)
		calibrate(&jobs[i]);
	for (r = 0; r < nsamples; r++)
		for (i = 0; i < njobs; i++)
			jobs[i].s[r] = run_reps(&jobs[i], jobs[i].reps) /
				       jobs[i].reps;
	for (i = 0; i < njobs; i++) {
		struct bench_job *j = &jobs[i];
		double *s = j->s;

		qsort(s, nsamples, sizeof(s[0]), cmp_double);
		j->st->reps = j->reps;
		j->st->ns = nsamples % 2 ? s[nsamples / 2] :
			    (s[nsamples / 2 - 1] + s[nsamples / 2]) / 2;
		j->st->spread = s[0] > 0 ? s[nsamples - 1] / s[0] : 1.0;
		if (j->st->spread > worst_spread)
			worst_spread = j->st->spread;
	}
	njobs = 0;
}

/* The largest spread of any measurement so far. */
double bench_worst_spread(void)
{
	return worst_spread;
}
