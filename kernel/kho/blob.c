// SPDX-License-Identifier: GPL-2.0
/*
 * The KHO blob: building it with libfdt's sequential-write API on the
 * outgoing side, and checking everything about it on the incoming side
 * before a single byte of it is believed.
 *
 * Portable: the userspace harness, the fuzzer and the offline tools
 * compile this file as it is.
 */
#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/libfdt.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>

/**
 * kho_sbdf_find() - binary search of decoded records by PCI address
 * @recs: array of records, each starting with its u32 sbdf, strictly
 *	ascending by it (as the node parsers leave them)
 * @n: number of records
 * @size: size of one record
 * @sbdf: segment << 16 | bus << 8 | devfn
 *
 * Return: the index of the record for @sbdf, -1 if there is none.
 */
long kho_sbdf_find(const void *recs, size_t n, size_t size, u32 sbdf)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		u32 s;

		memcpy(&s, (const char *)recs + mid * size, sizeof(s));
		if (s == sbdf)
			return mid;
		if (s < sbdf)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/**
 * kho_fdt_errno() - turn a libfdt error into an errno
 * @fdt_err: 0 or a negative FDT_ERR_* code
 *
 * Return: 0, -ENOSPC for a full buffer, -EINVAL for anything else.
 */
int kho_fdt_errno(int fdt_err)
{
	if (!fdt_err)
		return 0;
	return fdt_err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
}

/**
 * kho_node_get_prop() - copy a fixed-size property out of a blob
 * @fdt: the blob
 * @node: node offset
 * @name: property name
 * @val: where to copy the value (property values are only 4-byte aligned)
 * @size: the exact length the property must have
 *
 * The length check every incoming property needs, in one place.
 *
 * Return: true if the property exists with exactly @size bytes.
 */
bool kho_node_get_prop(const void *fdt, int node, const char *name, void *val,
		       int size)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != size)
		return false;
	memcpy(val, p, size);
	return true;
}

/*
 * Walk the whole structure block once: every tag inside the block, node
 * names terminated, property names pointing into the strings block, one
 * root node with an empty name, begin/end nodes balanced, and the
 * structural limits of abi/kho.h (name lengths, depth, properties and
 * children per node, properties before children). After this the libfdt
 * read-only calls cannot wander outside the blob, and the name pass below
 * is bounded.
 *
 * This walker exists beside libfdt because libfdt's own full check,
 * fdt_check_full(), is not in the 6.12 kernel: libfdt.h declares it, but
 * neither lib/ nor scripts/dtc/libfdt carries the fdt_check.c defining it.
 * It would check neither the limits nor duplicate names anyway.
 */
/*
 * The name of the sound property at @offset lies inside the strings block
 * and is 1 to KHO_MAX_NAME_LEN bytes. Looked at directly, not with
 * fdt_get_string(), which would scan up to the end of the block: many
 * properties naming one huge string would make that quadratic.
 */
static int kho_fdt_check_prop_name(const void *fdt, int offset)
{
	const char *p = (const char *)fdt + fdt_off_dt_struct(fdt) + offset;
	u32 nameoff = fdt32_ld((const fdt32_t *)(p + offsetof(struct fdt_property, nameoff)));
	u32 size = fdt_size_dt_strings(fdt);
	size_t avail, n;

	if (nameoff >= size)
		return KHO_BLOB_BAD_NAME_OFFSET;
	avail = size - nameoff;
	n = strnlen((const char *)fdt + fdt_off_dt_strings(fdt) + nameoff,
		    avail < KHO_MAX_NAME_LEN + 1 ? avail : KHO_MAX_NAME_LEN + 1);
	if (n == avail)		/* runs off the end of the strings block */
		return KHO_BLOB_BAD_NAME_OFFSET;
	if (n == 0 || n > KHO_MAX_NAME_LEN)
		return KHO_BLOB_BAD_NAME;
	return KHO_BLOB_OK;
}

