// SPDX-License-Identifier: GPL-2.0
/* Unit tests for kernel/kho/blob.c: building and checking the blob. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <asm/page.h>

#include "harness_map.h"
#include "ktap.h"
#include "rand.h"

#define PG(n) ((u64)(n) * PAGE_SIZE)
#define R(a, l) { .addr = PG(a), .len = PG(l) }
#define BLOB_SIZE 65536

static char blob[BLOB_SIZE];

static const struct kho_mem ram[] = { R(16, 4080) };		/* [16,4096) */
static const struct kho_mem kernel_image[] = { R(256, 256) };	/* [256,512) */

/*
 * The incoming checks: blob, then its map (harness_map.h) with RAM and the
 * kernel image forbidden. A map refusal leaves rep->why.err at
 * KHO_BLOB_OK and says why in harness_map_rep.
 */
static int check(void *fdt, struct kho_blob_report *rep)
{
	return harness_blob_check(fdt, BLOB_SIZE, ram, ARRAY_SIZE(ram),
				  kernel_image, ARRAY_SIZE(kernel_image), rep);
}

/* A subsystem node with optional ranges, through the helpers under test. */
static int add_node(const char *name, const char *compat,
		    const struct kho_mem *mem, size_t n)
{
	int err = kho_node_begin(blob, name, compat);

	if (!err && mem)
		err = kho_node_add_mem(blob, mem, n);
	if (!err)
		err = kho_node_end(blob);
	return err;
}

static const struct kho_mem iommu_mem[] = { R(16, 4), R(24, 1), R(600, 100) };
static const struct kho_mem test_mem[] = { R(20, 4), R(100, 50), R(2000, 1) };

static void build_good_blob(void)
{
	if (kho_blob_begin(blob, BLOB_SIZE, &hb) ||
	    add_node("iommu", "intel-vtd-v1", iommu_mem, ARRAY_SIZE(iommu_mem)) ||
	    add_node("pci", "pci-v2", NULL, 0) ||
	    add_node("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem)) ||
	    kho_blob_finish(blob))
		ktap_fail_at(__FILE__, __LINE__, "could not build the good blob");
}

static void builds_a_blob_that_checks_valid(void)
{
	struct kho_blob_report rep;
	char line[160];
	int node;

	build_good_blob();
	ASSERT_EQ(check(blob, &rep), 0);
	EXPECT_EQ(rep.why.err, KHO_BLOB_OK);
	EXPECT_EQ(rep.nodes, 3);
	EXPECT_EQ(rep.map.chunks, 1);
	EXPECT_EQ(rep.map.pages, 4 + 1 + 100 + 4 + 50 + 1);
	EXPECT_EQ(harness_map_rep.runs, 6);
	EXPECT_EQ(harness_map_rep.pages, 160);
	kho_blob_describe(line, sizeof(line), blob, &rep);
	EXPECT_TRUE(strstr(line, "3 nodes, map of 1 chunks, 160 pages") != NULL);
	kho_map_describe(line, sizeof(line), blob, &harness_map_rep);
	EXPECT_TRUE(strstr(line, "map valid: 1 chunks, 6 regions, 6 runs, 160 pages") != NULL);

	node = fdt_subnode_offset(blob, 0, "kho-test");
	ASSERT_TRUE(node > 0);
	EXPECT_EQ(fdt_node_check_compatible(blob, node, "kho-test-v1"), 0);
}

/* Each node's ranges, grouped from the map once it is checked. */
static void node_mem_reads_ranges_in_place(void)
{
	const struct kho_mem *mem;
	size_t n;

	build_good_blob();
	/* No map attached yet: no ranges. */
	ASSERT_EQ(kho_blob_node_mem(blob, fdt_subnode_offset(blob, 0, "kho-test"),
				    &mem, &n), 0);
	EXPECT_EQ(n, 0);
	ASSERT_EQ(check(blob, NULL), 0);
	ASSERT_EQ(kho_blob_node_mem(blob, fdt_subnode_offset(blob, 0, "kho-test"),
				    &mem, &n), 0);
	ASSERT_EQ(n, 3);
	EXPECT_EQ(mem[1].addr, PG(100));
	EXPECT_EQ(mem[1].len, PG(50));
	ASSERT_EQ(kho_blob_node_mem(blob, fdt_subnode_offset(blob, 0, "pci"),
				    &mem, &n), 0);
	EXPECT_EQ(n, 0);
	EXPECT_TRUE(mem == NULL);
}

static void compatible_format(void)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "kho-test-v1", true }, { "intel-vtd-v12", true },
		{ "a-v1", true }, { "vfio,pci-v3", true }, { "x-vy-v2", true },
		{ "kho-test", false }, { "kho-test-v", false },
		{ "kho-test-v0", false }, { "kho-test-v01", false },
		{ "-v1", false }, { "Kho-v1", false }, { "kho v1", false },
		{ "kho-v1x", false }, { "kho-v1234567890", false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		if (kho_compatible_valid(cases[i].s, strlen(cases[i].s) + 1) !=
		    cases[i].ok)
			ktap_fail_at(__FILE__, __LINE__, "\"%s\" should be %s",
				     cases[i].s, cases[i].ok ? "valid" : "invalid");
	/* Not terminated, two strings, or no string at all. */
	EXPECT_FALSE(kho_compatible_valid("kho-v1", 6));
	EXPECT_FALSE(kho_compatible_valid("a-v1\0b-v1", 10));
	EXPECT_FALSE(kho_compatible_valid(NULL, 0));
}

