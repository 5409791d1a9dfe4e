// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for fs/khofs/node.c: the khofs node (abi/khofs.h), its
 * writer, its parser, and its claims in the blob-wide overlap rule.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <linux/kho/claims.h>
#include <linux/kho/khofs.h>
#include <linux/kho/nodes.h>
#include <linux/kho/abi/kho-test.h>

#include "harness_map.h"
#include "ktap.h"

#define BLOB_SIZE	65536
#define PG		4096ULL
#define MIB		(1ULL << 20)
#define A		(256 * MIB)	/* /etc/hosts */
#define B		(512 * MIB)	/* two 2 MiB blocks of /vm/guest0/ram */
#define C		(768 * MIB)	/* small blocks of ram and ram.sparse */

#define DIR(perm)	(KHOFS_S_IFDIR | (perm))
#define REG(perm)	(KHOFS_S_IFREG | (perm))

static char blob[BLOB_SIZE];
static struct khofs_state st;

static struct khofs_inode_rec ino[32];
static size_t nino;
static char names[1024];
static size_t names_len;
static struct khofs_extent_rec ext[32];
static size_t next;
static struct kho_mem mem[8];
static size_t nmem;

static void add_inode(u32 parent, u32 mode, const char *name, u64 size)
{
	struct khofs_inode_rec *r = &ino[nino++];
	size_t len = strlen(name);

	*r = (struct khofs_inode_rec){
		.parent = parent, .mode = mode, .uid = 1000 + nino,
		.gid = 100 + nino, .size = size, .mtime_ns = 1700000000000000000ULL + nino,
		.name_off = names_len, .name_len = len,
	};
	memcpy(names + names_len, name, len);
	names_len += len;
}

static void add_extent(u32 inode, u64 index, u32 order, u64 phys)
{
	ext[next++] = (struct khofs_extent_rec){
		.phys = phys, .index = index, .inode = inode, .order = order,
	};
}

/*
 * The good tree:
 *
 *	0 /			dir 0755
 *	1 /etc			dir 0755
 *	2 /vm			dir 0750
 *	3 /etc/hosts		file 0644, 100 bytes: one page at A
 *	4 /vm/guest0		dir 0700
 *	5 /vm/readme		file 0644, empty
 *	6 /vm/guest0/ram	file 0600, 4 MiB + 16 KiB: 2 MiB blocks at B
 *				and B + 2 MiB, a page at C, two at C + 8 KiB
 *	7 /vm/guest0/ram.sparse	file 0600, 1 MiB: page 10 at C + 4 KiB
 *
 * Record 6's name is the first three bytes of record 7's. mem: three
 * ranges, 4 MiB + 20 KiB, exactly the extents.
 */
static void reset(void)
{
	nino = names_len = next = 0;
	add_inode(0, DIR(0755), "", 0);
	add_inode(0, DIR(0755), "etc", 0);
	add_inode(0, DIR(0750), "vm", 0);
	add_inode(1, REG(0644), "hosts", 100);
	add_inode(2, DIR(0700), "guest0", 0);
	add_inode(2, REG(0644), "readme", 0);
	add_inode(4, REG(0600), "", 4 * MIB + 16 * 1024);
	add_inode(4, REG(0600), "ram.sparse", MIB);
	ino[6].name_off = ino[7].name_off;
	ino[6].name_len = 3;
	add_extent(3, 0, 0, A);
	add_extent(6, 0, 9, B);
	add_extent(6, 512, 9, B + 2 * MIB);
	add_extent(6, 1024, 0, C);
	add_extent(6, 1026, 1, C + 2 * PG);
	add_extent(7, 10, 0, C + PG);
	mem[0] = (struct kho_mem){ A, PG };
	mem[1] = (struct kho_mem){ B, 4 * MIB };
	mem[2] = (struct kho_mem){ C, 4 * PG };
	nmem = 3;
}

static int khofs_node(void)
{
	return fdt_subnode_offset(blob, 0, KHOFS_NODE);
}

static int build(void)
{
	int err = kho_blob_begin(blob, BLOB_SIZE, &hb);

	err = err ?: khofs_node_write(blob, mem, nmem, ino, nino, names,
				      names_len, ext, next);
	err = err ?: kho_blob_finish(blob);
	if (err)
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed: %d", err);
	else if (harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL))
		ktap_fail_at(__FILE__, __LINE__, "kho_blob_check() refused the blob");
	return err;
}

static enum khofs_err build_and_parse(struct kho_report *rep)
{
	if (build())
		return KHOFS_OK;
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, rep),
		  rep->err == KHOFS_OK ? 0 : -EINVAL);
	return rep->err;
}

