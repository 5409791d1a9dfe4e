// SPDX-License-Identifier: GPL-2.0
/*
 * The KHO blob: building it with libfdt's sequential-write API on the
 * outgoing side, and checking everything about it on the incoming side
 * before a single byte of it is believed.
 *
 * Portable: the userspace harness, the fuzzer and the offline tools
 * compile this file as it is.
 */
#include <linux/export.h>
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
EXPORT_SYMBOL_GPL(kho_fdt_errno);

/**
 * kho_node_get_prop() - copy a fixed-size property out of a blob
 * @fdt: the blob
 * @node: node offset
 * @name: property name
 * @val: where to copy the value (property values are only 4-byte aligned)
 * @size: the exact length the property must have
 *
 * The length check every incoming property needs, in one place. @val is
 * written only on success.
 *
 * Return: 0 with the value copied to @val; -ENOENT if @node has no
 * property @name; -EINVAL if the property's length is not exactly @size,
 * or if libfdt cannot look it up at all (@node not a node offset, @fdt
 * not a sound FDT).
 */
int kho_node_get_prop(const void *fdt, int node, const char *name, void *val,
		      int size)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return len == -FDT_ERR_NOTFOUND ? -ENOENT : -EINVAL;
	if (len != size)
		return -EINVAL;
	memcpy(val, p, size);
	return 0;
}
EXPORT_SYMBOL_GPL(kho_node_get_prop);

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
 * Return: the node offset (positive), or -FDT_ERR_NOTFOUND if the root
 * has no child of that name. -FDT_ERR_NOTFOUND is a libfdt code, not an
 * errno: callers test for a negative value and return their own errno.
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

/*
 * The blobs whose map is attached (kho_blob_mem_attach()): the incoming
 * one and the one being written, so a few slots are plenty. Attaching and
 * detaching are serialized by the callers (early boot, or the core's
 * lock); readers only look slots up.
 */
#define KHO_BLOB_MEM_SLOTS	4
static struct kho_blob_mem *kho_blob_mem_slot[KHO_BLOB_MEM_SLOTS];

static struct kho_blob_mem *kho_blob_mem_find(const void *fdt)
{
	unsigned int i;

	for (i = 0; i < KHO_BLOB_MEM_SLOTS; i++)
		if (kho_blob_mem_slot[i] && kho_blob_mem_slot[i]->fdt == fdt)
			return kho_blob_mem_slot[i];
	return NULL;
}

/**
 * kho_blob_node_mem() - the preserved ranges of one node
 * @fdt: a blob that passed kho_blob_check()
 * @node: node offset
 * @mem: set to the node's ranges: sorted, disjoint, touching ones merged
 * @n: set to the number of ranges
 *
 * The ranges come from the blob's map as kho_blob_mem_attach() grouped
 * them by owner. A node that owns nothing, or a blob without an attached
 * map, has zero ranges.
 *
 * Return: 0, or -EINVAL for a negative @node (zero ranges then too).
 */