static int kho_fdt_check_structure(const void *fdt, size_t bufsize,
				   struct kho_report *rep)
{
	int open[KHO_MAX_DEPTH], nprops[KHO_MAX_DEPTH], nchild[KHO_MAX_DEPTH];
	bool has_child[KHO_MAX_DEPTH];
	int offset, next = 0, depth = 0, len, err;
	bool root_done = false;
	const char *name;

	if (bufsize < sizeof(struct fdt_header))
		return KHO_BLOB_TRUNCATED;
	err = fdt_check_header(fdt);
	if (err) {
		rep->fdt_err = err;
		return KHO_BLOB_BAD_HEADER;
	}
	if (fdt_totalsize(fdt) > bufsize)
		return KHO_BLOB_TRUNCATED;
	err = fdt_num_mem_rsv(fdt);
	if (err < 0) {
		rep->fdt_err = err;
		return KHO_BLOB_BAD_HEADER;
	}

	for (;;) {
		offset = next;
		switch (fdt_next_tag(fdt, offset, &next)) {
		case FDT_BEGIN_NODE:
			if (root_done)
				return KHO_BLOB_BAD_STRUCTURE;
			name = fdt_get_name(fdt, offset, &len);
			if (!name) {
				rep->fdt_err = len;
				return KHO_BLOB_BAD_STRUCTURE;
			}
			if (depth == 0 && len)
				return KHO_BLOB_BAD_STRUCTURE;
			rep->node = offset;
			if (depth && (len == 0 || len > KHO_MAX_NAME_LEN))
				return KHO_BLOB_BAD_NAME;
			if (depth == KHO_MAX_DEPTH)
				return KHO_BLOB_TOO_DEEP;
			if (depth) {
				rep->node = open[depth - 1];
				if (++nchild[depth - 1] > KHO_MAX_CHILDREN)
					return KHO_BLOB_TOO_MANY_CHILDREN;
				has_child[depth - 1] = true;
			}
			rep->node = -1;
			open[depth] = offset;
			nprops[depth] = 0;
			nchild[depth] = 0;
			has_child[depth] = false;
			depth++;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return KHO_BLOB_BAD_STRUCTURE;
			if (--depth == 0)
				root_done = true;
			break;
		case FDT_PROP:
			if (depth == 0)
				return KHO_BLOB_BAD_STRUCTURE;
			if (!fdt_get_property_by_offset(fdt, offset, &len)) {
				rep->fdt_err = len;
				return KHO_BLOB_BAD_STRUCTURE;
			}
			rep->node = open[depth - 1];
			rep->prop = offset;
			err = kho_fdt_check_prop_name(fdt, offset);
			if (err)
				return err;
			if (has_child[depth - 1])
				return KHO_BLOB_PROP_AFTER_NODE;
			if (++nprops[depth - 1] > KHO_MAX_PROPS)
				return KHO_BLOB_TOO_MANY_PROPS;
			rep->node = -1;
			rep->prop = -1;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			if (next < 0) {
				rep->fdt_err = next;
				return KHO_BLOB_BAD_STRUCTURE;
			}
			return root_done ? KHO_BLOB_OK : KHO_BLOB_BAD_STRUCTURE;
		default:
			return KHO_BLOB_BAD_STRUCTURE;
		}
		if (next < 0) {
			rep->fdt_err = next;
			return KHO_BLOB_BAD_STRUCTURE;
		}
	}
}

/*
 * Name of the node or property at structure offset @off, in a blob whose
 * walk passed: every name is then known to be terminated inside its block
 * (node names after the tag, property names in the strings block), so it
 * is read directly rather than through libfdt's checked lookups, which
 * would dominate the cost of sorting.
 */
static const char *kho_name_at(const void *fdt, int off, bool node)
{
	const char *p = (const char *)fdt + fdt_off_dt_struct(fdt) + off;

	if (node)
		return p + FDT_TAGSIZE;
	return (const char *)fdt + fdt_off_dt_strings(fdt) +
	       fdt32_ld((const fdt32_t *)(p + offsetof(struct fdt_property, nameoff)));
}

