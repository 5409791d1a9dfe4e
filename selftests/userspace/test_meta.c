// SPDX-License-Identifier: GPL-2.0
/* Unit tests for kernel/kho/meta_node.c: the handover-metadata node. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/kho/blob.h>
#include <linux/kho/meta.h>
#include <linux/kho/nodes.h>

#include "harness_map.h"
#include "ktap.h"

#define BLOB_SIZE	8192
/* The history page the tests preserve: 32 MiB, clear of the map's chunks. */
#define HIST		0x2000000ULL
#define PAGE		KHO_META_HISTORY_SIZE
/* A property left out of a hand-made node. */
#define MISSING		INT_MIN

static char blob[BLOB_SIZE];
static struct kho_meta_record recs[KHO_META_HISTORY_MAX];

static struct kho_meta good(void)
{
	struct kho_meta m = {
		.release = "6.12.117-kho-b",
		.build_id_len = KHO_META_BUILD_ID_MAX,
		.generation = 3,
		.handover_time_ns = 1764680000123456789ULL,
		.uptime_ns = 42000000000ULL,
		.history = HIST,
		.history_count = 2,
	};
	unsigned int i;

	for (i = 0; i < m.build_id_len; i++)
		m.build_id[i] = 0xa0 + i;
	return m;
}

/* The records of good(): the writer of generation 2 and its predecessor. */
static void good_recs(void)
{
	memset(recs, 0, sizeof(recs));
	recs[0] = (struct kho_meta_record){ .generation = 1,
		.handover_time_ns = 100, .uptime_ns = 10, .release = "6.12.117-kho-b" };
	recs[1] = (struct kho_meta_record){ .generation = 2,
		.handover_time_ns = 200, .uptime_ns = 20, .release = "6.12.117" };
}

/* Finish a blob whose meta node was written, with its map attached. */
static int finish(void)
{
	int err = kho_blob_finish(blob);

	return err ?: harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL);
}

static int meta_node(void)
{
	return fdt_subnode_offset(blob, 0, KHO_META_NAME);
}

/* A blob holding the node kho_meta_write() writes for @m. */
static int write_blob(const struct kho_meta *m)
{
	int err;

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	err = kho_meta_write(blob, m);
	return err ?: finish();
}

/*
 * A blob holding a hand-made node: good()'s properties, except that
 * @which is MISSING or @delta bytes longer (zero-filled) or shorter, and
 * preserving @mem_len bytes at @mem.
 */
static int hand_blob(const char *which, int delta, const struct kho_meta *m,
		     u64 mem, u64 mem_len)
{
	const struct {
		const char *name;
		const void *val;
		int len;
	} props[] = {
		{ KHO_META_RELEASE_PROP, m->release, (int)strlen(m->release) + 1 },
		{ KHO_META_BUILD_ID_PROP, m->build_id, (int)m->build_id_len },
		{ KHO_META_GENERATION_PROP, &m->generation, 8 },
		{ KHO_META_TIME_PROP, &m->handover_time_ns, 8 },
		{ KHO_META_UPTIME_PROP, &m->uptime_ns, 8 },
		{ KHO_META_HISTORY_PROP, &m->history, 8 },
		{ KHO_META_COUNT_PROP, &m->history_count, 4 },
	};
	struct kho_mem page = { mem, mem_len };
	unsigned int i;
	int err;

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	err = kho_node_begin(blob, KHO_META_NAME, KHO_META_COMPATIBLE);
	err = err ?: kho_node_add_mem(blob, &page, 1);
	for (i = 0; !err && i < ARRAY_SIZE(props); i++) {
		u8 val[128] = { 0 };
		int len = props[i].len;

		if (which && !strcmp(which, props[i].name)) {
			if (delta == MISSING)
				continue;
			len += delta;
		}
		memcpy(val, props[i].val, props[i].len);
		err = kho_node_prop(blob, props[i].name, val, len);
	}
	err = err ?: kho_node_end(blob);
	return err ?: finish();
}

static int parse(struct kho_meta *out, struct kho_report *rep)
{
	return kho_meta_parse(blob, meta_node(), out, rep);
}

/* The code kho_meta_parse() stops on for a hand-made node. */
static int hand_err(const char *which, int delta, const struct kho_meta *m)
{
	struct kho_report rep;
	struct kho_meta out;

	if (hand_blob(which, delta, m, HIST, PAGE))
		return -1;
	if (!parse(&out, &rep))
		return KHO_META_OK;
	return rep.err;
}

