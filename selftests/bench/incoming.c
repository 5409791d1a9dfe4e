// SPDX-License-Identifier: GPL-2.0
/*
 * The incoming path as kho_reserve_incoming() and kho_memory_init() run
 * it: kho_blob_check(), kho_map_check() with the RAM list, the forbidden
 * list (first MiB, kernel image, scratch, the blob itself) and the run
 * limit of a 128 MiB scratch area; then one reserve call for the blob and
 * one per chunk of the map (kho_map_chunk_ranges()), then one per run of
 * the map (kho_map_next_run()), which the kernel merges into
 * memblock.reserved in one pass.
 *
 * The reserve call is a cheap stand-in for memblock: it appends to a
 * preallocated array, merging with the last entry when adjacent. So this
 * measures the portable code, not memblock.
 */
#include <stdlib.h>

#include <libfdt.h>

#include "bench.h"

static __attribute__((noinline)) int
bench_reserve(struct bench_incoming *in, u64 addr, u64 len)
{
	struct kho_mem *last = in->nresv ? &in->resv[in->nresv - 1] : NULL;

	if (last && last->addr + last->len == addr) {
		last->len += len;
		return 0;
	}
	if (in->nresv == in->maxresv)
		return -1;
	in->resv[in->nresv].addr = addr;
	in->resv[in->nresv].len = len;
	in->nresv++;
	return 0;
}

void bench_incoming_setup(struct bench_incoming *in, const void *fdt,
			  const struct kho_map_src *src, size_t max_ranges,
			  bool reserve)
{
	struct kho_map_ref ref = { };

	kho_blob_map_ref(fdt, &ref);
	in->fdt = fdt;
	in->src = src;
	in->size = fdt_totalsize(fdt);
	in->nfb = bench_forbidden_in(in->fb, in->size);
	in->reserve = reserve;
	in->maxchunks = ref.chunks + 1;
	in->maxresv = max_ranges + in->maxchunks + 1;
	in->chunks = reserve ? bench_alloc(in->maxchunks * sizeof(*in->chunks)) : NULL;
	in->resv = reserve ? bench_alloc(in->maxresv * sizeof(*in->resv)) : NULL;
	in->nresv = 0;
}

void bench_incoming_run(void *arg)
{
	struct bench_incoming *in = arg;
	struct kho_map_iter it;
	struct kho_map_run run;
	char why[256];
	size_t i;

	if (kho_blob_check(in->fdt, in->size, &in->rep))
		bench_die("incoming: blob refused: %s",
			  kho_strerror(&kho_blob_errors, in->rep.why.err));
	if (kho_map_check(in->fdt, in->src, bench_ram, bench_nram, in->fb,
			  in->nfb, BENCH_MAX_RUNS, &in->maprep)) {
		kho_map_describe(why, sizeof(why), in->fdt, &in->maprep);
		bench_die("incoming: map refused: %s", why);
	}
	if (!in->reserve)
		return;

	in->nresv = 0;
	if (bench_reserve(in, BENCH_BLOB_PHYS, in->fb[in->nfb - 1].len))
		bench_die("incoming: reserve array full");
	if (kho_map_chunk_ranges(in->fdt, in->src, in->chunks, in->maxchunks,
				 &in->nchunks))
		bench_die("incoming: the map's chunks cannot be listed");
	for (i = 0; i < in->nchunks; i++)
		if (bench_reserve(in, in->chunks[i].addr, in->chunks[i].len))
			bench_die("incoming: reserve array full");
	if (kho_map_iter_init(&it, in->fdt, in->src))
		bench_die("incoming: the map cannot be walked");
	while (kho_map_next_run(&it, &run))
		if (bench_reserve(in, run.addr, run.len))
			bench_die("incoming: reserve array full");
}

void bench_incoming_free(struct bench_incoming *in)
{
	free(in->resv);
	free(in->chunks);
	in->resv = NULL;
	in->chunks = NULL;
}
