/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The preserved-memory map (abi/kho.h, "preserved-memory map"): encoding
 * it on the outgoing side, checking and walking it on the incoming side.
 * Portable: the kernel, the offline tools, the harness, the fuzzers and the
 * benchmarks compile kernel/kho/map.c as it is. Nothing here allocates;
 * callers pass storage.
 */
#ifndef _LINUX_KHO_MAP_H
#define _LINUX_KHO_MAP_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/err.h>

/**
 * struct kho_map_entry - one preserved range handed to the encoder
 * @addr: physical start, page aligned
 * @len: bytes, a non-zero multiple of the page size
 * @owner: index in the owner table passed to the encoder
 * @reserved: zero
 */
struct kho_map_entry {
	u64 addr;
	u64 len;
	u32 owner;
	u32 reserved;
};

/**
 * struct kho_map_builder - ranges collected while the blob is written
 * @e: storage for the entries
 * @n: entries used
 * @cap: entries available
 * @grow: make room for at least @need entries in @e (update @e and @cap);
 *	return 0 or -ENOMEM. NULL: kho_map_add() returns -ENOSPC when full.
 * @owners: owner names, in the order the nodes were opened
 * @nowners: entries in @owners
 * @cur: owner the ranges added now belong to (the node open in the
 *	blob), -1 between nodes
 */
struct kho_map_builder {
	struct kho_map_entry *e;
	size_t n;
	size_t cap;
	int (*grow)(struct kho_map_builder *b, size_t need);
	char owners[KHO_MAP_MAX_OWNERS][KHO_MAX_NAME_LEN + 1];
	unsigned int nowners;
	int cur;
};

void kho_map_builder_reset(struct kho_map_builder *b);
int kho_map_open_owner(struct kho_map_builder *b, const char *name);
int kho_map_add(struct kho_map_builder *b, u64 addr, u64 len);

/**
 * struct kho_map_layout - what encoding a prepared builder takes
 * @chunk_size: bytes per chunk (every chunk has this size)
 * @chunks: chunks needed
 * @regions: region records
 * @extents: of those, extents
 * @runs: runs (stretches of consecutive preserved pages in one region)
 * @pages: preserved pages
 * @bytes: @chunks * @chunk_size
 * @used: bytes of the chunks the encoding fills (headers, owner table,
 *	regions), the rest being zero: the encoding's own cost
 */
struct kho_map_layout {
	u32 chunk_size;
	u64 chunks;
	u64 regions;
	u64 extents;
	u64 runs;
	u64 pages;
	u64 bytes;
	u64 used;
};

int kho_map_measure(const struct kho_map_builder *b, u32 chunk_size,
		    struct kho_map_layout *lay);
int kho_map_encode(const struct kho_map_builder *b,
		   const struct kho_map_layout *lay, void *const *chunk,
		   const u64 *phys, struct kho_map_ref *ref);

/*
 * Why a map was refused (kho_map_check()), or why the encoder refused its
 * input (kho_map_prepare()). New codes go at the end.
 */
#define KHO_MAP_ERRORS(X) (						\
	X(KHO_MAP_OK,		"ok")					\
	X(KHO_MAP_BAD_REF,	"mem-map property missing or of the wrong size") \
	X(KHO_MAP_BAD_CHUNK_ADDR, "chunk address not page aligned, not ascending or wrapping") \
	X(KHO_MAP_CHUNK_UNREADABLE, "chunk outside RAM or over a forbidden area") \
	X(KHO_MAP_BAD_CHUNK,	"chunk header inconsistent (magic, self, size, used)") \
	X(KHO_MAP_CHUNK_COUNT,	"chain length or size differs from mem-map") \
	X(KHO_MAP_BAD_OWNER,	"owner table entry empty, too long, repeated or not a node") \
	X(KHO_MAP_BAD_REGION,	"region record runs past the chunk's used bytes") \
	X(KHO_MAP_BAD_KIND,	"region kind unknown or reserved field set") \
	X(KHO_MAP_OWNER_RANGE,	"region owner index outside the owner table") \
	X(KHO_MAP_BAD_BITMAP,	"bitmap not canonical (first or last bit clear, bits past the end)") \
	X(KHO_MAP_BAD_RANGE,	"bad preserved range")			\
	X(KHO_MAP_OVERLAP,	"regions out of order or overlapping (two owners of one page)") \
	X(KHO_MAP_OVER_CHUNK,	"preserved range overlaps a chunk of the map") \
	X(KHO_MAP_PAGE_COUNT,	"preserved pages differ from mem-map") \
	X(KHO_MAP_TOO_MANY_RUNS, "more runs than the scratch area can reserve") \
	X(KHO_MAP_TOO_MANY_OWNERS, "more owners than the map can name") \
)