static void rejects_headers_and_truncation(void)
{
	struct kho_blob_report rep;
	char junk[256] = "this is not a device tree";

	build_good_blob();
	EXPECT_EQ(kho_blob_check(blob, fdt_totalsize(blob) - 1, &rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_BLOB_TRUNCATED);
	EXPECT_EQ(kho_blob_check(blob, 20, &rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_BLOB_TRUNCATED);
	EXPECT_EQ(kho_blob_check(junk, sizeof(junk), &rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_BLOB_BAD_HEADER);
	/* The exact size is enough. */
	EXPECT_EQ(kho_blob_check(blob, fdt_totalsize(blob), &rep), 0);
}

/* Hand-made blobs for what the helpers refuse to produce. */
/* The current root gets an empty mem-map, as kho_blob_begin() writes. */
static void *raw_begin(const char *root_compat)
{
	static const struct kho_map_ref empty;

	kho_map_builder_reset(&hb);
	fdt_create(blob, BLOB_SIZE);
	fdt_finish_reservemap(blob);
	fdt_begin_node(blob, "");
	if (root_compat)
		fdt_property_string(blob, "compatible", root_compat);
	if (root_compat && !strcmp(root_compat, KHO_ROOT_COMPATIBLE))
		fdt_property(blob, KHO_MAP_PROP, &empty, sizeof(empty));
	return blob;
}

static void *raw_finish(void)
{
	fdt_end_node(blob);
	fdt_finish(blob);
	return blob;
}

static enum kho_blob_err check_err(void)
{
	struct kho_blob_report rep;

	EXPECT_EQ(check(blob, &rep), rep.why.err == KHO_BLOB_OK ? 0 : -EINVAL);
	return rep.why.err;
}

static void rejects_bad_root(void)
{
	raw_begin("kho-v2");
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_ROOT);
	raw_begin(NULL);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_ROOT);
	/* The earlier layout, a mem array per node: refused as a whole. */
	raw_begin("kho-v1");
	fdt_begin_node(blob, "x");
	fdt_property_string(blob, "compatible", "x-v1");
	fdt_property(blob, "mem", test_mem, sizeof(test_mem));
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_ROOT);
}

static void rejects_bad_node_compatible(void)
{
	raw_begin(KHO_ROOT_COMPATIBLE);
	fdt_begin_node(blob, "x");
	fdt_property_string(blob, "compatible", "x");
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_COMPATIBLE);

	raw_begin(KHO_ROOT_COMPATIBLE);
	fdt_begin_node(blob, "x");
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_COMPATIBLE);

	/* The builder refuses it up front. */
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	EXPECT_EQ(kho_node_begin(blob, "x", "x-v0"), -EINVAL);
}

static void rejects_map_in_the_wrong_place_or_length(void)
{
	static const struct kho_map_ref ref;

	/* mem-map on a subsystem node, and deeper. */
	raw_begin(KHO_ROOT_COMPATIBLE);
	fdt_begin_node(blob, "x");
	fdt_property_string(blob, "compatible", "x-v1");
	fdt_property(blob, KHO_MAP_PROP, &ref, sizeof(ref));
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_MAP_NOT_ALLOWED);

	raw_begin(KHO_ROOT_COMPATIBLE);
	fdt_begin_node(blob, "x");
	fdt_property_string(blob, "compatible", "x-v1");
	fdt_begin_node(blob, "child");
	fdt_property(blob, KHO_MAP_PROP, &ref, sizeof(ref));
	fdt_end_node(blob);
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_MAP_NOT_ALLOWED);

	/* Missing on the root, or not one struct kho_map_ref. */
	raw_begin(NULL);
	fdt_property_string(blob, "compatible", KHO_ROOT_COMPATIBLE);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_MAP_LEN);
	raw_begin(NULL);
	fdt_property_string(blob, "compatible", KHO_ROOT_COMPATIBLE);
	fdt_property(blob, KHO_MAP_PROP, &ref, sizeof(ref) - 8);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_BAD_MAP_LEN);

	/* A node's own "mem" is now just a property its parser may refuse. */
	raw_begin(KHO_ROOT_COMPATIBLE);
	fdt_begin_node(blob, "x");
	fdt_property_string(blob, "compatible", "x-v1");
	fdt_property(blob, "mem", test_mem, sizeof(test_mem) - 8);
	fdt_end_node(blob);
	raw_finish();
	EXPECT_EQ(check_err(), KHO_BLOB_OK);
}

