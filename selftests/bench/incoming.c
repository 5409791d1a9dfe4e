// SPDX-License-Identifier: GPL-2.0
/*
 * The incoming path as kho_reserve_incoming() runs it: kho_blob_check()
 * with the RAM list and the forbidden list (first MiB, kernel image,
 * scratch, the blob itself), then one reserve call for the blob and one
 * per preserved range.
 *
 * The reserve call is a cheap stand-in for memblock_reserve(): it appends
 * to a preallocated array, merging with the last entry when adjacent. The
 * real memblock_add_range() walks the region array from its start on
 * every call, so this measures the portable code, not memblock.
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
			  size_t max_ranges, bool reserve)
{
	in->fdt = fdt;
	in->size = fdt_totalsize(fdt);
	in->nfb = bench_forbidden_in(in->fb, in->size);
	in->reserve = reserve;
	in->maxresv = max_ranges + 1;
	in->resv = reserve ? bench_alloc(in->maxresv * sizeof(*in->resv)) : NULL;
	in->nresv = 0;
}

void bench_incoming_run(void *arg)
{
	struct bench_incoming *in = arg;
	const struct kho_mem *mem;
	size_t n, i;
	int node;

	if (kho_blob_check(in->fdt, in->size, bench_ram, bench_nram,
			   in->fb, in->nfb, &in->rep))
		bench_die("incoming: blob refused: %s",
			  kho_strerror(&kho_blob_errors, in->rep.why.err));
	if (!in->reserve)
		return;

	in->nresv = 0;
	if (bench_reserve(in, BENCH_BLOB_PHYS, in->fb[in->nfb - 1].len))
		bench_die("incoming: reserve array full");
	fdt_for_each_subnode(node, in->fdt, 0) {
		kho_blob_node_mem(in->fdt, node, &mem, &n);
		for (i = 0; i < n; i++)
			if (bench_reserve(in, mem[i].addr, mem[i].len))
				bench_die("incoming: reserve array full");
	}
}

void bench_incoming_free(struct bench_incoming *in)
{
	free(in->resv);
	in->resv = NULL;
}
