// SPDX-License-Identifier: GPL-2.0
/*
 * The preserved-memory map (abi/kho.h, "preserved-memory map"): the
 * builder the outgoing kernel fills while the blob is written, the greedy
 * encoder, and the check and iterator the incoming kernel, the offline
 * tools and the fuzzers run on a map nobody vouches for.
 *
 * Portable: no allocation (callers pass storage, the builder grows through
 * its callback), no locking, no kernel state. The userspace harness
 * compiles this file as it is.
 *
 * Every read of the map is bounded by a length checked just before it:
 * a chunk's header by the bytes the reader returned, its owner table and
 * regions by its used bytes, a bitmap's words by what remains of them.
 * The chain cannot loop (each chunk lies above the previous one) and is
 * never longer than the mem-map property says, so the check is one
 * linear pass over the chunks and their regions, plus one cursor over the
 * RAM and forbidden lists and one over the chain itself.
 */
#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/libfdt.h>
#include <linux/math.h>
#include <linux/sort.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/map.h>
#include <linux/kho/ranges.h>

#define KHO_MAP_PAGE		(1ULL << KHO_MAP_PAGE_SHIFT)
#define KHO_MAP_HDR		sizeof(struct kho_map_chunk)
#define KHO_MAP_REC		sizeof(struct kho_map_region)
#define KHO_MAP_OWNER		sizeof(struct kho_map_owner)
/* A run this long is an extent: as a bitmap it would cost more. */
#define KHO_MAP_EXTENT_MIN	192

static_assert(sizeof(struct kho_map_chunk) == 40);
static_assert(sizeof(struct kho_map_region) == 24);
static_assert(sizeof(struct kho_map_owner) == 64);
static_assert(sizeof(struct kho_map_ref) == 32);

static const struct kho_err_text kho_map_text[] = {
	KHO_ERR_TEXTS(KHO_MAP_ERRORS)
};
const struct kho_errors kho_map_errors = KHO_ERRORS(kho_map_text);

/* Index of the lowest set bit of a non-zero word. */
static unsigned int kho_map_ctz(u64 w)
{
	return __ffs64(w);
}

static unsigned int kho_map_popcount(u64 w)
{
	return hweight64(w);
}

static u64 kho_map_word(const u8 *words, u64 i)
{
	u64 w;

	memcpy(&w, words + i * sizeof(u64), sizeof(w));
	return w;
}

/*
 * The next stretch of set bits at or after bit @*pos of a bitmap of @nbits
 * bits (canonical: no bit at or past @nbits is set): its first bit in
 * @*start and its length in @*len; @*pos moves past it. Each word is
 * looked at a bounded number of times over a whole walk.
 *
 * Return: false when no set bit is left.
 */
static bool kho_map_bits_next(const u8 *words, u64 nbits, u64 *pos,
			      u64 *start, u64 *len)
{
	u64 i = *pos, w, s;

	if (i >= nbits)
		return false;
	/* Find a set bit. */
	w = kho_map_word(words, i / 64) & (~0ULL << (i % 64));
	while (!w) {
		i = (i / 64 + 1) * 64;
		if (i >= nbits)
			return false;
		w = kho_map_word(words, i / 64);
	}
	s = (i / 64) * 64 + kho_map_ctz(w);
	if (s >= nbits)
		return false;
	/* Find the clear bit after it. */
	i = s;
	w = ~kho_map_word(words, i / 64) & (~0ULL << (i % 64));
	while (!w) {
		i = (i / 64 + 1) * 64;
		if (i >= nbits)
			break;
		w = ~kho_map_word(words, i / 64);
	}
	if (i < nbits)
		i = (i / 64) * 64 + kho_map_ctz(w);
	if (i > nbits)
		i = nbits;
	*start = s;
	*len = i - s;
	*pos = i;
	return true;
}

/* -------------------------------------------------------------------- */
/* Builder */

/**
 * kho_map_builder_reset() - empty a builder, keeping its storage
 * @b: the builder (@b->e, @b->cap and @b->grow are kept)
 *
 * No entries, no owners, no owner open.
 */
void kho_map_builder_reset(struct kho_map_builder *b)
{
	b->n = 0;
	b->nowners = 0;
	b->cur = -1;
}

/**
 * kho_map_open_owner() - make @name the owner of the ranges added next
 * @b: the builder
 * @name: the node's name, 1 to %KHO_MAX_NAME_LEN bytes
 *
 * A name opened before gets its old index back.
 *
 * Return: the owner's index, -EINVAL for a bad name, -ENOSPC when the
 * owner table is full.
 */
int kho_map_open_owner(struct kho_map_builder *b, const char *name)
{
	size_t len = name ? strnlen(name, KHO_MAX_NAME_LEN + 1) : 0;
	unsigned int i;

	b->cur = -1;
	if (!len || len > KHO_MAX_NAME_LEN)
		return -EINVAL;
	for (i = 0; i < b->nowners; i++)
		if (!strcmp(b->owners[i], name))
			break;
	if (i == b->nowners) {
		if (b->nowners == KHO_MAP_MAX_OWNERS)
			return -ENOSPC;
		memset(b->owners[i], 0, sizeof(b->owners[i]));
		memcpy(b->owners[i], name, len);
		b->nowners++;
	}
	b->cur = i;
	return i;
}

/**
 * kho_map_add() - add a preserved range to the open owner
 * @b: the builder
 * @addr: physical start, page aligned
 * @len: bytes, a non-zero multiple of the page size
 *
 * Ranges may come in any order; kho_map_prepare() sorts them.
 *
 * Return: 0; -EINVAL when no owner is open or the range is empty,
 * unaligned or wraps; -ENOSPC when full and @b->grow is NULL; what
 * @b->grow returns when it fails.
 */
