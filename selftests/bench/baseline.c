// SPDX-License-Identifier: GPL-2.0
/*
 * Baselines measured in the same run as the KHO figures: memcpy() of the
 * blob's bytes for the dump, and a plain loop reading every struct
 * kho_mem once for the incoming path.
 */
#include <string.h>

#include "bench.h"

void bench_memcpy_run(void *arg)
{
	struct bench_copy *c = arg;

	memcpy(c->dst, c->src, c->len);
	/* The copy has an observer: it cannot be dropped. */
	__asm__ __volatile__("" : : "r"(c->dst) : "memory");
}

void bench_sum_run(void *arg)
{
	struct bench_sum *s = arg;
	u64 sum = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		sum += s->r[i].addr + s->r[i].len;
	s->sink = sum;
	__asm__ __volatile__("" : : "r"(s->sink) : "memory");
}
