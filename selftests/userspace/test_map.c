// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for kernel/kho/map.c: the builder, the greedy encoder, the
 * check of hostile maps (each refusal with its own code), the iterator,
 * and the per-node view kho_blob_mem_attach() builds from a map.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <linux/kho/map.h>

#include "ktap.h"
#include "mapfile.h"
#include "rand.h"

#define PG(n)		((u64)(n) << 12)
#define BLOB_SIZE	65536
/* Preserved memory from 1 GiB; the map's chunks at 256 MiB. */
#define MEM		PG(0x40000)
#define CHUNKS		0x10000000ULL
#define HDR		sizeof(struct kho_map_chunk)
#define REC		sizeof(struct kho_map_region)
#define OWN		sizeof(struct kho_map_owner)

static char blob[BLOB_SIZE];
static struct kho_map_builder b;
static struct kho_mapfile_out out;
static struct kho_mapfile mf;

static const struct kho_mem ram[] = {
	{ .addr = 0, .len = 1ULL << 40 },
};

/*
 * A blob with nodes "a", "b" and "c" (owners 0, 1 and 2 of the builder),
 * no memory yet: tests add ranges to the builder directly.
 */
static void setup(void)
{
	kho_mapfile_builder_init(&b);
	if (kho_blob_begin(blob, BLOB_SIZE, &b) ||
	    kho_node_begin(blob, "a", "a-v1") || kho_node_end(blob) ||
	    kho_node_begin(blob, "b", "b-v1") || kho_node_end(blob) ||
	    kho_node_begin(blob, "c", "c-v1") || kho_node_end(blob) ||
	    kho_blob_finish(blob))
		ktap_fail_at(__FILE__, __LINE__, "could not build the blob");
}

/* Drop the encoded map and its index. */
static void unencode(void)
{
	kho_mapfile_free(&mf);
	free(out.img);
	out.img = NULL;
}

static void teardown(void)
{
	unencode();
	kho_mapfile_builder_free(&b);
}

static void add(const char *owner, u64 addr, u64 len)
{
	if (kho_map_open_owner(&b, owner) < 0 || kho_map_add(&b, addr, len))
		ktap_fail_at(__FILE__, __LINE__, "adding [%#llx+%#llx) to %s failed",
			     (unsigned long long)addr, (unsigned long long)len,
			     owner);
}

/* Encode into chunks of @size bytes @stride apart from @base, link it. */
static int encode_at(u32 size, u64 base, u64 stride)
{
	int err = kho_mapfile_encode(&b, blob, base, stride, size, &out);

	if (!err)
		err = kho_mapfile_index(&mf, out.img, out.len);
	return err;
}

static int encode(u32 size)
{
	return encode_at(size, CHUNKS, 0);
}

static int check(struct kho_map_report *rep)
{
	return kho_map_check(blob, &mf.src, ram, ARRAY_SIZE(ram), NULL, 0, 0,
			     rep);
}

static u8 *chunk(size_t k)
{
	return (u8 *)out.img + mf.c[k].off;
}

static struct kho_map_chunk hdr(size_t k)
{
	struct kho_map_chunk h;

	memcpy(&h, chunk(k), sizeof(h));
	return h;
}

static void set_hdr(size_t k, const struct kho_map_chunk *h)
{
	memcpy(chunk(k), h, sizeof(*h));
}

/* Offset of region @i of chunk @k. */
static size_t region_off(size_t k, u32 i)
{
	struct kho_map_chunk h = hdr(k);
	struct kho_map_region r;
	size_t off = HDR + h.owners * OWN;

	while (i--) {
		memcpy(&r, chunk(k) + off, sizeof(r));
		off += REC;
		if (r.kind == KHO_MAP_BITMAP)
			off += (r.pages + 63) / 64 * 8;
	}
	return off;
}

static struct kho_map_region region(size_t k, u32 i)
{
	struct kho_map_region r;

	memcpy(&r, chunk(k) + region_off(k, i), sizeof(r));
	return r;
}

static void set_region(size_t k, u32 i, const struct kho_map_region *r)
{
	memcpy(chunk(k) + region_off(k, i), r, sizeof(*r));
}

/* Every run of the map, compared with the builder's prepared entries. */
static bool round_trips(void)
{
	struct kho_map_iter it;
	struct kho_map_run run;
	size_t i = 0;

	if (kho_map_iter_init(&it, blob, &mf.src))
		return false;
	while (kho_map_next_run(&it, &run)) {
		if (i == b.n || run.addr != b.e[i].addr || run.len != b.e[i].len ||
		    run.owner != b.e[i].owner) {
			ktap_fail_at(__FILE__, __LINE__, "run %zu [%#llx+%#llx) owner %u",
				     i, (unsigned long long)run.addr,
				     (unsigned long long)run.len, run.owner);
			return false;
		}
		i++;
	}
	return EXPECT_EQ(i, b.n);
}