int kho_map_add(struct kho_map_builder *b, u64 addr, u64 len)
{
	struct kho_map_entry *e;
	int err;

	if (b->cur < 0 || (unsigned int)b->cur >= b->nowners)
		return -EINVAL;
	if (!len || !IS_ALIGNED(addr, KHO_MAP_PAGE) ||
	    !IS_ALIGNED(len, KHO_MAP_PAGE) || len > U64_MAX - addr)
		return -EINVAL;
	/* Memory handed over piece by piece in order takes one entry. */
	e = b->n ? &b->e[b->n - 1] : NULL;
	if (e && e->owner == (u32)b->cur && e->addr + e->len == addr) {
		e->len += len;
		return 0;
	}
	if (b->n == b->cap) {
		if (!b->grow)
			return -ENOSPC;
		err = b->grow(b, b->n + 1);
		if (err)
			return err;
		if (b->cap <= b->n)
			return -ENOMEM;
	}
	e = &b->e[b->n++];
	e->addr = addr;
	e->len = len;
	e->owner = b->cur;
	e->reserved = 0;
	return 0;
}

static int kho_map_entry_cmp(const void *a, const void *b)
{
	const struct kho_map_entry *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	return 0;
}

static void kho_map_report_init(struct kho_map_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	kho_report_init(&rep->why, &kho_map_errors);
	rep->owner = -1;
	rep->other = -1;
}

