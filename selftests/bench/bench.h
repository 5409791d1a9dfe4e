/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace benchmarks of the portable KHO code (kernel/kho/blob.c and
 * kernel/kho/ranges.c, compiled in place): declarations shared by the
 * timing, layout, operation and report files.
 */
#ifndef _KHO_BENCH_H
#define _KHO_BENCH_H

#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>

/* kho_mapfile_grow(): the builders grow with realloc() (tools/kho) */
#include "mapfile.h"

#define BENCH_PG		4096ULL
#define BENCH_MIB		(1ULL << 20)
#define BENCH_GIB		(1ULL << 30)
/* The kernel's dt_max cap: one allocation of PAGE_SIZE << MAX_PAGE_ORDER. */
#define BENCH_DT_MAX_CAP	(4 * BENCH_MIB)
/* KHO_DT_MAX_DEFAULT in kernel/kho/internal.h */
#define BENCH_DT_MAX_DEFAULT	BENCH_MIB
/* The node sweep's largest step (kho-v1's limit of nodes with mem). */
#define BENCH_MAX_NODES		32

/* common.c; bench_name is each program's own (main.c, mapmain.c) */
extern const char bench_name[];
void bench_die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
void *bench_alloc(size_t size);

/* timing.c: medians of calibrated samples taken round-robin */
struct bench_stat {
	double ns;		/* median time of one call */
	double spread;		/* slowest sample / fastest sample */
	unsigned long reps;	/* calls per sample */
};

void bench_timing_setup(double min_sample_ms, unsigned int samples);
void bench_add_job(void (*fn)(void *arg), void *arg, struct bench_stat *st);
void bench_add_job_hooks(void (*fn)(void *arg), void *arg,
			 struct bench_stat *st, void (*before)(void *arg),
			 void (*after)(void *arg));
void bench_run_jobs(void);
void bench_noise(double *spread, unsigned long *nretaken,
		 unsigned long *npreempted, unsigned long *ntaken);

/* layout.c: a fake machine and preserved ranges inside its RAM */
#define BENCH_BLOB_PHYS		(64 * BENCH_GIB)

extern const struct kho_mem bench_ram[];
extern const size_t bench_nram;
size_t bench_forbidden_out(struct kho_mem *fb);
size_t bench_forbidden_in(struct kho_mem *fb, size_t blob_bytes);
void bench_gen_ranges(struct kho_mem *r, size_t n, u64 len, u64 gap);

/*
 * The map's chunks: at BENCH_MAP_PHYS, the fake machine's last GiB of
 * RAM, above every layout. The outgoing kernel's sizing: one chunk of
 * exactly the pages needed when the map fits in one, else chunks of
 * BENCH_MAP_CHUNK (KHO_MAP_CHUNK_SIZE in kernel/kho/internal.h).
 */
#define BENCH_MAP_PHYS		(127 * BENCH_GIB)
#define BENCH_MAP_CHUNK		(64 * 1024U)
/* The kernel's run limit for a 128 MiB scratch area (layout.c). */
#define BENCH_MAX_RUNS		(128 * BENCH_MIB / 4 / KHO_MAP_RUN_COST)

/* A map encoded into memory that stands for its chunks' physical pages. */
struct bench_mapimg {
	struct kho_map_layout lay;
	u8 *img;		/* the chunks, contiguous from BENCH_MAP_PHYS */
	size_t len;
	void **chunk;
	u64 *phys;
	struct kho_map_ref ref;
	struct kho_map_src src;	/* reads @img by physical address */
};

int bench_map_size(const struct kho_map_builder *b, struct kho_map_layout *lay);
void bench_mapimg_out(struct bench_mapimg *mi, struct kho_map_builder *b,
		      void *fdt);
void bench_mapimg_free(struct bench_mapimg *mi);

/* dump.c: the outgoing path, as kho_activate() runs it */
struct bench_dump {
	void *buf;
	size_t bufsize;
	const struct kho_mem *ranges;
	size_t n;
	unsigned int nodes;
	struct kho_map_builder b;
	struct bench_mapimg map;
	struct kho_mem fb[2];
	size_t nfb;
	struct kho_blob_report rep;
	struct kho_map_report maprep;
};

void bench_dump_setup(struct bench_dump *d, const struct kho_mem *r,
		      size_t n, unsigned int nodes, size_t min_bufsize);
void bench_dump_run(void *arg);
void bench_dump_free(struct bench_dump *d);