static void struct_sizes(void)
{
	EXPECT_EQ(sizeof(struct khofs_inode_rec), 40);
	EXPECT_EQ(sizeof(struct khofs_extent_rec), 24);
	EXPECT_EQ(offsetof(struct khofs_inode_rec, size), 16);
	EXPECT_EQ(offsetof(struct khofs_inode_rec, name_off), 32);
	EXPECT_EQ(offsetof(struct khofs_extent_rec, inode), 16);
}

static void name_order(void)
{
	EXPECT_TRUE(khofs_name_cmp("a", 1, "ab", 2) < 0);
	EXPECT_TRUE(khofs_name_cmp("ab", 2, "b", 1) < 0);
	EXPECT_TRUE(khofs_name_cmp("b", 1, "ab", 2) > 0);
	EXPECT_TRUE(khofs_name_cmp("abc", 3, "abc", 3) == 0);
	EXPECT_TRUE(khofs_name_cmp("abc", 2, "abd", 2) == 0);	/* lengths count */
	/* Unsigned bytes, no case folding. */
	EXPECT_TRUE(khofs_name_cmp("\xff", 1, "a", 1) > 0);
	EXPECT_TRUE(khofs_name_cmp("B", 1, "a", 1) < 0);
	EXPECT_TRUE(khofs_name_cmp("ram", 3, "ram.sparse", 10) < 0);
}

static void good_tree_round_trip(void)
{
	struct khofs_inode_rec r;
	struct khofs_extent_rec e;
	struct kho_report rep;
	size_t i;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHOFS_OK);
	EXPECT_EQ(rep.index, -1);
	EXPECT_TRUE(rep.item == NULL);
	ASSERT_EQ(st.ninodes, nino);
	ASSERT_EQ(st.nextents, next);
	ASSERT_EQ(st.nmem, nmem);
	ASSERT_EQ(st.names_len, names_len);
	EXPECT_TRUE(!memcmp(st.names, names, names_len));
	EXPECT_EQ(st.bytes, 4 * MIB + 20 * 1024);
	for (i = 0; i < nino; i++) {
		khofs_inode_get(&st, i, &r);
		EXPECT_TRUE(!memcmp(&r, &ino[i], sizeof(r)));
	}
	for (i = 0; i < next; i++) {
		khofs_extent_get(&st, i, &e);
		EXPECT_TRUE(!memcmp(&e, &ext[i], sizeof(e)));
	}
	EXPECT_EQ(st.mem[1].addr, B);
	EXPECT_EQ(st.mem[1].len, 4 * MIB);
	khofs_inode_get(&st, 6, &r);
	EXPECT_TRUE(!memcmp(st.names + r.name_off, "ram", r.name_len));
	/* Records in place are only 4-byte aligned: nothing assumes more. */
	EXPECT_EQ(((uintptr_t)st.inodes - (uintptr_t)blob) % 4, 0);
}

/* Mutation i of the good tree, and the error it must be refused with. */
static enum khofs_err mutate(size_t i)
{
	struct khofs_inode_rec *r = ino;
	struct khofs_extent_rec *e = ext;