static void kho_map_name(char *dst, const char *src)
{
	size_t len = strnlen(src, KHO_MAX_NAME_LEN);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/**
 * kho_map_prepare() - sort, check and merge the builder's ranges
 * @b: the builder, done with adding
 * @rep: why it was refused; may be NULL
 *
 * Sorts the entries by address, refuses two entries sharing a page
 * (%KHO_MAP_OVERLAP, @rep->owner and @rep->other naming both owners,
 * @rep->why.addr/len the later entry) and merges touching entries of one
 * owner. O(n log n).
 *
 * Return: 0, or -EINVAL.
 */
int kho_map_prepare(struct kho_map_builder *b, struct kho_map_report *rep)
{
	struct kho_map_report local;
	size_t i, out = 0;

	if (!rep)
		rep = &local;
	kho_map_report_init(rep);
	/* Serializers mostly add in address order: sort only when needed. */
	for (i = 1; i < b->n; i++)
		if (kho_map_entry_cmp(&b->e[i - 1], &b->e[i]) > 0)
			break;
	if (i < b->n)
		sort(b->e, b->n, sizeof(*b->e), kho_map_entry_cmp, NULL);
	for (i = 0; i < b->n; i++) {
		struct kho_map_entry *last = out ? &b->e[out - 1] : NULL;
		struct kho_map_entry *e = &b->e[i];

		if (e->owner >= b->nowners) {
			rep->why.index = e->owner;
			return kho_report_fail(&rep->why, KHO_MAP_OWNER_RANGE);
		}
		if (last && e->addr < last->addr + last->len) {
			rep->owner = e->owner;
			rep->other = last->owner;
			kho_map_name(rep->owner_name, b->owners[e->owner]);
			kho_map_name(rep->other_name, b->owners[last->owner]);
			rep->why.addr = e->addr;
			rep->why.len = e->len;
			return kho_report_fail(&rep->why, KHO_MAP_OVERLAP);
		}
		if (last && e->addr == last->addr + last->len &&
		    e->owner == last->owner) {
			last->len += e->len;
			continue;
		}
		b->e[out++] = *e;
	}
	b->n = out;
	return 0;
}

/* -------------------------------------------------------------------- */
/* Encoder */

/*
 * One pass of the greedy encoding over the prepared entries: counts into
 * @lay, and writes the chunks when @chunk is not NULL. measure and encode
 * run the same pass, so they cannot disagree.
 */
struct kho_map_writer {
	const struct kho_map_builder *b;
	u32 chunk_size;
	void *const *chunk;
	const u64 *phys;
	u8 *c;			/* chunk being written, NULL when measuring */
	u32 used;
	u32 regions;
};

static void kho_map_close_chunk(struct kho_map_writer *w, u64 k, bool last)
{
	struct kho_map_chunk hdr;

	if (!w->c)
		return;
	memcpy(&hdr, w->c, sizeof(hdr));
	hdr.next = last ? 0 : w->phys[k + 1];
	hdr.used = w->used;
	hdr.regions = w->regions;
	memcpy(w->c, &hdr, sizeof(hdr));
}

static void kho_map_open_chunk(struct kho_map_writer *w, u64 k)
{
	const struct kho_map_builder *b = w->b;
	struct kho_map_chunk hdr = {
		.magic = KHO_MAP_MAGIC,
		.owners = k ? 0 : b->nowners,
		.size = w->chunk_size,
	};
	unsigned int i;

	w->used = KHO_MAP_HDR + (k ? 0 : b->nowners * KHO_MAP_OWNER);
	w->regions = 0;
	if (!w->chunk)
		return;
	w->c = w->chunk[k];
	hdr.self = w->phys[k];
	memset(w->c, 0, w->chunk_size);
	memcpy(w->c, &hdr, sizeof(hdr));
	if (!k)
		for (i = 0; i < b->nowners; i++)
			memcpy(w->c + KHO_MAP_HDR + i * KHO_MAP_OWNER,
			       b->owners[i], KHO_MAX_NAME_LEN);
}

static u64 kho_map_pages(const struct kho_map_entry *e)
{
	return e->len >> KHO_MAP_PAGE_SHIFT;
}

static int kho_map_walk(const struct kho_map_builder *b, u32 chunk_size,
			struct kho_map_layout *lay, void *const *chunk,
			const u64 *phys, u64 nchunks)
{
	struct kho_map_writer w = {
		.b = b, .chunk_size = chunk_size, .chunk = chunk, .phys = phys,
	};
	u64 k = 0;
	size_t i = 0, j;

	memset(lay, 0, sizeof(*lay));
	lay->chunk_size = chunk_size;
	if (!IS_ALIGNED(chunk_size, KHO_MAP_PAGE) || !chunk_size ||
	    chunk_size > KHO_MAP_CHUNK_MAX || b->nowners > KHO_MAP_MAX_OWNERS ||
	    KHO_MAP_HDR + b->nowners * KHO_MAP_OWNER + KHO_MAP_REC > chunk_size)
		return -EINVAL;
	if (!b->n)
		return 0;
	if (chunk && !nchunks)
		return -EINVAL;
	kho_map_open_chunk(&w, 0);

	while (i < b->n) {
		const struct kho_map_entry *e = &b->e[i];
		u64 room, start = e->addr, end, pages, bytes, bits;

		if (chunk_size - w.used < KHO_MAP_REC) {
			if (chunk && k + 1 >= nchunks)
				return -EINVAL;
			kho_map_close_chunk(&w, k, false);
			lay->used += w.used;
			kho_map_open_chunk(&w, ++k);
		}
		room = chunk_size - w.used - KHO_MAP_REC;
		end = e->addr + e->len;
		j = i + 1;
		if (kho_map_pages(e) < KHO_MAP_EXTENT_MIN) {
			/* Gather the owner's short runs nearby into a bitmap. */
			while (j < b->n) {
				const struct kho_map_entry *f = &b->e[j];

				if (f->owner != e->owner ||
				    kho_map_pages(f) >= KHO_MAP_EXTENT_MIN ||
				    f->addr < end ||
				    (f->addr - end) >> KHO_MAP_PAGE_SHIFT >
				    KHO_MAP_EXTENT_MIN)
					break;
				bits = (f->addr + f->len - start) >> KHO_MAP_PAGE_SHIFT;
				if (DIV_ROUND_UP(bits, 64) * sizeof(u64) > room)
					break;
				end = f->addr + f->len;
				j++;
			}
		}
		pages = (end - start) >> KHO_MAP_PAGE_SHIFT;
		bytes = KHO_MAP_REC;
		if (j > i + 1)
			bytes += DIV_ROUND_UP(pages, 64) * sizeof(u64);
		if (w.c) {
			struct kho_map_region r = {
				.addr = start,
				.pages = pages,
				.kind = j > i + 1 ? KHO_MAP_BITMAP : KHO_MAP_EXTENT,
				.owner = e->owner,
			};
			u8 *words = w.c + w.used + KHO_MAP_REC;
			size_t m;

			memcpy(w.c + w.used, &r, sizeof(r));
			for (m = i; j > i + 1 && m < j; m++) {
				u64 bit = (b->e[m].addr - start) >> KHO_MAP_PAGE_SHIFT;
				u64 n = kho_map_pages(&b->e[m]), word;

				for (; n; n--, bit++) {
					memcpy(&word, words + bit / 64 * 8, 8);
					word |= 1ULL << (bit % 64);
					memcpy(words + bit / 64 * 8, &word, 8);
				}
			}
		}
		w.used += bytes;
		w.regions++;
		lay->regions++;
		if (j == i + 1)
			lay->extents++;
		lay->runs += j - i;
		for (; i < j; i++)
			lay->pages += kho_map_pages(&b->e[i]);
	}
	kho_map_close_chunk(&w, k, true);
	lay->used += w.used;
	lay->chunks = k + 1;
	lay->bytes = lay->chunks * chunk_size;
	return 0;
}

/**
 * kho_map_measure() - what the encoding of a prepared builder takes
 * @b: a builder kho_map_prepare() accepted
 * @chunk_size: bytes per chunk: a multiple of 4 KiB, at most
 *	%KHO_MAP_CHUNK_MAX, with room for the header, the owner table and
 *	one region
 * @lay: filled with the layout (zero chunks for an empty builder)
 *
 * Return: 0, or -EINVAL for a bad @chunk_size.
 */
int kho_map_measure(const struct kho_map_builder *b, u32 chunk_size,
		    struct kho_map_layout *lay)
{
	return kho_map_walk(b, chunk_size, lay, NULL, NULL, 0);
}

/**
 * kho_map_encode() - write the map into the caller's chunks
 * @b: a builder kho_map_prepare() accepted
 * @lay: what kho_map_measure() said for @b
 * @chunk: @lay->chunks buffers of @lay->chunk_size bytes each
 * @phys: the physical address of each, page aligned, strictly ascending
 *	with each chunk ending at or before the next one starts
 * @ref: filled with the root's mem-map value (all zero for an empty map)
 *
 * Greedy and linear (docs/design/memory-map.md): a run of at least 192
 * pages is an extent; shorter runs of one owner starting within 192
 * pages of each other share a bitmap while it fits the chunk; a bitmap
 * of one run is written as an extent. No region straddles a chunk. The
 * owner table lists every owner the builder opened.
 *
 * Return: 0, or -EINVAL when @lay does not fit @b or @phys is not
 * ascending.
 */
int kho_map_encode(const struct kho_map_builder *b,
		   const struct kho_map_layout *lay, void *const *chunk,
		   const u64 *phys, struct kho_map_ref *ref)
{
	struct kho_map_layout got;
	u64 k;
	int err;

	memset(ref, 0, sizeof(*ref));
	for (k = 0; k < lay->chunks; k++) {
		if (!chunk[k] || !IS_ALIGNED(phys[k], KHO_MAP_PAGE) ||
		    phys[k] > U64_MAX - lay->chunk_size)
			return -EINVAL;
		if (k && phys[k] < phys[k - 1] + lay->chunk_size)
			return -EINVAL;
	}
	err = kho_map_walk(b, lay->chunk_size, &got, chunk, phys, lay->chunks);
	if (err)
		return err;
	if (got.chunks != lay->chunks)
		return -EINVAL;
	if (!got.chunks)
		return 0;
	ref->addr = phys[0];
	ref->chunks = got.chunks;
	ref->bytes = got.bytes;
	ref->pages = got.pages;
	return 0;
}

/* -------------------------------------------------------------------- */
/* Check */

struct kho_map_cursor {
	size_t ram;
	size_t forbid;
};

struct kho_map_checker {
	const void *fdt;
	const struct kho_map_src *src;
	const struct kho_mem *ram, *forbidden;
	size_t nram, nforbidden;
	struct kho_map_cursor runs, chunks;
	u64 max_runs;
	struct kho_map_ref ref;
	struct kho_map_report *rep;
	/* the chain cursor: the chunk at or after the last run checked */
	u64 cc_addr, cc_size, cc_next, cc_index;
	/* end of the previous region, for order and overlap */
	u64 prev_end;
	int prev_owner;
	bool any;
	u64 owners;
	const u8 *table;
};

static int kho_map_fail(struct kho_map_checker *c, int err, long index)
{
	c->rep->why.index = index;
	return kho_report_fail(&c->rep->why, err);
}

static void kho_map_owner_of(struct kho_map_checker *c, char *dst,
			     unsigned int owner)
{
	if (c->table && owner < c->owners)
		kho_map_name(dst, (const char *)c->table + owner * KHO_MAP_OWNER);
}

/* A bad range [addr, addr + len) of @owner, for kho_range_err @cause. */
static int kho_map_bad_range(struct kho_map_checker *c, int err, int cause,
			     u64 addr, u64 len, unsigned int owner, long chunk)
{
	struct kho_map_report *rep = c->rep;

	rep->why.addr = addr;
	rep->why.len = len;
	if (cause) {
		rep->why.cause_errors = &kho_range_errors;
		rep->why.cause = cause;
	}
	rep->owner = owner;
	kho_map_owner_of(c, rep->owner_name, owner);
	return kho_map_fail(c, err, chunk);
}

/*
 * Is [addr, end) inside RAM (when there is a RAM list) and outside every
 * forbidden area? Ranges come in ascending order, so the cursor only
 * moves forward: linear in the ranges plus both lists.
 */
static int kho_map_range_err(const struct kho_map_checker *c,
			     struct kho_map_cursor *cur, u64 addr, u64 end)
{
	size_t j = cur->ram;
	u64 covered;

	if (c->ram) {
		while (j < c->nram && c->ram[j].addr + c->ram[j].len <= addr)
			j++;
		cur->ram = j;
		if (j == c->nram || c->ram[j].addr > addr)
			return KHO_RANGE_NOT_RAM;
		/* Firmware may describe one block of RAM as adjacent pieces. */
		covered = c->ram[j].addr + c->ram[j].len;
		while (covered < end && ++j < c->nram && c->ram[j].addr == covered)
			covered = c->ram[j].addr + c->ram[j].len;
		if (covered < end)
			return KHO_RANGE_NOT_RAM;
	}
	j = cur->forbid;
	while (j < c->nforbidden &&
	       c->forbidden[j].addr + c->forbidden[j].len <= addr)
		j++;
	cur->forbid = j;
	if (j < c->nforbidden && c->forbidden[j].addr < end)
		return KHO_RANGE_FORBIDDEN;
	return KHO_RANGE_OK;
}

/* Read @size bytes of the map at @phys through the caller's reader. */
static const u8 *kho_map_read(const struct kho_map_src *src, u64 phys,
			      u64 size)
{
	if (!src || !src->chunk)
		return NULL;
	return src->chunk(src->ctx, phys, size);
}

/*
 * Move the chain cursor to the first chunk that ends after @addr. The
 * chain passed the first pass, so each header read here is a checked one.
 */
static void kho_map_cc_seek(struct kho_map_checker *c, u64 addr)
{
	struct kho_map_chunk hdr;
	const u8 *p;

	while (c->cc_addr && c->cc_addr + c->cc_size <= addr) {
		if (!c->cc_next || ++c->cc_index >= c->ref.chunks) {
			c->cc_addr = 0;
			return;
		}
		p = kho_map_read(c->src, c->cc_next, KHO_MAP_HDR);
		if (!p) {
			c->cc_addr = 0;
			return;
		}
		memcpy(&hdr, p, sizeof(hdr));
		c->cc_addr = c->cc_next;
		c->cc_size = hdr.size;
		c->cc_next = hdr.next;
	}
}

/* One run of consecutive preserved pages: RAM, forbidden, the chain. */
static int kho_map_check_run(struct kho_map_checker *c, u64 addr, u64 pages,
			     unsigned int owner, long chunk)
{
	u64 len = pages << KHO_MAP_PAGE_SHIFT, end = addr + len;
	struct kho_map_report *rep = c->rep;
	int cause;

	if (c->max_runs && rep->runs >= c->max_runs)
		return kho_map_bad_range(c, KHO_MAP_TOO_MANY_RUNS, 0, addr, len,
					 owner, chunk);
	rep->runs++;
	cause = kho_map_range_err(c, &c->runs, addr, end);
	if (cause)
		return kho_map_bad_range(c, KHO_MAP_BAD_RANGE, cause, addr, len,
					 owner, chunk);
	kho_map_cc_seek(c, addr);
	if (c->cc_addr && c->cc_addr < end)
		return kho_map_bad_range(c, KHO_MAP_OVER_CHUNK, 0, addr, len,
					 owner, chunk);
	return 0;
}

/*
 * First pass: the chain alone. Addresses ascending and aligned, each
 * chunk readable (in RAM, outside the forbidden areas), its header sound,
 * its unused tail zero, as many chunks and bytes as mem-map says.
 */
static int kho_map_check_chain(struct kho_map_checker *c)
{
	struct kho_map_report *rep = c->rep;
	struct kho_map_chunk hdr;
	u64 phys = c->ref.addr, bytes = 0, k, i;
	const u8 *p;
	int cause;

	for (k = 0; phys; k++) {
		rep->why.addr = phys;
		rep->why.len = 0;
		if (k == c->ref.chunks)
			return kho_map_fail(c, KHO_MAP_CHUNK_COUNT, k);
		if (!IS_ALIGNED(phys, KHO_MAP_PAGE) ||
		    phys > U64_MAX - KHO_MAP_PAGE)
			return kho_map_fail(c, KHO_MAP_BAD_CHUNK_ADDR, k);
		p = kho_map_read(c->src, phys, KHO_MAP_HDR);
		if (!p)
			return kho_map_fail(c, KHO_MAP_CHUNK_UNREADABLE, k);
		memcpy(&hdr, p, sizeof(hdr));
		if (hdr.magic != KHO_MAP_MAGIC || hdr.self != phys ||
		    hdr.size < KHO_MAP_PAGE || hdr.size > KHO_MAP_CHUNK_MAX ||
		    !IS_ALIGNED(hdr.size, KHO_MAP_PAGE) ||
		    phys > U64_MAX - hdr.size || hdr.used < KHO_MAP_HDR ||
		    hdr.used > hdr.size || hdr.reserved || (k && hdr.owners))
			return kho_map_fail(c, KHO_MAP_BAD_CHUNK, k);
		if (!k && hdr.owners > KHO_MAP_MAX_OWNERS)
			return kho_map_fail(c, KHO_MAP_TOO_MANY_OWNERS, k);
		rep->why.len = hdr.size;
		cause = kho_map_range_err(c, &c->chunks, phys, phys + hdr.size);
		if (cause) {
			rep->why.cause_errors = &kho_range_errors;
			rep->why.cause = cause;
			return kho_map_fail(c, KHO_MAP_CHUNK_UNREADABLE, k);
		}
		p = kho_map_read(c->src, phys, hdr.size);
		if (!p)
			return kho_map_fail(c, KHO_MAP_CHUNK_UNREADABLE, k);
		for (i = hdr.used; i < hdr.size; i++)
			if (p[i])
				return kho_map_fail(c, KHO_MAP_BAD_CHUNK, k);
		bytes += hdr.size;
		if (hdr.next && hdr.next < phys + hdr.size) {
			rep->why.addr = hdr.next;
			rep->why.len = 0;
			return kho_map_fail(c, KHO_MAP_BAD_CHUNK_ADDR, k + 1);
		}
		phys = hdr.next;
	}
	rep->chunks = k;
	rep->why.addr = 0;
	rep->why.len = 0;
	if (k != c->ref.chunks || bytes != c->ref.bytes)
		return kho_map_fail(c, KHO_MAP_CHUNK_COUNT, -1);
	return 0;
}

/* The owner table of the first chunk @p: names of children of the root. */
static int kho_map_check_owners(struct kho_map_checker *c, const u8 *p,
				u32 used)
{
	int node[KHO_MAP_MAX_OWNERS];
	unsigned int i, j;
	size_t len;

	if (KHO_MAP_HDR + c->owners * KHO_MAP_OWNER > used)
		return kho_map_fail(c, KHO_MAP_BAD_REGION, 0);
	c->table = p + KHO_MAP_HDR;
	for (i = 0; i < c->owners; i++) {
		const char *name = (const char *)c->table + i * KHO_MAP_OWNER;

		c->rep->owner = i;
		len = strnlen(name, KHO_MAP_OWNER);
		if (!len || len > KHO_MAX_NAME_LEN)
			return kho_map_fail(c, KHO_MAP_BAD_OWNER, i);
		kho_map_owner_of(c, c->rep->owner_name, i);
		for (j = len; j < KHO_MAP_OWNER; j++)
			if (name[j])
				return kho_map_fail(c, KHO_MAP_BAD_OWNER, i);
		node[i] = kho_blob_subnode(c->fdt, name);
		if (node[i] < 0)
			return kho_map_fail(c, KHO_MAP_BAD_OWNER, i);
		for (j = 0; j < i; j++)
			if (node[j] == node[i])
				return kho_map_fail(c, KHO_MAP_BAD_OWNER, i);
	}
	c->rep->owner = -1;
	c->rep->owner_name[0] = '\0';
	return 0;
}

/* The regions of chunk @k at @p, @used bytes of it meaningful. */
static int kho_map_check_regions(struct kho_map_checker *c, const u8 *p,
				 u64 k, u32 off, u32 used, u32 nregions)
{
	struct kho_map_report *rep = c->rep;
	struct kho_map_region r;
	u64 end, words, pages, start, len, pos, last, w, i;
	const u8 *bits;
	u32 n;
	int err;

	for (n = 0; n < nregions; n++) {
		if (used - off < KHO_MAP_REC)
			return kho_map_fail(c, KHO_MAP_BAD_REGION, k);
		memcpy(&r, p + off, sizeof(r));
		off += KHO_MAP_REC;
		rep->regions++;
		if ((r.kind != KHO_MAP_EXTENT && r.kind != KHO_MAP_BITMAP) ||
		    r.reserved)
			return kho_map_fail(c, KHO_MAP_BAD_KIND, k);
		if (r.owner >= c->owners) {
			rep->owner = r.owner;
			return kho_map_fail(c, KHO_MAP_OWNER_RANGE, k);
		}
		if (!r.pages)
			return kho_map_bad_range(c, KHO_MAP_BAD_RANGE,
						 KHO_RANGE_EMPTY, r.addr, 0,
						 r.owner, k);
		/* The region's span, when it does not wrap (then: none). */
		if (!IS_ALIGNED(r.addr, KHO_MAP_PAGE))
			return kho_map_bad_range(c, KHO_MAP_BAD_RANGE,
						 KHO_RANGE_UNALIGNED, r.addr,
						 r.pages > (U64_MAX - r.addr) >> KHO_MAP_PAGE_SHIFT ?
						 0 : r.pages << KHO_MAP_PAGE_SHIFT,
						 r.owner, k);
		if (r.pages > (U64_MAX - r.addr) >> KHO_MAP_PAGE_SHIFT ||
		    r.addr + (r.pages << KHO_MAP_PAGE_SHIFT) == 0)
			return kho_map_bad_range(c, KHO_MAP_BAD_RANGE,
						 KHO_RANGE_WRAPS, r.addr, 0,
						 r.owner, k);
		end = r.addr + (r.pages << KHO_MAP_PAGE_SHIFT);
		if (c->any && r.addr < c->prev_end) {
			rep->other = c->prev_owner;
			kho_map_owner_of(c, rep->other_name, c->prev_owner);
			return kho_map_bad_range(c, KHO_MAP_OVERLAP, 0, r.addr,
						 end - r.addr, r.owner, k);
		}
		c->any = true;
		c->prev_end = end;
		c->prev_owner = r.owner;

		if (r.kind == KHO_MAP_EXTENT) {
			err = kho_map_check_run(c, r.addr, r.pages, r.owner, k);
			if (err)
				return err;
			pages = r.pages;
		} else {
			words = DIV_ROUND_UP(r.pages, 64);
			if (words > (used - off) / sizeof(u64))
				return kho_map_bad_range(c, KHO_MAP_BAD_REGION,
							 0, r.addr,
							 end - r.addr, r.owner,
							 k);
			bits = p + off;
			off += words * sizeof(u64);
			last = kho_map_word(bits, words - 1);
			if (!(kho_map_word(bits, 0) & 1) ||
			    !(last & (1ULL << ((r.pages - 1) % 64))) ||
			    (r.pages % 64 && last >> (r.pages % 64)))
				return kho_map_bad_range(c, KHO_MAP_BAD_BITMAP,
							 0, r.addr,
							 end - r.addr, r.owner,
							 k);
			pages = 0;
			for (i = 0; i < words; i++) {
				w = kho_map_word(bits, i);
				pages += kho_map_popcount(w);
			}
			pos = 0;
			while (kho_map_bits_next(bits, r.pages, &pos, &start,
						 &len)) {
				err = kho_map_check_run(c, r.addr +
							(start << KHO_MAP_PAGE_SHIFT),
							len, r.owner, k);
				if (err)
					return err;
			}
		}
		if (pages > U64_MAX - rep->pages)
			return kho_map_fail(c, KHO_MAP_PAGE_COUNT, k);
		rep->pages += pages;
	}
	if (off != used)
		return kho_map_fail(c, KHO_MAP_BAD_CHUNK, k);
	return 0;
}

/**
 * kho_map_check() - validate the map a blob points at, completely
 * @fdt: a blob that passed kho_blob_check()
 * @src: how to read the map's chunks
 * @ram: RAM ranges, sorted, non-overlapping; NULL to skip that check
 * @nram: number of RAM ranges
 * @forbidden: sorted, non-overlapping ranges neither the map nor a
 *	preserved page may touch; may be NULL
 * @nforbidden: number of forbidden ranges
 * @max_runs: most runs the next kernel can reserve, 0 for no limit
 * @rep: filled with the outcome and, on success, the totals; may be NULL
 *
 * Every rule of abi/kho.h's "preserved-memory map", each with its own
 * code: the mem-map property; the chain (aligned, strictly ascending,
 * readable, in RAM and outside @forbidden, headers consistent, unused
 * bytes zero, as many chunks and bytes as mem-map says); the owner table
 * (names of distinct children of the root); every region (inside the
 * chunk's used bytes, known kind, owner in the table, canonical bitmap,
 * ascending and disjoint over the whole chain); every run (in RAM,
 * outside @forbidden and outside the map's own chunks); the page total;
 * and at most @max_runs runs. Linear in the size of the map plus the
 * lengths of @ram and @forbidden; reads nothing it has not bounded.
 *
 * Return: 0 if the map is valid, -EINVAL otherwise.
 */
int kho_map_check(const void *fdt, const struct kho_map_src *src,
		  const struct kho_mem *ram, size_t nram,
		  const struct kho_mem *forbidden, size_t nforbidden,
		  u64 max_runs, struct kho_map_report *rep)
{
	struct kho_map_report local;
	struct kho_map_checker c = {
		.fdt = fdt, .src = src, .ram = ram, .nram = nram,
		.forbidden = forbidden, .nforbidden = forbidden ? nforbidden : 0,
		.max_runs = max_runs, .prev_owner = -1,
	};
	struct kho_map_chunk hdr;
	u64 phys, k;
	const u8 *p;
	int err;

	if (!rep)
		rep = &local;
	kho_map_report_init(rep);
	c.rep = rep;
	if (kho_blob_map_ref(fdt, &c.ref))
		return kho_report_fail(&rep->why, KHO_MAP_BAD_REF);
	if (!c.ref.addr) {
		if (c.ref.chunks || c.ref.bytes || c.ref.pages)
			return kho_report_fail(&rep->why, KHO_MAP_BAD_REF);
		return 0;
	}
	if (!c.ref.chunks || c.ref.chunks > c.ref.bytes / KHO_MAP_PAGE)
		return kho_report_fail(&rep->why, KHO_MAP_BAD_REF);

	err = kho_map_check_chain(&c);
	if (err)
		return err;

	/* Second pass: owners, regions and runs, with the chain cursor. */
	c.cc_addr = c.ref.addr;
	c.cc_index = 0;
	phys = c.ref.addr;
	for (k = 0; phys && k < c.ref.chunks; k++) {
		p = kho_map_read(src, phys, KHO_MAP_HDR);
		if (!p)
			return kho_map_fail(&c, KHO_MAP_CHUNK_UNREADABLE, k);
		memcpy(&hdr, p, sizeof(hdr));
		p = kho_map_read(src, phys, hdr.size);
		if (!p)
			return kho_map_fail(&c, KHO_MAP_CHUNK_UNREADABLE, k);
		if (!k) {
			c.cc_size = hdr.size;
			c.cc_next = hdr.next;
			c.owners = hdr.owners;
			err = kho_map_check_owners(&c, p, hdr.used);
			if (err)
				return err;
		}
		err = kho_map_check_regions(&c, p, k,
					    KHO_MAP_HDR +
					    (k ? 0 : c.owners * KHO_MAP_OWNER),
					    hdr.used, hdr.regions);
		if (err)
			return err;
		phys = hdr.next;
	}
	if (rep->pages != c.ref.pages) {
		rep->why.addr = 0;
		rep->why.len = 0;
		return kho_report_fail(&rep->why, KHO_MAP_PAGE_COUNT);
	}
	rep->why.addr = 0;
	rep->why.len = 0;
	rep->why.index = -1;
	return 0;
}

/**
 * kho_map_describe() - one line saying what kho_map_check() found
 * @buf: output buffer
 * @len: its size
 * @fdt: the blob (unused for now: the report carries the owner names)
 * @rep: what kho_map_check() or kho_map_prepare() reported
 *
 * The totals of a valid map, else the chunk, the owner (its name escaped
 * with kho_escape()), the other owner of an overlap, the range, and the
 * reason with its finer cause.
 *
 * Return: the length of the whole line, as snprintf() returns it.
 */
int kho_map_describe(char *buf, size_t len, const void *fdt,
		     const struct kho_map_report *rep)
{
	char name[KHO_ESCAPED_SIZE], other[KHO_ESCAPED_SIZE];
	const struct kho_report *w = &rep->why;
	char chunk[32] = "", own[KHO_ESCAPED_SIZE + 32] = "";
	char oth[KHO_ESCAPED_SIZE + 32] = "", range[64] = "", cause[96] = "";

	(void)fdt;
	if (w->err == KHO_MAP_OK)
		return snprintf(buf, len, "map valid: %llu chunks, %llu regions, %llu runs, %llu pages",
				(unsigned long long)rep->chunks,
				(unsigned long long)rep->regions,
				(unsigned long long)rep->runs,
				(unsigned long long)rep->pages);
	if (w->index >= 0 && w->err != KHO_MAP_BAD_OWNER)
		snprintf(chunk, sizeof(chunk), "chunk %ld, ", w->index);
	if (rep->owner >= 0) {
		kho_escape(name, sizeof(name), rep->owner_name,
			   sizeof(rep->owner_name));
		snprintf(own, sizeof(own), "owner %d '%s', ", rep->owner, name);
	}
	if (rep->other >= 0) {
		kho_escape(other, sizeof(other), rep->other_name,
			   sizeof(rep->other_name));
		snprintf(oth, sizeof(oth), "other owner %d '%s', ", rep->other,
			 other);
	}
	if (w->len)
		snprintf(range, sizeof(range), "[%#llx-%#llx) ",
			 (unsigned long long)w->addr,
			 (unsigned long long)(w->addr + w->len));
	else if (w->addr)
		snprintf(range, sizeof(range), "at %#llx ",
			 (unsigned long long)w->addr);
	if (w->cause_errors)
		snprintf(cause, sizeof(cause), " (%s)",
			 kho_strerror(w->cause_errors, w->cause));
	return snprintf(buf, len, "map: %s%s%s%s%s%s", chunk, own, oth, range,
			kho_strerror(w->errors, w->err), cause);
}

/* -------------------------------------------------------------------- */
/* Iterator */

/* Load the chunk at @phys into @it; false if it cannot be read. */
static bool kho_map_iter_load(struct kho_map_iter *it, u64 phys, bool first)
{
	struct kho_map_chunk hdr;
	const u8 *p;

	it->chunk = NULL;
	it->r = NULL;
	p = kho_map_read(it->src, phys, KHO_MAP_HDR);
	if (!p)
		return false;
	memcpy(&hdr, p, sizeof(hdr));
	if (hdr.used < KHO_MAP_HDR || hdr.used > hdr.size)
		return false;
	p = kho_map_read(it->src, phys, hdr.size);
	if (!p)
		return false;
	it->chunk = p;
	it->next = hdr.next;
	it->used = hdr.used;
	it->left = hdr.regions;
	it->off = KHO_MAP_HDR;
	if (first) {
		if (hdr.owners > KHO_MAP_MAX_OWNERS ||
		    KHO_MAP_HDR + hdr.owners * KHO_MAP_OWNER > hdr.used) {
			it->chunk = NULL;
			return false;
		}
		it->owner_names = (const char *)p + KHO_MAP_HDR;
		it->nowners = hdr.owners;
		it->off += hdr.owners * KHO_MAP_OWNER;
	}
	return true;
}

/**
 * kho_map_iter_init() - start walking the runs of a map
 * @it: the iterator
 * @fdt: a blob whose map passed kho_map_check()
 * @src: how to read the chunks (it must keep returned chunks readable
 *	until the walk ends)
 *
 * Return: 0 (an empty map gives no run), -EINVAL when mem-map is missing
 * or the first chunk cannot be read.
 */
int kho_map_iter_init(struct kho_map_iter *it, const void *fdt,
		      const struct kho_map_src *src)
{
	struct kho_map_ref ref;

	memset(it, 0, sizeof(*it));
	it->src = src;
	if (kho_blob_map_ref(fdt, &ref))
		return -EINVAL;
	if (!ref.addr)
		return 0;
	return kho_map_iter_load(it, ref.addr, true) ? 0 : -EINVAL;
}

/**
 * kho_map_next_run() - the next run of the map
 * @it: an iterator set up by kho_map_iter_init()
 * @run: filled with the run
 *
 * Runs come in ascending address order, each a maximal stretch of
 * consecutive preserved pages within one region (two touching regions
 * give two runs). The walk stays inside every chunk's used bytes even on
 * a map that was not checked, but it only makes sense on a checked one.
 *
 * Return: true with @run filled, false at the end.
 */
bool kho_map_next_run(struct kho_map_iter *it, struct kho_map_run *run)
{
	struct kho_map_region r;
	u64 start, len, words;

	while (it->chunk) {
		if (it->r) {
			memcpy(&r, it->r, sizeof(r));
			if (r.kind == KHO_MAP_EXTENT) {
				it->r = NULL;
				run->addr = r.addr;
				run->len = r.pages << KHO_MAP_PAGE_SHIFT;
				run->owner = r.owner;
				return true;
			}
			if (kho_map_bits_next((const u8 *)it->r + KHO_MAP_REC,
					      r.pages, &it->bit, &start, &len)) {
				run->addr = r.addr + (start << KHO_MAP_PAGE_SHIFT);
				run->len = len << KHO_MAP_PAGE_SHIFT;
				run->owner = r.owner;
				return true;
			}
			it->r = NULL;
			continue;
		}
		if (it->left && it->used - it->off >= KHO_MAP_REC) {
			it->r = (const struct kho_map_region *)(it->chunk + it->off);
			memcpy(&r, it->r, sizeof(r));
			it->off += KHO_MAP_REC;
			it->left--;
			it->bit = 0;
			if (r.kind == KHO_MAP_BITMAP) {
				/* Not DIV_ROUND_UP(): it wraps to 0 near 2^64. */
				words = r.pages / 64 + !!(r.pages % 64);
				if (!r.pages ||
				    words > (it->used - it->off) / sizeof(u64)) {
					it->chunk = NULL;
					return false;
				}
				it->off += words * sizeof(u64);
			} else if (r.kind != KHO_MAP_EXTENT) {
				it->r = NULL;
			}
			continue;
		}
		if (!it->next || !kho_map_iter_load(it, it->next, false))
			it->chunk = NULL;
	}
	return false;
}

/**
 * kho_map_owner_name() - the name of an owner of the map being walked
 * @it: an iterator set up by kho_map_iter_init()
 * @owner: index in the owner table (struct kho_map_run.owner)
 *
 * Return: the NUL-terminated name inside the first chunk (a checked map
 * pads every name with NUL bytes), or NULL for an index outside the table.
 */
const char *kho_map_owner_name(const struct kho_map_iter *it,
			       unsigned int owner)
{
	if (!it->owner_names || owner >= it->nowners)
		return NULL;
	return it->owner_names + owner * KHO_MAP_OWNER;
}

/**
 * kho_map_chunk_ranges() - the physical ranges the map's chunks take
 * @fdt: a blob whose map passed kho_map_check()
 * @src: how to read the chunk headers
 * @out: filled with up to @cap ranges in chain (ascending) order
 * @cap: entries available in @out
 * @n: set to the number of chunks
 *
 * Return: 0; -ENOSPC if the chain has more than @cap chunks (@n then says
 * how many were stored); -EINVAL when mem-map or a header cannot be read.
 */
int kho_map_chunk_ranges(const void *fdt, const struct kho_map_src *src,
			 struct kho_mem *out, size_t cap, size_t *n)
{
	struct kho_map_chunk hdr;
	struct kho_map_ref ref;
	u64 phys, k;
	const u8 *p;

	*n = 0;
	if (kho_blob_map_ref(fdt, &ref))
		return -EINVAL;
	for (phys = ref.addr, k = 0; phys && k < ref.chunks; k++) {
		p = kho_map_read(src, phys, KHO_MAP_HDR);
		if (!p)
			return -EINVAL;
		if (*n == cap)
			return -ENOSPC;
		memcpy(&hdr, p, sizeof(hdr));
		out[*n].addr = phys;
		out[*n].len = hdr.size;
		(*n)++;
		if (hdr.next && hdr.next < phys + hdr.size)
			return -EINVAL;
		phys = hdr.next;
	}
	return 0;
}
