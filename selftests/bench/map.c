// SPDX-License-Identifier: GPL-2.0
/*
 * The preserved-memory map (kernel/kho/map.c) at scale: one owner
 * preserving N pages in one of three layouts, encoded into 64 KiB chunks
 * as the kernel does after the dump, then checked, walked and attached
 * as the next kernel does. Baseline: memcpy() of the map's bytes.
 *
 * encode = kho_map_measure() + kho_map_encode() on a prepared builder
 * (kho_map_prepare()'s sort is left out: the ranges come sorted);
 * check = kho_map_check() with the RAM and forbidden lists of layout.c;
 * iterate = kho_map_iter_init() and every kho_map_next_run();
 * attach = kho_blob_mem_attach() + kho_blob_mem_detach().
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "bench.h"

#define BENCH_MAP_BLOB		4096

static const void *bench_map_chunk(void *ctx, u64 phys, u64 size)
{
	struct bench_map *m = ctx;

	if (phys < BENCH_MAP_PHYS || phys - BENCH_MAP_PHYS > m->img_len ||
	    size > m->img_len - (phys - BENCH_MAP_PHYS))
		return NULL;
	return (const u8 *)m->img + (phys - BENCH_MAP_PHYS);
}

static const char *const layout_names[] = {
	"every other page", "contiguous", "2 MiB extents",
};

/* The layout's ranges: @pages pages in all. Returns the range count. */
static size_t gen_layout(struct kho_mem *r, size_t pages, int layout)
{
	size_t n;

	switch (layout) {
	case BENCH_MAP_FRAG:
		bench_gen_ranges(r, pages, BENCH_PG, BENCH_PG);
		return pages;
	case BENCH_MAP_CONTIG:
		bench_gen_ranges(r, pages, BENCH_PG, 0);
		return kho_ranges_merge(r, pages);
	default:
		n = pages / 512;
		bench_gen_ranges(r, n, 2 * BENCH_MIB, 2 * BENCH_MIB);
		return n;
	}
}

void bench_map_setup(struct bench_map *m, struct bench_map_point *p,
		     size_t pages, int layout)
{
	struct kho_map_builder blob_b = { };
	struct kho_map_report rep;
	struct kho_mem *r;
	size_t n, i;
	u64 k;

	memset(m, 0, sizeof(*m));
	memset(p, 0, sizeof(*p));
	m->p = p;
	p->pages = pages;
	p->layout = layout_names[layout];
	p->frag = layout == BENCH_MAP_FRAG;

	r = bench_alloc(pages * sizeof(*r));
	n = gen_layout(r, pages, layout);
	if (layout == BENCH_MAP_2M)
		p->pages = n * 512;	/* whole 2 MiB extents */
	m->b.grow = kho_mapfile_grow;
	kho_map_builder_reset(&m->b);
	if (kho_map_open_owner(&m->b, "bench") < 0)
		bench_die("map: opening the owner");
	for (i = 0; i < n; i++)
		if (kho_map_add(&m->b, r[i].addr, r[i].len))
			bench_die("map: adding range %zu", i);
	free(r);
	if (kho_map_prepare(&m->b, &rep) ||
	    kho_map_measure(&m->b, BENCH_MAP_CHUNK, &m->lay))
		bench_die("map: the builder was refused");

	m->img_len = m->lay.bytes;
	m->img = bench_alloc(m->img_len);
	m->chunk = bench_alloc(m->lay.chunks * sizeof(*m->chunk));
	m->phys = bench_alloc(m->lay.chunks * sizeof(*m->phys));
	for (k = 0; k < m->lay.chunks; k++) {
		m->chunk[k] = (u8 *)m->img + k * BENCH_MAP_CHUNK;
		m->phys[k] = BENCH_MAP_PHYS + k * BENCH_MAP_CHUNK;
	}
	bench_map_encode_run(m);

	/* A blob with the one node the map names, linked to the map. */
	m->fdt = bench_alloc(BENCH_MAP_BLOB);
	if (kho_blob_begin(m->fdt, BENCH_MAP_BLOB, &blob_b) ||
	    kho_node_begin(m->fdt, "bench", "bench-v1") ||
	    kho_node_end(m->fdt) || kho_blob_finish(m->fdt) ||
	    kho_blob_set_map(m->fdt, &m->ref))
		bench_die("map: writing the blob");

	m->src.chunk = bench_map_chunk;
	m->src.ctx = m;
	m->nfb = bench_forbidden_in(m->fb, BENCH_MAP_BLOB);
	bench_map_check_run(m);
	m->storage = bench_alloc(m->rep.runs * sizeof(*m->storage));

	p->map_bytes = m->ref.bytes;
	p->used = m->lay.used;
	p->regions = m->lay.regions;
	p->extents = m->lay.extents;
	p->runs = m->lay.runs;
	p->chunks = m->lay.chunks;

	m->copy.src = m->img;
	m->copy.len = m->img_len;
	m->copy.dst = bench_alloc(m->img_len);

	bench_add_job(bench_map_encode_run, m, &p->encode);
	bench_add_job(bench_map_check_run, m, &p->check);
	bench_add_job(bench_map_iter_run, m, &p->iter);
	bench_add_job(bench_map_attach_run, m, &p->attach);
	bench_add_job(bench_memcpy_run, &m->copy, &p->copy);
}