static void reports_bad_ranges_with_owner_and_chunk(void)
{
	struct kho_mem over_kernel[] = { R(20, 1), R(300, 1) };
	struct kho_blob_report rep;
	char line[200];

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	add_node("victim", "victim-v1", over_kernel, ARRAY_SIZE(over_kernel));
	kho_blob_finish(blob);
	ASSERT_EQ(check(blob, &rep), -EINVAL);
	EXPECT_EQ(rep.why.err, KHO_BLOB_OK);
	EXPECT_EQ(harness_map_rep.why.err, KHO_MAP_BAD_RANGE);
	EXPECT_EQ(harness_map_rep.why.cause, KHO_RANGE_FORBIDDEN);
	EXPECT_EQ(harness_map_rep.why.index, 0);
	EXPECT_EQ(harness_map_rep.owner, 0);
	kho_map_describe(line, sizeof(line), blob, &harness_map_rep);
	EXPECT_FALSE(strcmp(line, "map: chunk 0, owner 0 'victim', [0x12c000-0x12d000) bad preserved range (overlaps a forbidden region)"));
}

static void rejects_nodes_sharing_memory(void)
{
	struct kho_mem a[] = { R(20, 10), R(40, 10) };
	struct kho_mem b[] = { R(30, 10), R(49, 1) };	/* second overlaps a[1] */
	struct kho_mem c[] = { R(30, 10), R(50, 1) };	/* only touching */
	struct kho_blob_report rep;
	char line[200];

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	add_node("a", "a-v1", a, 2);
	add_node("b", "b-v1", b, 2);
	kho_blob_finish(blob);
	ASSERT_EQ(check(blob, &rep), -EINVAL);
	EXPECT_EQ(harness_map_rep.why.err, KHO_MAP_OVERLAP);
	EXPECT_EQ(harness_map_rep.owner, 1);
	EXPECT_EQ(harness_map_rep.other, 0);
	kho_map_describe(line, sizeof(line), blob, &harness_map_rep);
	EXPECT_FALSE(strcmp(line, "map: owner 1 'b', other owner 0 'a', [0x31000-0x32000) regions out of order or overlapping (two owners of one page)"));

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	add_node("a", "a-v1", a, 2);
	add_node("c", "c-v1", c, 2);
	kho_blob_finish(blob);
	EXPECT_EQ(check(blob, &rep), 0);
}

/* Model check of the cross-node overlap test against all pairs. */
static void nodes_overlap_matches_pairwise_model(void)
{
	static struct kho_mem lists[8][16];
	struct kho_blob_report rep;
	u64 seed = 11;
	int round, overlapping = 0;

	for (round = 0; round < 3000; round++) {
		size_t k = 1 + test_rand(&seed) % 8, n[8], i, j, a, b;
		bool model = false;
		char name[8];

		for (i = 0; i < k; i++) {
			u64 p = 16 + test_rand(&seed) % 64;

			n[i] = test_rand(&seed) % 16;
			for (j = 0; j < n[i]; j++) {
				lists[i][j].addr = PG(p);
				lists[i][j].len = PG(1 + test_rand(&seed) % 4);
				p += lists[i][j].len / PAGE_SIZE + test_rand(&seed) % 40;
			}
		}
		for (i = 0; i < k; i++)
			for (j = i + 1; j < k; j++)
				for (a = 0; a < n[i]; a++)
					for (b = 0; b < n[j]; b++)
						model |= kho_ranges_overlap(&lists[i][a],
									    &lists[j][b]);
		kho_blob_begin(blob, BLOB_SIZE, &hb);
		for (i = 0; i < k; i++) {
			snprintf(name, sizeof(name), "n%zu", i);
			ASSERT_EQ(add_node(name, "n-v1", lists[i], n[i]), 0);
		}
		ASSERT_EQ(kho_blob_finish(blob), 0);
		if (!EXPECT_EQ(harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, &rep),
			       model ? -EINVAL : 0))
			return;
		if (model && !EXPECT_EQ(harness_map_rep.why.err, KHO_MAP_OVERLAP))
			return;
		overlapping += model;
	}
	/* Both outcomes must be common for the comparison to mean much. */
	EXPECT_TRUE(overlapping > 300);
	EXPECT_TRUE(overlapping < 2700);
}

