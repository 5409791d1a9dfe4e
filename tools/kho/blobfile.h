/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What kho-check and kho-dump share: reading a blob file and its map file
 * into memory and validating them with the kernel's own kho_blob_check(),
 * kho_map_check() and node checks.
 */
#ifndef _KHO_TOOLS_BLOBFILE_H
#define _KHO_TOOLS_BLOBFILE_H

#include <linux/types.h>
#include <linux/kho/blob.h>

#include "mapfile.h"

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

/* Name of the map file beside the blob, as in /sys/kernel/kho/. */
#define KHO_MAP_FILE_NAME	"map"

/**
 * struct kho_check_opts - what the checks run against
 * @ram: RAM ranges, sorted and merged, or NULL to skip the RAM check
 * @nram: number of RAM ranges
 * @forbidden: ranges no preserved memory may touch, sorted and merged
 * @nforbidden: number of forbidden ranges
 * @max_runs: most runs the map may have, 0 for no limit
 * @map_path: the map file, NULL for KHO_MAP_FILE_NAME beside the blob
 */
struct kho_check_opts {
	const struct kho_mem *ram;
	size_t nram;
	const struct kho_mem *forbidden;
	size_t nforbidden;
	u64 max_runs;
	const char *map_path;
};

/**
 * struct kho_verdict - outcome of kho_file_check()
 * @rep: what kho_blob_check() reported
 * @map_file: the map file read (empty when the map is empty)
 * @map_path: its path
 * @mf: its chunks, indexed by address
 * @map_checked: kho_map_check() ran (the blob passed, the map file was read)
 * @mrep: what kho_map_check() reported
 * @mem: the map's runs attached to their nodes, when @attached
 * @runs: storage of @mem
 * @attached: the map passed and its runs are attached to the blob
 * @unreadable: the map file was needed and could not be read; @line is
 *	the message for stderr, and the exit code KHO_EXIT_UNREADABLE
 * @nodes: the node table's verdict on each subsystem node, once the blob
 *	passed kho_blob_check(); free with kho_verdict_free()
 * @nnodes: entries in @nodes
 * @valid: the blob passed every check, every node included
 * @walkable: the FDT structure is sound, so libfdt may walk the tree
 * @line: "valid: ..." or "invalid: <reason>"; blob strings in it are escaped
 */
struct kho_verdict {
	struct kho_blob_report rep;
	struct kho_file map_file;
	char map_path[1024];
	struct kho_mapfile mf;
	bool map_checked;
	struct kho_map_report mrep;
	struct kho_blob_mem mem;
	struct kho_mem *runs;
	bool attached;
	bool unreadable;
	struct kho_node_verdict *nodes;
	size_t nnodes;
	bool valid;
	bool walkable;
	char line[512];
};

void kho_file_check(const struct kho_file *file, const char *path,
		    const struct kho_check_opts *opts, struct kho_verdict *v);
const struct kho_node_verdict *kho_verdict_node(const struct kho_verdict *v,
						int node);
void kho_verdict_free(struct kho_verdict *v);

#endif /* _KHO_TOOLS_BLOBFILE_H */
