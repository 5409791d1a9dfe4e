// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the khofs node parser (fs/khofs/node.c), behind the
 * blob checker as in the kernel: whatever the bytes, no read outside them,
 * and what it accepts keeps the promises of abi/khofs.h, restated here
 * without the parser's helpers. When the whole blob passes the node table
 * and the overlap rule too, every extent lies in mem and no page is in two
 * extents.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>
#include <linux/kho/khofs.h>

#define PG	4096ULL

static struct khofs_state st;

static int is_dir(u32 mode)
{
	return (mode & 0170000) == 0040000;
}

static int is_reg(u32 mode)
{
	return (mode & 0170000) == 0100000;
}

static const char *name_of(const struct khofs_inode_rec *r)
{
	return st.names + r->name_off;
}

/* Byte by byte, unsigned, the shorter first: the order of abi/khofs.h. */
static int before(const struct khofs_inode_rec *a, const struct khofs_inode_rec *b)
{
	u32 i;

	if (a->parent != b->parent)
		return a->parent < b->parent;
	for (i = 0; i < a->name_len && i < b->name_len; i++)
		if (name_of(a)[i] != name_of(b)[i])
			return (unsigned char)name_of(a)[i] < (unsigned char)name_of(b)[i];
	return a->name_len < b->name_len;
}

static void check_inodes(void)
{
	struct khofs_inode_rec r, p, prev;
	size_t i;
	u32 j;

	if (st.ninodes < 1)
		abort();
	khofs_inode_get(&st, 0, &r);
	if (!is_dir(r.mode) || r.parent || r.name_len || r.size ||
	    (r.mode & ~0177777))
		abort();
	for (i = 1; i < st.ninodes; i++) {
		khofs_inode_get(&st, i, &r);
		if (!(is_dir(r.mode) || is_reg(r.mode)) || (r.mode & ~0177777) ||
		    (is_dir(r.mode) && r.size) || r.size > KHOFS_SIZE_MAX)
			abort();
		if (r.parent >= i)
			abort();
		khofs_inode_get(&st, r.parent, &p);
		if (!is_dir(p.mode))
			abort();
		if (!r.name_len || r.name_len > 255 ||
		    (u64)r.name_off + r.name_len > st.names_len)
			abort();
		for (j = 0; j < r.name_len; j++)
			if (name_of(&r)[j] == '/' || !name_of(&r)[j])
				abort();
		if (name_of(&r)[0] == '.' &&
		    (r.name_len == 1 || (r.name_len == 2 && name_of(&r)[1] == '.')))
			abort();
		if (i > 1 && !before(&prev, &r))
			abort();
		prev = r;
	}
}

static void check_extents(void)
{
	struct khofs_extent_rec e, prev;
	struct khofs_inode_rec f;
	u64 bytes = 0, size;
	size_t i;

	for (i = 0; i < st.nextents; i++) {
		khofs_extent_get(&st, i, &e);
		if (e.order > KHOFS_MAX_ORDER || e.inode >= st.ninodes)
			abort();
		size = PG << e.order;
		khofs_inode_get(&st, e.inode, &f);
		if (!is_reg(f.mode) || e.index % (1ULL << e.order) ||
		    !e.phys || e.phys % size || e.phys + size < e.phys ||
		    e.phys + size == 0)
			abort();
		/* The first page is below the end of the file. */
		if (e.index >= f.size / PG + (f.size % PG != 0))
			abort();
		if (i && (e.inode < prev.inode ||
			  (e.inode == prev.inode &&
			   e.index < prev.index + (1ULL << prev.order))))
			abort();
		bytes += size;
		prev = e;
	}
	if (bytes != st.bytes || bytes != kho_ranges_total(st.mem, st.nmem))
		abort();
}

/* After the overlap rule accepted the blob: in mem, no page twice. */
static void check_claimed(void)
{
	struct khofs_extent_rec a, b;
	size_t i, j;

	for (i = 0; i < st.nextents; i++) {
		khofs_extent_get(&st, i, &a);
		if (!kho_ranges_contain(st.mem, st.nmem, a.phys, PG << a.order))
			abort();
	}
	if (st.nextents > 512)
		return;
	for (i = 0; i < st.nextents; i++) {
		khofs_extent_get(&st, i, &a);
		for (j = i + 1; j < st.nextents; j++) {
			khofs_extent_get(&st, j, &b);
			if (a.phys < b.phys + (PG << b.order) &&
			    b.phys < a.phys + (PG << a.order))
				abort();
		}
	}
}

/* Static: struct kho_blob_mem is a few KiB. */
static struct fuzz_input in;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_report rep;
	char line[160];
	bool accepted;
	void *fdt;
	int node;

	fdt = fuzz_node_input(&in, data, size, KHOFS_NODE, &node);
	if (!fdt) {
		fuzz_input_free(&in);
		return 0;
	}
	accepted = !khofs_parse(fdt, node, &st, &rep);
	if (accepted) {
		check_inodes();
		check_extents();
	} else if (rep.err == KHOFS_OK) {
		abort();
	}
	kho_report_describe(line, sizeof(line), fdt, &rep);
	/* Only a known layout is checked: the compatible must match too. */
	if (!fuzz_check_nodes(fdt) && accepted && kho_node_type_find(fdt, node))
		check_claimed();
	fuzz_input_free(&in);
	return 0;
}
