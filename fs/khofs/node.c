// SPDX-License-Identifier: GPL-2.0
/*
 * The khofs node (abi/khofs.h): writing it, and checking all of it before
 * the next kernel gives a single page of a preserved file to anyone.
 *
 * Portable: the userspace harness, the fuzzers and the tools compile this
 * file as it is. The checks make one pass over the inodes and one over
 * the extents, comparing each record with the one before it and with its
 * parent or file; no allocation and a bounded stack, since the kernel runs
 * them in early boot.
 */
#include <linux/array_size.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/claims.h>
#include <linux/kho/khofs.h>
#include <linux/kho/nodes.h>
#include <asm/page.h>

#define KHOFS_PROP_INODES	"inodes"
#define KHOFS_PROP_NAMES	"names"
#define KHOFS_PROP_EXTENTS	"extents"

static_assert(sizeof(struct khofs_inode_rec) == 40);
static_assert(sizeof(struct khofs_extent_rec) == 24);
/*
 * kho_nodes_claims_bound(): every claim comes from at least 16 bytes of
 * property data of its own. khofs_node_check() adds one claim per extent.
 */
static_assert(sizeof(struct khofs_extent_rec) >= 16);

/**
 * khofs_inode_get() - copy one inode record out of the blob
 * @st: state khofs_parse() filled
 * @i: record index, below @st->ninodes
 * @rec: the copy (records in the blob are only 4-byte aligned)
 */
void khofs_inode_get(const struct khofs_state *st, size_t i,
		     struct khofs_inode_rec *rec)
{
	memcpy(rec, &st->inodes[i], sizeof(*rec));
}

/**
 * khofs_extent_get() - copy one extent record out of the blob
 * @st: state khofs_parse() filled
 * @i: record index, below @st->nextents
 * @rec: the copy (records in the blob are only 4-byte aligned)
 */
void khofs_extent_get(const struct khofs_state *st, size_t i,
		      struct khofs_extent_rec *rec)
{
	memcpy(rec, &st->extents[i], sizeof(*rec));
}

/**
 * khofs_name_cmp() - the order of names in a directory (abi/khofs.h)
 * @a: first name
 * @alen: its length
 * @b: second name
 * @blen: its length
 *
 * Unsigned bytes, memcmp() over the shorter length, then the shorter name
 * first.
 *
 * Return: <0, 0 or >0 as @a sorts before, equal to or after @b.
 */
int khofs_name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static bool khofs_mode_valid(u32 mode)
{
	u32 type = mode & KHOFS_S_IFMT;

	return !(mode & ~(KHOFS_S_IFMT | KHOFS_MODE_PERM)) &&
	       (type == KHOFS_S_IFREG || type == KHOFS_S_IFDIR);
}

static bool khofs_is_dir(u32 mode)
{
	return (mode & KHOFS_S_IFMT) == KHOFS_S_IFDIR;
}

static bool khofs_is_reg(u32 mode)
{
	return (mode & KHOFS_S_IFMT) == KHOFS_S_IFREG;
}

/* Pages of a file of @size bytes (DIV_ROUND_UP without the overflow). */
static u64 khofs_pages(u64 size)
{
	return (size >> PAGE_SHIFT) + !!(size & (PAGE_SIZE - 1));
}

/* The name of @r, NULL unless it lies in names and follows the rules. */
static const char *khofs_name(const struct khofs_state *st,
			      const struct khofs_inode_rec *r)
{
	const char *name;

	if (!r->name_len || r->name_len > KHOFS_NAME_MAX ||
	    r->name_off > st->names_len ||
	    r->name_len > st->names_len - r->name_off)
		return NULL;
	name = st->names + r->name_off;
	if (memchr(name, '/', r->name_len) || memchr(name, '\0', r->name_len))
		return NULL;
	if (name[0] == '.' &&
	    (r->name_len == 1 || (r->name_len == 2 && name[1] == '.')))
		return NULL;
	return name;
}

/*
 * An array property of whole @size-byte records, in place, at least @min
 * of them; absent is empty. The report names the property when it is
 * there with a wrong length.
 */
static int khofs_array(const void *fdt, int node, const char *name,
		       size_t size, size_t min, const void **arr, size_t *n,
		       struct kho_report *rep)
{
	const struct fdt_property *p;
	int len;