	switch (i) {
	/* the root */
	case 0:
		r[0].mode = REG(0755);
		return KHOFS_BAD_ROOT;
	case 1:
		r[0].parent = 1;
		return KHOFS_BAD_ROOT;
	case 2:
		r[0].name_len = 3;
		return KHOFS_BAD_ROOT;
	case 3:
		r[0].mode |= 010000000;
		return KHOFS_BAD_MODE;
	case 4:
		r[0].size = PG;
		return KHOFS_DIR_SIZE;
	/* modes */
	case 5:
		r[3].mode = 0120777;	/* a symlink */
		return KHOFS_BAD_MODE;
	case 6:
		r[3].mode = 0644;	/* no type */
		return KHOFS_BAD_MODE;
	case 7:
		r[5].mode = REG(0644) | 0200000;
		return KHOFS_BAD_MODE;
	case 8:
		r[4].mode = 0060600;	/* block device */
		return KHOFS_BAD_MODE;
	case 9:
		r[2].size = 4096;
		return KHOFS_DIR_SIZE;
	/* parents */
	case 10:
		r[1].parent = 1;
		return KHOFS_BAD_PARENT;
	case 11:
		r[2].parent = 7;
		return KHOFS_BAD_PARENT;
	case 12:
		r[4].parent = 3;	/* a file */
		return KHOFS_BAD_PARENT;
	case 13:
		r[7].parent = ~0U;
		return KHOFS_BAD_PARENT;
	/* names */
	case 14:
		r[3].name_len = 0;
		return KHOFS_BAD_NAME;
	case 15:
		r[3].name_len = KHOFS_NAME_MAX + 1;
		return KHOFS_BAD_NAME;
	case 16:
		r[7].name_off = names_len - 9;
		return KHOFS_BAD_NAME;
	case 17:
		r[3].name_off = names_len + 1;
		return KHOFS_BAD_NAME;
	case 18:
		r[3].name_off = ~0U - 1;
		return KHOFS_BAD_NAME;
	case 19:
		names[r[3].name_off + 2] = '/';
		return KHOFS_BAD_NAME;
	case 20:
		names[r[3].name_off + 4] = '\0';
		return KHOFS_BAD_NAME;
	case 21:
		names[r[2].name_off] = '.';
		r[2].name_len = 1;
		return KHOFS_BAD_NAME;
	case 22:
		memcpy(&names[r[2].name_off], "..", 2);
		return KHOFS_BAD_NAME;
	/* order */
	case 23:
		memcpy(&names[r[2].name_off], "ab", 2);
		return KHOFS_NOT_SORTED;
	case 24:
		memcpy(&names[r[2].name_off], "et", 2);
		return KHOFS_NOT_SORTED;
	case 25:
		r[2].name_off = r[1].name_off;
		r[2].name_len = 3;
		return KHOFS_NOT_SORTED;
	case 26:
		r[6].name_off = r[7].name_off;	/* "ram.sparse" twice */
		r[6].name_len = 10;
		return KHOFS_NOT_SORTED;
	case 27:
		r[5].parent = 1;
		return KHOFS_NOT_SORTED;
	case 28:
		names[names_len] = '\xff';	/* after 'r' */
		r[6].name_off = names_len++;
		r[6].name_len = 1;
		return KHOFS_NOT_SORTED;
	/* extents on their own */
	case 29:
		e[1].order = KHOFS_MAX_ORDER + 1;
		return KHOFS_BAD_EXTENT;
	case 30:
		e[1].order = ~0U;
		return KHOFS_BAD_EXTENT;
	case 31:
		e[2].index = 256;	/* not 2 MiB aligned */
		return KHOFS_BAD_EXTENT;
	case 32:
		e[4].index = 1025;
		return KHOFS_BAD_EXTENT;
	case 33:
		e[1].phys = B + MIB;
		return KHOFS_BAD_EXTENT;
	case 34:
		e[0].phys = A + 512;
		return KHOFS_BAD_EXTENT;
	case 35:
		e[0].phys = 0;
		return KHOFS_BAD_EXTENT;
	case 36:
		e[0].phys = ~0ULL - PG + 1;	/* wraps */
		return KHOFS_BAD_EXTENT;
	case 37:
		e[1].phys = ~0ULL - 2 * MIB + 1;
		return KHOFS_BAD_EXTENT;
	case 38:
		e[5].inode = nino;
		return KHOFS_BAD_EXTENT;
	case 39:
		e[0].inode = 1;	/* a directory */
		return KHOFS_BAD_EXTENT;
	case 40:
		e[0].inode = 0;	/* the root */
		return KHOFS_BAD_EXTENT;
	/* extent order */
	case 41:
		e[3].index = 1000;	/* in block 2 */
		return KHOFS_EXTENT_ORDER;
	case 42:
		e[4].index = 1024;	/* same page */
		return KHOFS_EXTENT_ORDER;
	case 43:
		e[2].index = 0;	/* the same block */
		return KHOFS_EXTENT_ORDER;
	case 44:
		e[0].inode = 7;
		e[0].index = 0;
		return KHOFS_EXTENT_ORDER;
	case 45:
		e[5].inode = 3;	/* file 3 after 6 */
		return KHOFS_EXTENT_ORDER;
	/* past the end of the file */
	case 46:
		r[3].size = 0;
		return KHOFS_EXTENT_PAST_EOF;
	case 47:
		r[6].size = 1026 * PG;
		return KHOFS_EXTENT_PAST_EOF;
	case 48:
		e[5].index = 256;	/* 1 MiB file */
		return KHOFS_EXTENT_PAST_EOF;
	case 49:
		r[3].size = KHOFS_SIZE_MAX;
		e[0].index = ~0ULL;
		return KHOFS_EXTENT_PAST_EOF;
	/* mem against the extents */
	case 50:
		mem[3] = (struct kho_mem){ 900 * MIB, PG };
		nmem = 4;
		return KHOFS_MEM_MISMATCH;
	case 51:
		mem[2].len = 3 * PG;
		return KHOFS_MEM_MISMATCH;
	case 52:
		nmem = 0;
		return KHOFS_MEM_MISMATCH;
	case 53:
		next = 0;
		return KHOFS_MEM_MISMATCH;
	/* sizes a loff_t cannot hold */
	case 54:
		r[5].size = KHOFS_SIZE_MAX + 1;
		return KHOFS_BAD_SIZE;
	case 55:
		r[5].size = ~0ULL;
		return KHOFS_BAD_SIZE;
	}
	return KHOFS_OK;
}

