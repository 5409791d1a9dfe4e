// SPDX-License-Identifier: GPL-2.0
/*
 * The vfio node case: the most claims per blob byte a node layout of this
 * code base produces. One container maps N pages of 4 KiB, every other
 * physical page, so each page is its own run in the map (one bit of a
 * bitmap region) and its own DMA chunk in the blob (32 B): N mem claims
 * and N table claims, which both the VFIO parser (kho_vfio_parse(): every
 * chunk looked up in the node's ranges) and the overlap rule (sort and
 * sweep of 2N claims) go through.
 *
 * The blob is written with the writers the kernel uses
 * (drivers/vfio/kho/core.c: kho_node_begin(), kho_node_add_mem(),
 * kho_vfio_container_add(), kho_vfio_dev_add()) into a buffer of the
 * 4 MiB dt_max cap, so the largest N is what the kernel could hand over
 * (the map is out of line: the cap bounds the DMA chunk table only).
 *
 * Physical order: "ordered" maps IOVA page i to the i-th preserved page;
 * "shuffled" maps it to a fixed pseudo-random permutation of them, as a
 * page allocator hands out pages, so the chunk claims reach the sort in
 * no useful order.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/errno.h>
#include <linux/kho/vfio.h>

#include "bench.h"

#define BENCH_VFIO_IOVA		0x10000000ULL	/* where the VMM maps, as in the VM test */
#define BENCH_VFIO_SBDF		0x0300		/* 0000:03:00.0 */