static void round_trip_decodes_every_field(void)
{
	struct kho_meta m = good(), out;
	struct kho_report rep;

	ASSERT_EQ(write_blob(&m), 0);
	ASSERT_EQ(parse(&out, &rep), 0);
	EXPECT_EQ(rep.err, KHO_META_OK);
	EXPECT_EQ(memcmp(&m, &out, sizeof(m)), 0);
	EXPECT_EQ(strcmp(out.release, "6.12.117-kho-b"), 0);
	EXPECT_EQ(out.build_id_len, 20);
	EXPECT_EQ(out.generation, 3);
	EXPECT_EQ(out.history, HIST);

	good_recs();
	EXPECT_EQ(kho_meta_parse_history(&out, recs, &rep), 0);
	/* The largest history, and the longest release, pass too. */
	memset(m.release, 'r', sizeof(m.release) - 1);
	m.history_count = KHO_META_HISTORY_MAX;
	m.build_id_len = 1;
	ASSERT_EQ(write_blob(&m), 0);
	ASSERT_EQ(parse(&out, &rep), 0);
	EXPECT_EQ(strlen(out.release), KHO_META_RELEASE_LEN - 1);
	EXPECT_EQ(out.build_id_len, 1);
	EXPECT_EQ(out.history_count, KHO_META_HISTORY_MAX);
}

static void struct_sizes(void)
{
	EXPECT_EQ(sizeof(struct kho_meta_record), 96);
	EXPECT_EQ(KHO_META_HISTORY_MAX, 42);
	EXPECT_EQ(offsetof(struct kho_meta_record, release), 24);
	EXPECT_EQ(offsetof(struct kho_meta_record, reserved), 89);
}

static void refuses_each_missing_short_or_long_property(void)
{
	static const struct {
		const char *prop;
		int missing, shorter, longer;
	} cases[] = {
		/* Without its NUL, or with a second one, a release is no string. */
		{ KHO_META_RELEASE_PROP, KHO_META_BAD_RELEASE_LEN,
		  KHO_META_BAD_RELEASE, KHO_META_BAD_RELEASE },
		/* 19 bytes is a valid build id (1 to 20), 21 is not. */
		{ KHO_META_BUILD_ID_PROP, KHO_META_BAD_BUILD_ID, KHO_META_OK,
		  KHO_META_BAD_BUILD_ID },
		{ KHO_META_GENERATION_PROP, KHO_META_BAD_GENERATION_LEN,
		  KHO_META_BAD_GENERATION_LEN, KHO_META_BAD_GENERATION_LEN },
		{ KHO_META_TIME_PROP, KHO_META_BAD_TIME_LEN,
		  KHO_META_BAD_TIME_LEN, KHO_META_BAD_TIME_LEN },
		{ KHO_META_UPTIME_PROP, KHO_META_BAD_UPTIME_LEN,
		  KHO_META_BAD_UPTIME_LEN, KHO_META_BAD_UPTIME_LEN },
		{ KHO_META_HISTORY_PROP, KHO_META_BAD_HISTORY_LEN,
		  KHO_META_BAD_HISTORY_LEN, KHO_META_BAD_HISTORY_LEN },
		{ KHO_META_COUNT_PROP, KHO_META_BAD_COUNT_LEN,
		  KHO_META_BAD_COUNT_LEN, KHO_META_BAD_COUNT_LEN },
	};
	struct kho_meta m = good();
	unsigned int i;

	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_OK);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (!EXPECT_EQ(hand_err(cases[i].prop, MISSING, &m), cases[i].missing) ||
		    !EXPECT_EQ(hand_err(cases[i].prop, -1, &m), cases[i].shorter) ||
		    !EXPECT_EQ(hand_err(cases[i].prop, 1, &m), cases[i].longer))
			printf("# property %s\n", cases[i].prop);
	}
}

static void refuses_bad_release_and_build_id(void)
{
	struct kho_meta m = good();

	/* Empty: just the NUL. */
	m.release[0] = '\0';
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_BAD_RELEASE_LEN);
	/* 65 bytes with the NUL pass, 66 do not. */
	memset(m.release, 'r', sizeof(m.release) - 1);
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_OK);
	EXPECT_EQ(hand_err(KHO_META_RELEASE_PROP, 1, &m), KHO_META_BAD_RELEASE_LEN);
	/* Nothing that could forge a sysfs or log line. */
	m = good();
	m.release[3] = '\n';
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_BAD_RELEASE);
	m.release[3] = ' ';
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_BAD_RELEASE);
	m.release[3] = (char)0xc3;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_BAD_RELEASE);

	m = good();
	m.build_id_len = 0;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_BAD_BUILD_ID);
	m.build_id_len = 20;
	EXPECT_EQ(hand_err(KHO_META_BUILD_ID_PROP, 1, &m), KHO_META_BAD_BUILD_ID);
	m.build_id_len = 1;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_OK);
}