static int kho_name_cmp(const void *fdt, const int *off, int a, int b,
			bool node)
{
	return strcmp(kho_name_at(fdt, off[a], node),
		      kho_name_at(fdt, off[b], node));
}

/* Restore the max-heap (by name) of @off[0..@n) below @i. */
static void kho_names_sift(const void *fdt, int *off, int n, int i, bool node)
{
	for (;;) {
		int max = i, c = 2 * i + 1, tmp;

		if (c < n && kho_name_cmp(fdt, off, c, max, node) > 0)
			max = c;
		if (c + 1 < n && kho_name_cmp(fdt, off, c + 1, max, node) > 0)
			max = c + 1;
		if (max == i)
			return;
		tmp = off[i];
		off[i] = off[max];
		off[max] = tmp;
		i = max;
	}
}

/*
 * Heapsort the names at @off[0..@n) and return the offset of the later
 * (in the blob) of two equal ones, or -1: n log n name comparisons, each
 * at most KHO_MAX_NAME_LEN bytes, and no allocation.
 */
static int kho_names_dup(const void *fdt, int *off, int n, bool node)
{
	int i, tmp;

	for (i = n / 2; i-- > 0;)
		kho_names_sift(fdt, off, n, i, node);
	for (i = n - 1; i > 0; i--) {
		tmp = off[0];
		off[0] = off[i];
		off[i] = tmp;
		kho_names_sift(fdt, off, i, 0, node);
	}
	for (i = 1; i < n; i++)
		if (!kho_name_cmp(fdt, off, i - 1, i, node))
			return off[i - 1] > off[i] ? off[i - 1] : off[i];
	return -1;
}

static_assert(KHO_MAX_PROPS <= KHO_MAX_CHILDREN);

/*
 * No two properties of a node, and no two children of a node, share a
 * name. Runs after kho_fdt_check_structure(), whose limits bound it: each
 * node is visited once as a parent and once per ancestor while its
 * parent's children are listed (KHO_MAX_DEPTH times at most), and sorts
 * at most KHO_MAX_CHILDREN names of at most KHO_MAX_NAME_LEN bytes. So
 * the cost is linear in the blob size; hostile input cannot make it
 * quadratic. The names are sorted by offset in one stack array.
 */
static int kho_fdt_check_names(const void *fdt, struct kho_report *rep)
{
	int off[KHO_MAX_CHILDREN];
	int node, depth = 0, n, child, dup;

	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		n = 0;
		fdt_for_each_property_offset(child, fdt, node)
			if (n < (int)ARRAY_SIZE(off))
				off[n++] = child;
		dup = kho_names_dup(fdt, off, n, false);
		if (dup >= 0) {
			rep->node = node;
			rep->prop = dup;
			return KHO_BLOB_DUP_PROP;
		}
		n = 0;
		fdt_for_each_subnode(child, fdt, node)
			if (n < (int)ARRAY_SIZE(off))
				off[n++] = child;
		dup = kho_names_dup(fdt, off, n, true);
		if (dup >= 0) {
			rep->node = dup;
			return KHO_BLOB_DUP_NODE;
		}
	}
	return KHO_BLOB_OK;
}

/**
 * kho_compatible_valid() - check a versioned compatible property value
 * @s: property value
 * @len: property length in bytes, including the terminating NUL
 *
 * A valid value is one string "<name>-v<N>": name made of lower-case
 * letters, digits and ",._-", N a decimal version from 1 without leading
 * zeros.
 *
 * Return: true if @s is valid.
 */