static void empty_map(void)
{
	struct kho_map_report rep;
	struct kho_map_iter it;
	struct kho_map_run run;
	struct kho_mem cr[1];
	size_t n = 1;

	setup();
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(out.lay.chunks, 0);
	EXPECT_EQ(out.ref.addr, 0);
	EXPECT_EQ(out.ref.chunks, 0);
	EXPECT_EQ(out.ref.bytes, 0);
	EXPECT_EQ(out.ref.pages, 0);
	EXPECT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.pages, 0);
	EXPECT_EQ(rep.chunks, 0);
	EXPECT_EQ(kho_map_iter_init(&it, blob, &mf.src), 0);
	EXPECT_FALSE(kho_map_next_run(&it, &run));
	EXPECT_EQ(kho_map_chunk_ranges(blob, &mf.src, cr, 1, &n), 0);
	EXPECT_EQ(n, 0);
	teardown();
}

static void builder_refuses_bad_ranges(void)
{
	struct kho_map_builder fixed = { 0 };
	struct kho_map_entry one[1];

	kho_mapfile_builder_init(&b);
	EXPECT_EQ(kho_map_add(&b, MEM, PG(1)), -EINVAL);	/* no owner */
	EXPECT_EQ(kho_map_open_owner(&b, "a"), 0);
	EXPECT_EQ(kho_map_open_owner(&b, "b"), 1);
	EXPECT_EQ(kho_map_open_owner(&b, "a"), 0);
	EXPECT_EQ(kho_map_open_owner(&b, ""), -EINVAL);
	EXPECT_EQ(kho_map_open_owner(&b,
		"0123456789012345678901234567890123456789012345678901234567890123"),
		-EINVAL);
	EXPECT_EQ(b.cur, -1);
	EXPECT_EQ(kho_map_open_owner(&b, "a"), 0);
	EXPECT_EQ(kho_map_add(&b, MEM, 0), -EINVAL);
	EXPECT_EQ(kho_map_add(&b, MEM + 1, PG(1)), -EINVAL);
	EXPECT_EQ(kho_map_add(&b, MEM, PG(1) + 1), -EINVAL);
	EXPECT_EQ(kho_map_add(&b, ~0ULL - PG(1) + 1, PG(2)), -EINVAL);
	EXPECT_EQ(kho_map_add(&b, MEM, PG(1)), 0);
	EXPECT_EQ(b.n, 1);
	kho_mapfile_builder_free(&b);

	/* Without grow, a full builder says so. */
	fixed.e = one;
	fixed.cap = 1;
	kho_map_builder_reset(&fixed);
	EXPECT_EQ(kho_map_open_owner(&fixed, "a"), 0);
	EXPECT_EQ(kho_map_add(&fixed, MEM, PG(1)), 0);
	EXPECT_EQ(kho_map_add(&fixed, MEM + PG(2), PG(1)), -ENOSPC);
}

static void prepare_refuses_overlap_naming_both(void)
{
	char line[512];

	setup();
	add("a", MEM, PG(4));
	add("b", MEM + PG(3), PG(2));
	EXPECT_EQ(kho_mapfile_encode(&b, NULL, CHUNKS, 0, KHO_MAPFILE_CHUNK, &out), -EINVAL);
	EXPECT_EQ(out.rep.why.err, KHO_MAP_OVERLAP);
	EXPECT_EQ(out.rep.owner, 1);
	EXPECT_EQ(out.rep.other, 0);
	kho_map_describe(line, sizeof(line), blob, &out.rep);
	EXPECT_TRUE(strstr(line, "'a'") && strstr(line, "'b'"));
	teardown();

	/* One owner preserving a page twice is refused too. */
	setup();
	add("a", MEM, PG(4));
	add("a", MEM, PG(1));
	EXPECT_EQ(kho_mapfile_encode(&b, NULL, CHUNKS, 0, KHO_MAPFILE_CHUNK, &out), -EINVAL);
	EXPECT_EQ(out.rep.why.err, KHO_MAP_OVERLAP);
	teardown();
}