static void refuses_each_mutation(void)
{
	bool seen[KHOFS_BAD_SIZE + 1] = { false };
	struct kho_report rep;
	enum khofs_err want;
	size_t i;

	for (i = 0; ; i++) {
		reset();
		want = mutate(i);
		if (want == KHOFS_OK)
			break;
		seen[want] = true;
		if (build_and_parse(&rep) != want) {
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: want %s, got %s",
				     i, kho_strerror(&khofs_errors, want),
				     kho_strerror(&khofs_errors, rep.err));
			continue;
		}
		/* Record errors name the inode or extent. */
		if (want == KHOFS_MEM_MISMATCH ? rep.index != -1 :
		    rep.index < 0 || !rep.item ||
		    strcmp(rep.item, want >= KHOFS_BAD_EXTENT && want < KHOFS_DIR_SIZE ?
			   "extent" : "inode"))
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: %s %ld", i,
				     rep.item ?: "(none)", rep.index);
	}
	EXPECT_EQ(i, 56);
	for (i = KHOFS_BAD_ROOT; i <= KHOFS_BAD_SIZE; i++)
		if (!seen[i])
			ktap_fail_at(__FILE__, __LINE__, "no mutation for %s",
				     kho_strerror(&khofs_errors, i));
}

static void accepts_edge_cases(void)
{
	const struct kho_mem *no_mem;
	char big[KHOFS_NAME_MAX];
	struct kho_report rep;
	size_t no_nmem;

	/* Only the root: no names, no extents, no mem. */
	reset();
	nino = 1;
	names_len = next = nmem = 0;
	ASSERT_EQ(build_and_parse(&rep), KHOFS_OK);
	EXPECT_TRUE(!fdt_getprop(blob, khofs_node(), "names", NULL));
	EXPECT_TRUE(!fdt_getprop(blob, khofs_node(), "extents", NULL));
	EXPECT_EQ(kho_blob_node_mem(blob, khofs_node(), &no_mem, &no_nmem), 0);
	EXPECT_EQ(no_nmem, 0);
	EXPECT_EQ(st.ninodes, 1);
	EXPECT_EQ(st.nextents, 0);
	EXPECT_EQ(st.bytes, 0);
	EXPECT_TRUE(st.names == NULL);

	/* Root with every permission bit; its name_off is not read. */
	reset();
	ino[0].mode = DIR(07777);
	ino[0].name_off = ~0U;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);

	/* A 2 MiB block whose tail lies past the end of a 1-page file. */
	reset();
	ino[6].size = 1;
	next = 2;
	mem[1].len = 2 * MIB;
	nmem = 2;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);

	/* A block starting on the last page of a file one byte into it. */
	reset();
	ino[6].size = 1026 * PG + 1;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);

	/* Names of 255 bytes, high bytes, dots that are not . or .. */
	reset();
	memset(big, 'z', sizeof(big));
	memcpy(names + names_len, big, sizeof(big));
	ino[7].name_off = names_len;
	ino[7].name_len = sizeof(big);
	names_len += sizeof(big);
	memcpy(&names[ino[3].name_off], "...\xff\x01", 5);
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);
	reset();
	memcpy(&names[ino[3].name_off], ".h", 2);
	ino[3].name_len = 2;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);

	/* An empty names property is an absent one; unused name bytes. */
	reset();
	nino = 1;
	next = nmem = 0;
	names_len = 0;
	ASSERT_EQ(kho_blob_begin(blob, BLOB_SIZE, &hb), 0);
	ASSERT_EQ(kho_node_begin(blob, KHOFS_NODE, KHOFS_COMPATIBLE), 0);
	ASSERT_EQ(fdt_property(blob, "inodes", ino, sizeof(ino[0])), 0);
	ASSERT_EQ(fdt_property(blob, "names", NULL, 0), 0);
	ASSERT_EQ(fdt_property(blob, "extents", NULL, 0), 0);
	ASSERT_EQ(kho_node_end(blob), 0);
	ASSERT_EQ(kho_blob_finish(blob), 0);
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, &rep), 0);
	reset();
	names_len += 100;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);

	/* Files without data of any size a loff_t holds, a sparse file. */
	reset();
	ino[5].size = KHOFS_SIZE_MAX;
	EXPECT_EQ(build_and_parse(&rep), KHOFS_OK);
}

