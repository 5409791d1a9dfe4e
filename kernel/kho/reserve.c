// SPDX-License-Identifier: GPL-2.0
/*
 * KHO incoming side, keeping preserved memory out of the allocator:
 * scratch-only early boot, then every preserved run reserved in one pass.
 *
 * Once the map is checked (kho_reserve_incoming()), the kernel has not
 * allocated anything yet. From then on until kho_memory_init(), every
 * memblock allocation is confined to the old kernel's scratch range (which
 * preserved memory never touches) through a hook in memblock. Right before
 * memblock_free_all(), the map's runs are merged with memblock's reserved
 * array in one linear pass, so the page allocator never sees them; until
 * then memblock's array stays small, and early allocations stay cheap.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/init.h>
#include <linux/kho.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <asm/sections.h>
#include <asm/timex.h>

#include "internal.h"

/*
 * Room for reservations made after the merge (memblock_free_all() may
 * split a region at a node boundary) without doubling a large array.
 */
#define KHO_RESERVE_SLACK	256

/**
 * struct kho_scratch_only - memblock allocations confined to scratch
 * @active: the clamp is on
 * @start: the old kernel's scratch range, start
 * @end: its end
 *
 * Not __initdata: memblock's find function, which checks it, is not
 * discarded on kernels with memory hotplug.
 */
static struct kho_scratch_only {
	bool active;
	phys_addr_t start;
	phys_addr_t end;
} kho_scratch_only __read_mostly;

/**
 * kho_scratch_only_begin() - confine memblock allocations to scratch
 * @addr: the old kernel's scratch range, checked against RAM
 * @len: its size
 */
void __init kho_scratch_only_begin(u64 addr, u64 len)
{
	kho_scratch_only.start = addr;
	kho_scratch_only.end = addr + len;
	kho_scratch_only.active = true;
	pr_info("early allocations confined to scratch %#llx-%#llx until the map is consumed\n",
		addr, addr + len - 1);
}

bool kho_scratch_only_active(void)
{
	return READ_ONCE(kho_scratch_only.active);
}

/**
 * kho_memblock_clamp() - restrict a memblock search range to scratch
 * @start: in/out: lowest address the caller accepts
 * @end: in/out: end of the range the caller accepts
 *
 * Called by memblock_find_in_range_node(). A request that lies entirely
 * in the first MiB (the real-mode trampoline) is left alone: preserved
 * memory is refused there.
 *
 * Return: true if the range was clamped (scratch-only is on).
 */
bool kho_memblock_clamp(phys_addr_t *start, phys_addr_t *end)
{
	if (!READ_ONCE(kho_scratch_only.active) || *end <= SZ_1M)
		return false;
	*start = max(*start, kho_scratch_only.start);
	*end = min(*end, kho_scratch_only.end);
	if (*end < *start)
		*end = *start;
	return true;
}

static void __init kho_scratch_exhausted_init(phys_addr_t size)
{
	kho_incoming_refuse_late("scratch is too small for this kernel's early allocations");
	pr_err("a memblock allocation of %pa bytes did not fit in scratch; boot with a larger kho_scratch= in the old kernel\n",
	       &size);
	WRITE_ONCE(kho_scratch_only.active, false);
}

/**
 * kho_scratch_exhausted() - scratch could not serve a memblock search
 * @size: the request
 * @start: the lowest address the caller accepts
 * @end: the end of the range the caller accepts
 * @nid: the node the caller asked for
 * @flags: the memblock flags it asked for
 *
 * A search the caller will retry elsewhere (on any node, without
 * MEMBLOCK_MIRROR, in another range that takes in scratch: CMA tries above
 * 4 GiB first) just fails. Only a request that would have taken any of
 * scratch means scratch is too small: nothing outside scratch has been
 * allocated yet, so refusing the whole incoming state is still safe (kept
 * devices are stopped first, the preserved memory becomes ordinary
 * memory), and memblock retries the request without the clamp.
 *
 * Return: true if the state was refused and the request may be retried
 * anywhere.
 */
bool __ref kho_scratch_exhausted(phys_addr_t size, phys_addr_t start,
				 phys_addr_t end, int nid, unsigned int flags)
{
	if (!READ_ONCE(kho_scratch_only.active))
		return false;
	if (nid != NUMA_NO_NODE || (flags & MEMBLOCK_MIRROR) ||
	    start > kho_scratch_only.start || end < kho_scratch_only.end)
		return false;
	kho_scratch_exhausted_init(size);
	return true;
}

/*
 * Append [@base, @base + @size) to @t, merging with the last region. A
 * full @t (more runs than the check counted) is noted in @t->cnt going
 * past @t->max, and nothing more is written.
 */
static void __init kho_emit(struct memblock_type *t, phys_addr_t base,
			    phys_addr_t size, enum memblock_flags flags, int nid)
{
	struct memblock_region *r, probe;

	/* The node id as a region stores it (always 0 without NUMA). */
	memblock_set_region_node(&probe, nid);
	nid = memblock_get_region_node(&probe);

	if (t->cnt > t->max)
		return;
	r = t->cnt ? &t->regions[t->cnt - 1] : NULL;
	if (r && r->base + r->size == base && r->flags == flags &&
	    memblock_get_region_node(r) == nid) {
		r->size += size;
		t->total_size += size;
		return;
	}
	if (t->cnt++ == t->max)
		return;
	r = &t->regions[t->cnt - 1];
	r->base = base;
	r->size = size;
	r->flags = flags;
	memblock_set_region_node(r, nid);
	t->total_size += size;
}

