/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The preserved memory filesystem (fs/khofs) and its KHO node
 * (abi/khofs.h).
 *
 * The first part is portable: fs/khofs/node.c encodes and checks the node
 * and is compiled as is by the userspace harness, the fuzzers and the
 * tools. The second part is the kernel interface other subsystems use
 * (VFIO, for guest RAM that lives in a khofs file).
 */
#ifndef _LINUX_KHO_KHOFS_H
#define _LINUX_KHO_KHOFS_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/abi/khofs.h>
#include <linux/kho/err.h>

/**
 * struct khofs_state - the khofs node, decoded in place
 * @mem: the node's preserved ranges
 * @nmem: number of them
 * @inodes: the inode records (only 4-byte aligned: copy before use)
 * @ninodes: number of them, at least 1
 * @names: the name bytes
 * @names_len: their length
 * @extents: the extent records (only 4-byte aligned: copy before use)
 * @nextents: number of them
 * @bytes: total bytes of all extents
 */
struct khofs_state {
	const struct kho_mem *mem;
	size_t nmem;
	const struct khofs_inode_rec *inodes;
	size_t ninodes;
	const char *names;
	size_t names_len;
	const struct khofs_extent_rec *extents;
	size_t nextents;
	u64 bytes;
};

/* Why khofs_parse() refused the node; the report's id names the record. */
#define KHOFS_ERRORS(X) (						\
	X(KHOFS_OK,		"ok")					\
	X(KHOFS_BAD_PROP_LEN,	"property missing or of the wrong length") \
	X(KHOFS_BAD_ROOT,	"record 0 is not a root directory")	\
	X(KHOFS_BAD_MODE,	"inode of a type other than file or directory") \
	X(KHOFS_BAD_PARENT,	"parent is not an earlier directory")	\
	X(KHOFS_BAD_NAME,	"bad name")				\
	X(KHOFS_NOT_SORTED,	"inodes not sorted by parent and name, or a name twice") \
	X(KHOFS_BAD_EXTENT,	"bad extent")				\
	X(KHOFS_EXTENT_ORDER,	"extents out of order or overlapping in a file") \
	X(KHOFS_EXTENT_PAST_EOF, "extent past the end of its file")	\
	X(KHOFS_MEM_MISMATCH,	"mem does not add up to the extents")	\
	X(KHOFS_DIR_SIZE,	"directory of non-zero size")		\
	X(KHOFS_BAD_SIZE,	"file larger than a file can be")	\
)

enum khofs_err { KHO_ERR_CODES(KHOFS_ERRORS) };
extern const struct kho_errors khofs_errors;

struct kho_claims;

int khofs_parse(const void *fdt, int node, struct khofs_state *st,
		struct kho_report *rep);
int khofs_node_check(const void *fdt, int node, void *state,
		     struct kho_claims *cl, char *why, size_t len);
void khofs_inode_get(const struct khofs_state *st, size_t i,
		     struct khofs_inode_rec *rec);
void khofs_extent_get(const struct khofs_state *st, size_t i,
		      struct khofs_extent_rec *rec);
int khofs_name_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* Writing: the whole node, records already in the order khofs_parse() wants. */
int khofs_node_write(void *fdt, const struct kho_mem *mem, size_t nmem,
		     const struct khofs_inode_rec *inodes, size_t ninodes,
		     const char *names, size_t names_len,
		     const struct khofs_extent_rec *extents, size_t nextents);

#ifdef __KERNEL__
struct folio;

#if IS_ENABLED(CONFIG_KHOFS)
bool khofs_owns_folio(struct folio *folio);
int khofs_restore(void);
#else
static inline bool khofs_owns_folio(struct folio *folio)
{
	return false;
}

static inline int khofs_restore(void)
{
	return -ENOENT;
}
#endif
#endif /* __KERNEL__ */

#endif /* _LINUX_KHO_KHOFS_H */