bool kho_compatible_valid(const char *s, int len)
{
	int i, dash = -1;

	if (!s || len < 4 || s[len - 1] || strlen(s) != (size_t)len - 1)
		return false;
	for (i = 0; i < len - 1; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == ',' || c == '.' || c == '_' || c == '-'))
			return false;
		if (c == '-' && s[i + 1] == 'v')
			dash = i;
	}
	/* "<name>" non-empty, then "-v", then 1-9 digits, no leading zero. */
	if (dash < 1 || len - 1 - (dash + 2) < 1 || len - 1 - (dash + 2) > 9 ||
	    s[dash + 2] == '0')
		return false;
	for (i = dash + 2; i < len - 1; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/**
 * kho_blob_subnode() - the subsystem node of exactly this name
 * @fdt: a blob that passed kho_blob_check()
 * @name: node name
 *
 * Not fdt_subnode_offset(): for a name without '@' libfdt also matches a
 * node "<name>@<anything>", so a blob could put a "vfio@0" node, which
 * the node table (exact names) never parses or claims for, in front of
 * the subsystem's reader. Names are unique among the root's children
 * (kho_blob_check()), so at most one matches here.
 *
 * Return: the node offset, or -FDT_ERR_NOTFOUND.
 */
int kho_blob_subnode(const void *fdt, const char *name)
{
	const char *n;
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		n = fdt_get_name(fdt, node, NULL);
		if (n && !strcmp(n, name))
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

/**
 * kho_blob_node_mem() - the preserved ranges of one node
 * @fdt: a blob that passed kho_blob_check()
 * @node: node offset
 * @mem: set to the ranges inside the blob (unaligned, read in place)
 * @n: set to the number of ranges
 *
 * Return: 0 (a node without mem has zero ranges), -EINVAL if the property
 * length is not a whole number of ranges.
 */
int kho_blob_node_mem(const void *fdt, int node, const struct kho_mem **mem,
		      size_t *n)
{
	int len;
	const void *prop = fdt_getprop(fdt, node, KHO_MEM_PROP, &len);

	*mem = NULL;
	*n = 0;
	if (!prop)
		return 0;
	if (len % sizeof(struct kho_mem))
		return -EINVAL;
	*mem = prop;
	*n = len / sizeof(struct kho_mem);
	return 0;
}

struct kho_mem_list {
	const struct kho_mem *mem;
	size_t n;
	size_t cursor;
	int node;
};

static u64 kho_list_head(const struct kho_mem_list *l)
{
	return l->mem[l->cursor].addr;
}

/* Restore the min-heap of list indices (keyed by head address) below @i. */
static void kho_heap_sift(u8 *heap, unsigned int n, unsigned int i,
			  const struct kho_mem_list *l)
{
	for (;;) {
		unsigned int min = i, c = 2 * i + 1;
		u8 tmp;

		if (c < n && kho_list_head(&l[heap[c]]) < kho_list_head(&l[heap[min]]))
			min = c;
		if (c + 1 < n &&
		    kho_list_head(&l[heap[c + 1]]) < kho_list_head(&l[heap[min]]))
			min = c + 1;
		if (min == i)
			return;
		tmp = heap[i];
		heap[i] = heap[min];
		heap[min] = tmp;
		i = min;
	}
}

/*
 * Each list is sorted and valid on its own; merge them by address with a
 * min-heap and return the index of the first list whose range overlaps an
 * earlier one from any list, or -1. O(total ranges x log lists).
 */
static int kho_lists_overlap(struct kho_mem_list *l, unsigned int k)
{
	u8 heap[KHO_MAX_MEM_NODES];
	unsigned int n = 0, i;
	u64 prev_end = 0;
	bool first = true;

	for (i = 0; i < k; i++)
		if (l[i].n)
			heap[n++] = i;
	for (i = n / 2; i-- > 0;)
		kho_heap_sift(heap, n, i, l);

	while (n) {
		struct kho_mem_list *top = &l[heap[0]];
		const struct kho_mem *r = &top->mem[top->cursor++];

		if (!first && r->addr < prev_end)
			return heap[0];
		if (first || r->addr + r->len > prev_end)
			prev_end = r->addr + r->len;
		first = false;
		if (top->cursor == top->n)
			heap[0] = heap[--n];
		kho_heap_sift(heap, n, 0, l);
	}
	return -1;
}

static int kho_blob_fail(struct kho_blob_report *rep, enum kho_blob_err err,
			 int node)
{
	rep->why.node = node;
	return kho_report_fail(&rep->why, err);
}

/**
 * kho_blob_check() - validate an incoming blob completely
 * @fdt: the blob
 * @bufsize: bytes available at @fdt (the blob may not claim more)
 * @ram: RAM ranges, sorted, for the range checks; NULL to skip
 * @nram: number of RAM ranges
 * @forbidden: sorted ranges no preserved memory may touch (the kernel
 *	image, say); may be NULL
 * @nforbidden: number of forbidden ranges
 * @rep: filled with the outcome and, on success, totals; may be NULL
 *
 * Checks the FDT structure and the structural rules of abi/kho.h (name
 * lengths, depth, properties and children per node, properties before
 * children, no duplicate property name in a node and no duplicate node
 * name under a parent), then the root compatible, each subsystem node's
 * compatible, where mem properties are and their lengths, every range
 * (kho_ranges_check()) and that no two nodes preserve the same memory.
 *
 * Return: 0 if the blob is valid, -EINVAL otherwise.
 */
int kho_blob_check(const void *fdt, size_t bufsize,
		   const struct kho_mem *ram, size_t nram,
		   const struct kho_mem *forbidden, size_t nforbidden,
		   struct kho_blob_report *rep)
{
	struct kho_mem_list lists[KHO_MAX_MEM_NODES];
	struct kho_blob_report local;
	struct kho_report range;
	int node, depth = 0, len, bad;
	const char *compat;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	kho_report_init(&rep->why, &kho_blob_errors);

	rep->why.err = kho_fdt_check_structure(fdt, bufsize, &rep->why);
	if (rep->why.err)
		return -EINVAL;
	rep->walkable = true;
	rep->why.err = kho_fdt_check_names(fdt, &rep->why);
	if (rep->why.err)
		return -EINVAL;

	compat = fdt_getprop(fdt, 0, KHO_COMPATIBLE_PROP, &len);
	if (!compat || len != sizeof(KHO_ROOT_COMPATIBLE) ||
	    memcmp(compat, KHO_ROOT_COMPATIBLE, len))
		return kho_blob_fail(rep, KHO_BLOB_BAD_ROOT, 0);

	/* mem belongs on subsystem nodes only: not the root, not deeper. */
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, &depth))
		if (depth != 1 && fdt_getprop(fdt, node, KHO_MEM_PROP, NULL))
			return kho_blob_fail(rep, KHO_BLOB_MEM_NOT_ALLOWED, node);

	fdt_for_each_subnode(node, fdt, 0) {
		struct kho_mem_list *l = &lists[rep->mem_nodes];

		rep->nodes++;
		compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, &len);
		if (!kho_compatible_valid(compat, compat ? len : 0))
			return kho_blob_fail(rep, KHO_BLOB_BAD_COMPATIBLE, node);
		if (!fdt_getprop(fdt, node, KHO_MEM_PROP, NULL))
			continue;
		if (rep->mem_nodes == KHO_MAX_MEM_NODES)
			return kho_blob_fail(rep, KHO_BLOB_TOO_MANY_NODES, node);
		if (kho_blob_node_mem(fdt, node, &l->mem, &l->n))
			return kho_blob_fail(rep, KHO_BLOB_BAD_MEM_LEN, node);
		if (kho_ranges_check(l->mem, l->n, ram, nram, forbidden,
				     nforbidden, &range)) {
			rep->why.cause_errors = range.errors;
			rep->why.cause = range.err;
			rep->why.index = range.index;
			rep->why.addr = range.addr;
			rep->why.len = range.len;
			return kho_blob_fail(rep, KHO_BLOB_BAD_RANGE, node);
		}
		l->cursor = 0;
		l->node = node;
		rep->mem_nodes++;
		rep->ranges += l->n;
		rep->bytes += kho_ranges_total(l->mem, l->n);
	}
	if (node != -FDT_ERR_NOTFOUND)
		return kho_blob_fail(rep, KHO_BLOB_BAD_STRUCTURE, -1);

	bad = kho_lists_overlap(lists, rep->mem_nodes);
	if (bad >= 0)
		return kho_blob_fail(rep, KHO_BLOB_NODES_OVERLAP, lists[bad].node);
	return 0;
}