/* incoming.c: the incoming path, as kho_reserve_incoming() runs it */
struct bench_incoming {
	const void *fdt;
	size_t size;
	const struct kho_map_src *src;
	struct kho_mem fb[4];
	size_t nfb;
	bool reserve;		/* false: kho_blob_check() + kho_map_check() only */
	struct kho_mem *chunks;	/* the map's chunks, as kho_map_chunk_ranges() gives them */
	size_t nchunks;
	size_t maxchunks;
	struct kho_mem *resv;	/* the memblock_reserve() stand-in */
	size_t nresv;
	size_t maxresv;
	struct kho_blob_report rep;
	struct kho_map_report maprep;
};

void bench_incoming_setup(struct bench_incoming *in, const void *fdt,
			  const struct kho_map_src *src, size_t max_ranges,
			  bool reserve);
void bench_incoming_run(void *arg);
void bench_incoming_free(struct bench_incoming *in);

/*
 * verify.c: kho_nodes_check() as kho_incoming_verify() and
 * kho_check_outgoing_nodes() run it (every node's own check, then the
 * overlap rule over every claim), and the overlap rule alone.
 */
struct bench_nodes {
	const void *fdt;
	const struct kho_map_src *src;
	struct kho_blob_mem mem;	/* the map grouped by node, while attached */
	struct kho_mem *storage;
	size_t runs;
	void *state;		/* kho_nodes_state_size() bytes */
	struct kho_claims cl;	/* room for kho_nodes_claims_bound() */
	struct kho_nodes_report rep;
	char why[192];
};

void bench_nodes_setup(struct bench_nodes *v, const void *fdt,
		       const struct kho_map_src *src);
void bench_nodes_attach(void *arg);
void bench_nodes_detach(void *arg);
void bench_nodes_run(void *arg);
void bench_nodes_expect(const struct bench_nodes *v, const char *what,
			size_t claims, unsigned int checked,
			unsigned int unknown);
void bench_nodes_free(struct bench_nodes *v);

/*
 * kho_claims_check() alone: the claims kho_nodes_check() collects, in the
 * order it collects them, copied back before every call (the check sorts
 * in place). With check false only the copy runs: the part to subtract.
 */
struct bench_claims {
	struct kho_claim *orig;
	struct kho_claims cl;
	struct kho_claims_report rep;
	bool check;
};

void bench_claims_setup(struct bench_claims *c, struct bench_nodes *v,
			bool check);
void bench_claims_run(void *arg);
void bench_claims_refuses(const struct bench_claims *c, const char *what,
			  size_t i, size_t j);
void bench_claims_free(struct bench_claims *c);

/* baseline.c: what the same bytes cost without KHO */
struct bench_copy {
	void *dst;
	const void *src;
	size_t len;
};

struct bench_sum {
	const struct kho_mem *r;
	size_t n;
	u64 sink;
};

void bench_memcpy_run(void *arg);
void bench_sum_run(void *arg);

/* report.c: tables, linearity, targets */
struct bench_point {
	size_t ranges;
	unsigned int nodes;
	size_t blob_bytes;	/* the blob and its map's chunks */
	size_t map_bytes;	/* of those, the map's */
	struct bench_stat dump;
	struct bench_stat copy;
	struct bench_stat in;
	struct bench_stat check;
	struct bench_stat sum;
	struct bench_stat nodes_check;	/* kho_nodes_check() */
	struct bench_stat claims;	/* copy + kho_claims_check() */
	struct bench_stat restore;	/* the copy alone */
	size_t nclaims;
};

/*
 * A vfio node whose one container maps @chunks 4 KiB pages, every other
 * physical page (one mem range and one chunk per page), in IOVA order
 * with ascending physical addresses or in a shuffled physical order.
 */
struct bench_vfio_point {
	size_t chunks;
	bool shuffled;
	size_t blob_bytes;	/* the blob alone (the 4 MiB cap applies to it) */
	size_t map_bytes;
	size_t nclaims;
	struct bench_stat check;	/* kho_blob_check() */
	struct bench_stat nodes_check;	/* kho_nodes_check() */
	struct bench_stat claims;	/* copy + kho_claims_check() */
	struct bench_stat restore;	/* the copy alone */
};

struct bench_bytes {
	size_t pages;
	size_t contig_ranges;
	size_t contig_bytes;	/* blob + map */
	size_t frag_bytes;
	size_t contig_blob;	/* of those, the blob alone */
	size_t frag_blob;
};

/* One range in one node, in a buffer of bufsize bytes (0: just enough). */
struct bench_fixed {
	size_t bufsize;
	struct bench_stat dump;
};

