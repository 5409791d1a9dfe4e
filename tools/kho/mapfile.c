// SPDX-License-Identifier: GPL-2.0
/*
 * A preserved-memory map as a file (mapfile.h): indexing the chunks of an
 * image by their ``self`` and reading through that index, and encoding a
 * builder into an image.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kho/blob.h>

#include "mapfile.h"

#define KHO_MAPFILE_PAGE	(1U << KHO_MAP_PAGE_SHIFT)

/*
 * The checker reads chunks in chain order, which is file order: try the
 * last chunk found and the one after it before searching them all.
 */
static const void *kho_mapfile_chunk(void *ctx, u64 phys, u64 size)
{
	struct kho_mapfile *mf = ctx;
	size_t i, k;

	for (k = 0; k < mf->n + 2; k++) {
		const struct kho_mapfile_chunk *c;
		u64 in;

		i = k < 2 ? mf->last + k : k - 2;
		if (i >= mf->n)
			continue;
		c = &mf->c[i];
		if (phys < c->phys)
			continue;
		in = phys - c->phys;
		if (in >= c->size || size > c->size - in)
			continue;
		mf->last = i;
		return mf->buf + c->off + in;
	}
	return NULL;
}

/**
 * kho_mapfile_index() - find the chunks of a map image
 * @mf: filled; free with kho_mapfile_free()
 * @buf: the image, chunks concatenated; must outlive @mf
 * @len: its bytes
 *
 * A chunk is a header whose ``size`` is a non-zero multiple of 4 KiB that
 * fits in what is left of the image. The walk stops at the first bytes
 * that are not one (@mf->bad_off, @mf->bad_why); what was found before
 * stays readable, so the map checker still names the chunk it misses.
 * Nothing else is checked here: that is kho_map_check()'s job.
 *
 * Return: 0, or -ENOMEM.
 */
int kho_mapfile_index(struct kho_mapfile *mf, const void *buf, size_t len)
{
	size_t off = 0, cap = 0;
	struct kho_map_chunk h;

	memset(mf, 0, sizeof(*mf));
	mf->buf = buf;
	mf->len = len;
	mf->src.chunk = kho_mapfile_chunk;
	mf->src.ctx = mf;
	while (off < len) {
		if (len - off < sizeof(h)) {
			mf->bad_why = "shorter than a chunk header";
			break;
		}
		memcpy(&h, mf->buf + off, sizeof(h));
		if (!h.size || h.size % KHO_MAPFILE_PAGE) {
			mf->bad_why = "chunk size is not a non-zero multiple of 4 KiB";
			break;
		}
		if (h.size > len - off) {
			mf->bad_why = "chunk runs past the end of the file";
			break;
		}
		if (mf->n == cap) {
			struct kho_mapfile_chunk *c;

			cap = cap ? 2 * cap : 16;
			c = realloc(mf->c, cap * sizeof(*c));
			if (!c) {
				kho_mapfile_free(mf);
				return -ENOMEM;
			}
			mf->c = c;
		}
		mf->c[mf->n].phys = h.self;
		mf->c[mf->n].off = off;
		mf->c[mf->n].size = h.size;
		mf->n++;
		off += h.size;
	}
	mf->bad_off = off;
	return 0;
}

/**
 * kho_mapfile_free() - free the index (the image is the caller's)
 * @mf: filled by kho_mapfile_index(), or zeroed
 */
void kho_mapfile_free(struct kho_mapfile *mf)
{
	free(mf->c);
	mf->c = NULL;
	mf->n = 0;
}

/**
 * kho_mapfile_grow() - the builder's grow callback, with realloc()
 * @b: the builder
 * @need: entries it needs room for
 *
 * Doubles the capacity (at least 64 entries, at least @need).
 *
 * Return: 0, or -ENOMEM.
 */
int kho_mapfile_grow(struct kho_map_builder *b, size_t need)
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
 * kho_mapfile_builder_init() - an empty builder growing with realloc()
 * @b: the builder
 */
void kho_mapfile_builder_init(struct kho_map_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->grow = kho_mapfile_grow;
	kho_map_builder_reset(b);
}

/**
 * kho_mapfile_builder_free() - free a builder's storage
 * @b: a builder set up with kho_mapfile_builder_init()
 */
void kho_mapfile_builder_free(struct kho_map_builder *b)
{
	free(b->e);
	b->e = NULL;
	b->cap = 0;
	b->n = 0;
}

/**
 * kho_mapfile_encode() - encode a builder into an image, link the blob to it
 * @b: the builder the blob was written with (kho_blob_begin())
 * @fdt: that blob, finished (kho_blob_finish()); NULL to leave linking
 *	(kho_blob_set_map() with @out->ref) to the caller
 * @base: physical address of the first chunk, page aligned
 * @stride: distance between chunk addresses, at least @chunk_size; 0 for
 *	@chunk_size, so the chunks follow each other without gaps and the
 *	image is also the memory at @base
 * @chunk_size: bytes per chunk (%KHO_MAPFILE_CHUNK as in the kernel)
 * @out: the image and the figures; free @out->img
 *
 * What the kernel does after the dump: kho_map_prepare(),
 * kho_map_measure(), chunks at ascending addresses, kho_map_encode(),
 * kho_blob_set_map().
 *
 * Return: 0, -EINVAL if kho_map_prepare() refused the ranges (@out->rep
 * says why), or another error of the steps above.
 */
int kho_mapfile_encode(struct kho_map_builder *b, void *fdt, u64 base,
		       u64 stride, u32 chunk_size, struct kho_mapfile_out *out)
{
	void **chunk = NULL;
	u64 *phys = NULL;
	u64 i;
	int err;

	memset(out, 0, sizeof(*out));
	if (!stride)
		stride = chunk_size;
	err = kho_map_prepare(b, &out->rep);
	if (err)
		return err;
	err = kho_map_measure(b, chunk_size, &out->lay);
	if (err)
		return err;
	if (out->lay.chunks) {
		out->len = out->lay.chunks * chunk_size;
		out->img = calloc(1, out->len);
		chunk = calloc(out->lay.chunks, sizeof(*chunk));
		phys = calloc(out->lay.chunks, sizeof(*phys));
		if (!out->img || !chunk || !phys) {
			err = -ENOMEM;
			goto out;
		}
		for (i = 0; i < out->lay.chunks; i++) {
			chunk[i] = (u8 *)out->img + i * chunk_size;
			phys[i] = base + i * stride;
		}
	}
	err = kho_map_encode(b, &out->lay, chunk, phys, &out->ref);
	if (!err && fdt)
		err = kho_blob_set_map(fdt, &out->ref);
out:
	if (err) {
		free(out->img);
		out->img = NULL;
		out->len = 0;
	}
	free(chunk);
	free(phys);
	return err;
}

/**
 * kho_mapfile_region() - region record @i of a chunk, as the format lays
 *	them out (for generators that corrupt one on purpose)
 * @c: the chunk, whole (its ``used`` bytes readable)
 * @i: index of the record among the chunk's regions
 *
 * Return: the record, or NULL when the chunk has fewer.
 */
struct kho_map_region *kho_mapfile_region(struct kho_map_chunk *c,
					  unsigned int i)
{
	size_t off = sizeof(*c) + c->owners * sizeof(struct kho_map_owner);
	struct kho_map_region *r;

	for (;;) {
		if (off + sizeof(*r) > c->used)
			return NULL;
		r = (struct kho_map_region *)((u8 *)c + off);
		if (!i--)
			return r;
		off += sizeof(*r);
		if (r->kind == KHO_MAP_BITMAP)
			off += (r->pages + 63) / 64 * 8;
	}
}