/* Raw nodes for what khofs_node_write() would not write. */
static enum khofs_err parse_raw(const void *inodes, int ilen, const void *extents,
				int elen, struct kho_report *rep)
{
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHOFS_NODE, KHOFS_COMPATIBLE);
	if (inodes)
		fdt_property(blob, "inodes", inodes, ilen);
	fdt_property(blob, "names", names, names_len);
	if (extents)
		fdt_property(blob, "extents", extents, elen);
	kho_node_end(blob);
	if (kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHOFS_OK;
	}
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, rep),
		  rep->err == KHOFS_OK ? 0 : -EINVAL);
	return rep->err;
}

static void refuses_property_lengths(void)
{
	static const struct {
		int ilen, elen;	/* -1: absent */
		const char *line;
	} cases[] = {
		{ -1, 0, "property missing or of the wrong length" },
		{ 0, 0, "property 'inodes': property missing or of the wrong length" },
		{ 39, -1, "property 'inodes': property missing or of the wrong length" },
		{ 41, -1, "property 'inodes': property missing or of the wrong length" },
		{ 40, 23, "property 'extents': property missing or of the wrong length" },
		{ 40, 25, "property 'extents': property missing or of the wrong length" },
	};
	struct kho_report rep;
	char line[128];
	size_t i;

	reset();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const void *inodes = NULL, *extents = NULL;

		if (cases[i].ilen >= 0)
			inodes = ino;
		if (cases[i].elen >= 0)
			extents = ext;
		if (parse_raw(inodes, cases[i].ilen, extents, cases[i].elen,
			      &rep) != KHOFS_BAD_PROP_LEN) {
			ktap_fail_at(__FILE__, __LINE__, "case %zu: got %s", i,
				     kho_strerror(&khofs_errors, rep.err));
			continue;
		}
		kho_report_describe(line, sizeof(line), blob, &rep);
		if (strcmp(line, cases[i].line))
			ktap_fail_at(__FILE__, __LINE__, "case %zu: '%s'", i, line);
	}
	/* The root alone, no extents property: fine. */
	EXPECT_EQ(parse_raw(ino, sizeof(ino[0]), NULL, 0, &rep), KHOFS_OK);

	/* A node offset that is no node: its memory cannot be asked for. */
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHOFS_NODE, KHOFS_COMPATIBLE);
	fdt_property(blob, "inodes", ino, sizeof(ino[0]));
	kho_node_end(blob);
	ASSERT_EQ(kho_blob_finish(blob), 0);
	EXPECT_EQ(khofs_parse(blob, -1, &st, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHOFS_BAD_PROP_LEN);
}

static void describe_says_which_record(void)
{
	static const struct {
		size_t mutation;
		const char *line;
	} cases[] = {
		{ 0, "inode 0: record 0 is not a root directory" },
		{ 12, "inode 4: parent is not an earlier directory" },
		{ 19, "inode 3: bad name" },
		{ 25, "inode 2: inodes not sorted by parent and name, or a name twice" },
		{ 9, "inode 2: directory of non-zero size" },
		{ 33, "extent 1 [0x20100000-0x20300000): bad extent" },
		{ 29, "extent 1: bad extent" },
		{ 42, "extent 4 [0x30002000-0x30004000): extents out of order or overlapping in a file" },
		{ 46, "extent 0 [0x10000000-0x10001000): extent past the end of its file" },
		{ 51, "mem does not add up to the extents" },
	};
	struct kho_report rep;
	char line[160];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reset();
		mutate(cases[i].mutation);
		build_and_parse(&rep);
		kho_report_describe(line, sizeof(line), blob, &rep);
		if (strcmp(line, cases[i].line))
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: '%s'",
				     cases[i].mutation, line);
	}
}