static void refuses_bad_values(void)
{
	struct kho_meta m = good(), out;
	struct kho_report rep;

	m.generation = 0;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_GENERATION_ZERO);
	/*
	 * The largest u64 has no successor: a kernel reading it could write
	 * no node of its own (generation + 1 is 0), and every dump would fail.
	 */
	m.generation = ~0ULL;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_GENERATION_LAST);
	m.generation = ~0ULL - 1;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_OK);

	/* The history page outside the node's memory, either side. */
	m = good();
	m.history = HIST + PAGE;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_HISTORY_OUTSIDE);
	m.history = HIST - PAGE;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_HISTORY_OUTSIDE);
	m.history = 0;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_HISTORY_OUTSIDE);
	/* Inside it, but not page aligned. */
	m.history = HIST + 8;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_HISTORY_ALIGN);
	/* Inside a larger preserved range, but not where it starts: fine. */
	m = good();
	ASSERT_EQ(hand_blob(NULL, 0, &m, HIST - PAGE, 3 * PAGE), 0);
	EXPECT_EQ(parse(&out, &rep), 0);
	ASSERT_EQ(hand_blob(NULL, 0, &m, HIST - PAGE, 2 * PAGE), 0);
	EXPECT_EQ(parse(&out, &rep), 0);
	ASSERT_EQ(hand_blob(NULL, 0, &m, HIST - PAGE, PAGE), 0);
	EXPECT_EQ(parse(&out, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_META_HISTORY_OUTSIDE);

	m = good();
	m.history_count = KHO_META_HISTORY_MAX + 1;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_TOO_MANY_RECORDS);
	m.history_count = 0xffffffff;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_TOO_MANY_RECORDS);
	m.history_count = KHO_META_HISTORY_MAX;
	EXPECT_EQ(hand_err(NULL, 0, &m), KHO_META_OK);

	/* A node preserving no memory at all has no history page. */
	m = good();
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	ASSERT_EQ(kho_node_begin(blob, KHO_META_NAME, KHO_META_COMPATIBLE), 0);
	kho_node_prop(blob, KHO_META_RELEASE_PROP, m.release, strlen(m.release) + 1);
	kho_node_prop(blob, KHO_META_BUILD_ID_PROP, m.build_id, m.build_id_len);
	kho_node_prop(blob, KHO_META_GENERATION_PROP, &m.generation, 8);
	kho_node_prop(blob, KHO_META_TIME_PROP, &m.handover_time_ns, 8);
	kho_node_prop(blob, KHO_META_UPTIME_PROP, &m.uptime_ns, 8);
	kho_node_prop(blob, KHO_META_HISTORY_PROP, &m.history, 8);
	kho_node_prop(blob, KHO_META_COUNT_PROP, &m.history_count, 4);
	kho_node_end(blob);
	ASSERT_EQ(finish(), 0);
	EXPECT_EQ(parse(&out, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_META_HISTORY_OUTSIDE);
}

static int history_err(const struct kho_meta *m)
{
	struct kho_report rep;

	if (!kho_meta_parse_history(m, recs, &rep))
		return KHO_META_OK;
	return rep.err;
}

static void refuses_bad_records(void)
{
	struct kho_meta m = good();
	struct kho_report rep;

	good_recs();
	EXPECT_EQ(history_err(&m), KHO_META_OK);
	/* Only the first history-count records count. */
	recs[2].reserved[0] = 1;
	EXPECT_EQ(history_err(&m), KHO_META_OK);
	m.history_count = 0;
	recs[0].generation = 99;
	EXPECT_EQ(history_err(&m), KHO_META_OK);

	m = good();
	good_recs();
	memset(recs[1].release, 'x', sizeof(recs[1].release));
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_RELEASE);
	EXPECT_EQ(kho_meta_parse_history(&m, recs, &rep), -EINVAL);
	EXPECT_EQ(rep.index, 1);
	good_recs();
	recs[0].release[0] = '\0';
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_RELEASE);
	good_recs();
	recs[0].release[1] = '\n';
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_RELEASE);

	good_recs();
	recs[1].reserved[6] = 0x80;
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_RESERVED);

	good_recs();
	recs[1].generation = recs[0].generation;
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_ORDER);
	recs[1].generation = recs[0].generation - 1;
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_ORDER);

	good_recs();
	recs[1].generation = m.generation;
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_GENERATION);
	m.history_count = 1;
	recs[0].generation = m.generation + 1;
	EXPECT_EQ(history_err(&m), KHO_META_RECORD_GENERATION);
}