	*arr = NULL;
	*n = 0;
	p = fdt_get_property(fdt, node, name, &len);
	if (!p)
		return len == -FDT_ERR_NOTFOUND && !min ? 0 :
		       kho_report_fail(rep, KHOFS_BAD_PROP_LEN);
	if (len % size || len / size < min)
		return kho_report_fail_prop(rep, fdt, p, KHOFS_BAD_PROP_LEN);
	*arr = len ? p->data : NULL;
	*n = len / size;
	return 0;
}

static int khofs_check_root(const struct khofs_inode_rec *r,
			    struct kho_report *rep)
{
	if (!khofs_mode_valid(r->mode))
		return kho_report_fail(rep, KHOFS_BAD_MODE);
	if (!khofs_is_dir(r->mode) || r->parent || r->name_len)
		return kho_report_fail(rep, KHOFS_BAD_ROOT);
	if (r->size)
		return kho_report_fail(rep, KHOFS_DIR_SIZE);
	return 0;
}

/*
 * Record @i > 0 against its parent and the record before it; @prev_name
 * is that record's name (NULL for the root). Sets @name to its own.
 */
static int khofs_check_inode(const struct khofs_state *st, size_t i,
			     const struct khofs_inode_rec *r,
			     const struct khofs_inode_rec *prev,
			     const char *prev_name, const char **name,
			     struct kho_report *rep)
{
	struct khofs_inode_rec parent;
	const char *n;

	if (!khofs_mode_valid(r->mode))
		return kho_report_fail(rep, KHOFS_BAD_MODE);
	if (khofs_is_dir(r->mode) && r->size)
		return kho_report_fail(rep, KHOFS_DIR_SIZE);
	/* i_size is a loff_t: a larger size would read back negative. */
	if (r->size > KHOFS_SIZE_MAX)
		return kho_report_fail(rep, KHOFS_BAD_SIZE);
	if (r->parent >= i)
		return kho_report_fail(rep, KHOFS_BAD_PARENT);
	khofs_inode_get(st, r->parent, &parent);
	if (!khofs_is_dir(parent.mode))
		return kho_report_fail(rep, KHOFS_BAD_PARENT);
	n = khofs_name(st, r);
	if (!n)
		return kho_report_fail(rep, KHOFS_BAD_NAME);
	/* Strictly ascending by (parent, name) from record 1 on. */
	if (prev_name &&
	    (r->parent < prev->parent ||
	     (r->parent == prev->parent &&
	      khofs_name_cmp(n, r->name_len, prev_name, prev->name_len) <= 0)))
		return kho_report_fail(rep, KHOFS_NOT_SORTED);
	*name = n;
	return 0;
}

static int khofs_check_inodes(struct khofs_state *st, struct kho_report *rep)
{
	struct khofs_inode_rec r, prev;
	const char *name = NULL, *prev_name = NULL;
	size_t i;

	rep->item = "inode";
	rep->index = 0;
	khofs_inode_get(st, 0, &prev);
	if (khofs_check_root(&prev, rep))
		return -EINVAL;
	for (i = 1; i < st->ninodes; i++) {
		rep->index = i;
		khofs_inode_get(st, i, &r);
		if (khofs_check_inode(st, i, &r, &prev, prev_name, &name, rep))
			return -EINVAL;
		prev = r;
		prev_name = name;
	}
	return 0;
}

/* Extent @e on its own, against its file, and after extent @prev. */
static int khofs_check_extent(struct khofs_state *st,
			      const struct khofs_extent_rec *e,
			      const struct khofs_extent_rec *prev,
			      struct kho_report *rep)
{
	struct khofs_inode_rec file;
	u64 bytes;