static void writer_refuses_what_it_cannot_write(void)
{
	static char small[512];

	reset();
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	EXPECT_EQ(khofs_node_write(blob, mem, nmem, ino, 0, names, names_len,
				   ext, next), -EINVAL);
	EXPECT_EQ(khofs_node_write(blob, mem, nmem, ino, (size_t)1 << 40, names,
				   names_len, ext, next), -E2BIG);
	/* Unsorted mem is not a mem list. */
	mem[3] = mem[0];
	EXPECT_EQ(khofs_node_write(blob, mem, 4, ino, nino, names, names_len,
				   ext, next), -EINVAL);
	kho_blob_begin(small, sizeof(small), &hb);
	EXPECT_EQ(khofs_node_write(small, mem, nmem, ino, nino, names, names_len,
				   ext, next), -ENOSPC);
}

/* --- the blob-wide overlap rule with a khofs node --- */

static struct kho_claim claim_buf[4096];
static struct kho_claims cl = { .c = claim_buf, .cap = ARRAY_SIZE(claim_buf) };

/* The good tree and, beside it, a kho-test node preserving @test. */
static int build_with_test_node(const struct kho_mem *test)
{
	u64 seed = 1, sum = 2, bytes = test->len;
	u32 gen = 1;
	int err = kho_blob_begin(blob, BLOB_SIZE, &hb);

	err = err ?: kho_node_begin(blob, KHO_TEST_NAME, KHO_TEST_COMPATIBLE);
	err = err ?: kho_node_add_mem(blob, test, 1);
	err = err ?: fdt_property(blob, "seed", &seed, sizeof(seed));
	err = err ?: fdt_property(blob, "checksum", &sum, sizeof(sum));
	err = err ?: fdt_property(blob, "bytes", &bytes, sizeof(bytes));
	err = err ?: fdt_property(blob, "generation", &gen, sizeof(gen));
	err = err ?: kho_node_end(blob);
	err = err ?: khofs_node_write(blob, mem, nmem, ino, nino, names,
				      names_len, ext, next);
	err = err ?: kho_blob_finish(blob);
	if (!err && harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL))
		err = -EINVAL;
	return err;
}

static void *state;

static int nodes_check(struct kho_nodes_report *rep)
{
	char why[160];

	if (!state)
		state = calloc(1, kho_nodes_state_size());
	if (kho_nodes_claims_bound(blob) > cl.cap)
		return -ENOSPC;
	return kho_nodes_check(blob, state, &cl, NULL, NULL, rep, why, sizeof(why));
}

static void claims_of_a_good_tree(void)
{
	static const struct kho_mem test = { 64 * MIB, 16 * PG };
	struct kho_nodes_report rep;
	size_t i, extents = 0;
	int node;

	reset();
	ASSERT_EQ(build_with_test_node(&test), 0);
	node = khofs_node();
	EXPECT_TRUE(kho_node_type_find(blob, node) != NULL);
	EXPECT_TRUE(kho_nodes_state_size() >= sizeof(struct khofs_state));
	ASSERT_EQ(nodes_check(&rep), 0);
	EXPECT_EQ(rep.checked, 2);
	EXPECT_EQ(rep.refused, 0);
	EXPECT_EQ(rep.nclaims, 1 + nmem + next);
	for (i = 0; i < cl.n; i++)
		if (cl.c[i].node == node && cl.c[i].kind == KHO_CLAIM_TABLE) {
			extents++;
			EXPECT_TRUE(!strcmp(cl.c[i].what, "extent"));
			EXPECT_EQ(cl.c[i].len, PG << ext[cl.c[i].id].order);
			EXPECT_EQ(cl.c[i].addr, ext[cl.c[i].id].phys);
		}
	EXPECT_EQ(extents, next);
}