static void prepare_merges_touching_of_one_owner(void)
{
	struct kho_map_report rep;

	setup();
	add("a", MEM + PG(4), PG(4));
	add("a", MEM, PG(4));
	add("b", MEM + PG(8), PG(1));		/* touches, other owner */
	EXPECT_EQ(kho_map_prepare(&b, &rep), 0);
	ASSERT_EQ(b.n, 2);
	EXPECT_EQ(b.e[0].addr, MEM);
	EXPECT_EQ(b.e[0].len, PG(8));
	EXPECT_EQ(b.e[1].owner, 1);
	teardown();
}

static void every_region_kind(void)
{
	struct kho_map_report rep;
	struct kho_map_region r;
	u64 i;

	setup();
	add("a", MEM, PG(192));			/* long run: extent */
	add("a", MEM + PG(1000), PG(1));	/* lone short run: extent */
	for (i = 0; i < 10; i++)		/* short runs: bitmap */
		add("b", MEM + PG(2000 + 2 * i), PG(1));
	add("c", MEM + PG(3000), PG(191));	/* 191 pages: still short */
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(out.lay.regions, 4);
	EXPECT_EQ(out.lay.extents, 3);
	EXPECT_EQ(out.lay.runs, 13);
	EXPECT_EQ(out.lay.pages, 192 + 1 + 10 + 191);
	ASSERT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.runs, 13);
	EXPECT_EQ(rep.regions, 4);
	EXPECT_EQ(rep.pages, 394);
	r = region(0, 0);
	EXPECT_EQ(r.kind, KHO_MAP_EXTENT);
	EXPECT_EQ(r.pages, 192);
	r = region(0, 1);
	EXPECT_EQ(r.kind, KHO_MAP_EXTENT);
	EXPECT_EQ(r.pages, 1);
	r = region(0, 2);
	EXPECT_EQ(r.kind, KHO_MAP_BITMAP);
	EXPECT_EQ(r.pages, 19);
	EXPECT_EQ(r.owner, 1);
	r = region(0, 3);
	EXPECT_EQ(r.kind, KHO_MAP_EXTENT);
	EXPECT_EQ(r.owner, 2);
	EXPECT_TRUE(round_trips());
	teardown();
}

/* Short runs further than 192 pages apart do not share a bitmap. */
static void bitmap_gap_limit(void)
{
	setup();
	add("a", MEM, PG(1));
	add("a", MEM + PG(1 + 192), PG(1));	/* gap of 192: gathered */
	add("a", MEM + PG(2 + 192 + 193), PG(1));	/* gap of 193: not */
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(out.lay.regions, 2);
	EXPECT_EQ(region(0, 0).kind, KHO_MAP_BITMAP);
	EXPECT_EQ(region(0, 0).pages, 194);
	EXPECT_EQ(region(0, 1).kind, KHO_MAP_EXTENT);
	EXPECT_EQ(check(NULL), 0);
	EXPECT_TRUE(round_trips());
	teardown();
}

static void bitmap_of_exactly_64_bits(void)
{
	struct kho_map_chunk h;
	u64 w[2];

	setup();
	add("a", MEM, PG(1));
	add("a", MEM + PG(63), PG(1));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(region(0, 0).kind, KHO_MAP_BITMAP);
	EXPECT_EQ(region(0, 0).pages, 64);
	memcpy(w, chunk(0) + region_off(0, 0) + REC, 8);
	EXPECT_EQ(w[0], 1ULL | 1ULL << 63);
	h = hdr(0);
	EXPECT_EQ(h.used, HDR + 3 * OWN + REC + 8);
	EXPECT_EQ(check(NULL), 0);
	EXPECT_TRUE(round_trips());
	teardown();

	/* 65 bits take two words, the second with bit 0 only. */
	setup();
	add("a", MEM, PG(1));
	add("a", MEM + PG(64), PG(1));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(region(0, 0).pages, 65);
	memcpy(w, chunk(0) + region_off(0, 0) + REC, 16);
	EXPECT_EQ(w[0], 1);
	EXPECT_EQ(w[1], 1);
	EXPECT_EQ(check(NULL), 0);
	EXPECT_TRUE(round_trips());
	teardown();
}

