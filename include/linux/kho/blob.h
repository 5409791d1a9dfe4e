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
#include <linux/kho/ranges.h>

/**
 * enum kho_blob_err - why an incoming blob was refused
 * @KHO_BLOB_OK: the blob is valid
 * @KHO_BLOB_BAD_HEADER: not an FDT, or larger than the buffer holding it
 * @KHO_BLOB_BAD_STRUCTURE: malformed structure block, names or strings
 * @KHO_BLOB_BAD_ROOT: root compatible is missing or not kho-v1
 * @KHO_BLOB_BAD_COMPATIBLE: a subsystem node's compatible is not "<name>-v<N>"
 * @KHO_BLOB_MEM_NOT_ALLOWED: a mem property outside the subsystem nodes
 * @KHO_BLOB_BAD_MEM_LEN: a mem property length is not a multiple of a range
 * @KHO_BLOB_TOO_MANY_NODES: more than KHO_MAX_MEM_NODES nodes carry mem
 * @KHO_BLOB_BAD_RANGE: a range failed kho_ranges_check()
 * @KHO_BLOB_NODES_OVERLAP: two nodes preserve the same memory
 */
enum kho_blob_err {
	KHO_BLOB_OK,
	KHO_BLOB_BAD_HEADER,
	KHO_BLOB_BAD_STRUCTURE,
	KHO_BLOB_BAD_ROOT,
	KHO_BLOB_BAD_COMPATIBLE,
	KHO_BLOB_MEM_NOT_ALLOWED,
	KHO_BLOB_BAD_MEM_LEN,
	KHO_BLOB_TOO_MANY_NODES,
	KHO_BLOB_BAD_RANGE,
	KHO_BLOB_NODES_OVERLAP,
};

/**
 * struct kho_blob_report - outcome of kho_blob_check()
 * @err: first problem found
 * @node: structure offset of the node at fault, -1 if none
 * @fdt_err: libfdt error code for header and structure problems
 * @range: range problem, for KHO_BLOB_BAD_RANGE
 * @nodes: subsystem nodes (children of the root)
 * @mem_nodes: subsystem nodes that carry mem
 * @ranges: preserved ranges in all nodes
 * @bytes: preserved bytes in all nodes
 */
struct kho_blob_report {
	enum kho_blob_err err;
	int node;
	int fdt_err;
	struct kho_range_report range;
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
const char *kho_blob_strerror(enum kho_blob_err err);
int kho_blob_describe(char *buf, size_t len, const void *fdt,
		      const struct kho_blob_report *rep);
int kho_blob_node_mem(const void *fdt, int node, const struct kho_mem **mem,
		      size_t *n);
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
