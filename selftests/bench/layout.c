// SPDX-License-Identifier: GPL-2.0
/*
 * A fake x86 machine: e820-like RAM with the usual holes, the first MiB,
 * a kernel image and a scratch area, and a generator of preserved ranges
 * that lie in RAM and avoid everything forbidden, as a serializer's would.
 */
#include <stdio.h>

#include <linux/array_size.h>

#include "bench.h"

#define R(a, l)	{ .addr = (a), .len = (l) }

/* [4K, 636K), [1M, 3G - 1M), [4G, 128G): low memory, PCI hole, the rest. */
const struct kho_mem bench_ram[] = {
	R(0x1000, 0x9e000),
	R(BENCH_MIB, 3 * BENCH_GIB - 2 * BENCH_MIB),
	R(4 * BENCH_GIB, 124 * BENCH_GIB),
};
const size_t bench_nram = ARRAY_SIZE(bench_ram);

static const struct kho_mem first_mib = R(0, BENCH_MIB);
static const struct kho_mem kernel_image = R(16 * BENCH_MIB, 32 * BENCH_MIB);
static const struct kho_mem scratch = R(512 * BENCH_MIB, 128 * BENCH_MIB);

/* What kho_check_outgoing() forbids: the first MiB and scratch. */
size_t bench_forbidden_out(struct kho_mem *fb)
{
	fb[0] = first_mib;
	fb[1] = scratch;
	return 2;
}

/* What kho_reserve_incoming() forbids: also the kernel image and the blob. */
size_t bench_forbidden_in(struct kho_mem *fb, size_t blob_bytes)
{
	fb[0] = first_mib;
	fb[1] = kernel_image;
	fb[2] = scratch;
	fb[3].addr = BENCH_BLOB_PHYS;
	fb[3].len = (blob_bytes + BENCH_PG - 1) & ~(BENCH_PG - 1);
	return 4;
}

/*
 * n ranges of len bytes, gap bytes apart, from 1 MiB up: sorted, page
 * aligned, inside one RAM range each, clear of the first MiB, the kernel
 * image, scratch and the blob.
 */
void bench_gen_ranges(struct kho_mem *r, size_t n, u64 len, u64 gap)
{
	struct kho_mem fb[4];
	size_t nfb = bench_forbidden_in(fb, BENCH_GIB);
	size_t i = 0, rj = 0, fj = 0;
	u64 addr = BENCH_MIB, end;

	while (i < n) {
		end = addr + len;
		while (rj < bench_nram &&
		       bench_ram[rj].addr + bench_ram[rj].len <= addr)
			rj++;
		if (rj == bench_nram)
			bench_die("layout: %zu ranges do not fit in the fake RAM", n);
		if (addr < bench_ram[rj].addr) {
			addr = bench_ram[rj].addr;
			continue;
		}
		if (end > bench_ram[rj].addr + bench_ram[rj].len) {
			addr = bench_ram[rj].addr + bench_ram[rj].len;
			continue;
		}
		while (fj < nfb && fb[fj].addr + fb[fj].len <= addr)
			fj++;
		if (fj < nfb && fb[fj].addr < end) {
			addr = fb[fj].addr + fb[fj].len;
			continue;
		}
		r[i].addr = addr;
		r[i].len = len;
		i++;
		addr = end + gap;
	}
}
