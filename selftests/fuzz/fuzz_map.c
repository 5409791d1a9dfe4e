// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the preserved-memory map (kernel/kho/map.c): a
 * blob and a map image (fuzz_input.h). Whatever the bytes,
 * kho_map_check() returns without reading outside the chunks it is
 * given; a map it accepts attaches, and walking it gives runs that keep
 * the promises of abi/kho.h, restated here without map.c's helpers:
 * ascending and disjoint, page aligned, inside the RAM given, outside the
 * forbidden ranges and the map's own chunks, each owned by a node of the
 * blob, adding up to mem-map's page count; and each node's attached
 * ranges are those runs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/array_size.h>
#include <linux/kho/blob.h>

#define PG	(1ULL << KHO_MAP_PAGE_SHIFT)
#define MAX_CHUNKS	64

static struct fuzz_input in;

static bool inside(const struct kho_mem *r, size_t n, u64 addr, u64 len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr >= r[i].addr && addr - r[i].addr <= r[i].len &&
		    len <= r[i].len - (addr - r[i].addr))
			return true;
	return false;
}

static bool meets(const struct kho_mem *r, size_t n, u64 addr, u64 len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr < r[i].addr + r[i].len && r[i].addr < addr + len)
			return true;
	return false;
}

/* Every page per owner, from the walk: what the attach must hand out. */
static u64 owner_pages[KHO_MAP_MAX_OWNERS];

/* A node's attached ranges: sorted, merged, page granular; their pages. */
static u64 node_pages(int node)
{
	const struct kho_mem *mem;
	u64 pages = 0;
	size_t n, i;

	if (node < 0 || kho_blob_node_mem(in.fdt, node, &mem, &n))
		abort();
	for (i = 0; i < n; i++) {
		if (!mem[i].len || mem[i].len % PG ||
		    (i && mem[i].addr <= mem[i - 1].addr + mem[i - 1].len))
			abort();
		pages += mem[i].len / PG;
	}
	return pages;
}

static void check_walk(void)
{
	struct kho_mem chunks[MAX_CHUNKS];
	struct kho_map_iter it;
	struct kho_map_run run;
	u64 end = 0, pages = 0, runs = 0;
	size_t nchunks = 0;
	unsigned int i;
	int node;

	if (kho_map_chunk_ranges(in.fdt, &in.mf.src, chunks,
				 ARRAY_SIZE(chunks), &nchunks) ||
	    nchunks != in.brep.map.chunks)
		abort();
	if (kho_map_iter_init(&it, in.fdt, &in.mf.src))
		abort();
	memset(owner_pages, 0, sizeof(owner_pages));
	while (kho_map_next_run(&it, &run)) {
		const char *name = kho_map_owner_name(&it, run.owner);

		if (!run.len || run.addr % PG || run.len % PG ||
		    run.addr < end || run.addr + run.len < run.addr)
			abort();
		if (!inside(fuzz_ram, ARRAY_SIZE(fuzz_ram), run.addr, run.len) ||
		    meets(fuzz_forbidden, ARRAY_SIZE(fuzz_forbidden), run.addr,
			  run.len) ||
		    meets(chunks, nchunks, run.addr, run.len))
			abort();
		if (run.owner >= KHO_MAP_MAX_OWNERS || !name ||
		    kho_blob_subnode(in.fdt, name) < 0)
			abort();
		end = run.addr + run.len;
		pages += run.len / PG;
		owner_pages[run.owner] += run.len / PG;
		runs++;
	}
	if (pages != in.brep.map.pages || pages != in.mrep.pages ||
	    runs != in.mrep.runs)
		abort();

	/* The attach: per node, sorted, merged, the owner's pages exactly. */
	pages = 0;
	fdt_for_each_subnode(node, in.fdt, 0)
		pages += node_pages(node);
	if (pages != in.brep.map.pages)
		abort();
	for (i = 0; i < it.nowners && i < KHO_MAP_MAX_OWNERS; i++)
		if (node_pages(kho_blob_subnode(in.fdt,
				kho_map_owner_name(&it, i))) != owner_pages[i])
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fuzz_input_load(&in, data, size) && !fuzz_input_check(&in))
		check_walk();
	fuzz_input_free(&in);
	return 0;
}