/* Every child of the root may own memory: 128, not 32 as with mem. */
static void every_node_may_own_memory(void)
{
	const struct kho_mem *mem;
	char name[16];
	size_t n;
	int i;

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	for (i = 0; i < KHO_MAP_MAX_OWNERS; i++) {
		struct kho_mem m = R(20 + i, 1);

		snprintf(name, sizeof(name), "n%d", i);
		ASSERT_EQ(add_node(name, "n-v1", &m, 1), 0);
	}
	ASSERT_EQ(kho_blob_finish(blob), 0);
	EXPECT_EQ(check_err(), KHO_BLOB_OK);
	EXPECT_EQ(harness_map_rep.runs, KHO_MAP_MAX_OWNERS);
	ASSERT_EQ(kho_blob_node_mem(blob, kho_blob_subnode(blob, "n127"), &mem, &n), 0);
	ASSERT_EQ(n, 1);
	EXPECT_EQ(mem[0].addr, PG(20 + 127));
}

static void builder_refuses_bad_lists_and_reports_nospace(void)
{
	struct kho_mem unsorted[] = { R(40, 1), R(20, 1) };
	static char tiny[176];

	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, "x", "x-v1");
	EXPECT_EQ(kho_node_add_mem(blob, unsorted, 2), -EINVAL);
	EXPECT_EQ(kho_node_add_mem(blob, test_mem, ARRAY_SIZE(test_mem)), 0);
	EXPECT_EQ(hb.n, ARRAY_SIZE(test_mem));
	/* Outside a node, after the blob, without a builder: nowhere to go. */
	kho_node_end(blob);
	EXPECT_EQ(kho_node_add_mem(blob, test_mem, 1), -EINVAL);
	kho_blob_finish(blob);
	EXPECT_EQ(kho_node_add_mem(blob, test_mem, 1), -EINVAL);
	kho_blob_begin(blob, BLOB_SIZE, NULL);
	kho_node_begin(blob, "x", "x-v1");
	EXPECT_EQ(kho_node_add_mem(blob, test_mem, 1), -EINVAL);

	/* The memory no longer grows the blob; a node still does. */
	EXPECT_EQ(kho_blob_begin(tiny, sizeof(tiny), &hb), 0);
	EXPECT_EQ(kho_node_begin(tiny, "x", "x-v1"), -ENOSPC);
}

/*
 * Structural rules (abi/kho.h): hand-made blobs, since libfdt's writer
 * checks none of them. Each is refused with its own reason, and the line
 * describing it names the place with every blob string escaped.
 */
static void sr_begin(const char *root_compat)
{
	static const struct kho_map_ref empty;

	kho_map_builder_reset(&hb);
	if (fdt_create(blob, BLOB_SIZE) || fdt_finish_reservemap(blob) ||
	    fdt_begin_node(blob, "") ||
	    fdt_property_string(blob, "compatible", root_compat) ||
	    fdt_property(blob, KHO_MAP_PROP, &empty, sizeof(empty)))
		ktap_fail_at(__FILE__, __LINE__, "sr_begin");
}

/* A node by hand; its memory goes to the shared builder's map. */
static void sr_node(const char *name, const char *compat,
		     const struct kho_mem *mem, size_t n)
{
	size_t i;

	if (fdt_begin_node(blob, name) ||
	    (compat && fdt_property_string(blob, "compatible", compat)))
		ktap_fail_at(__FILE__, __LINE__, "sr_node %s", name);
	if (mem && kho_map_open_owner(&hb, name) < 0)
		ktap_fail_at(__FILE__, __LINE__, "owner %s refused", name);
	for (i = 0; mem && i < n; i++)
		if (kho_map_add(&hb, mem[i].addr, mem[i].len))
			ktap_fail_at(__FILE__, __LINE__, "memory of %s refused", name);
}

static void sr_end_node(void)
{
	if (fdt_end_node(blob))
		ktap_fail_at(__FILE__, __LINE__, "sr_end_node");
}

static void sr_finish(void)
{
	if (fdt_end_node(blob) || fdt_finish(blob))
		ktap_fail_at(__FILE__, __LINE__, "sr_finish");
}

/* Check the hand-made blob; return the reason, @line its description. */
static int sr_check(struct kho_blob_report *rep, char *line, size_t len)
{
	EXPECT_EQ(check(blob, rep), rep->why.err == KHO_BLOB_OK ? 0 : -EINVAL);
	kho_blob_describe(line, len, blob, rep);
	return rep->why.err;
}

static void refuses_a_second_mem(void)
{
	static const struct kho_mem low[] = { R(1, 1) };	/* in the first MiB */
	struct kho_blob_report rep;
	char line[160];
	int node;

	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem));
	if (fdt_property(blob, "mem", test_mem, sizeof(test_mem)) ||
	    fdt_property(blob, "mem", low, sizeof(low)))
		ktap_fail_at(__FILE__, __LINE__, "second mem");
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_PROP);
	node = fdt_subnode_offset(blob, 0, "kho-test");
	EXPECT_EQ(rep.why.node, node);
	/* The second mem is the one named. */
	EXPECT_EQ(rep.why.prop, fdt_next_property_offset(blob,
		  fdt_next_property_offset(blob, fdt_first_property_offset(blob, node))));
	EXPECT_TRUE(rep.walkable);
	EXPECT_FALSE(strcmp(line, "node 'kho-test', property 'mem': duplicate property name"));
}