static void __init kho_emit_old(struct memblock_type *t,
				const struct memblock_region *r)
{
	kho_emit(t, r->base, r->size, r->flags, memblock_get_region_node(r));
}

/*
 * Merge the reserved regions @old (sorted, disjoint) with the map's runs
 * (ascending, disjoint) into @t. A run that overlaps a reserved region
 * keeps only its parts outside it; the regions stay as they are. Runs
 * never should overlap (every early reservation is in scratch, the first
 * MiB or an area the check forbids), so such parts are counted.
 */
static u64 __init kho_merge(struct memblock_type *t,
			    const struct memblock_type *old,
			    struct kho_map_iter *it, u64 *runs)
{
	struct kho_map_run run;
	unsigned long i = 0;
	u64 overlaps = 0;

	while (kho_map_next_run(it, &run)) {
		phys_addr_t a = run.addr, b = run.addr + run.len;

		(*runs)++;
		while (i < old->cnt &&
		       old->regions[i].base + old->regions[i].size <= a)
			kho_emit_old(t, &old->regions[i++]);
		while (a < b) {
			const struct memblock_region *r = &old->regions[i];

			if (i == old->cnt || r->base >= b) {
				kho_emit(t, a, b - a, MEMBLOCK_NONE, MAX_NUMNODES);
				break;
			}
			overlaps++;
			if (r->base > a)
				kho_emit(t, a, r->base - a, MEMBLOCK_NONE,
					 MAX_NUMNODES);
			a = max(a, r->base + r->size);
			if (r->base + r->size > b)
				break;
			kho_emit_old(t, r);
			i++;
		}
	}
	while (i < old->cnt)
		kho_emit_old(t, &old->regions[i++]);
	return overlaps;
}

/*
 * The static initial array lives in the kernel image; an array memblock
 * grew is memblock-reserved memory and is given back.
 */
static void __init kho_free_old_array(struct memblock_region *regions,
				      unsigned long max)
{
	phys_addr_t pa = __pa(regions);

	if (pa >= __pa_symbol(_text) && pa < __pa_symbol(_end))
		return;
	memblock_phys_free(pa, PAGE_ALIGN(max * sizeof(*regions)));
}

/**
 * kho_memory_init() - keep every preserved page out of the page allocator
 *
 * Called from mem_init() right before memblock_free_all(), after the last
 * early allocation. One array with room for memblock's reserved regions
 * and every run of the map is allocated from scratch, filled by one merge
 * of the two sorted lists and installed as memblock's reserved array;
 * memblock_free_all() then leaves the runs out of the buddy allocator and
 * marks their pages reserved. Then scratch-only ends, and this kernel's
 * own scratch area, which did not fit while it was on, is reserved.
 */
void __init kho_memory_init(void)
{
	struct memblock_type *res = &memblock.reserved;
	struct memblock_type old, merged = { .name = "reserved" };
	struct kho_map_iter it;
	u64 start, runs = 0, overlaps, expect;
	phys_addr_t bytes;
	const void *fdt;

	fdt = kho_incoming_unconsumed(&expect);
	if (!fdt || !kho_scratch_only_active())
		goto out;
	start = get_cycles();
	merged.max = res->cnt + expect + KHO_RESERVE_SLACK;
	bytes = PAGE_ALIGN(merged.max * sizeof(*merged.regions));
	merged.regions = memblock_alloc_raw(bytes, PAGE_SIZE);
	/* Scratch could not hold it: the state was refused meanwhile. */
	if (!kho_scratch_only_active()) {
		if (merged.regions)
			memblock_free(merged.regions, bytes);
		goto out;
	}
	if (!merged.regions || kho_incoming_map_iter(&it)) {
		if (merged.regions)
			memblock_free(merged.regions, bytes);
		kho_incoming_refuse_late("no room in scratch for the reservation table");
		goto out;
	}
	old = *res;
	overlaps = kho_merge(&merged, &old, &it, &runs);
	if (merged.cnt > merged.max || overlaps) {
		memblock_free(merged.regions, bytes);
		/*
		 * Something this kernel reserved early lies on preserved
		 * memory: the state cannot be trusted (and a claim would hand
		 * those pages out twice). Nothing preserved is reserved yet.
		 */
		kho_incoming_refuse_late(overlaps ?
			"preserved memory overlaps a reservation made at boot" :
			"more preserved runs than the map check counted");
		goto out;
	}
	*res = merged;
	kho_free_old_array(old.regions, old.max);
	WRITE_ONCE(kho_scratch_only.active, false);

	kho_incoming_reserved(get_cycles() - start);
	pr_info("preserved memory kept from the allocator: %llu runs merged into %lu reserved regions\n",
		runs, res->cnt);
out:
	WRITE_ONCE(kho_scratch_only.active, false);
	kho_reserve_scratch();
}