	rep->addr = e->phys;
	rep->len = 0;
	if (e->order > KHOFS_MAX_ORDER)
		return kho_report_fail(rep, KHOFS_BAD_EXTENT);
	bytes = (u64)PAGE_SIZE << e->order;
	rep->len = bytes;
	if (e->inode >= st->ninodes)
		return kho_report_fail(rep, KHOFS_BAD_EXTENT);
	khofs_inode_get(st, e->inode, &file);
	if (!khofs_is_reg(file.mode) ||
	    (e->index & ((1ULL << e->order) - 1)) ||
	    !e->phys || (e->phys & (bytes - 1)) || e->phys > U64_MAX - bytes)
		return kho_report_fail(rep, KHOFS_BAD_EXTENT);
	/* @prev passed: its index is below 2^52 pages, no overflow here. */
	if (prev && (e->inode < prev->inode ||
		     (e->inode == prev->inode &&
		      e->index < prev->index + (1ULL << prev->order))))
		return kho_report_fail(rep, KHOFS_EXTENT_ORDER);
	if (e->index >= khofs_pages(file.size))
		return kho_report_fail(rep, KHOFS_EXTENT_PAST_EOF);
	st->bytes += bytes;
	return 0;
}

static int khofs_check_extents(struct khofs_state *st, struct kho_report *rep)
{
	struct khofs_extent_rec e, prev;
	size_t i;

	rep->item = "extent";
	for (i = 0; i < st->nextents; i++) {
		rep->index = i;
		khofs_extent_get(st, i, &e);
		if (khofs_check_extent(st, &e, i ? &prev : NULL, rep))
			return -EINVAL;
		prev = e;
	}
	return 0;
}

/**
 * khofs_parse() - decode and check the khofs node
 * @fdt: a blob that passed kho_blob_check() (so the node's mem is valid)
 * @node: the khofs node
 * @st: filled with the decoded state; arrays point into @fdt
 * @rep: filled with where the check failed (the property, or the inode or
 *	extent record by index); may be NULL
 *
 * Checks every rule of abi/khofs.h that the node alone can decide: the
 * lengths of inodes (at least one record), names and extents (whole
 * records; absent is empty); record 0 is a root directory; every mode is
 * a file or a directory with permission bits only; directories have size
 * 0 and files at most %KHOFS_SIZE_MAX bytes; every other record's parent is an earlier directory and its name
 * lies in names and follows the name rules; records 1..n-1 are strictly
 * ascending by (parent, name) (khofs_name_cmp()); every extent belongs to
 * a regular file, has an order up to %KHOFS_MAX_ORDER, an index aligned
 * to its size and below the file's size in pages, a physical address
 * aligned to its size, not 0, not wrapping; extents are ascending by
 * (inode, index) without overlap in a file; mem adds up to the extents'
 * bytes. That every extent lies inside mem and no two share a page is the
 * blob-wide overlap rule's part (khofs_node_check()): the kernel runs it
 * on the whole blob before any subsystem reads its node.
 *
 * Return: 0 if the state can be used, -EINVAL otherwise.
 */
int khofs_parse(const void *fdt, int node, struct khofs_state *st,
		struct kho_report *rep)
{
	struct kho_report local;
	const void *arr;
	int len;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &khofs_errors);
	memset(st, 0, sizeof(*st));

	if (kho_blob_node_mem(fdt, node, &st->mem, &st->nmem))
		return kho_report_fail(rep, KHOFS_BAD_PROP_LEN);
	if (khofs_array(fdt, node, KHOFS_PROP_INODES,
			sizeof(struct khofs_inode_rec), 1, &arr, &st->ninodes,
			rep))
		return -EINVAL;
	st->inodes = arr;
	if (khofs_array(fdt, node, KHOFS_PROP_EXTENTS,
			sizeof(struct khofs_extent_rec), 0, &arr, &st->nextents,
			rep))
		return -EINVAL;
	st->extents = arr;
	st->names = fdt_getprop(fdt, node, KHOFS_PROP_NAMES, &len);
	if (!st->names && len != -FDT_ERR_NOTFOUND)
		return kho_report_fail(rep, KHOFS_BAD_PROP_LEN);
	st->names_len = st->names ? len : 0;

	if (khofs_check_inodes(st, rep) || khofs_check_extents(st, rep))
		return -EINVAL;
	rep->item = NULL;
	rep->index = -1;
	rep->addr = 0;
	rep->len = 0;
	if (kho_ranges_total(st->mem, st->nmem) != st->bytes)
		return kho_report_fail(rep, KHOFS_MEM_MISMATCH);
	return 0;
}