static void refuses_a_second_root_compatible(void)
{
	struct kho_blob_report rep;
	char line[160];

	sr_begin(KHO_ROOT_COMPATIBLE);
	if (fdt_property_string(blob, "compatible", "kho-v9"))
		ktap_fail_at(__FILE__, __LINE__, "second compatible");
	sr_node("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem));
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_PROP);
	EXPECT_EQ(rep.why.node, 0);
	EXPECT_FALSE(strcmp(line, "node '/', property 'compatible': duplicate property name"));
}

static void refuses_two_nodes_of_one_name(void)
{
	static const struct kho_mem other[] = { R(3000, 1) };
	struct kho_blob_report rep;
	char line[160];

	/* Two subsystem nodes, disjoint ranges: only the name is shared. */
	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem));
	sr_end_node();
	sr_node("kho-test", "kho-test-v1", other, ARRAY_SIZE(other));
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_NODE);
	EXPECT_EQ(rep.why.node, fdt_next_subnode(blob, fdt_first_subnode(blob, 0)));
	EXPECT_FALSE(strcmp(line, "node 'kho-test': duplicate node name"));

	/* Deeper: two dev@3 under one pci node; dev@3 under two parents is fine. */
	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("pci", "pci-v1", NULL, 0);
	sr_node("dev@3", NULL, NULL, 0);
	sr_end_node();
	sr_node("dev@4", NULL, NULL, 0);
	sr_end_node();
	sr_end_node();
	sr_node("vfio", "vfio-v1", NULL, 0);
	sr_node("dev@3", NULL, NULL, 0);
	sr_end_node();
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_OK);

	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("pci", "pci-v1", NULL, 0);
	sr_node("dev@3", NULL, NULL, 0);
	sr_end_node();
	sr_node("dev@4", NULL, NULL, 0);
	sr_end_node();
	sr_node("dev@3", NULL, NULL, 0);
	sr_end_node();
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_NODE);
	EXPECT_FALSE(strcmp(line, "node 'dev@3': duplicate node name"));
}

/* Equal names at different string offsets are still one name. */
static void duplicates_compare_names_not_offsets(void)
{
	struct kho_blob_report rep;
	struct fdt_property *prop;
	char line[160];
	int node, off;

	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("kho-test", "kho-test-v1", NULL, 0);
	if (fdt_property_u32(blob, "xcompatible", 1))
		ktap_fail_at(__FILE__, __LINE__, "xcompatible");
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_OK);
	/* Point "xcompatible" one byte further: "compatible" again. */
	node = fdt_subnode_offset(blob, 0, "kho-test");
	off = fdt_next_property_offset(blob, fdt_first_property_offset(blob, node));
	prop = (struct fdt_property *)((char *)blob + fdt_off_dt_struct(blob) + off);
	prop->nameoff = cpu_to_fdt32(fdt32_to_cpu(prop->nameoff) + 1);
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_PROP);
	EXPECT_EQ(rep.why.prop, off);
}

static void bad_name_offset_is_not_a_bad_header(void)
{
	struct kho_blob_report rep;
	struct fdt_property *prop;
	char line[160];
	int node, off;

	build_good_blob();
	node = fdt_subnode_offset(blob, 0, "kho-test");
	off = fdt_first_property_offset(blob, node);
	prop = (struct fdt_property *)((char *)blob + fdt_off_dt_struct(blob) + off);
	prop->nameoff = cpu_to_fdt32(fdt_size_dt_strings(blob) + 100);
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_BAD_NAME_OFFSET);
	EXPECT_EQ(rep.why.node, node);
	EXPECT_EQ(rep.why.prop, off);
	EXPECT_FALSE(rep.walkable);
	EXPECT_FALSE(strcmp(line, "node 'kho-test', property '?': property name offset outside the strings block"));
	EXPECT_TRUE(strstr(line, "header") == NULL);
}