/* The vfio node's blob in a buffer of the dt_max cap; 0 or -ENOSPC. */
static int build(void *buf, struct kho_map_builder *b,
		 const struct kho_mem *r, size_t n,
		 const struct kho_vfio_map *maps)
{
	struct kho_vfio_dev dev = {
		.sbdf = BENCH_VFIO_SBDF,
		.flags = KHO_VFIO_DEV_RESET_WORKS | KHO_VFIO_DEV_PCI_2_3,
		.container = 0,
		.irq_type = KHO_VFIO_IRQ_NONE,
	};
	int err;

	memset(dev.salt, 0x5a, sizeof(dev.salt));
	memset(dev.hash, 0xa5, sizeof(dev.hash));
	err = kho_blob_begin(buf, BENCH_DT_MAX_CAP, b);
	if (!err)
		err = kho_node_begin(buf, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(buf, r, n);
	if (!err)
		err = kho_vfio_container_add(buf, 0, maps, n);
	if (!err)
		err = kho_vfio_dev_add(buf, &dev, NULL, 0);
	if (!err)
		err = kho_node_end(buf);
	if (!err)
		err = kho_blob_finish(buf);
	return err;
}

/* xorshift64: the same permutation on every run. */
static u64 next_rand(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static struct kho_vfio_map *gen_maps(const struct kho_mem *r, size_t n,
				     bool shuffled)
{
	struct kho_vfio_map *maps = bench_alloc((n ? n : 1) * sizeof(*maps));
	size_t *perm = bench_alloc((n ? n : 1) * sizeof(*perm));
	u64 seed = 0x9e3779b97f4a7c15ULL;
	size_t i, j, t;

	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n; shuffled && i > 1; i--) {
		j = next_rand(&seed) % i;
		t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < n; i++) {
		maps[i].iova = BENCH_VFIO_IOVA + i * BENCH_PG;
		maps[i].phys = r[perm[i]].addr;
		maps[i].len = BENCH_PG;
		maps[i].prot = KHO_VFIO_PROT_READ | KHO_VFIO_PROT_WRITE;
		maps[i].dma = 0;	/* one VFIO_IOMMU_MAP_DMA */
	}
	free(perm);
	return maps;
}

/*
 * The most chunks whose blob fits in the dt_max cap, from the first
 * @avail ranges of @r: the blob grows by exactly 32 B per chunk (the
 * ranges go to the map), and the answer is checked by building it and
 * one more.
 */
size_t bench_vfio_max_chunks(const struct kho_mem *r, size_t avail)
{
	void *buf = bench_alloc(BENCH_DT_MAX_CAP);
	struct kho_map_builder b = { .grow = kho_mapfile_grow };
	struct kho_vfio_map *maps;
	size_t one, n, per = sizeof(*maps);

	maps = gen_maps(r, 1, false);
	if (build(buf, &b, r, 1, maps))
		bench_die("vfio: a one-chunk blob does not fit in 4 MiB");
	one = fdt_totalsize(buf);
	free(maps);
	n = (BENCH_DT_MAX_CAP - one) / per + 1;
	if (n > avail)
		n = avail;
	maps = gen_maps(r, n + 1 <= avail ? n + 1 : n, false);
	if (build(buf, &b, r, n, maps) || fdt_totalsize(buf) != one + (n - 1) * per)
		bench_die("vfio: %zu chunks do not fit in 4 MiB as computed", n);
	if (n < avail && build(buf, &b, r, n + 1, maps) != -ENOSPC)
		bench_die("vfio: %zu chunks fit in 4 MiB, more than computed", n + 1);
	free(maps);
	free(buf);
	free(b.e);
	return n;
}

void bench_vfio_setup(struct bench_vfio *v, struct bench_vfio_point *p,
		      const struct kho_mem *r, size_t chunks, bool shuffled)
{
	struct kho_vfio_map *maps = gen_maps(r, chunks, shuffled);

	memset(v, 0, sizeof(*v));
	memset(p, 0, sizeof(*p));
	v->p = p;
	p->chunks = chunks;
	p->shuffled = shuffled;
	v->buf = bench_alloc(BENCH_DT_MAX_CAP);
	v->b.grow = kho_mapfile_grow;
	if (build(v->buf, &v->b, r, chunks, maps))
		bench_die("vfio: building a %zu-chunk blob failed", chunks);
	free(maps);		/* the blob holds its own copy */
	bench_mapimg_out(&v->map, &v->b, v->buf);
	p->blob_bytes = fdt_totalsize(v->buf);
	p->map_bytes = v->map.ref.bytes;

	/* What the incoming kernel runs, in order, on this blob. */
	bench_incoming_setup(&v->check, v->buf, &v->map.src, chunks, false);
	bench_add_job(bench_incoming_run, &v->check, &p->check);
	bench_nodes_setup(&v->nodes, v->buf, &v->map.src);
	bench_add_job_hooks(bench_nodes_run, &v->nodes, &p->nodes_check,
			    bench_nodes_attach, bench_nodes_detach);
	bench_claims_setup(&v->claims, &v->nodes, true);
	bench_add_job(bench_claims_run, &v->claims, &p->claims);
	bench_claims_setup(&v->restore, &v->nodes, false);
	bench_add_job(bench_claims_run, &v->restore, &p->restore);
	p->nclaims = v->claims.cl.n;
}

void bench_vfio_finish(struct bench_vfio *v)
{
	const struct bench_vfio_point *p = v->p;

	if (v->check.maprep.runs != p->chunks || v->check.rep.nodes != 1)
		bench_die("vfio: check saw %llu runs in %u nodes, wanted %zu in 1",
			  (unsigned long long)v->check.maprep.runs,
			  v->check.rep.nodes, p->chunks);
	/* One checked node; a mem claim and a chunk claim per page. */
	bench_nodes_expect(&v->nodes, "vfio", 2 * p->chunks, 1, 0);
	if (p->nclaims != 2 * p->chunks || v->claims.rep.err != KHO_CLAIMS_OK)
		bench_die("vfio: overlap rule alone: %zu claims, '%s'",
			  p->nclaims,
			  kho_strerror(&kho_claims_errors, v->claims.rep.err));
	/* Two chunks on one page: claims [0, n) are mem, [n, 2n) chunks. */
	if (p->chunks >= 2)
		bench_claims_refuses(&v->claims, "vfio", p->chunks,
				     p->chunks + 1);
	bench_incoming_free(&v->check);
	bench_nodes_free(&v->nodes);
	bench_claims_free(&v->claims);
	bench_claims_free(&v->restore);
	free(v->buf);
	free(v->b.e);
	bench_mapimg_free(&v->map);
	v->buf = NULL;
	v->b.e = NULL;
}