/**
 * khofs_node_check() - the khofs entry of the node table
 * @fdt: a blob that passed kho_blob_check()
 * @node: the khofs node
 * @state: a struct khofs_state of workspace
 * @cl: every extent is added as a TABLE range of the node: each lies
 *	inside the node's mem, no two share a page, and nothing but ranges
 *	lent from the node (BORROWED) points into one
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0, -EINVAL if the node is refused, -ENOSPC if @cl is full.
 */
int khofs_node_check(const void *fdt, int node, void *state,
		     struct kho_claims *cl, char *why, size_t len)
{
	struct khofs_state *st = state;
	struct khofs_extent_rec e;
	struct kho_report rep;
	size_t i;
	int err;

	if (khofs_parse(fdt, node, st, &rep)) {
		kho_report_describe(why, len, fdt, &rep);
		return -EINVAL;
	}
	for (i = 0; i < st->nextents; i++) {
		khofs_extent_get(st, i, &e);
		err = kho_claim_add(cl, e.phys, (u64)PAGE_SIZE << e.order, node,
				    KHO_CLAIM_BY_NODE, i, "extent",
				    KHO_CLAIM_TABLE);
		if (err)
			return err;
	}
	return 0;
}

static const struct kho_err_text khofs_text[] = {
	KHO_ERR_TEXTS(KHOFS_ERRORS)
};
const struct kho_errors khofs_errors = KHO_ERRORS(khofs_text);

/**
 * khofs_node_write() - write the whole khofs node
 * @fdt: blob being built, between two subsystem nodes
 * @mem: the pages of every extent, sorted, page aligned (adjacent extents
 *	may share one range); not written when @nmem is 0
 * @nmem: number of ranges
 * @inodes: the records, root first, then sorted by (parent, name)
 * @ninodes: number of them, at least 1
 * @names: the name bytes the records point into
 * @names_len: their length; names is not written when 0
 * @extents: the file data, sorted by (inode, index)
 * @nextents: number of them; extents is not written when 0
 *
 * The records are written as given: khofs_parse() is what checks them
 * (the outgoing side runs the node table's checks on the finished blob).
 *
 * Return: 0, -ENOSPC, -E2BIG or -EINVAL.
 */
int khofs_node_write(void *fdt, const struct kho_mem *mem, size_t nmem,
		     const struct khofs_inode_rec *inodes, size_t ninodes,
		     const char *names, size_t names_len,
		     const struct khofs_extent_rec *extents, size_t nextents)
{
	int err;

	if (!ninodes)
		return -EINVAL;
	if (ninodes > INT_MAX / sizeof(*inodes) || names_len > INT_MAX ||
	    nextents > INT_MAX / sizeof(*extents))
		return -E2BIG;
	err = kho_node_begin(fdt, KHOFS_NODE, KHOFS_COMPATIBLE);
	if (!err && nmem)
		err = kho_node_add_mem(fdt, mem, nmem);
	if (!err)
		err = kho_fdt_errno(fdt_property(fdt, KHOFS_PROP_INODES, inodes,
						 ninodes * sizeof(*inodes)));
	if (!err && names_len)
		err = kho_fdt_errno(fdt_property(fdt, KHOFS_PROP_NAMES, names,
						 names_len));
	if (!err && nextents)
		err = kho_fdt_errno(fdt_property(fdt, KHOFS_PROP_EXTENTS, extents,
						 nextents * sizeof(*extents)));
	if (!err)
		err = kho_node_end(fdt);
	return err;
}

#ifndef __KERNEL__
#include <stdlib.h>

/* kho-dump's decoder (userspace only: <linux/kho/show.h>). */
/* A khofs page: the kernel's, 4 KiB on x86-64 (abi/khofs.h). */
#define KHOFS_PAGE	4096ULL
/* Longest path shown whole; a longer one is shown as "..." and its end. */
#define KHOFS_PATH_SHOWN	1024


/*
 * fs/khofs: counts from each property alone, so that a node the kernel
 * refuses still shows what it holds; the tree comes from khofs_node().
 */