static void node_names_are_escaped(void)
{
	static const struct kho_mem in_image[] = { R(300, 1) };
	static const char name[] = "a\nb\x1b[31m\\c";
	struct kho_blob_report rep;
	char line[200];
	char longname[KHO_MAX_NAME_LEN + 1];

	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node(name, "evil-v1", in_image, ARRAY_SIZE(in_image));
	sr_end_node();
	sr_finish();
	EXPECT_EQ(check(blob, &rep), -EINVAL);
	ASSERT_EQ(harness_map_rep.why.err, KHO_MAP_BAD_RANGE);
	kho_map_describe(line, sizeof(line), blob, &harness_map_rep);
	EXPECT_FALSE(strcmp(line, "map: chunk 0, owner 0 'a\\x0ab\\x1b[31m\\x5cc', [0x12c000-0x12d000) bad preserved range (overlaps a forbidden region)"));
	EXPECT_TRUE(strchr(line, '\n') == NULL && strchr(line, '\x1b') == NULL);

	/* The same name twice: the duplicate's line is escaped too. */
	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node(name, "evil-v1", NULL, 0);
	sr_end_node();
	sr_node(name, "evil-v1", NULL, 0);
	sr_end_node();
	sr_finish();
	ASSERT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_DUP_NODE);
	EXPECT_FALSE(strcmp(line, "node 'a\\x0ab\\x1b[31m\\x5cc': duplicate node name"));

	/* Long names are cut after KHO_ESCAPE_MAX bytes. */
	memset(longname, 'x', KHO_MAX_NAME_LEN);
	longname[KHO_MAX_NAME_LEN] = '\0';
	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node(longname, "evil-v1", in_image, ARRAY_SIZE(in_image));
	sr_end_node();
	sr_finish();
	EXPECT_EQ(check(blob, &rep), -EINVAL);
	ASSERT_EQ(harness_map_rep.why.err, KHO_MAP_BAD_RANGE);
	kho_map_describe(line, sizeof(line), blob, &harness_map_rep);
	EXPECT_TRUE(strstr(line, "map: chunk 0, owner 0 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...', [0x12c000") == line);
}

static void escape_keeps_printable_ascii_only(void)
{
	char out[KHO_ESCAPED_SIZE], in[100];

	EXPECT_EQ(kho_escape(out, sizeof(out), "dev@3,x_y-z.1", 100), 13);
	EXPECT_FALSE(strcmp(out, "dev@3,x_y-z.1"));
	kho_escape(out, sizeof(out), "\t\x7f\x80\xff\\ ~", 100);
	EXPECT_FALSE(strcmp(out, "\\x09\\x7f\\x80\\xff\\x5c ~"));
	/* Stops after n bytes, or at the NUL. */
	kho_escape(out, sizeof(out), "abcdef", 3);
	EXPECT_FALSE(strcmp(out, "abc"));
	/* Every byte escaped, cut: fits KHO_ESCAPED_SIZE exactly. */
	memset(in, 1, sizeof(in));
	EXPECT_EQ(kho_escape(out, sizeof(out), in, sizeof(in)), KHO_ESCAPED_SIZE - 1);
	EXPECT_TRUE(strstr(out, "...") == out + KHO_ESCAPED_SIZE - 4);
	/* A small buffer is never overrun and stays terminated. */
	EXPECT_EQ(kho_escape(out, 6, "\x01\x02", 100), 4);
	EXPECT_FALSE(strcmp(out, "\\x01"));
	EXPECT_EQ(kho_escape(out, 0, "a", 1), 0);
}

static void enforces_the_structural_limits(void)
{
	struct kho_blob_report rep;
	char line[160], name[16];
	int i;

	/* KHO_MAX_CHILDREN children are fine, one more is not. */
	for (i = 0; i <= 1; i++) {
		int c;

		sr_begin(KHO_ROOT_COMPATIBLE);
		sr_node("pci", "pci-v1", NULL, 0);
		for (c = 0; c < KHO_MAX_CHILDREN + i; c++) {
			snprintf(name, sizeof(name), "dev@%x", c);
			sr_node(name, NULL, NULL, 0);
			sr_end_node();
		}
		sr_end_node();
		sr_finish();
		EXPECT_EQ(sr_check(&rep, line, sizeof(line)),
			  i ? KHO_BLOB_TOO_MANY_CHILDREN : KHO_BLOB_OK);
	}
	EXPECT_FALSE(strcmp(line, "node 'pci': too many children of one node"));

	/* KHO_MAX_PROPS properties are fine, one more is not. */
	for (i = 0; i <= 1; i++) {
		int p;

		sr_begin(KHO_ROOT_COMPATIBLE);
		sr_node("kho-test", "kho-test-v1", NULL, 0);
		for (p = 1; p < KHO_MAX_PROPS + i; p++) {
			snprintf(name, sizeof(name), "p%d", p);
			fdt_property_u32(blob, name, p);
		}
		sr_end_node();
		sr_finish();
		EXPECT_EQ(sr_check(&rep, line, sizeof(line)),
			  i ? KHO_BLOB_TOO_MANY_PROPS : KHO_BLOB_OK);
	}

	/* KHO_MAX_DEPTH levels counting the root are fine, one more is not. */
	for (i = 0; i <= 1; i++) {
		int d;

		sr_begin(KHO_ROOT_COMPATIBLE);
		sr_node("kho-test", "kho-test-v1", NULL, 0);
		for (d = 2; d < KHO_MAX_DEPTH + i; d++)
			sr_node("n", NULL, NULL, 0);
		for (d = 2; d < KHO_MAX_DEPTH + i; d++)
			sr_end_node();
		sr_end_node();
		sr_finish();
		EXPECT_EQ(sr_check(&rep, line, sizeof(line)),
			  i ? KHO_BLOB_TOO_DEEP : KHO_BLOB_OK);
	}

	/* A property after a child node: libfdt would not see it. */
	sr_begin(KHO_ROOT_COMPATIBLE);
	sr_node("kho-test", "kho-test-v1", NULL, 0);
	sr_node("child", NULL, NULL, 0);
	sr_end_node();
	fdt_property(blob, "mem", test_mem, sizeof(test_mem));
	sr_end_node();
	sr_finish();
	EXPECT_EQ(sr_check(&rep, line, sizeof(line)), KHO_BLOB_PROP_AFTER_NODE);
	EXPECT_FALSE(strcmp(line, "node 'kho-test', property 'mem': property after a child node"));

	/* Names: 1 to KHO_MAX_NAME_LEN bytes. */
	for (i = 0; i < 3; i++) {
		char longname[KHO_MAX_NAME_LEN + 2];

		memset(longname, 'p', sizeof(longname));
		longname[i == 2 ? KHO_MAX_NAME_LEN + 1 : KHO_MAX_NAME_LEN] = '\0';
		sr_begin(KHO_ROOT_COMPATIBLE);
		sr_node(i ? "kho-test" : "", "kho-test-v1", NULL, 0);
		if (i)
			fdt_property_u32(blob, longname, 1);
		sr_end_node();
		sr_finish();
		EXPECT_EQ(sr_check(&rep, line, sizeof(line)),
			  i == 1 ? KHO_BLOB_OK : KHO_BLOB_BAD_NAME);
	}
}