/* 161 extents fill a 4 KiB first chunk to the byte; the next one spills. */
static void region_at_chunk_end(void)
{
	struct kho_map_report rep;
	struct kho_mem cr[4];
	size_t n;
	u64 i;

	setup();
	for (i = 0; i < 162; i++)
		add("a", MEM + PG(1000 * i), PG(200));
	ASSERT_EQ(encode_at(4096, CHUNKS, 3 * 4096), 0);
	EXPECT_EQ(out.lay.chunks, 2);
	EXPECT_EQ(hdr(0).used, 4096);
	EXPECT_EQ(hdr(0).regions, 161);
	EXPECT_EQ(hdr(1).regions, 1);
	EXPECT_EQ(hdr(0).next, CHUNKS + 3 * 4096);
	EXPECT_EQ(hdr(1).next, 0);
	EXPECT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.chunks, 2);
	EXPECT_TRUE(round_trips());
	EXPECT_EQ(kho_map_chunk_ranges(blob, &mf.src, cr, 4, &n), 0);
	EXPECT_EQ(n, 2);
	EXPECT_EQ(cr[1].addr, CHUNKS + 3 * 4096);
	EXPECT_EQ(cr[1].len, 4096);
	EXPECT_EQ(kho_map_chunk_ranges(blob, &mf.src, cr, 1, &n), -ENOSPC);
	teardown();

	/* A bitmap stops where the chunk ends and goes on in the next. */
	setup();
	for (i = 0; i < 40000; i++)
		add("b", MEM + PG(2 * i), PG(1));
	ASSERT_EQ(encode(4096), 0);
	EXPECT_TRUE(out.lay.chunks > 2);
	for (i = 0; i < out.lay.chunks - 1; i++)
		EXPECT_TRUE(hdr(i).used > 4096 - REC - 8);
	EXPECT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.runs, 40000);
	EXPECT_TRUE(round_trips());
	teardown();
}

static void owners_change_mid_stretch(void)
{
	struct kho_map_report rep;
	u64 i;

	setup();
	for (i = 0; i < 8; i++)
		add(i < 4 ? "a" : "b", MEM + PG(2 * i), PG(1));
	/* Touching runs of different owners stay apart. */
	add("c", MEM + PG(16), PG(3));
	add("a", MEM + PG(19), PG(3));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(out.lay.regions, 4);
	EXPECT_EQ(region(0, 0).owner, 0);
	EXPECT_EQ(region(0, 1).owner, 1);
	EXPECT_EQ(region(0, 1).addr, MEM + PG(8));
	ASSERT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.runs, 10);
	EXPECT_TRUE(round_trips());
	teardown();
}

static void round_trip_random(void)
{
	struct kho_map_report rep;
	static const char *const owners[] = { "a", "b", "c" };
	u64 seed = 14, addr = MEM, i;

	setup();
	for (i = 0; i < 20000; i++) {
		u64 r = test_rand(&seed), len;

		addr += PG(r % 4 == 0 ? r % 300 : r % 3);
		len = PG(r % 16 == 1 ? 150 + (r >> 8) % 300 : 1 + (r >> 8) % 5);
		add(owners[(r >> 20) % 3], addr, len);
		addr += len;
	}
	/* Shuffle-free: the builder sorts anyway; add a few out of order. */
	add("a", MEM - PG(100), PG(2));
	add("b", MEM - PG(300), PG(200));
	ASSERT_EQ(encode(8192), 0);
	ASSERT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.pages, out.lay.pages);
	EXPECT_EQ(rep.runs, out.lay.runs);
	EXPECT_EQ(rep.regions, out.lay.regions);
	EXPECT_EQ(rep.chunks, out.lay.chunks);
	EXPECT_TRUE(round_trips());
	teardown();
}

static void cost_targets(void)
{
	struct kho_map_report rep;
	const u64 n = 1 << 20;
	double per_page, per_extent;
	u64 i;

	/* Every other page, 1M preserved pages. */
	setup();
	for (i = 0; i < n; i++)
		add("a", MEM + PG(2 * i), PG(1));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	ASSERT_EQ(check(&rep), 0);
	EXPECT_EQ(rep.pages, n);
	per_page = (double)out.lay.used / n;
	printf("    # every other page: %llu pages, %llu chunks, %llu bytes used: %.5f B per preserved page (%.5f with whole chunks)\n",
	       (unsigned long long)n, (unsigned long long)out.lay.chunks,
	       (unsigned long long)out.lay.used, per_page,
	       (double)out.lay.bytes / n);
	EXPECT_TRUE(per_page <= 0.2505);
	teardown();

	/* Contiguous runs: one extent each. */
	setup();
	for (i = 0; i < 100000; i++)
		add(i & 1 ? "a" : "b", MEM + PG(256 * i), PG(256));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	ASSERT_EQ(check(&rep), 0);
	EXPECT_EQ(out.lay.extents, 100000);
	per_extent = (double)out.lay.used / out.lay.extents;
	printf("    # contiguous: %llu extents, %.3f B per extent\n",
	       (unsigned long long)out.lay.extents, per_extent);
	EXPECT_TRUE(per_extent <= 32);
	teardown();
}