static const struct kho_err_text kho_blob_text[] = {
	KHO_ERR_TEXTS(KHO_BLOB_ERRORS)
};
const struct kho_errors kho_blob_errors = KHO_ERRORS(kho_blob_text);

/**
 * kho_blob_describe() - one line saying what kho_blob_check() found
 * @buf: output buffer
 * @len: size of @buf
 * @fdt: the blob that was checked
 * @rep: the report kho_blob_check() filled
 *
 * The totals of a valid blob, else kho_report_describe()'s line: the node
 * and property at fault (names escaped), for range errors the range and
 * its index, and the reason.
 *
 * Return: what snprintf() returns.
 */
int kho_blob_describe(char *buf, size_t len, const void *fdt,
		      const struct kho_blob_report *rep)
{
	if (rep->why.err == KHO_BLOB_OK)
		return snprintf(buf, len, "valid: %u nodes, %zu ranges, %llu bytes preserved",
				rep->nodes, rep->ranges,
				(unsigned long long)rep->bytes);
	/* Names may be read only once the header is known to be sane. */
	return kho_report_describe(buf, len, rep->why.err == KHO_BLOB_BAD_HEADER ||
				   rep->why.err == KHO_BLOB_TRUNCATED ? NULL : fdt,
				   &rep->why);
}