static void every_blob_error_has_its_text(void)
{
	int e;

	EXPECT_EQ(kho_blob_errors.n, KHO_BLOB_DUP_NODE + 1);
	for (e = KHO_BLOB_OK; e <= KHO_BLOB_DUP_NODE; e++)
		EXPECT_TRUE(strcmp(kho_strerror(&kho_blob_errors, e), "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_blob_errors, KHO_BLOB_DUP_NODE + 1),
			    "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_blob_errors, -1), "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(NULL, 0), "unknown error"));
}

/* Many nodes, most children allowed: the duplicate pass stays fast. */
static void duplicate_pass_is_not_quadratic(void)
{
	static char big[4 << 20];
	static const struct kho_map_ref ref;
	struct kho_blob_report rep;
	char name[24];
	int p, c, err = 0;

	kho_map_builder_reset(&hb);
	err |= fdt_create(big, sizeof(big)) || fdt_finish_reservemap(big) ||
	       fdt_begin_node(big, "") ||
	       fdt_property_string(big, "compatible", KHO_ROOT_COMPATIBLE) ||
	       fdt_property(big, KHO_MAP_PROP, &ref, sizeof(ref));
	for (p = 0; p < KHO_MAX_CHILDREN && !err; p++) {
		snprintf(name, sizeof(name), "s%d", p);
		err |= fdt_begin_node(big, name) ||
		       fdt_property_string(big, "compatible", "s-v1");
		for (c = 0; c < KHO_MAX_CHILDREN && !err; c++) {
			snprintf(name, sizeof(name), "dev@%x", c);
			err |= fdt_begin_node(big, name) || fdt_end_node(big);
		}
		err |= fdt_end_node(big);
	}
	err |= fdt_end_node(big) || fdt_finish(big);
	ASSERT_EQ(err, 0);
	/* 16K nodes; a quadratic pass would take seconds under ASan. */
	EXPECT_EQ(harness_blob_check(big, sizeof(big), NULL, 0, NULL, 0, &rep), 0);
	EXPECT_EQ(rep.nodes, KHO_MAX_CHILDREN);
}

/* Random corruption of a good blob: must be refused or accepted, never crash. */
static void survives_random_corruption(void)
{
	static char copy[BLOB_SIZE];
	struct kho_blob_report rep;
	u64 seed = 3;
	size_t size;
	int i, refused = 0;

	build_good_blob();
	size = fdt_totalsize(blob);
	for (i = 0; i < 20000; i++) {
		int flips = 1 + test_rand(&seed) % 4, f;

		memcpy(copy, blob, size);
		for (f = 0; f < flips; f++)
			copy[test_rand(&seed) % size] ^= 1 << (test_rand(&seed) % 8);
		refused += kho_blob_check(copy, size, &rep) != 0;
	}
	EXPECT_TRUE(refused > 1000);
}

/*
 * Hostile to libfdt itself (issue 12, libfdt part): property length
 * fields that make the offset past the property wrap around. With
 * 0xfffffff4 it wraps exactly back onto the property's own tag, and a
 * libfdt without the fdt_next_tag() overflow check (Debian's 1.6.1) hands
 * the walk the same tag forever. The alarm turns such a hang into a
 * failure (SIGALRM ends the harness) instead of a stuck test run.
 */