/* A valid map of a few 4 KiB chunks to break. */
static void setup_hostile(void)
{
	u64 i;

	setup();
	for (i = 0; i < 400; i++)
		add(i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c",
		    MEM + PG(1000 * i), PG(200));
	for (i = 0; i < 100; i++)
		add("b", MEM + PG(500000 + 2 * i), PG(1));
	if (encode_at(4096, CHUNKS, 2 * 4096) || out.lay.chunks < 3 ||
	    check(NULL))
		ktap_fail_at(__FILE__, __LINE__, "no valid map to break");
}

static int refused(void)
{
	struct kho_map_report rep;
	char line[512];

	if (!check(&rep))
		return KHO_MAP_OK;
	kho_map_describe(line, sizeof(line), blob, &rep);
	if (!strstr(line, kho_strerror(&kho_map_errors, rep.why.err)))
		ktap_fail_at(__FILE__, __LINE__, "describe: %s", line);
	return rep.why.err;
}

static void hostile_chain(void)
{
	struct kho_map_chunk h;

	/* A loop: the second chunk points back at the first. */
	setup_hostile();
	h = hdr(1);
	h.next = CHUNKS;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK_ADDR);
	teardown();

	/* next below the chunk itself. */
	setup_hostile();
	h = hdr(1);
	h.next = h.self - 4096;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK_ADDR);
	teardown();

	/* next into the middle of the chunk it follows. */
	setup_hostile();
	h = hdr(0);
	h.next = CHUNKS + 2048;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK_ADDR);
	teardown();

	/* Unaligned next, inside the gap. */
	setup_hostile();
	h = hdr(0);
	h.next = CHUNKS + 4096 + 8;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK_ADDR);
	teardown();

	/* A chain cut short, and one longer than mem-map says. */
	setup_hostile();
	h = hdr(1);
	h.next = 0;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_CHUNK_COUNT);
	teardown();
	setup_hostile();
	out.ref.chunks--;
	out.ref.bytes -= 4096;
	kho_blob_set_map(blob, &out.ref);
	EXPECT_EQ(refused(), KHO_MAP_CHUNK_COUNT);
	teardown();
	setup_hostile();
	out.ref.bytes += 4096;
	kho_blob_set_map(blob, &out.ref);
	EXPECT_EQ(refused(), KHO_MAP_CHUNK_COUNT);
	teardown();

	/* next where nothing can be read. */
	setup_hostile();
	h = hdr(0);
	h.next = CHUNKS + 4096;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_CHUNK_UNREADABLE);
	teardown();
}

static void hostile_headers(void)
{
	struct kho_map_chunk h;

	setup_hostile();
	h = hdr(1);
	h.magic ^= 1;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	setup_hostile();
	h = hdr(1);
	h.self += 4096;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	/* used past size. */
	setup_hostile();
	h = hdr(0);
	h.used = h.size + 8;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	/* size past the chunk the reader has. */
	setup_hostile();
	h = hdr(2);
	h.size = 8192;
	set_hdr(2, &h);
	EXPECT_EQ(refused(), KHO_MAP_CHUNK_UNREADABLE);
	teardown();

	/* Reserved field, owners outside the first chunk. */
	setup_hostile();
	h = hdr(1);
	h.reserved = 1;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();
	setup_hostile();
	h = hdr(1);
	h.owners = 1;
	set_hdr(1, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	/* A byte past used that is not zero. */
	setup_hostile();
	chunk(mf.n - 1)[4095] = 1;
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	/* mem-map itself. */
	setup_hostile();
	out.ref.addr = 0;
	kho_blob_set_map(blob, &out.ref);
	EXPECT_EQ(refused(), KHO_MAP_BAD_REF);
	teardown();

	/* Too many owners. */
	setup_hostile();
	h = hdr(0);
	h.owners = KHO_MAP_MAX_OWNERS + 1;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_TOO_MANY_OWNERS);
	teardown();
}

