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
	if (len % size || len / size < min) {
		rep->prop = (const char *)p - (const char *)fdt -
			    fdt_off_dt_struct(fdt);
		return kho_report_fail(rep, KHOFS_BAD_PROP_LEN);
	}
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