static void claims_refuse_extents_outside_or_shared(void)
{
	static const struct kho_mem test = { 64 * MIB, 16 * PG };
	struct kho_nodes_report rep;
	char line[256];

	/* Page 10 of ram.sparse outside mem (mem still adds up). */
	reset();
	ext[5].phys = C + 64 * PG;
	ASSERT_EQ(build_with_test_node(&test), 0);
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, NULL), 0);
	EXPECT_EQ(nodes_check(&rep), -EINVAL);
	EXPECT_EQ(rep.refused, 0);
	EXPECT_EQ(rep.claims.err, KHO_CLAIMS_OUTSIDE_MEM);
	kho_claims_describe(line, sizeof(line), blob, &rep.claims);
	EXPECT_TRUE(!strcmp(line, "node 'khofs' extent 5 [0x30040000-0x30041000) is not inside its node's preserved memory"));
	printf("    # %s\n", line);

	/* ram.sparse's page on ram's page 1024 (mem still adds up). */
	reset();
	ext[5].phys = C;
	ASSERT_EQ(build_with_test_node(&test), 0);
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, NULL), 0);
	EXPECT_EQ(nodes_check(&rep), -EINVAL);
	EXPECT_EQ(rep.claims.err, KHO_CLAIMS_OVERLAP);
	kho_claims_describe(line, sizeof(line), blob, &rep.claims);
	EXPECT_TRUE(!strcmp(line, "node 'khofs' extent 5 [0x30000000-0x30001000) overlaps node 'khofs' extent 3 [0x30000000-0x30001000)"));
	printf("    # %s\n", line);

	/* Two pages of ram inside its second 2 MiB block. */
	reset();
	ext[4].phys = B + 2 * MIB;
	ASSERT_EQ(build_with_test_node(&test), 0);
	EXPECT_EQ(khofs_parse(blob, khofs_node(), &st, NULL), 0);
	EXPECT_EQ(nodes_check(&rep), -EINVAL);
	EXPECT_EQ(rep.claims.err, KHO_CLAIMS_OVERLAP);

	/* A page of ram.sparse in the kho-test node's memory. */
	reset();
	ext[5].phys = 64 * MIB;
	ASSERT_EQ(build_with_test_node(&test), 0);
	EXPECT_EQ(nodes_check(&rep), -EINVAL);
	EXPECT_EQ(rep.claims.err, KHO_CLAIMS_OVERLAP);
	kho_claims_describe(line, sizeof(line), blob, &rep.claims);
	printf("    # %s\n", line);

	/* A node khofs_parse() refuses is refused alone; its mem stays. */
	reset();
	ino[3].size = 0;
	ASSERT_EQ(build_with_test_node(&test), 0);
	EXPECT_EQ(nodes_check(&rep), 0);
	EXPECT_EQ(rep.refused, 1);
	EXPECT_EQ(rep.nclaims, 1 + nmem);
}

/*
 * What a VFIO node will claim: DMA chunks of guest RAM lent by khofs.
 * The khofs node's claims, then borrowed ranges by hand.
 */
static int borrow(u64 addr, u64 len, struct kho_claims_report *rep)
{
	static const struct kho_mem test = { 64 * MIB, 16 * PG };
	char why[160];
	int node, vfio;

	cl.n = 0;
	if (build_with_test_node(&test))
		return -ENOSPC;
	node = khofs_node();
	/* The kho-test node stands in for the borrower. */
	vfio = fdt_subnode_offset(blob, 0, KHO_TEST_NAME);
	if (!state)
		state = calloc(1, kho_nodes_state_size());
	if (kho_node_check(blob, vfio, state, &cl, why, sizeof(why)) ||
	    kho_node_check(blob, node, state, &cl, why, sizeof(why)) ||
	    kho_claim_add_borrowed(&cl, addr, len, vfio, KHO_CLAIM_BY_CONTAINER,
				   0, "DMA chunk", node))
		return -ENOSPC;
	return kho_claims_check(&cl, rep);
}