static void hostile_counts(void)
{
	struct kho_map_chunk h;
	struct kho_map_region r;
	size_t last;

	/* One region more than there are. */
	setup_hostile();
	h = hdr(0);
	h.regions++;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_REGION);
	teardown();

	/* Fewer regions than used says. */
	setup_hostile();
	h = hdr(0);
	h.regions--;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_CHUNK);
	teardown();

	/* The last chunk's bitmap claiming words past used. */
	setup_hostile();
	last = mf.n - 1;
	h = hdr(last);
	r = region(last, h.regions - 1);
	ASSERT_EQ(r.kind, KHO_MAP_BITMAP);
	r.pages += 64 * 64;
	set_region(last, h.regions - 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_REGION);
	teardown();

	/* Owner table past used. */
	setup_hostile();
	h = hdr(0);
	h.used = HDR + OWN;
	memset(chunk(0) + h.used, 0, 4096 - h.used);
	h.regions = 0;
	set_hdr(0, &h);
	EXPECT_EQ(refused(), KHO_MAP_BAD_REGION);
	teardown();

	/* Unknown kind, reserved field, owner outside the table. */
	setup_hostile();
	r = region(0, 1);
	r.kind = 3;
	set_region(0, 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_KIND);
	teardown();
	setup_hostile();
	r = region(0, 1);
	r.reserved = 1;
	set_region(0, 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_KIND);
	teardown();
	setup_hostile();
	r = region(1, 0);
	r.owner = 3;
	set_region(1, 0, &r);
	EXPECT_EQ(refused(), KHO_MAP_OWNER_RANGE);
	teardown();

	/* An empty extent, an unaligned one. */
	setup_hostile();
	r = region(0, 1);
	r.pages = 0;
	set_region(0, 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_RANGE);
	teardown();
	setup_hostile();
	r = region(0, 1);
	r.addr += 8;
	set_region(0, 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_RANGE);
	teardown();
}

