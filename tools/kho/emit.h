/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho-dump's output, human-readable text or one JSON object. The dump
 * logic and the decoders only say what to show; this decides how.
 */
#ifndef _KHO_TOOLS_EMIT_H
#define _KHO_TOOLS_EMIT_H

#include <stdio.h>

#include <linux/kho/show.h>

#include "blobfile.h"

/**
 * struct kho_emit - output state
 * @f: where to write
 * @json: one JSON object instead of text
 * @all_ranges: list every range, not only the first KHO_EMIT_RANGES
 * @all_regions: list every region of the map
 * @node: --node: show only the subsystem node of this name (NULL: all)
 * @first: JSON: the next member of the open object or array needs no comma
 * @depth: depth of the open node, for text indentation
 */
struct kho_emit {
	FILE *f;
	bool json;
	bool all_ranges;
	bool all_regions;
	const char *node;
	bool first;
	int depth;
};

/* Ranges listed per node without --ranges. */
#define KHO_EMIT_RANGES	8

/**
 * struct kho_totals - what the dump found in the blob
 * @nodes: subsystem nodes (children of the root)
 * @mem_nodes: nodes whose mem property could be read
 * @ranges: ranges in those
 * @bytes: bytes in those ranges
 */
struct kho_totals {
	unsigned int nodes;
	unsigned int mem_nodes;
	size_t ranges;
	u64 bytes;
};

void emit_unreadable(struct kho_emit *e, const char *path, const char *why);
void emit_begin(struct kho_emit *e, const char *path, size_t size,
		const struct kho_verdict *v);
void emit_end(struct kho_emit *e, const struct kho_totals *t,
	      const struct kho_verdict *v);

/**
 * struct kho_map_totals - one owner's share of the map
 * @name: the owner's node name, from the map
 * @regions: its regions
 * @runs: its runs
 * @pages: its pages
 */
struct kho_map_totals {
	const char *name;
	u64 regions;
	u64 runs;
	u64 pages;
};

/**
 * struct kho_map_summary - what kho-dump shows of the map
 * @path: the map file ("" when none was needed)
 * @file_bytes: its size
 * @state: 0 not checked (the blob was refused), 1 empty, 2 valid,
 *	-1 refused (the verdict line says why)
 * @ref: the blob's mem-map
 * @chunks: chunks walked
 * @used: bytes of the chunks in use (headers, owner table, regions)
 * @extents: extent regions
 * @bitmaps: bitmap regions
 * @runs: runs
 * @pages: preserved pages
 * @own: per owner, in owner table order
 * @nown: entries in @own
 */
struct kho_map_summary {
	const char *path;
	size_t file_bytes;
	int state;
	struct kho_map_ref ref;
	u64 chunks;
	u64 used;
	u64 extents;
	u64 bitmaps;
	u64 runs;
	u64 pages;
	struct kho_map_totals own[KHO_MAP_MAX_OWNERS];
	unsigned int nown;
};

/**
 * struct kho_map_region_info - one region, as kho-dump --regions lists it
 * @addr: first page
 * @pages: pages spanned
 * @kind: KHO_MAP_EXTENT or KHO_MAP_BITMAP
 * @owner: its owner's name
 * @preserved: pages preserved in it
 * @runs: runs in it
 * @chunk: index of the chunk holding it
 */
struct kho_map_region_info {
	u64 addr;
	u64 pages;
	unsigned int kind;
	const char *owner;
	u64 preserved;
	u64 runs;
	u64 chunk;
};

void emit_map_begin(struct kho_emit *e, const struct kho_map_summary *m);
void emit_map_region(struct kho_emit *e, const struct kho_map_region_info *r);
void emit_map_end(struct kho_emit *e, const struct kho_map_summary *m);
void emit_nodes_begin(struct kho_emit *e);

/**
 * struct kho_node_info - what every node shows before its fields
 * @name: node name ("" for the root)
 * @depth: 0 for the root, 1 for subsystem nodes
 * @compatible: its compatible string, NULL if missing or not a string
 * @decoder: compatible of the decoder used, NULL for the generic listing
 * @mem: its preserved ranges, NULL if it has no readable mem property
 * @nmem: number of ranges
 * @bytes: their total size
 * @verdict: subsystem nodes of a blob that passed kho_blob_check(): what
 *	the node table's check said ("ok", the reason it was refused, or
 *	that its layout is unknown); NULL otherwise
 * @refused: the node was refused on its own
 */
struct kho_node_info {
	const char *name;
	int depth;
	const char *compatible;
	const char *decoder;
	const struct kho_mem *mem;
	size_t nmem;
	u64 bytes;
	const char *verdict;
	bool refused;
};

void emit_node_begin(struct kho_emit *e, const struct kho_node_info *node);
void emit_node_end(struct kho_emit *e);

/* Node fields: kho_show_*() in <linux/kho/show.h>. */

#endif /* _KHO_TOOLS_EMIT_H */