static void rejects_property_length_overflow(void)
{
	static const u32 lens[] = {
		0xfffffff4, 0xfffffff0, 0xfffffff8, 0xffffffff, 0x80000000,
		0x7ffffffc,
	};
	struct kho_blob_report rep;
	struct fdt_property *p;
	u32 val = 0;
	size_t i;
	int node;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		raw_begin(KHO_ROOT_COMPATIBLE);
		fdt_begin_node(blob, "x");
		fdt_property_string(blob, "compatible", "x-v1");
		fdt_property(blob, "evil", &val, sizeof(val));
		fdt_end_node(blob);
		raw_finish();
		node = fdt_path_offset(blob, "/x");
		ASSERT_TRUE(node > 0);
		p = fdt_get_property_w(blob, node, "evil", NULL);
		ASSERT_TRUE(p != NULL);
		p->len = cpu_to_fdt32(lens[i]);

		alarm(5);
		EXPECT_EQ(check(blob, &rep), -EINVAL);
		alarm(0);
		EXPECT_EQ(rep.why.err, KHO_BLOB_BAD_STRUCTURE);
		EXPECT_EQ(rep.why.fdt_err, -FDT_ERR_BADSTRUCTURE);
	}
}

/*
 * A subsystem finds its node by exact name: libfdt's fdt_subnode_offset()
 * would also return "vfio@0", a node the node table (exact names) never
 * parses, so its pointers would escape the overlap rule.
 */
static void subnode_matches_the_exact_name(void)
{
	int at, plain;

	ASSERT_EQ(kho_blob_begin(blob, BLOB_SIZE, &hb), 0);
	ASSERT_EQ(add_node("vfio@0", "vfio-v1", NULL, 0), 0);
	ASSERT_EQ(add_node("vfio", "vfio-v1", NULL, 0), 0);
	ASSERT_EQ(kho_blob_finish(blob), 0);
	ASSERT_EQ(check(blob, NULL), 0);
	at = fdt_first_subnode(blob, 0);
	plain = fdt_next_subnode(blob, at);
	/* What the kernel used before: the unchecked node comes first. */
	EXPECT_EQ(fdt_subnode_offset(blob, 0, "vfio"), at);
	EXPECT_EQ(kho_blob_subnode(blob, "vfio"), plain);
	EXPECT_EQ(kho_blob_subnode(blob, "vfio@0"), at);
	EXPECT_EQ(kho_blob_subnode(blob, "vfi"), -FDT_ERR_NOTFOUND);

	ASSERT_EQ(kho_blob_begin(blob, BLOB_SIZE, &hb), 0);
	ASSERT_EQ(add_node("vfio@0", "vfio-v1", NULL, 0), 0);
	ASSERT_EQ(kho_blob_finish(blob), 0);
	ASSERT_EQ(check(blob, NULL), 0);
	EXPECT_EQ(kho_blob_subnode(blob, "vfio"), -FDT_ERR_NOTFOUND);
}

KTAP_SUITE(blob,
	   KTAP_CASE(builds_a_blob_that_checks_valid),
	   KTAP_CASE(node_mem_reads_ranges_in_place),
	   KTAP_CASE(compatible_format),
	   KTAP_CASE(rejects_headers_and_truncation),
	   KTAP_CASE(rejects_bad_root),
	   KTAP_CASE(rejects_bad_node_compatible),
	   KTAP_CASE(rejects_map_in_the_wrong_place_or_length),
	   KTAP_CASE(reports_bad_ranges_with_owner_and_chunk),
	   KTAP_CASE(rejects_nodes_sharing_memory),
	   KTAP_CASE(nodes_overlap_matches_pairwise_model),
	   KTAP_CASE(every_node_may_own_memory),
	   KTAP_CASE(builder_refuses_bad_lists_and_reports_nospace),
	   KTAP_CASE(survives_random_corruption),
	   KTAP_CASE(rejects_property_length_overflow),
	   /* Structural rules and escaped names */
	   KTAP_CASE(refuses_a_second_mem),
	   KTAP_CASE(refuses_a_second_root_compatible),
	   KTAP_CASE(refuses_two_nodes_of_one_name),
	   KTAP_CASE(duplicates_compare_names_not_offsets),
	   KTAP_CASE(bad_name_offset_is_not_a_bad_header),
	   KTAP_CASE(node_names_are_escaped),
	   KTAP_CASE(escape_keeps_printable_ascii_only),
	   KTAP_CASE(enforces_the_structural_limits),
	   KTAP_CASE(duplicate_pass_is_not_quadratic),
	   KTAP_CASE(every_blob_error_has_its_text),
	   KTAP_CASE(subnode_matches_the_exact_name));