static bool khofs_prop(struct kho_emit *e, const char *name, const void *val,
		       int len)
{
	struct khofs_inode_rec r;
	struct khofs_extent_rec x;
	u64 dirs = 0, bytes = 0;
	int i, n;

	if (!strcmp(name, "inodes") && len && len % sizeof(r) == 0) {
		n = len / sizeof(r);
		for (i = 0; i < n; i++) {
			memcpy(&r, (const char *)val + i * sizeof(r), sizeof(r));
			dirs += khofs_is_dir(r.mode);
		}
		kho_show_u64(e, "inodes", n);
		kho_show_u64(e, "directories", dirs);
		kho_show_u64(e, "files", n - dirs);
		return true;
	}
	if (!strcmp(name, "names")) {
		kho_show_size(e, "names", len);
		return true;
	}
	if (!strcmp(name, "extents") && len % sizeof(x) == 0) {
		n = len / sizeof(x);
		for (i = 0; i < n; i++) {
			memcpy(&x, (const char *)val + i * sizeof(x), sizeof(x));
			if (x.order <= KHOFS_MAX_ORDER)
				bytes += KHOFS_PAGE << x.order;
		}
		kho_show_u64(e, "extents", n);
		kho_show_size(e, "extent_bytes", bytes);
		return true;
	}
	return false;
}

/* What khofs_walk() needs per inode, filled in one pass over each array. */
struct khofs_view {
	const struct khofs_state *st;
	u32 *first;		/* index of a directory's first entry */
	u32 *nchildren;		/* its number of entries */
	u32 *nextents;		/* a file's extents */
	u64 *bytes;		/* and their bytes */
	u32 *dir;		/* the walk: the directory open at each depth */
	u32 *pos;		/* and the next of its entries to show */
};

/*
 * Prepend @len bytes at @*start, from the end of a buffer of
 * KHOFS_PATH_SHOWN bytes; false when they no longer fit.
 */
static bool khofs_prepend(char *buf, size_t *start, const char *s, size_t len)
{
	if (len > *start)
		return false;
	*start -= len;
	memcpy(buf + *start, s, len);
	return true;
}

/*
 * Entry @i, at @depth below the root (the directories above it are
 * v->dir[1..depth - 1]). Its path is built backwards from its own name,
 * at most KHOFS_PATH_SHOWN bytes of it: a longer one starts with "...".
 */
static void khofs_entry(struct kho_emit *e, const struct khofs_view *v,
			u32 i, size_t depth)
{
	char buf[KHOFS_PATH_SHOWN + 1], mode[8];
	size_t start = KHOFS_PATH_SHOWN - 3, d = depth;
	struct khofs_inode_rec r, a;
	u32 cur = i;

	buf[KHOFS_PATH_SHOWN] = 0;
	if (!depth)
		khofs_prepend(buf, &start, "/", 1);
	while (d) {
		khofs_inode_get(v->st, cur, &a);
		if (!khofs_prepend(buf, &start, v->st->names + a.name_off,
				   a.name_len) ||
		    !khofs_prepend(buf, &start, "/", 1))
			break;
		cur = v->dir[--d];
	}
	/* The path runs on from the end of buf - 3: move it there. */
	memmove(buf + start + 3, buf + start, KHOFS_PATH_SHOWN - 3 - start);
	start += 3;
	if (d)
		khofs_prepend(buf, &start, "...", 3);

	khofs_inode_get(v->st, i, &r);
	snprintf(mode, sizeof(mode), "%04o", r.mode & KHOFS_MODE_PERM);
	kho_show_group_begin(e, buf + start);
	kho_show_str(e, "type", khofs_is_dir(r.mode) ? "dir" : "file");
	kho_show_str(e, "mode", mode);
	kho_show_u64(e, "uid", r.uid);
	kho_show_u64(e, "gid", r.gid);
	kho_show_u64(e, "mtime_ns", r.mtime_ns);
	if (khofs_is_dir(r.mode)) {
		kho_show_u64(e, "entries", v->nchildren[i]);
	} else {
		kho_show_size(e, "size", r.size);
		kho_show_u64(e, "extents", v->nextents[i]);
		kho_show_size(e, "extent_bytes", v->bytes[i]);
	}
	kho_show_group_end(e);
}

/*
 * Depth first from the root, each directory's entries in name order (the
 * order of the records): the way find(1) lists a tree. No recursion: the
 * stack holds, per depth, the open directory and its next entry.
 */