static void append_drops_the_oldest_when_full(void)
{
	struct kho_meta_record r = { .release = "x" };
	u32 n = 0, i;

	memset(recs, 0, sizeof(recs));
	for (i = 0; i < KHO_META_HISTORY_MAX + 5; i++) {
		r.generation = i;
		n = kho_meta_history_append(recs, n, &r);
	}
	EXPECT_EQ(n, KHO_META_HISTORY_MAX);
	EXPECT_EQ(recs[0].generation, 5);
	EXPECT_EQ(recs[KHO_META_HISTORY_MAX - 1].generation, KHO_META_HISTORY_MAX + 4);
	for (i = 1; i < n; i++)
		EXPECT_EQ(recs[i].generation, recs[i - 1].generation + 1);
}

static void node_check_claims_the_history_page(void)
{
	struct kho_claim buf[8];
	struct kho_claims cl = { .c = buf, .cap = ARRAY_SIZE(buf) };
	struct kho_meta m = good(), st;
	char why[160];

	ASSERT_EQ(write_blob(&m), 0);
	ASSERT_TRUE(kho_node_type_find(blob, meta_node()) != NULL);
	EXPECT_EQ(kho_meta_node_check(blob, meta_node(), &st, &cl, why, sizeof(why)), 0);
	ASSERT_EQ(cl.n, 1);
	EXPECT_EQ(cl.c[0].addr, HIST);
	EXPECT_EQ(cl.c[0].len, PAGE);
	EXPECT_EQ(cl.c[0].kind, KHO_CLAIM_TABLE);
	/* Through the table: the node's mem and its history page. */
	cl.n = 0;
	EXPECT_EQ(kho_node_check(blob, meta_node(), &st, &cl, why, sizeof(why)), 0);
	EXPECT_EQ(cl.n, 2);

	/* Refused: the property and the reason (the caller names the node). */
	m.generation = 0;
	ASSERT_EQ(hand_blob(NULL, 0, &m, HIST, PAGE), 0);
	cl.n = 0;
	EXPECT_EQ(kho_meta_node_check(blob, meta_node(), &st, &cl, why, sizeof(why)), -EINVAL);
	EXPECT_EQ(cl.n, 0);
	EXPECT_EQ(strcmp(why, "generation is 0"), 0);
	m = good();
	ASSERT_EQ(hand_blob(KHO_META_UPTIME_PROP, -1, &m, HIST, PAGE), 0);
	kho_meta_node_check(blob, meta_node(), &st, &cl, why, sizeof(why));
	EXPECT_EQ(strcmp(why, "property 'uptime-ns': uptime-ns missing or not a u64"), 0);
}

static void writer_refuses_what_the_reader_would(void)
{
	struct kho_meta m = good();
	static char small[200];

	m.generation = 0;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m = good();
	m.build_id_len = 0;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m.build_id_len = 21;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m = good();
	m.release[0] = '\0';
	EXPECT_EQ(write_blob(&m), -EINVAL);
	memset(m.release, 'r', sizeof(m.release));
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m = good();
	m.history = HIST + 1;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m = good();
	m.history_count = KHO_META_HISTORY_MAX + 1;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	m = good();
	m.generation = ~0ULL;
	EXPECT_EQ(write_blob(&m), -EINVAL);
	/* A full blob is -ENOSPC, never a libfdt code. */
	m = good();
	ASSERT_EQ(kho_blob_begin(small, sizeof(small), &hb), 0);
	EXPECT_EQ(kho_meta_write(small, &m), -ENOSPC);
}

static void every_code_has_its_own_text(void)
{
	int e, f;

	for (e = KHO_META_OK; e <= KHO_META_GENERATION_LAST; e++) {
		EXPECT_TRUE(strcmp(kho_strerror(&kho_meta_errors, e), "unknown error"));
		for (f = KHO_META_OK; f < e; f++)
			EXPECT_TRUE(strcmp(kho_strerror(&kho_meta_errors, e),
					   kho_strerror(&kho_meta_errors, f)));
	}
	EXPECT_FALSE(strcmp(kho_strerror(&kho_meta_errors, e), "unknown error"));
}

KTAP_SUITE(meta_node,
	   KTAP_CASE(struct_sizes),
	   KTAP_CASE(round_trip_decodes_every_field),
	   KTAP_CASE(refuses_each_missing_short_or_long_property),
	   KTAP_CASE(refuses_bad_release_and_build_id),
	   KTAP_CASE(refuses_bad_values),
	   KTAP_CASE(refuses_bad_records),
	   KTAP_CASE(append_drops_the_oldest_when_full),
	   KTAP_CASE(node_check_claims_the_history_page),
	   KTAP_CASE(writer_refuses_what_the_reader_would),
	   KTAP_CASE(every_code_has_its_own_text));
