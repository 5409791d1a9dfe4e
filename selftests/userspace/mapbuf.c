// SPDX-License-Identifier: GPL-2.0
/* mapbuf: see mapbuf.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mapbuf.h"

/**
 * kho_mapbuf_grow() - the builder's grow callback, with realloc()
 * @b: the builder
 * @need: entries it needs room for
 *
 * Doubles the capacity (at least 64 entries, at least @need).
 *
 * Return: 0, or -ENOMEM.
 */
int kho_mapbuf_grow(struct kho_map_builder *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 64;
	struct kho_map_entry *e;

	while (cap < need) {
		if (cap > SIZE_MAX / 2 / sizeof(*e))
			return -ENOMEM;
		cap *= 2;
	}
	if (cap == b->cap)
		cap *= 2;
	e = realloc(b->e, cap * sizeof(*e));
	if (!e)
		return -ENOMEM;
	b->e = e;
	b->cap = cap;
	return 0;
}

/**
 * kho_mapbuf_builder_init() - an empty builder growing with realloc()
 * @b: the builder
 */
void kho_mapbuf_builder_init(struct kho_map_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->grow = kho_mapbuf_grow;
	kho_map_builder_reset(b);
}

/**
 * kho_mapbuf_builder_free() - free a builder's storage
 * @b: a builder set up with kho_mapbuf_builder_init()
 */
void kho_mapbuf_builder_free(struct kho_map_builder *b)
{
	free(b->e);
	b->e = NULL;
	b->n = 0;
	b->cap = 0;
}

/* struct kho_map_src's reader: the chunk holding [phys, phys + size). */
static const void *kho_mapbuf_chunk(void *ctx, u64 phys, u64 size)
{
	struct kho_mapbuf *mb = ctx;
	size_t lo = 0, hi = mb->nchunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct kho_mapbuf_chunk *c = &mb->chunk[mid];

		if (phys < c->phys) {
			hi = mid;
		} else if (phys - c->phys >= c->size) {
			lo = mid + 1;
		} else {
			if (size > c->size - (phys - c->phys))
				return NULL;
			return mb->buf + c->off + (phys - c->phys);
		}
	}
	return NULL;
}

/**
 * kho_mapbuf_at() - a writable pointer to the map at @phys
 * @mb: the mapbuf
 * @phys: a physical address inside one of its chunks
 *
 * For tests that corrupt a map on purpose.
 *
 * Return: the pointer, or NULL.
 */
void *kho_mapbuf_at(struct kho_mapbuf *mb, u64 phys)
{
	return (void *)kho_mapbuf_chunk(mb, phys, 1);
}

static void kho_mapbuf_init(struct kho_mapbuf *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->src.chunk = kho_mapbuf_chunk;
	mb->src.ctx = mb;
}

/**
 * kho_mapbuf_encode() - encode a builder's map into a new mapbuf
 * @mb: filled (free it with kho_mapbuf_free(), also after a failure)
 * @b: the builder (kho_map_prepare() runs on it here)
 * @chunk_size: bytes per chunk (%KHO_MAPBUF_CHUNK as in the kernel)
 * @base: physical address of the first chunk, page aligned
 * @stride: distance between chunk addresses, 0 for @chunk_size (so the
 *	chunks are contiguous); at least @chunk_size
 *
 * @mb->prep says why kho_map_prepare() refused, @mb->lay and @mb->ref
 * describe the encoding.
 *
 * Return: 0, -EINVAL (prepare, measure or encode refused), -ENOMEM.
 */
int kho_mapbuf_encode(struct kho_mapbuf *mb, struct kho_map_builder *b,
		      u32 chunk_size, u64 base, u64 stride)
{
	void **chunks = NULL;
	u64 *phys = NULL;
	size_t k;
	int err;

	kho_mapbuf_init(mb);
	if (!stride)
		stride = chunk_size;
	err = kho_map_prepare(b, &mb->prep);
	if (err)
		return err;
	err = kho_map_measure(b, chunk_size, &mb->lay);
	if (err)
		return err;
	if (!mb->lay.chunks)
		return kho_map_encode(b, &mb->lay, NULL, NULL, &mb->ref);
	mb->nchunks = mb->lay.chunks;
	mb->len = mb->nchunks * chunk_size;
	mb->buf = malloc(mb->len);
	mb->owned = true;
	mb->chunk = calloc(mb->nchunks, sizeof(*mb->chunk));
	chunks = calloc(mb->nchunks, sizeof(*chunks));
	phys = calloc(mb->nchunks, sizeof(*phys));
	err = -ENOMEM;
	if (!mb->buf || !mb->chunk || !chunks || !phys)
		goto out;
	for (k = 0; k < mb->nchunks; k++) {
		chunks[k] = mb->buf + k * chunk_size;
		phys[k] = base + k * stride;
		mb->chunk[k].phys = phys[k];
		mb->chunk[k].off = k * chunk_size;
		mb->chunk[k].size = chunk_size;
	}
	err = kho_map_encode(b, &mb->lay, chunks, phys, &mb->ref);
out:
	free(chunks);
	free(phys);
	return err;
}

/**
 * kho_mapbuf_load() - look at a dump of a map (chunks in chain order)
 * @mb: filled; @dump is borrowed, not copied, and must outlive @mb
 * @dump: the chunks one after the other
 * @len: bytes in @dump
 *
 * Each chunk is taken at the address its header's self names, with its
 * header's size; the walk stops at the first header that does not fit
 * @dump or whose address is not above the previous chunk (kho_map_check()
 * then says what is wrong: the chunk it looks for cannot be read).
 *
 * Return: 0, or -ENOMEM.
 */
int kho_mapbuf_load(struct kho_mapbuf *mb, const void *dump, size_t len)
{
	struct kho_map_chunk hdr;
	size_t off = 0, cap = 0;
	struct kho_mapbuf_chunk *c;

	kho_mapbuf_init(mb);
	mb->buf = (u8 *)dump;
	mb->len = len;
	while (len - off >= sizeof(hdr)) {
		memcpy(&hdr, (const u8 *)dump + off, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size > len - off ||
		    hdr.self > UINT64_MAX - hdr.size ||
		    (mb->nchunks && hdr.self < mb->chunk[mb->nchunks - 1].phys +
		     mb->chunk[mb->nchunks - 1].size))
			break;
		if (mb->nchunks == cap) {
			cap = cap ? cap * 2 : 16;
			c = realloc(mb->chunk, cap * sizeof(*c));
			if (!c)
				return -ENOMEM;
			mb->chunk = c;
		}
		mb->chunk[mb->nchunks].phys = hdr.self;
		mb->chunk[mb->nchunks].off = off;
		mb->chunk[mb->nchunks].size = hdr.size;
		mb->nchunks++;
		off += hdr.size;
	}
	return 0;
}

/**
 * kho_mapbuf_free() - free what a mapbuf holds
 * @mb: the mapbuf
 */
void kho_mapbuf_free(struct kho_mapbuf *mb)
{
	if (mb->owned)
		free(mb->buf);
	free(mb->chunk);
	mb->buf = NULL;
	mb->chunk = NULL;
	mb->nchunks = 0;
}