static void hostile_overlap(void)
{
	struct kho_map_report rep;
	struct kho_map_region r, prev;
	char line[512];

	/* Same owner: region 3 (owner a) over region 0 (owner a). */
	setup_hostile();
	r = region(0, 3);
	ASSERT_EQ(r.owner, 0);
	r.addr = region(0, 0).addr + PG(100);
	set_region(0, 3, &r);
	EXPECT_EQ(refused(), KHO_MAP_OVERLAP);
	teardown();

	/* Different owners: region 1 (b) starts inside region 0 (a). */
	setup_hostile();
	prev = region(0, 0);
	r = region(0, 1);
	r.addr = prev.addr + PG(199);
	set_region(0, 1, &r);
	EXPECT_EQ(check(&rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_OVERLAP);
	EXPECT_EQ(rep.owner, 1);
	EXPECT_EQ(rep.other, 0);
	kho_map_describe(line, sizeof(line), blob, &rep);
	EXPECT_TRUE(strstr(line, "'b'") && strstr(line, "'a'"));
	teardown();

	/* Across chunks: the first region of chunk 1 below the last of 0. */
	setup_hostile();
	r = region(1, 0);
	r.addr = MEM;
	set_region(1, 0, &r);
	EXPECT_EQ(refused(), KHO_MAP_OVERLAP);
	teardown();
}

static void hostile_ranges(void)
{
	struct kho_map_report rep;
	struct kho_mem forbid[] = {
		{ .addr = 0x1000, .len = 0x1000 },
		{ .addr = MEM + PG(1000 * 7 + 10), .len = PG(1) },
	};
	struct kho_mem small_ram[] = {
		{ .addr = 0, .len = MEM + PG(1000 * 50) },
	};
	struct kho_mem chunk_forbid[] = {
		{ .addr = CHUNKS + 2 * 4096, .len = 4096 },
	};

	setup_hostile();
	EXPECT_EQ(kho_map_check(blob, &mf.src, ram, 1, forbid, 2, 0, &rep),
		  -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_BAD_RANGE);
	EXPECT_EQ(rep.why.cause, KHO_RANGE_FORBIDDEN);
	EXPECT_EQ(rep.why.addr, MEM + PG(7000));
	EXPECT_EQ(kho_map_check(blob, &mf.src, small_ram, 1, NULL, 0, 0, &rep),
		  -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_BAD_RANGE);
	EXPECT_EQ(rep.why.cause, KHO_RANGE_NOT_RAM);
	/* A chunk over a forbidden area cannot be read. */
	EXPECT_EQ(kho_map_check(blob, &mf.src, ram, 1, chunk_forbid, 1, 0, &rep),
		  -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_CHUNK_UNREADABLE);
	EXPECT_EQ(rep.why.index, 1);
	/* Runs: exactly as many as allowed passes, one fewer does not. */
	EXPECT_EQ(kho_map_check(blob, &mf.src, ram, 1, NULL, 0, 500, &rep), 0);
	EXPECT_EQ(rep.runs, 500);
	EXPECT_EQ(kho_map_check(blob, &mf.src, ram, 1, NULL, 0, 499, &rep),
		  -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_TOO_MANY_RUNS);
	teardown();

	/* A preserved run over a chunk of the map itself. */
	setup_hostile();
	unencode();
	ASSERT_EQ(encode_at(4096, MEM + PG(1000 * 150 + 20), 4096), 0);
	EXPECT_EQ(refused(), KHO_MAP_OVER_CHUNK);
	teardown();

	/* Pages total. */
	setup_hostile();
	out.ref.pages++;
	kho_blob_set_map(blob, &out.ref);
	EXPECT_EQ(refused(), KHO_MAP_PAGE_COUNT);
	teardown();
}

static void hostile_bitmaps(void)
{
	struct kho_map_chunk h;
	struct kho_map_region r;
	size_t last, off;
	u64 w;

	/* Last bit clear. */
	setup_hostile();
	last = mf.n - 1;
	h = hdr(last);
	r = region(last, h.regions - 1);
	ASSERT_EQ(r.kind, KHO_MAP_BITMAP);
	r.pages++;
	set_region(last, h.regions - 1, &r);
	EXPECT_EQ(refused(), KHO_MAP_BAD_BITMAP);
	teardown();

	/* A bit past the end. */
	setup_hostile();
	last = mf.n - 1;
	h = hdr(last);
	r = region(last, h.regions - 1);
	off = region_off(last, h.regions - 1) + REC + (r.pages - 1) / 64 * 8;
	memcpy(&w, chunk(last) + off, 8);
	w |= 1ULL << 63;
	memcpy(chunk(last) + off, &w, 8);
	EXPECT_EQ(refused(), KHO_MAP_BAD_BITMAP);
	teardown();

	/* First bit clear. */
	setup_hostile();
	last = mf.n - 1;
	h = hdr(last);
	off = region_off(last, h.regions - 1) + REC;
	memcpy(&w, chunk(last) + off, 8);
	w &= ~1ULL;
	memcpy(chunk(last) + off, &w, 8);
	EXPECT_EQ(refused(), KHO_MAP_BAD_BITMAP);
	teardown();
}

static void hostile_owners(void)
{
	struct kho_map_report rep;
	char line[512];

	/* An owner that is not a node of the blob. */
	setup();
	add("a", MEM, PG(1));
	add("ghost\n", MEM + PG(8), PG(1));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	EXPECT_EQ(check(&rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_BAD_OWNER);
	EXPECT_EQ(rep.why.index, 3);
	kho_map_describe(line, sizeof(line), blob, &rep);
	EXPECT_TRUE(strstr(line, "'ghost\\x0a'") != NULL);
	teardown();

	/* The same owner twice. */
	setup_hostile();
	memcpy(chunk(0) + HDR + OWN, "a", 2);
	EXPECT_EQ(refused(), KHO_MAP_BAD_OWNER);
	teardown();

	/* A name not padded with NULs, an empty one. */
	setup_hostile();
	chunk(0)[HDR + OWN + 10] = 'x';
	EXPECT_EQ(refused(), KHO_MAP_BAD_OWNER);
	teardown();
	setup_hostile();
	chunk(0)[HDR + 2 * OWN] = 0;
	EXPECT_EQ(refused(), KHO_MAP_BAD_OWNER);
	teardown();
}

/* The per-node view the node parsers read. */
static void attach_groups_by_node(void)
{
	struct kho_blob_mem *m = calloc(1, sizeof(*m));
	struct kho_mem *store = NULL;
	const struct kho_mem *mem;
	struct kho_map_report rep;
	size_t n;
	u64 i;

	ASSERT_TRUE(m != NULL);
	setup();
	/* a: a bitmap of short runs then an extent touching it. */
	for (i = 0; i < 4; i++)
		add("a", MEM + PG(2 * i), PG(1));
	add("a", MEM + PG(8), PG(1));
	add("c", MEM + PG(9), PG(300));
	add("a", MEM + PG(309), PG(400));
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	ASSERT_EQ(check(&rep), 0);
	store = calloc(rep.runs, sizeof(*store));
	ASSERT_TRUE(store != NULL);
	EXPECT_EQ(kho_blob_mem_attach(m, blob, &mf.src, store, rep.runs - 1),
		  -ENOSPC);
	ASSERT_EQ(kho_blob_mem_attach(m, blob, &mf.src, store, rep.runs), 0);
	EXPECT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "a"), &mem, &n), 0);
	ASSERT_EQ(n, 6);
	EXPECT_EQ(mem[4].addr, MEM + PG(8));
	EXPECT_EQ(mem[5].addr, MEM + PG(309));
	EXPECT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "b"), &mem, &n), 0);
	EXPECT_EQ(n, 0);
	EXPECT_TRUE(mem == NULL);
	EXPECT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "c"), &mem, &n), 0);
	ASSERT_EQ(n, 1);
	EXPECT_EQ(mem[0].len, PG(300));
	EXPECT_EQ(kho_blob_node_mem(blob, -1, &mem, &n), -EINVAL);
	kho_blob_mem_detach(m);
	EXPECT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "c"), &mem, &n), 0);
	EXPECT_EQ(n, 0);
	teardown();

	/* Two touching regions of one owner come back as one range. */
	setup();
	add("a", MEM, PG(1));
	add("a", MEM + PG(2), PG(1));
	add("a", MEM + PG(3), PG(1));	/* merged by prepare with the above */
	ASSERT_EQ(encode(KHO_MAPFILE_CHUNK), 0);
	ASSERT_EQ(check(&rep), 0);
	ASSERT_EQ(kho_blob_mem_attach(m, blob, &mf.src, store, 2), 0);
	EXPECT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "a"), &mem, &n), 0);
	EXPECT_EQ(n, 2);
	kho_blob_mem_detach(m);
	teardown();
	free(store);
	free(m);
}

