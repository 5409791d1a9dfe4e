// SPDX-License-Identifier: GPL-2.0
/*
 * The outgoing path as kho_activate() runs it: kho_blob_begin(), one node
 * per serializer (kho_node_begin(), kho_node_add_mem(), kho_node_end()),
 * kho_blob_finish(), then the kho_blob_check() self-check of
 * kho_check_outgoing(), without a RAM list.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static char node_name[BENCH_MAX_NODES][16];
static char node_compat[BENCH_MAX_NODES][24];

void bench_dump_setup(struct bench_dump *d, const struct kho_mem *r,
		      size_t n, unsigned int nodes, size_t min_bufsize)
{
	unsigned int i;

	if (!nodes || nodes > BENCH_MAX_NODES)
		bench_die("dump: %u nodes", nodes);
	for (i = 0; i < nodes; i++) {
		snprintf(node_name[i], sizeof(node_name[i]), "bench-%02u", i);
		snprintf(node_compat[i], sizeof(node_compat[i]), "bench-%02u-v1", i);
	}
	d->ranges = r;
	d->n = n;
	d->nodes = nodes;
	/* Ranges, then per node its name, compatible and property headers. */
	d->bufsize = n * sizeof(*r) + nodes * 128 + 4096;
	/*
	 * The kernel passes all of dt_max, and fdt_create() zeroes the whole
	 * buffer: min_bufsize models that.
	 */
	if (d->bufsize < min_bufsize)
		d->bufsize = min_bufsize;
	d->buf = bench_alloc(d->bufsize);
	d->nfb = bench_forbidden_out(d->fb);
}

void bench_dump_run(void *arg)
{
	struct bench_dump *d = arg;
	unsigned int i;
	int err;

	err = kho_blob_begin(d->buf, d->bufsize);
	for (i = 0; i < d->nodes && !err; i++) {
		/* Node i serializes its share of the ranges. */
		size_t lo = d->n * i / d->nodes, hi = d->n * (i + 1) / d->nodes;

		err = kho_node_begin(d->buf, node_name[i], node_compat[i]);
		if (!err && hi > lo)
			err = kho_node_add_mem(d->buf, d->ranges + lo, hi - lo);
		if (!err)
			err = kho_node_end(d->buf);
	}
	if (!err)
		err = kho_blob_finish(d->buf);
	if (err)
		bench_die("dump: building the blob failed (%d)", err);
	if (kho_blob_check(d->buf, d->bufsize, NULL, 0, d->fb, d->nfb, &d->rep))
		bench_die("dump: outgoing check refused the blob: %s",
			  kho_strerror(&kho_blob_errors, d->rep.why.err));
}

void bench_dump_free(struct bench_dump *d)
{
	free(d->buf);
	d->buf = NULL;
}
