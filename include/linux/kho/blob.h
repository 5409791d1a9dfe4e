/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building and checking the KHO blob (one FDT, see abi/kho.h). Portable:
 * libfdt and struct kho_mem only, so the same code runs in the kernel, in
 * the userspace harness, in the fuzzer and in the offline tools.
 */
#ifndef _LINUX_KHO_BLOB_H
#define _LINUX_KHO_BLOB_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/err.h>
#include <linux/kho/ranges.h>

/*
 * Why an incoming blob was refused (kho_blob_check()). Header and
 * structure: not an FDT or an inconsistent header; larger than the
 * buffer holding it; malformed structure block (tags, nesting, names not
 * terminated); a property name offset outside the strings block; the
 * structural rules of abi/kho.h (name lengths, depth, properties and
 * children per node, properties before children, no duplicate property
 * or node names). Then the root compatible, each subsystem node's
 * compatible, where mem may be, its length, the ranges themselves
 * (report.cause says why a range failed) and overlap between nodes.
 * New codes go at the end.
 */
#define KHO_BLOB_ERRORS(X) (						\
	X(KHO_BLOB_OK,		"ok")					\
	X(KHO_BLOB_BAD_HEADER,	"not a valid FDT header")		\
	X(KHO_BLOB_BAD_STRUCTURE, "malformed FDT structure")		\
	X(KHO_BLOB_BAD_ROOT,	"root compatible is not \"" KHO_ROOT_COMPATIBLE "\"") \
	X(KHO_BLOB_BAD_COMPATIBLE, "compatible is not \"<name>-v<N>\"") \
	X(KHO_BLOB_MEM_NOT_ALLOWED, "mem property outside a subsystem node") \
	X(KHO_BLOB_BAD_MEM_LEN,	"mem length is not a multiple of 16")	\
	X(KHO_BLOB_TOO_MANY_NODES, "too many nodes with mem")		\
	X(KHO_BLOB_BAD_RANGE,	"bad preserved range")			\
	X(KHO_BLOB_NODES_OVERLAP, "preserves memory another node preserves") \
	X(KHO_BLOB_TRUNCATED,	"truncated: shorter than the FDT header or its totalsize") \
	X(KHO_BLOB_BAD_NAME_OFFSET, "property name offset outside the strings block") \
	X(KHO_BLOB_BAD_NAME,	"name empty or too long")		\
	X(KHO_BLOB_TOO_DEEP,	"nodes nested too deep")		\
	X(KHO_BLOB_TOO_MANY_PROPS, "too many properties in one node") \
	X(KHO_BLOB_TOO_MANY_CHILDREN, "too many children of one node") \
	X(KHO_BLOB_PROP_AFTER_NODE, "property after a child node")	\
	X(KHO_BLOB_DUP_PROP,	"duplicate property name")		\
	X(KHO_BLOB_DUP_NODE,	"duplicate node name")			\
)

enum kho_blob_err { KHO_ERR_CODES(KHO_BLOB_ERRORS) };
extern const struct kho_errors kho_blob_errors;

/**
 * struct kho_blob_report - outcome of kho_blob_check()
 * @why: the first problem found (@why.err a KHO_BLOB_* code), with the
 *	node and property at fault, and for KHO_BLOB_BAD_RANGE the range
 *	and its kho_range_err in @why.cause
 * @walkable: the FDT structure passed its checks, so libfdt may walk the
 *	tree (true for every valid blob, and for one refused later)
 * @nodes: subsystem nodes (children of the root)
 * @mem_nodes: subsystem nodes that carry mem
 * @ranges: preserved ranges in all nodes
 * @bytes: preserved bytes in all nodes
 */
struct kho_blob_report {
	struct kho_report why;
	bool walkable;
	unsigned int nodes;
	unsigned int mem_nodes;
	size_t ranges;
	u64 bytes;
};

/* Incoming side */
int kho_blob_check(const void *fdt, size_t bufsize,
		   const struct kho_mem *ram, size_t nram,
		   const struct kho_mem *forbidden, size_t nforbidden,
		   struct kho_blob_report *rep);
int kho_blob_describe(char *buf, size_t len, const void *fdt,
		      const struct kho_blob_report *rep);
int kho_blob_node_mem(const void *fdt, int node, const struct kho_mem **mem,
		      size_t *n);
int kho_blob_subnode(const void *fdt, const char *name);
bool kho_compatible_valid(const char *s, int len);
bool kho_node_get_prop(const void *fdt, int node, const char *name, void *val,
		       int size);
int kho_fdt_errno(int fdt_err);
long kho_sbdf_find(const void *recs, size_t n, size_t size, u32 sbdf);

/* Outgoing side: libfdt sequential-write helpers */
int kho_blob_begin(void *buf, size_t size);
int kho_blob_finish(void *fdt);
int kho_node_begin(void *fdt, const char *name, const char *compatible);
int kho_node_add_mem(void *fdt, const struct kho_mem *mem, size_t n);
int kho_node_end(void *fdt);

#endif /* _LINUX_KHO_BLOB_H */