void bench_map_encode_run(void *arg)
{
	struct bench_map *m = arg;
	struct kho_map_layout lay;

	if (kho_map_measure(&m->b, BENCH_MAP_CHUNK, &lay) ||
	    lay.chunks != m->lay.chunks ||
	    kho_map_encode(&m->b, &lay, m->chunk, m->phys, &m->ref))
		bench_die("map: encoding failed");
}

void bench_map_check_run(void *arg)
{
	struct bench_map *m = arg;
	char why[256];

	if (kho_map_check(m->fdt, &m->src, bench_ram, bench_nram, m->fb,
			  m->nfb, 0, &m->rep)) {
		kho_map_describe(why, sizeof(why), m->fdt, &m->rep);
		bench_die("map: check refused the map: %s", why);
	}
}

void bench_map_iter_run(void *arg)
{
	struct bench_map *m = arg;
	struct kho_map_iter it;
	struct kho_map_run run;
	u64 pages = 0, runs = 0;

	if (kho_map_iter_init(&it, m->fdt, &m->src))
		bench_die("map: iterator refused the map");
	while (kho_map_next_run(&it, &run)) {
		pages += run.len;
		runs++;
	}
	m->iter_pages = pages >> KHO_MAP_PAGE_SHIFT;
	m->iter_runs = runs;
}

void bench_map_attach_run(void *arg)
{
	struct bench_map *m = arg;

	if (kho_blob_mem_attach(&m->mem, m->fdt, &m->src, m->storage,
				m->rep.runs))
		bench_die("map: attach failed");
	m->attached_n = m->mem.n;
	kho_blob_mem_detach(&m->mem);
}

/* Preserved pages of the map points (-M: the largest). */
static const size_t map_pages[BENCH_MAP_SIZES] = { 1000000, 10000000 };

/*
 * Every map point of up to @max_pages preserved pages, each size in the
 * three layouts, into @m and @p (BENCH_MAX_MAP entries each).
 * Return: how many were set up.
 */
size_t bench_map_setup_all(struct bench_map *m, struct bench_map_point *p,
			   size_t max_pages)
{
	size_t i, n = 0;
	int layout;

	for (i = 0; i < BENCH_MAP_SIZES && map_pages[i] <= max_pages; i++)
		for (layout = BENCH_MAP_FRAG; layout <= BENCH_MAP_2M; layout++) {
			bench_map_setup(&m[n], &p[n], map_pages[i], layout);
			n++;
		}
	return n;
}

/* What the code under test did: every page, every run, nothing else. */
void bench_map_finish(struct bench_map *m)
{
	const struct bench_map_point *p = m->p;

	if (m->rep.pages != p->pages || m->ref.pages != p->pages ||
	    m->iter_pages != p->pages || m->iter_runs != m->rep.runs ||
	    m->rep.runs != p->runs)
		bench_die("map: %zu pages wanted; check saw %llu pages in %llu runs, iterator %llu in %llu, encoder %llu runs",
			  p->pages, (unsigned long long)m->rep.pages,
			  (unsigned long long)m->rep.runs,
			  (unsigned long long)m->iter_pages,
			  (unsigned long long)m->iter_runs,
			  (unsigned long long)p->runs);
	if (!m->attached_n || m->attached_n > m->rep.runs)
		bench_die("map: attach gave %zu ranges for %llu runs",
			  m->attached_n, (unsigned long long)m->rep.runs);
	free(m->b.e);
	free(m->img);
	free(m->chunk);
	free(m->phys);
	free(m->fdt);
	free(m->storage);
	free(m->copy.dst);
}