static void khofs_walk(struct kho_emit *e, const struct khofs_view *v)
{
	struct khofs_inode_rec r;
	size_t depth = 0;

	khofs_entry(e, v, 0, 0);
	v->dir[0] = 0;
	v->pos[0] = 0;
	while (1) {
		u32 d = v->dir[depth], i;

		if (v->pos[depth] == v->nchildren[d]) {
			if (!depth)
				break;
			depth--;
			continue;
		}
		i = v->first[d] + v->pos[depth]++;
		khofs_entry(e, v, i, depth + 1);
		khofs_inode_get(v->st, i, &r);
		if (khofs_is_dir(r.mode) && v->nchildren[i]) {
			v->dir[++depth] = i;
			v->pos[depth] = 0;
		}
	}
}

/* The tree with paths, when the node passes khofs_parse(). */
static void khofs_node(struct kho_emit *e, const void *fdt, int node)
{
	struct khofs_state st;
	struct khofs_view v = { .st = &st };
	struct khofs_extent_rec x;
	struct khofs_inode_rec r;
	size_t i, n;

	if (khofs_parse(fdt, node, &st, NULL)) {
		kho_show_str(e, "tree", "not shown: the node is refused");
		return;
	}
	n = st.ninodes;
	v.first = calloc(n, sizeof(*v.first));
	v.nchildren = calloc(n, sizeof(*v.nchildren));
	v.nextents = calloc(n, sizeof(*v.nextents));
	v.bytes = calloc(n, sizeof(*v.bytes));
	v.dir = calloc(n, sizeof(*v.dir));
	v.pos = calloc(n, sizeof(*v.pos));
	if (!v.first || !v.nchildren || !v.nextents || !v.bytes || !v.dir ||
	    !v.pos) {
		kho_show_str(e, "tree", "not shown: out of memory");
		goto out;
	}
	/* Records 1..n-1 are sorted by parent: a directory's entries are a run. */
	for (i = n - 1; i >= 1; i--) {
		khofs_inode_get(&st, i, &r);
		v.first[r.parent] = i;
		v.nchildren[r.parent]++;
	}
	for (i = 0; i < st.nextents; i++) {
		khofs_extent_get(&st, i, &x);
		v.nextents[x.inode]++;
		v.bytes[x.inode] += KHOFS_PAGE << x.order;
	}
	kho_show_group_begin(e, "tree");
	khofs_walk(e, &v);
	kho_show_group_end(e);
out:
	free(v.first);
	free(v.nchildren);
	free(v.nextents);
	free(v.bytes);
	free(v.dir);
	free(v.pos);
}

/* A directory "vm" holding a 2 MiB file "ram" of two extents, and an empty file. */
static int khofs_example(void *fdt, u64 base)
{
	static const char names[] = "vmramnotes";
	const struct kho_mem mem = { base, 0x200000 };
	const struct khofs_inode_rec ino[] = {
		{ .parent = 0, .mode = KHOFS_S_IFDIR | 0755 },
		{ .parent = 0, .mode = KHOFS_S_IFDIR | 0700, .name_off = 0,
		  .name_len = 2 },
		{ .parent = 1, .mode = KHOFS_S_IFREG | 0600, .name_off = 5,
		  .name_len = 5 },
		{ .parent = 1, .mode = KHOFS_S_IFREG | 0600, .size = 0x200000,
		  .name_off = 2, .name_len = 3 },
	};
	const struct khofs_extent_rec ext[] = {
		{ .phys = base, .inode = 3, .order = 8 },
		{ .phys = base + 0x100000, .inode = 3, .index = 256, .order = 8 },
	};

	return khofs_node_write(fdt, &mem, 1, ino, ARRAY_SIZE(ino), names,
				sizeof(names) - 1, ext, ARRAY_SIZE(ext));
}
#endif

const struct kho_node_type khofs_node_type = {
	.name = KHOFS_NODE,
	.compatible = KHOFS_COMPATIBLE,
	.state_size = sizeof(struct khofs_state),
	.check = khofs_node_check,
	KHO_NODE_SHOW(khofs_prop, khofs_node)
	KHO_NODE_EXAMPLE(khofs_example)
	KHO_NODE_VARLEN("names")
};
