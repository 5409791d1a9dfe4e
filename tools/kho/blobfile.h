/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kho-check and kho-dump share: reading a blob file into memory and
 * validating it with the kernel's own kho_blob_check().
 */
#ifndef _KHO_TOOLS_BLOBFILE_H
#define _KHO_TOOLS_BLOBFILE_H

#include <linux/types.h>
#include <linux/kho/blob.h>

/* Exit codes of both tools. */
#define KHO_EXIT_VALID		0
#define KHO_EXIT_INVALID	1
#define KHO_EXIT_UNREADABLE	2
#define KHO_EXIT_USAGE		3

/* Largest file either tool reads (the kernel's own limit is 4 MiB). */
#define KHO_FILE_MAX		(64UL << 20)

/* The incoming kernel always forbids the first MiB; so do the tools. */
extern const struct kho_mem kho_default_forbidden[];
extern const size_t kho_default_nforbidden;

/**
 * struct kho_file - a blob read from a file
 * @buf: the contents, in a buffer of exactly @size bytes (NULL if empty)
 * @size: file size in bytes
 */
struct kho_file {
	void *buf;
	size_t size;
};

int kho_file_read(const char *path, struct kho_file *file);
void kho_file_free(struct kho_file *file);

/**
 * struct kho_node_verdict - what the node table's check said of one node
 * @node: structure offset of the subsystem node
 * @name: its name, in the blob
 * @status: 0 accepted, 1 layout unknown (only its mem is checked), -1
 *	refused on its own
 * @why: the reason, for a refused node
 */
struct kho_node_verdict {
	int node;
	const char *name;
	int status;
	char why[192];
};

/**
 * struct kho_verdict - outcome of kho_file_check()
 * @rep: what kho_blob_check() reported
 * @nodes: the node table's verdict on each subsystem node, once the blob
 *	passed kho_blob_check(); free with kho_verdict_free()
 * @nnodes: entries in @nodes
 * @valid: the blob passed every check, every node included
 * @walkable: the FDT structure is sound, so libfdt may walk the tree
 * @line: "valid: ..." or "invalid: <reason>"; blob strings in it are escaped
 */
struct kho_verdict {
	struct kho_blob_report rep;
	struct kho_node_verdict *nodes;
	size_t nnodes;
	bool valid;
	bool walkable;
	char line[512];
};

void kho_file_check(const struct kho_file *file,
		    const struct kho_mem *ram, size_t nram,
		    const struct kho_mem *forbidden, size_t nforbidden,
		    struct kho_verdict *v);
const struct kho_node_verdict *kho_verdict_node(const struct kho_verdict *v,
						int node);
void kho_verdict_free(struct kho_verdict *v);

#endif /* _KHO_TOOLS_BLOBFILE_H */