int kho_blob_node_mem(const void *fdt, int node, const struct kho_mem **mem,
		      size_t *n)
{
	const struct kho_blob_mem *m;
	unsigned int i;

	*mem = NULL;
	*n = 0;
	if (node < 0)
		return -EINVAL;
	m = kho_blob_mem_find(fdt);
	if (!m)
		return 0;
	for (i = 0; i < m->nown; i++) {
		if (m->own[i].node != node)
			continue;
		if (m->own[i].n) {
			*mem = m->r + m->own[i].first;
			*n = m->own[i].n;
		}
		break;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_blob_node_mem);

/**
 * kho_blob_mem_attach() - group a checked map's runs by owning node
 * @m: filled; registered so that kho_blob_node_mem() answers from it
 * @fdt: a blob that passed kho_blob_check() and whose map passed
 *	kho_map_check()
 * @src: how to read the map's chunks
 * @storage: room for the runs
 * @cap: entries in @storage: at least the runs kho_map_check() counted
 *
 * Walks the map twice: once to count each owner's runs, once to put them
 * in place, merging runs of one owner that touch (two regions may split
 * one stretch). Each owner's group is sorted since the map is. A blob
 * already attached is replaced.
 *
 * Return: 0; -ENOSPC when @storage is too small; -EBUSY when every slot
 * is taken; -EINVAL when the map cannot be walked or names an owner
 * that is not a node.
 */
int kho_blob_mem_attach(struct kho_blob_mem *m, const void *fdt,
			const struct kho_map_src *src, struct kho_mem *storage,
			size_t cap)
{
	size_t count[KHO_MAP_MAX_OWNERS] = { 0 }, total = 0;
	struct kho_map_iter it;
	struct kho_map_run run;
	unsigned int i, slot = KHO_BLOB_MEM_SLOTS;
	const char *name;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < KHO_BLOB_MEM_SLOTS; i++)
		if (kho_blob_mem_slot[i] && kho_blob_mem_slot[i]->fdt == fdt)
			kho_blob_mem_slot[i] = NULL;
	for (i = 0; i < KHO_BLOB_MEM_SLOTS; i++)
		if (!kho_blob_mem_slot[i])
			break;
	slot = i;
	if (slot == KHO_BLOB_MEM_SLOTS)
		return -EBUSY;

	if (kho_map_iter_init(&it, fdt, src))
		return -EINVAL;
	if (it.nowners > KHO_MAP_MAX_OWNERS)
		return -EINVAL;
	while (kho_map_next_run(&it, &run)) {
		if (run.owner >= it.nowners)
			return -EINVAL;
		count[run.owner]++;
		total++;
	}
	if (total > cap)
		return -ENOSPC;

	m->fdt = fdt;
	m->r = storage;
	m->cap = cap;
	m->nown = it.nowners;
	for (i = 0; i < m->nown; i++) {
		name = kho_map_owner_name(&it, i);
		m->own[i].node = name ? kho_blob_subnode(fdt, name) : -1;
		if (m->own[i].node < 0)
			return -EINVAL;
		m->own[i].first = m->n;
		m->own[i].n = 0;
		m->n += count[i];
	}

	if (kho_map_iter_init(&it, fdt, src))
		return -EINVAL;
	while (kho_map_next_run(&it, &run)) {
		struct kho_mem *g, *last;

		if (run.owner >= m->nown || m->own[run.owner].n == count[run.owner])
			return -EINVAL;
		g = m->r + m->own[run.owner].first;
		last = m->own[run.owner].n ? &g[m->own[run.owner].n - 1] : NULL;
		if (last && last->addr + last->len == run.addr) {
			last->len += run.len;
			continue;
		}
		g[m->own[run.owner].n].addr = run.addr;
		g[m->own[run.owner].n].len = run.len;
		m->own[run.owner].n++;
	}
	kho_blob_mem_slot[slot] = m;
	return 0;
}

/**
 * kho_blob_mem_detach() - forget a map kho_blob_mem_attach() grouped
 * @m: what it filled; its storage is the caller's to free afterwards
 *
 * kho_blob_node_mem() gives zero ranges for that blob from now on.
 */
void kho_blob_mem_detach(struct kho_blob_mem *m)
{
	unsigned int i;

	for (i = 0; i < KHO_BLOB_MEM_SLOTS; i++)
		if (kho_blob_mem_slot[i] == m)
			kho_blob_mem_slot[i] = NULL;
	m->fdt = NULL;
	m->n = 0;
	m->nown = 0;
}

/**
 * kho_blob_map_ref() - read the root's mem-map property
 * @fdt: the blob
 * @ref: filled with its value
 *
 * Return: 0; -EINVAL (and @ref zeroed) if the root has no mem-map of
 * exactly one struct kho_map_ref.
 */
int kho_blob_map_ref(const void *fdt, struct kho_map_ref *ref)
{
	if (kho_node_get_prop(fdt, 0, KHO_MAP_PROP, ref, sizeof(*ref))) {
		memset(ref, 0, sizeof(*ref));
		return -EINVAL;
	}
	return 0;
}

static int kho_blob_fail(struct kho_blob_report *rep, enum kho_blob_err err,
			 int node)
{
	rep->why.node = node;
	return kho_report_fail(&rep->why, err);
}

/**
 * kho_blob_check() - validate an incoming blob (the map is kho_map_check()'s)
 * @fdt: the blob
 * @bufsize: bytes available at @fdt (the blob may not claim more)
 * @rep: filled with the outcome and, on success, the node count and the
 *	mem-map value; may be NULL
 *
 * Checks the FDT structure and the structural rules of abi/kho.h (name
 * lengths, depth, properties and children per node, properties before
 * children, no duplicate property name in a node and no duplicate node
 * name under a parent), then the root compatible, a mem-map of exactly
 * one struct kho_map_ref on the root and nowhere else, and each
 * subsystem node's compatible. A subsystem node's other properties are
 * its own parser's business (an old "mem" included).
 *
 * Return: 0 if the blob is valid, -EINVAL otherwise.
 */
