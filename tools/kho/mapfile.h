/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A preserved-memory map as a file: the chunks concatenated in chain
 * order, as /sys/kernel/kho/map and /sys/firmware/kho/map give them.
 * Reading: index the chunks by the address each records in its own
 * header (``self``) and resolve the map checker's reads through that
 * index. Writing: encode a builder into one such image at made-up,
 * ascending physical addresses.
 *
 * The one userspace helper for the map: shared by kho-check, kho-dump,
 * their test generator, the fuzzers and their seed generator, and the
 * userspace harness (selftests/userspace); kernel/kho/map.c itself is
 * compiled in place beside it. Needs only map.c, blob.c and libc.
 *
 * Typical use in a test:
 *
 *	struct kho_map_builder b;
 *	struct kho_mapfile_out out;
 *	struct kho_mapfile mf;
 *
 *	kho_mapfile_builder_init(&b);
 *	kho_blob_begin(blob, size, &b);
 *	... kho_node_begin(), kho_node_add_mem(), kho_node_end() ...
 *	kho_blob_finish(blob);
 *	kho_mapfile_encode(&b, blob, base, 0, KHO_MAPFILE_CHUNK, &out);
 *	kho_mapfile_index(&mf, out.img, out.len);
 *	kho_map_check(blob, &mf.src, ...);
 *	kho_mapfile_free(&mf);
 *	free(out.img);
 *	kho_mapfile_builder_free(&b);
 */
#ifndef _KHO_TOOLS_MAPFILE_H
#define _KHO_TOOLS_MAPFILE_H

#include <linux/types.h>
#include <linux/kho/map.h>

/* The kernel's chunk size for a map of several chunks: 64 KiB. */
#define KHO_MAPFILE_CHUNK	(64U << 10)

/**
 * struct kho_mapfile_chunk - one chunk found in a map image
 * @phys: the address its header records (``self``)
 * @off: where it starts in the image
 * @size: its header's ``size``
 */
struct kho_mapfile_chunk {
	u64 phys;
	size_t off;
	u32 size;
};

/**
 * struct kho_mapfile - an indexed map image
 * @buf: the image (not owned)
 * @len: its bytes
 * @c: the chunks, in file order
 * @n: entries in @c
 * @last: entry of the last successful lookup (the checker reads in order)
 * @bad_off: offset of the first bytes that are not a whole chunk, or
 *	@len when the image is whole chunks only
 * @bad_why: why those bytes are not a chunk, NULL when whole
 * @src: what kho_map_check() and friends read through
 */
struct kho_mapfile {
	const u8 *buf;
	size_t len;
	struct kho_mapfile_chunk *c;
	size_t n;
	size_t last;
	size_t bad_off;
	const char *bad_why;
	struct kho_map_src src;
};

int kho_mapfile_index(struct kho_mapfile *mf, const void *buf, size_t len);
void kho_mapfile_free(struct kho_mapfile *mf);

/**
 * struct kho_mapfile_out - a builder encoded by kho_mapfile_encode()
 * @img: the chunks, concatenated (NULL for an empty map); free() it
 * @len: bytes of @img
 * @lay: what kho_map_measure() said
 * @ref: what went into the blob's mem-map
 * @rep: kho_map_prepare()'s report (why the builder was refused)
 */
struct kho_mapfile_out {
	void *img;
	size_t len;
	struct kho_map_layout lay;
	struct kho_map_ref ref;
	struct kho_map_report rep;
};

int kho_mapfile_grow(struct kho_map_builder *b, size_t need);
void kho_mapfile_builder_init(struct kho_map_builder *b);
void kho_mapfile_builder_free(struct kho_map_builder *b);
int kho_mapfile_encode(struct kho_map_builder *b, void *fdt, u64 base,
		       u64 stride, u32 chunk_size, struct kho_mapfile_out *out);
struct kho_map_region *kho_mapfile_region(struct kho_map_chunk *c,
					  unsigned int i);

#endif /* _KHO_TOOLS_MAPFILE_H */
