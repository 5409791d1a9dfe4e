// SPDX-License-Identifier: GPL-2.0
/*
 * The outgoing path as kho_activate() runs it: kho_blob_begin() with the
 * map builder, one node per serializer (kho_node_begin(),
 * kho_node_add_mem(), kho_node_end()), kho_blob_finish(), then the map
 * (kho_map_prepare(), the sizing of kernel/kho/core.c, kho_map_encode()
 * into chunks allocated once outside the timing, kho_blob_set_map()), and
 * the self-check of kho_check_outgoing(): kho_blob_check(), then
 * kho_map_check() without a RAM list, with the run limit the next kernel
 * applies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static char node_name[BENCH_MAX_NODES][16];
static char node_compat[BENCH_MAX_NODES][24];

/* kho_map_out() of kernel/kho/core.c: one exact chunk if it fits, else 64 KiB ones. */
int bench_map_size(const struct kho_map_builder *b, struct kho_map_layout *lay)
{
	int err;

	err = kho_map_measure(b, KHO_MAP_CHUNK_MAX, lay);
	if (!err && lay->chunks == 1)
		err = kho_map_measure(b, (lay->used + BENCH_PG - 1) & ~(BENCH_PG - 1),
				      lay);
	if (!err && lay->chunks > 1)
		err = kho_map_measure(b, BENCH_MAP_CHUNK, lay);
	return err;
}

static const void *bench_mapimg_chunk(void *ctx, u64 phys, u64 size)
{
	struct bench_mapimg *mi = ctx;

	if (phys < BENCH_MAP_PHYS || phys - BENCH_MAP_PHYS > mi->len ||
	    size > mi->len - (phys - BENCH_MAP_PHYS))
		return NULL;
	return mi->img + (phys - BENCH_MAP_PHYS);
}

/*
 * Encode the builder @fdt was written with and link @fdt to the result.
 * The first call allocates the chunks; later ones must need the same.
 */
void bench_mapimg_out(struct bench_mapimg *mi, struct kho_map_builder *b,
		      void *fdt)
{
	struct kho_map_report rep;
	struct kho_map_layout lay;
	u64 k;

	if (kho_map_prepare(b, &rep) || bench_map_size(b, &lay))
		bench_die("map: the builder was refused");
	if (!mi->src.chunk) {
		mi->lay = lay;
		mi->len = lay.bytes;
		mi->img = bench_alloc(mi->len ? mi->len : 1);
		mi->chunk = bench_alloc((lay.chunks ? lay.chunks : 1) * sizeof(*mi->chunk));
		mi->phys = bench_alloc((lay.chunks ? lay.chunks : 1) * sizeof(*mi->phys));
		for (k = 0; k < lay.chunks; k++) {
			mi->chunk[k] = mi->img + k * lay.chunk_size;
			mi->phys[k] = BENCH_MAP_PHYS + k * lay.chunk_size;
		}
		mi->src.chunk = bench_mapimg_chunk;
		mi->src.ctx = mi;
	} else if (lay.chunks != mi->lay.chunks ||
		   lay.chunk_size != mi->lay.chunk_size) {
		bench_die("map: %llu chunks of %u B now, %llu of %u B before",
			  (unsigned long long)lay.chunks, lay.chunk_size,
			  (unsigned long long)mi->lay.chunks, mi->lay.chunk_size);
	}
	if (kho_map_encode(b, &lay, mi->chunk, mi->phys, &mi->ref) ||
	    kho_blob_set_map(fdt, &mi->ref))
		bench_die("map: encoding failed");
}

void bench_mapimg_free(struct bench_mapimg *mi)
{
	free(mi->img);
	free(mi->chunk);
	free(mi->phys);
	memset(mi, 0, sizeof(*mi));
}

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
	memset(d, 0, sizeof(*d));
	d->ranges = r;
	d->n = n;
	d->nodes = nodes;
	d->b.grow = kho_mapfile_grow;
	/* Per node its name, compatible and property headers; the ranges go to the map. */
	d->bufsize = nodes * 128 + 4096;
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
	char why[256];
	unsigned int i;
	int err;

	err = kho_blob_begin(d->buf, d->bufsize, &d->b);
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
	bench_mapimg_out(&d->map, &d->b, d->buf);
	if (kho_blob_check(d->buf, d->bufsize, &d->rep))
		bench_die("dump: outgoing check refused the blob: %s",
			  kho_strerror(&kho_blob_errors, d->rep.why.err));
	if (kho_map_check(d->buf, &d->map.src, NULL, 0, d->fb, d->nfb,
			  BENCH_MAX_RUNS, &d->maprep)) {
		kho_map_describe(why, sizeof(why), d->buf, &d->maprep);
		bench_die("dump: outgoing check refused the map: %s", why);
	}
}

void bench_dump_free(struct bench_dump *d)
{
	free(d->buf);
	free(d->b.e);
	bench_mapimg_free(&d->map);
	d->buf = NULL;
	d->b.e = NULL;
}