int kho_blob_check(const void *fdt, size_t bufsize,
		   struct kho_blob_report *rep)
{
	struct kho_blob_report local;
	int node, depth = 0, len;
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

	if (kho_blob_map_ref(fdt, &rep->map))
		return kho_blob_fail(rep, KHO_BLOB_BAD_MAP_LEN, 0);
	/* mem-map belongs to the root only. */
	for (node = fdt_next_node(fdt, 0, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth))
		if (fdt_getprop(fdt, node, KHO_MAP_PROP, NULL))
			return kho_blob_fail(rep, KHO_BLOB_MAP_NOT_ALLOWED, node);

	fdt_for_each_subnode(node, fdt, 0) {
		rep->nodes++;
		compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, &len);
		if (!kho_compatible_valid(compat, compat ? len : 0))
			return kho_blob_fail(rep, KHO_BLOB_BAD_COMPATIBLE, node);
	}
	if (node != -FDT_ERR_NOTFOUND)
		return kho_blob_fail(rep, KHO_BLOB_BAD_STRUCTURE, -1);
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
 * The totals of a valid blob (nodes, and the map's chunks and pages as
 * mem-map gives them), else kho_report_describe()'s line: the node and
 * property at fault (names escaped) and the reason.
 *
 * Return: what snprintf() returns.
 */
int kho_blob_describe(char *buf, size_t len, const void *fdt,
		      const struct kho_blob_report *rep)
{
	if (rep->why.err == KHO_BLOB_OK)
		return snprintf(buf, len, "valid: %u nodes, map of %llu chunks, %llu pages preserved",
				rep->nodes,
				(unsigned long long)rep->map.chunks,
				(unsigned long long)rep->map.pages);
	/* Names may be read only once the header is known to be sane. */
	return kho_report_describe(buf, len, rep->why.err == KHO_BLOB_BAD_HEADER ||
				   rep->why.err == KHO_BLOB_TRUNCATED ? NULL : fdt,
				   &rep->why);
}

/*
 * The blob being written and the builder its nodes' memory goes to. One
 * blob is written at a time (the kernel holds kho_out.lock across the
 * dump; the userspace tools are single threaded): kho_blob_begin() sets
 * the pair, kho_blob_finish() clears it.
 */
static struct {
	void *fdt;
	struct kho_map_builder *map;
} kho_writer;

static struct kho_map_builder *kho_writer_map(const void *fdt)
{
	return fdt && kho_writer.fdt == fdt ? kho_writer.map : NULL;
}

/**
 * kho_blob_begin() - start a blob in @buf: header and root node
 * @buf: buffer for the blob
 * @size: its size
 * @map: the builder the nodes' preserved memory goes to (reset here), or
 *	NULL for a blob whose nodes preserve nothing
 *
 * Writes the root compatible and a zeroed mem-map (an empty map) that
 * kho_blob_set_map() fills in once the map is encoded. Until
 * kho_blob_finish(), @buf is the blob being written: writing another one
 * meanwhile detaches @map from this one. A map attached to @buf's
 * previous content (kho_blob_mem_attach()) is unregistered.
 *
 * Return: 0; -ENOSPC if @buf is too small for the header and root;
 * -EINVAL for any other libfdt error.
 */
int kho_blob_begin(void *buf, size_t size, struct kho_map_builder *map)
{
	struct kho_map_ref ref = { 0 };
	unsigned int i;
	int err;

	kho_writer.fdt = NULL;
	kho_writer.map = NULL;
	/* A map attached to what @buf held before describes another blob. */
	for (i = 0; i < KHO_BLOB_MEM_SLOTS; i++)
		if (kho_blob_mem_slot[i] && kho_blob_mem_slot[i]->fdt == buf)
			kho_blob_mem_slot[i] = NULL;
	err = fdt_create(buf, size);
	if (!err)
		err = fdt_finish_reservemap(buf);
	if (!err)
		err = fdt_begin_node(buf, "");
	if (!err)
		err = fdt_property_string(buf, KHO_COMPATIBLE_PROP,
					  KHO_ROOT_COMPATIBLE);
	if (!err)
		err = fdt_property(buf, KHO_MAP_PROP, &ref, sizeof(ref));
	if (err)
		return kho_fdt_errno(err);
	if (map)
		kho_map_builder_reset(map);
	kho_writer.fdt = buf;
	kho_writer.map = map;
	return 0;
}