struct bench_results {
	struct bench_point *sweep;	/* ranges sweep, one node */
	size_t nsweep;
	struct bench_point *nodes;	/* node sweeps at fixed ranges */
	size_t nnodes;
	struct bench_bytes *bytes;	/* blob bytes per preserved page */
	size_t nbytes;
	struct bench_fixed *fixed;	/* fixed cost against buffer size */
	size_t nfixed;
	struct bench_vfio_point *vfio;	/* vfio node, chunks sweep */
	size_t nvfio;
	size_t vfio_max_chunks;		/* what fits in the dt_max cap */
	struct bench_map_point *map;	/* the map, pages x layouts */
	size_t nmap;
};

/* point.c: the setups behind one bench_point, and their checks */
struct bench_case {
	struct bench_point *p;
	struct bench_dump dump;
	struct bench_incoming in;
	struct bench_incoming check;
	struct bench_copy copy;
	struct bench_sum sum;
	struct bench_nodes nodes;
	struct bench_claims claims;
	struct bench_claims restore;
	bool full;
};

void bench_case_setup(struct bench_case *c, struct bench_point *p,
		      const struct kho_mem *r, size_t n, unsigned int nodes,
		      bool full);
void bench_case_finish(struct bench_case *c);

/* vfio.c: the vfio node case */
struct bench_vfio {
	struct bench_vfio_point *p;
	void *buf;
	struct kho_map_builder b;
	struct bench_mapimg map;
	struct bench_incoming check;
	struct bench_nodes nodes;
	struct bench_claims claims;
	struct bench_claims restore;
};

size_t bench_vfio_max_chunks(const struct kho_mem *r, size_t avail);
void bench_vfio_setup(struct bench_vfio *v, struct bench_vfio_point *p,
		      const struct kho_mem *r, size_t chunks, bool shuffled);
void bench_vfio_finish(struct bench_vfio *v);

/* map.c: the preserved-memory map at scale, one owner */
enum { BENCH_MAP_FRAG, BENCH_MAP_CONTIG, BENCH_MAP_2M };
/* Map points: two sizes (preserved pages) by the three layouts. */
#define BENCH_MAP_SIZES		2
#define BENCH_MAX_MAP		(BENCH_MAP_SIZES * 3)

struct bench_map_point {
	size_t pages;
	const char *layout;
	bool frag;
	u64 map_bytes;		/* chunks x 64 KiB */
	u64 used;		/* of those, written */
	u64 chunks;
	u64 regions;
	u64 extents;
	u64 runs;
	struct bench_stat encode;	/* kho_map_measure() + kho_map_encode() */
	struct bench_stat check;	/* kho_map_check() */
	struct bench_stat iter;		/* walking every run */
	struct bench_stat attach;	/* kho_blob_mem_attach() + detach */
	struct bench_stat copy;		/* memcpy() of the map's bytes */
};

struct bench_map {
	struct bench_map_point *p;
	struct kho_map_builder b;
	struct kho_map_layout lay;
	void *img;
	size_t img_len;
	void **chunk;
	u64 *phys;
	struct kho_map_ref ref;
	void *fdt;
	struct kho_map_src src;
	struct kho_mem fb[4];
	size_t nfb;
	struct kho_map_report rep;
	struct kho_blob_mem mem;
	struct kho_mem *storage;
	size_t attached_n;
	u64 iter_pages;
	u64 iter_runs;
	struct bench_copy copy;
};

void bench_map_setup(struct bench_map *m, struct bench_map_point *p,
		     size_t pages, int layout);
size_t bench_map_setup_all(struct bench_map *m, struct bench_map_point *p,
			   size_t max_pages);
void bench_map_encode_run(void *arg);
void bench_map_check_run(void *arg);
void bench_map_iter_run(void *arg);
void bench_map_attach_run(void *arg);
void bench_map_finish(struct bench_map *m);

/* The dump target: 1 us per node plus 20 ns per range. */
static inline double bench_budget_ns(const struct bench_point *p)
{
	return 1000.0 * p->nodes + 20.0 * p->ranges;
}

static inline double bench_per_range(const struct bench_stat *st,
				     size_t ranges)
{
	return st->ns / ranges;
}

void bench_report_header(unsigned int samples, double min_ms);
void bench_report(const struct bench_results *res);
void bench_report_map(const struct bench_results *res);
void bench_report_noise(void);

/* data.c: the same figures for plot.gp */
void bench_write_dat(const struct bench_results *res, const char *path);

#endif /* _KHO_BENCH_H */