/* kho_mapfile_index() reads a dump as the tools get it. */
static void load_dump(void)
{
	struct kho_mapfile dump;
	struct kho_map_report rep;
	u8 *copy;

	setup_hostile();
	copy = malloc(out.len);
	ASSERT_TRUE(copy != NULL);
	memcpy(copy, out.img, out.len);
	ASSERT_EQ(kho_mapfile_index(&dump, copy, out.len), 0);
	EXPECT_EQ(dump.n, mf.n);
	EXPECT_EQ(kho_map_check(blob, &dump.src, ram, 1, NULL, 0, 0, &rep), 0);
	kho_mapfile_free(&dump);
	/* A truncated dump: the last chunk cannot be read. */
	ASSERT_EQ(kho_mapfile_index(&dump, copy, out.len - 1), 0);
	EXPECT_EQ(kho_map_check(blob, &dump.src, ram, 1, NULL, 0, 0, &rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_MAP_CHUNK_UNREADABLE);
	kho_mapfile_free(&dump);
	free(copy);
	teardown();
}

/* Random bit flips in a valid map: refused or accepted, never a crash. */
static void survives_random_corruption(void)
{
	struct kho_map_report rep;
	struct kho_map_iter it;
	struct kho_map_run run;
	u8 *orig, *img;
	u64 seed = 5, runs;
	int i, f, refused = 0;

	setup_hostile();
	img = out.img;
	orig = malloc(out.len);
	ASSERT_TRUE(orig != NULL);
	memcpy(orig, out.img, out.len);
	for (i = 0; i < 3000; i++) {
		memcpy(out.img, orig, out.len);
		for (f = 1 + test_rand(&seed) % 4; f; f--)
			img[test_rand(&seed) % out.len] ^= 1 << (test_rand(&seed) % 8);
		if (check(&rep)) {
			refused++;
			continue;
		}
		/* An accepted map walks to exactly the runs it was counted with. */
		runs = 0;
		ASSERT_EQ(kho_map_iter_init(&it, blob, &mf.src), 0);
		while (kho_map_next_run(&it, &run))
			runs++;
		EXPECT_EQ(runs, rep.runs);
	}
	printf("    # %d of 3000 corrupted maps refused\n", refused);
	EXPECT_TRUE(refused > 2000);
	free(orig);
	teardown();
}

KTAP_SUITE(map,
	   KTAP_CASE(empty_map),
	   KTAP_CASE(builder_refuses_bad_ranges),
	   KTAP_CASE(prepare_refuses_overlap_naming_both),
	   KTAP_CASE(prepare_merges_touching_of_one_owner),
	   KTAP_CASE(every_region_kind),
	   KTAP_CASE(bitmap_gap_limit),
	   KTAP_CASE(bitmap_of_exactly_64_bits),
	   KTAP_CASE(region_at_chunk_end),
	   KTAP_CASE(owners_change_mid_stretch),
	   KTAP_CASE(round_trip_random),
	   KTAP_CASE(cost_targets),
	   KTAP_CASE(hostile_chain),
	   KTAP_CASE(hostile_headers),
	   KTAP_CASE(hostile_counts),
	   KTAP_CASE(hostile_overlap),
	   KTAP_CASE(hostile_ranges),
	   KTAP_CASE(hostile_bitmaps),
	   KTAP_CASE(hostile_owners),
	   KTAP_CASE(attach_groups_by_node),
	   KTAP_CASE(load_dump),
	   KTAP_CASE(survives_random_corruption));