/**
 * kho_blob_set_map() - point the root's mem-map at the encoded map
 * @fdt: a finished blob begun with kho_blob_begin()
 * @ref: what kho_map_encode() filled
 *
 * Rewrites the placeholder in place: the blob keeps its size.
 *
 * Return: 0; -ENOSPC when the root's mem-map is not exactly one
 * struct kho_map_ref (fdt_setprop_inplace() cannot resize it); -EINVAL
 * when the root has no mem-map or @fdt is not a sound FDT.
 */
int kho_blob_set_map(void *fdt, const struct kho_map_ref *ref)
{
	return kho_fdt_errno(fdt_setprop_inplace(fdt, 0, KHO_MAP_PROP, ref,
						 sizeof(*ref)));
}

/**
 * kho_blob_finish() - close the root node and finish the blob
 * @fdt: blob started with kho_blob_begin()
 *
 * Detaches the builder: no node memory can be added afterwards.
 *
 * Return: 0; -ENOSPC when the buffer has no room for the closing tags;
 * -EINVAL when @fdt is not a blob being written (libfdt's other errors).
 */
int kho_blob_finish(void *fdt)
{
	int err;

	if (kho_writer.fdt == fdt) {
		kho_writer.fdt = NULL;
		kho_writer.map = NULL;
	}
	err = fdt_end_node(fdt);
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
 * With a builder attached (kho_blob_begin()), @name becomes the owner of
 * the memory added until kho_node_end().
 *
 * Return: 0; -ENOSPC when the blob's buffer or the builder's owner table
 * is full; -EINVAL for a malformed @compatible, a name the builder refuses
 * (empty or longer than %KHO_MAX_NAME_LEN) or any other libfdt error.
 */
int kho_node_begin(void *fdt, const char *name, const char *compatible)
{
	struct kho_map_builder *map = kho_writer_map(fdt);
	int err;

	if (!kho_compatible_valid(compatible, strlen(compatible) + 1))
		return -EINVAL;
	err = fdt_begin_node(fdt, name);
	if (!err)
		err = fdt_property_string(fdt, KHO_COMPATIBLE_PROP, compatible);
	if (err)
		return kho_fdt_errno(err);
	if (map) {
		err = kho_map_open_owner(map, name);
		if (err < 0)
			return err;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_node_begin);

/**
 * kho_node_add_mem() - preserve ranges for the open node
 * @fdt: blob being built, inside a node opened with kho_node_begin()
 * @mem: ranges, sorted, non-overlapping, page aligned
 * @n: number of ranges
 *
 * The ranges go to the builder kho_blob_begin() attached, owned by the
 * open node; the blob itself does not grow.
 *
 * Return: 0; -EINVAL if the ranges are not a valid list (as
 * kho_ranges_check() defines it), no builder is attached or no node is
 * open; -ENOSPC when the builder is full and has no grow
 * callback; -ENOMEM (or whatever else the builder's grow callback
 * returns) when growing it fails.
 */
int kho_node_add_mem(void *fdt, const struct kho_mem *mem, size_t n)
{
	struct kho_map_builder *map = kho_writer_map(fdt);
	size_t i;
	int err;

	if (kho_ranges_check(mem, n, NULL, 0, NULL, 0, NULL))
		return -EINVAL;
	if (!map)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		err = kho_map_add(map, mem[i].addr, mem[i].len);
		if (err)
			return err;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_node_add_mem);

/**
 * kho_node_prop() - add a property to the open node
 * @fdt: the blob being written
 * @name: property name
 * @val: its value
 * @len: its length in bytes
 *
 * fdt_property() with its libfdt error turned into an errno, so a dump
 * callback can pass any error of the node helpers to
 * notifier_from_errno() as it is.
 *
 * Return: 0; -ENOSPC when the blob's buffer is full; -EINVAL for any
 * other libfdt error (@fdt not a blob being written, a bad @len).
 */
int kho_node_prop(void *fdt, const char *name, const void *val, int len)
{
	return kho_fdt_errno(fdt_property(fdt, name, val, len));
}
EXPORT_SYMBOL_GPL(kho_node_prop);

/**
 * kho_node_end() - close the node opened by kho_node_begin()
 * @fdt: blob being built
 *
 * Return: 0; -ENOSPC when the blob's buffer is full; -EINVAL when @fdt
 * is not a blob being written (libfdt's other errors).
 */
int kho_node_end(void *fdt)
{
	struct kho_map_builder *map = kho_writer_map(fdt);

	if (map)
		map->cur = -1;
	return kho_fdt_errno(fdt_end_node(fdt));
}
EXPORT_SYMBOL_GPL(kho_node_end);