enum kho_map_err { KHO_ERR_CODES(KHO_MAP_ERRORS) };
extern const struct kho_errors kho_map_errors;

/**
 * struct kho_map_report - outcome of kho_map_check()
 * @why: the first problem (@why.err a KHO_MAP_* code); for a bad range,
 *	@why.addr/@why.len and @why.cause (a kho_range_err); @why.index the
 *	chunk (or owner) at fault
 * @owner: owner index of the region (or entry) at fault, -1 if none
 * @other: for %KHO_MAP_OVERLAP, the owner of the earlier region (or
 *	entry) the one at fault overlaps, -1 if none
 * @owner_name: @owner's name as the map (or the builder) spells it,
 *	NUL-terminated, not escaped (kho_map_describe() escapes it)
 * @other_name: @other's name, likewise
 * @chunks: chunks walked
 * @regions: region records
 * @runs: runs
 * @pages: preserved pages
 */
struct kho_map_report {
	struct kho_report why;
	int owner;
	int other;
	char owner_name[KHO_MAX_NAME_LEN + 1];
	char other_name[KHO_MAX_NAME_LEN + 1];
	u64 chunks;
	u64 regions;
	u64 runs;
	u64 pages;
};

/**
 * struct kho_map_src - how a reader reaches a chunk
 * @chunk: return @size readable bytes at physical @phys, or NULL (the
 *	kernel checks @phys against RAM and the forbidden areas first; the
 *	tools look the chunk up in a dump of the map)
 * @ctx: passed to @chunk
 */
struct kho_map_src {
	const void *(*chunk)(void *ctx, u64 phys, u64 size);
	void *ctx;
};

int kho_map_prepare(struct kho_map_builder *b, struct kho_map_report *rep);
int kho_map_check(const void *fdt, const struct kho_map_src *src,
		  const struct kho_mem *ram, size_t nram,
		  const struct kho_mem *forbidden, size_t nforbidden,
		  u64 max_runs, struct kho_map_report *rep);
int kho_map_describe(char *buf, size_t len, const void *fdt,
		     const struct kho_map_report *rep);

/**
 * struct kho_map_run - a stretch of consecutive preserved pages
 * @addr: physical start
 * @len: bytes
 * @owner: index in the owner table
 */
struct kho_map_run {
	u64 addr;
	u64 len;
	unsigned int owner;
};

/**
 * struct kho_map_iter - walking a map that passed kho_map_check()
 * (fields private to map.c)
 */
struct kho_map_iter {
	const struct kho_map_src *src;
	const u8 *chunk;
	u64 next;
	u32 off;
	u32 used;
	u32 left;
	const struct kho_map_region *r;
	u64 bit;
	const char *owner_names;
	unsigned int nowners;
};

int kho_map_iter_init(struct kho_map_iter *it, const void *fdt,
		      const struct kho_map_src *src);
bool kho_map_next_run(struct kho_map_iter *it, struct kho_map_run *run);
const char *kho_map_owner_name(const struct kho_map_iter *it,
			       unsigned int owner);
int kho_map_chunk_ranges(const void *fdt, const struct kho_map_src *src,
			 struct kho_mem *out, size_t cap, size_t *n);

#endif /* _LINUX_KHO_MAP_H */
