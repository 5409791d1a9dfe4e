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
 *
 * Time is CLOCK_MONOTONIC. The thread's CPU clock only tells whether the
 * thread was descheduled during a sample (it ran less than 95% of the
 * wall time): such a sample is taken again, up to BENCH_RETRIES times.
 */
#include <stdlib.h>
#include <time.h>

#include "bench.h"

#define BENCH_MAX_SAMPLES	31
#define BENCH_RETRIES		5
#define BENCH_MIN_CPU_SHARE	0.95

struct bench_job {
	void (*fn)(void *arg);
	void *arg;
	void (*before)(void *arg);	/* untimed, around each sample */
	void (*after)(void *arg);
	struct bench_stat *st;
	unsigned long reps;
	double s[BENCH_MAX_SAMPLES];
};

static double min_sample_ns = 20e6;
static unsigned int nsamples = 9;
static double worst_spread = 1.0;
static unsigned long retaken, preempted, taken;
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

static double clock_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double run_reps(const struct bench_job *j, unsigned long reps)
{
	double t0 = clock_ns(CLOCK_MONOTONIC);
	unsigned long i;

	for (i = 0; i < reps; i++)
		j->fn(j->arg);
	return clock_ns(CLOCK_MONOTONIC) - t0;
}

/* One sample, retaken while the thread was descheduled during it. */
static double sample(const struct bench_job *j)
{
	double wall, cpu;
	unsigned int try;

	for (try = 0; ; try++) {
		if (j->before)
			j->before(j->arg);
		cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID);
		wall = run_reps(j, j->reps);
		cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
		if (j->after)
			j->after(j->arg);
		if (cpu >= BENCH_MIN_CPU_SHARE * wall)
			break;
		if (try == BENCH_RETRIES) {
			preempted++;
			break;
		}
		retaken++;
	}
	taken++;
	return wall / j->reps;
}

/* Warm up, then find how many calls last min_sample_ns. */
static void calibrate(struct bench_job *j)
{
	double t, goal = min_sample_ns / 8;
	unsigned long reps = 1;

	if (j->before)
		j->before(j->arg);
	j->fn(j->arg);	/* page faults, caches, branch predictors */
	for (;;) {
		t = run_reps(j, reps);
		if (t >= goal)
			break;
		reps = (unsigned long)(reps * (t > 0 ? goal / t * 1.2 : 2)) + 1;
	}
	j->reps = (unsigned long)(reps * min_sample_ns / t) + 1;
	if (j->after)
		j->after(j->arg);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Queue a measurement; bench_run_jobs() fills *st. @before and @after (or
 * NULL) run around each sample, outside the time: what the code under
 * test needs in place but the kernel does once, not per call (a blob's
 * attached map, of which only a few may be attached at once).
 */
void bench_add_job_hooks(void (*fn)(void *arg), void *arg,
			 struct bench_stat *st, void (*before)(void *arg),
			 void (*after)(void *arg))
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
	jobs[njobs].before = before;
	jobs[njobs].after = after;
	njobs++;
}

void bench_add_job(void (*fn)(void *arg), void *arg, struct bench_stat *st)
{
	bench_add_job_hooks(fn, arg, st, NULL, NULL);
}

void bench_run_jobs(void)
{
	unsigned int r;
	size_t i;

	for (i = 0; i < njobs; i++)
		calibrate(&jobs[i]);
	for (r = 0; r < nsamples; r++)
		for (i = 0; i < njobs; i++)
			jobs[i].s[r] = sample(&jobs[i]);
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

/* How noisy the run was: largest spread, samples retaken and kept. */
void bench_noise(double *spread, unsigned long *nretaken,
		 unsigned long *npreempted, unsigned long *ntaken)
{
	*spread = worst_spread;
	*nretaken = retaken;
	*npreempted = preempted;
	*ntaken = taken;
}