static void claims_borrowed_from_khofs(void)
{
	struct kho_claims_report rep;
	char line[256];

	reset();
	/* Over one 2 MiB block, across both, inside a page. */
	EXPECT_EQ(borrow(B, 2 * MIB, &rep), 0);
	EXPECT_EQ(borrow(B + MIB, 2 * MIB, &rep), 0);
	EXPECT_EQ(borrow(C + PG, PG, &rep), 0);
	EXPECT_EQ(borrow(C, 4 * PG, &rep), 0);
	/* From B's run into the gap after it, or from nothing into A. */
	EXPECT_EQ(borrow(B + 3 * MIB, 2 * MIB, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_CLAIMS_OUTSIDE_LENDER);
	kho_claims_describe(line, sizeof(line), blob, &rep);
	printf("    # %s\n", line);
	EXPECT_TRUE(!strcmp(line, "node 'kho-test' container 0 DMA chunk [0x20300000-0x20500000) in node 'khofs' is not inside the preserved memory of the node it points into"));
	EXPECT_EQ(borrow(A - PG, 2 * PG, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_CLAIMS_OUTSIDE_LENDER);
	/* Into the kho-test node's memory. */
	EXPECT_EQ(borrow(64 * MIB, PG, &rep), -EINVAL);
	EXPECT_EQ(rep.err, KHO_CLAIMS_OVERLAP);
	kho_claims_describe(line, sizeof(line), blob, &rep);
	printf("    # %s\n", line);
}

/* Many extents, each in a range of its own: the claims bound still holds. */
static void claims_bound_holds(void)
{
	static char big[1 << 20];
	static struct khofs_extent_rec many[8192];
	static struct kho_mem many_mem[8192];
	static struct kho_claim many_claims[1 << 17];
	struct kho_claims c = { .c = many_claims, .cap = ARRAY_SIZE(many_claims) };
	struct kho_nodes_report rep;
	struct khofs_inode_rec root = { .mode = DIR(0755) };
	struct khofs_inode_rec file = {
		.parent = 0, .mode = REG(0600), .size = 2 * 8192 * PG,
		.name_len = 1,
	};
	struct khofs_inode_rec two[2] = { root, file };
	size_t i, bound;
	char why[160];

	for (i = 0; i < ARRAY_SIZE(many); i++) {
		many[i] = (struct khofs_extent_rec){
			.phys = 16 * MIB + 2 * i * PG, .index = 2 * i, .inode = 1,
		};
		many_mem[i] = (struct kho_mem){ many[i].phys, PG };
	}
	ASSERT_EQ(kho_blob_begin(big, sizeof(big), &hb), 0);
	ASSERT_EQ(khofs_node_write(big, many_mem, ARRAY_SIZE(many_mem), two, 2, "f", 1,
				   many, ARRAY_SIZE(many)), 0);
	ASSERT_EQ(kho_blob_finish(big), 0);
	ASSERT_EQ(harness_blob_check(big, sizeof(big), NULL, 0, NULL, 0, NULL), 0);
	bound = kho_nodes_claims_bound(big);
	if (!state)
		state = calloc(1, kho_nodes_state_size());
	ASSERT_TRUE(bound <= c.cap);
	c.cap = bound;
	EXPECT_EQ(kho_nodes_check(big, state, &c, NULL, NULL, &rep, why, sizeof(why)), 0);
	EXPECT_EQ(rep.nclaims, 2 * ARRAY_SIZE(many));
	printf("    # %zu claims, bound %zu\n", rep.nclaims, bound);
}

/* 100,000 nested directories, 100,000 extents: one pass, no recursion. */
static void parses_big_trees_in_one_pass(void)
{
	static char big[8 << 20];
	enum { N = 100000 };
	struct khofs_inode_rec *r = calloc(N, sizeof(*r));
	struct khofs_extent_rec *e = calloc(N, sizeof(*e));
	struct kho_mem m = { 1ULL << 32, N * PG };
	struct timespec t0, t1;
	struct kho_report rep;
	size_t i;

	ASSERT_TRUE(r && e);
	r[0].mode = DIR(0755);
	for (i = 1; i < N - 1; i++)
		r[i] = (struct khofs_inode_rec){
			.parent = i - 1, .mode = DIR(0755), .name_len = 1,
		};
	r[N - 1] = (struct khofs_inode_rec){
		.parent = N - 2, .mode = REG(0644), .size = N * PG, .name_len = 1,
	};
	for (i = 0; i < N; i++)
		e[i] = (struct khofs_extent_rec){
			.phys = m.addr + i * PG, .index = i, .inode = N - 1,
		};
	if (kho_blob_begin(big, sizeof(big), &hb) ||
	    khofs_node_write(big, &m, 1, r, N, "d", 1, e, N) ||
	    kho_blob_finish(big)) {
		ktap_fail_at(__FILE__, __LINE__, "building the big blob failed");
		goto out;
	}
	EXPECT_EQ(harness_blob_check(big, sizeof(big), NULL, 0, NULL, 0, NULL), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(khofs_parse(big, fdt_subnode_offset(big, 0, KHOFS_NODE), &st, &rep), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_EQ(st.ninodes, N);
	EXPECT_EQ(st.bytes, N * PG);
	printf("    # %d nested directories and %d extents parsed in %.1f ms\n", N, N,
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
out:
	free(r);
	free(e);
	free(state);
	state = NULL;
}

KTAP_SUITE(khofs_node,
	   KTAP_CASE(struct_sizes),
	   KTAP_CASE(name_order),
	   KTAP_CASE(good_tree_round_trip),
	   KTAP_CASE(refuses_each_mutation),
	   KTAP_CASE(accepts_edge_cases),
	   KTAP_CASE(refuses_property_lengths),
	   KTAP_CASE(describe_says_which_record),
	   KTAP_CASE(writer_refuses_what_it_cannot_write),
	   KTAP_CASE(claims_of_a_good_tree),
	   KTAP_CASE(claims_refuse_extents_outside_or_shared),
	   KTAP_CASE(claims_borrowed_from_khofs),
	   KTAP_CASE(claims_bound_holds),
	   KTAP_CASE(parses_big_trees_in_one_pass));