/**
 * kho_blob_begin() - start a blob in @buf: header and root node
 * @buf: buffer for the blob
 * @size: its size
 *
 * Return: 0, -ENOSPC if @buf is too small, -EINVAL otherwise.
 */
int kho_blob_begin(void *buf, size_t size)
{
	int err;

	err = fdt_create(buf, size);
	if (!err)
		err = fdt_finish_reservemap(buf);
	if (!err)
		err = fdt_begin_node(buf, "");
	if (!err)
		err = fdt_property_string(buf, KHO_COMPATIBLE_PROP,
					  KHO_ROOT_COMPATIBLE);
	return kho_fdt_errno(err);
}

/**
 * kho_blob_finish() - close the root node and finish the blob
 * @fdt: blob started with kho_blob_begin()
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int kho_blob_finish(void *fdt)
{
	int err = fdt_end_node(fdt);

	if (!err)
		err = fdt_finish(fdt);
	return kho_fdt_errno(err);
}

/**
 * kho_node_begin() - open a subsystem node
 * @fdt: blob being built
 * @name: node name
 * @compatible: "<name>-v<N>"
 *
 * Return: 0, -ENOSPC, or -EINVAL (also for a malformed @compatible).
 */
int kho_node_begin(void *fdt, const char *name, const char *compatible)
{
	int err;

	if (!kho_compatible_valid(compatible, strlen(compatible) + 1))
		return -EINVAL;
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property_string(fdt, KHO_COMPATIBLE_PROP, compatible);
	return kho_fdt_errno(err);
}

/**
 * kho_node_add_mem() - write the node's preserved ranges
 * @fdt: blob being built, inside a node opened with kho_node_begin()
 * @mem: ranges, sorted, non-overlapping, page aligned
 * @n: number of ranges
 *
 * Return: 0, -ENOSPC, or -EINVAL if the ranges are not a valid list.
 */
int kho_node_add_mem(void *fdt, const struct kho_mem *mem, size_t n)
{
	if (kho_ranges_check(mem, n, NULL, 0, NULL, 0, NULL))
		return -EINVAL;
	if (n > INT_MAX / sizeof(*mem))
		return -E2BIG;
	return kho_fdt_errno(fdt_property(fdt, KHO_MEM_PROP, mem,
					  n * sizeof(*mem)));
}

/**
 * kho_node_end() - close the node opened by kho_node_begin()
 * @fdt: blob being built
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int kho_node_end(void *fdt)
{
	return kho_fdt_errno(fdt_end_node(fdt));
}
