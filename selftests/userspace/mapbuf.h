/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mapbuf: the preserved-memory map in plain userspace memory, for the
 * harness, the fuzzers, the benchmarks and the tools (standalone: needs
 * only kernel/kho/map.c, blob.c and their dependencies, plus libc).
 *
 * A map is held as its chunks one after the other in one malloc'd buffer,
 * each with a physical address of its own; the table of (address, offset,
 * size) lets struct kho_map_src resolve a physical address to a pointer,
 * as the kernel's reader does with __va(). Two ways to fill one:
 *
 * - kho_mapbuf_encode(): prepare, measure and encode a builder into
 *   chunks placed at fake physical addresses base, base + stride, ...
 *   (outgoing side, as kho_activate() does with real pages);
 * - kho_mapbuf_load(): take a dump (chunks concatenated in chain order,
 *   as /sys/kernel/kho/map gives them), each chunk found at the address
 *   its header records (offline tools, fuzzers).
 *
 * Typical use in a test:
 *
 *	struct kho_map_builder b;
 *	struct kho_mapbuf mb;
 *
 *	kho_mapbuf_builder_init(&b);
 *	kho_blob_begin(blob, size, &b);
 *	... kho_node_begin(), kho_node_add_mem(), kho_node_end() ...
 *	kho_blob_finish(blob);
 *	kho_mapbuf_encode(&mb, &b, KHO_MAPBUF_CHUNK, base, 0);
 *	kho_blob_set_map(blob, &mb.ref);
 *	kho_map_check(blob, &mb.src, ...);
 *	kho_mapbuf_free(&mb);
 *	kho_mapbuf_builder_free(&b);
 */
#ifndef _KHO_MAPBUF_H
#define _KHO_MAPBUF_H

#include <linux/types.h>
#include <linux/kho/map.h>

/* The kernel's chunk size: order-4 pages, 64 KiB. */
#define KHO_MAPBUF_CHUNK	(64U << 10)

/**
 * struct kho_mapbuf_chunk - where one chunk of a mapbuf is
 * @phys: its physical address
 * @off: its offset in the buffer
 * @size: its size in bytes
 */
struct kho_mapbuf_chunk {
	u64 phys;
	u64 off;
	u64 size;
};

/**
 * struct kho_mapbuf - a map held in userspace memory
 * @buf: the chunks, one after the other (malloc'd; owned unless loaded)
 * @len: bytes in @buf
 * @owned: @buf is freed by kho_mapbuf_free()
 * @chunk: where each chunk is, ascending by @phys (malloc'd)
 * @nchunks: entries in @chunk
 * @lay: the layout kho_map_measure() gave (encode only)
 * @ref: the mem-map value for the blob (encode only)
 * @prep: what kho_map_prepare() reported (encode only)
 * @src: the reader to pass to kho_map_check() and friends
 */
struct kho_mapbuf {
	u8 *buf;
	size_t len;
	bool owned;
	struct kho_mapbuf_chunk *chunk;
	size_t nchunks;
	struct kho_map_layout lay;
	struct kho_map_ref ref;
	struct kho_map_report prep;
	struct kho_map_src src;
};

int kho_mapbuf_grow(struct kho_map_builder *b, size_t need);
void kho_mapbuf_builder_init(struct kho_map_builder *b);
void kho_mapbuf_builder_free(struct kho_map_builder *b);
int kho_mapbuf_encode(struct kho_mapbuf *mb, struct kho_map_builder *b,
		      u32 chunk_size, u64 base, u64 stride);
int kho_mapbuf_load(struct kho_mapbuf *mb, const void *dump, size_t len);
void *kho_mapbuf_at(struct kho_mapbuf *mb, u64 phys);
void kho_mapbuf_free(struct kho_mapbuf *mb);

#endif /* _KHO_MAPBUF_H */
