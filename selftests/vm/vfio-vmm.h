/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-vmm: the stage programs of the keepalive test VMM (see vfio-vmm.c
 * for the commands): what stage 1 sets up and stage 2 expects to find, the
 * buffer pattern and the state file stage 1 leaves for stage 2.
 */
#ifndef KHO_VM_VFIO_VMM_H
#define KHO_VM_VFIO_VMM_H

#include "vfio-edu.h"

/* What stage 1 sets up and stage 2 expects to find. */
#define BUF_SIZE	8192
#define HALF		EDU_DMA_COUNT	/* one edu DMA: half the buffer */
#define IOVA_DEFAULT	0x100000ULL	/* the buffer, unless VFIO_VMM_IOVA says */
#define IOVA_FRESH	0x200000ULL
#define MARK_LIVE	0x4b484f21u
#define MARK_FACT_N	9u
#define MARK_FACT	362880u
#define MARK_CACHELINE	0x10
#define IOVA_FROZEN	0x300000	/* tried while the container is frozen */
#define IOVA_SCRATCH	0x400000ULL	/* mapped and unmapped by the freeze race */
#define IOVA_BIG	0x10000000ULL	/* VFIO_VMM_MAP_MB's mapping */
#define IOVA_LIMIT	(1ULL << 39)	/* QEMU's intel-iommu: 39-bit IOVAs */
#define EDU_DMA_LIMIT	(1ULL << 28)	/* edu's DMA mask: 28 bits */
#define BIG_PAGE	4096

/*
 * Guest RAM in a file (stage1 RAMFILE, guestram-stage2): GUESTRAM_SIZE
 * bytes mapped MAP_SHARED; the buffer is its first 8 KiB, and the 2 MiB
 * at RAM2_OFF are a second mapping at IOVA_RAM2 whose first and last page
 * carry big_seed()'s pattern.
 */
#define GUESTRAM_SIZE	0x400000ULL
#define RAM2_OFF	0x200000ULL
#define RAM2_LEN	0x200000ULL
#define IOVA_RAM2	0x800000ULL

/* The buffer's IOVA: VFIO_VMM_IOVA in stage 1, the recorded one in stage 2. */
extern uint64_t buf_iova;

/* The buffer pattern: derived from the token, so no stale page can hold it. */
uint32_t token_seed(const uint8_t tok[16]);
void fill_pattern(void *buf, size_t len, uint32_t seed);
bool has_pattern(const void *buf, size_t len, uint32_t seed);

/* The state file: KEY=VALUE lines. */
#define STATE_MAX	32

struct state {
	int n;
	char *key[STATE_MAX];
	char *val[STATE_MAX];
};

int state_load(const char *path, struct state *st);
/* state_find: the value of KEY, NULL if absent. */
const char *state_find(const struct state *st, const char *key);
/* state_get: the value of KEY, "" if absent (so a missing key mismatches). */
const char *state_get(const struct state *st, const char *key);

/* alloc_buffer: BUF_SIZE bytes of anonymous memory (a check). */
void *alloc_buffer(void);
/* dma_map: BUF_SIZE bytes of BUF at IOVA. */
int dma_map(struct vmm *v, void *buf, uint64_t iova);
/* round_trip: BUF's first half to edu and back into its second half. */
bool round_trip(struct vmm *v, uint8_t *buf, uint64_t iova, uint32_t seed);

/* The benchmark's big mapping (VFIO_VMM_MAP_MB) and its timing. */
uint64_t now_ns(void);
/* report_time: "TIME <what>_us <microseconds>" for the benchmark. */
void report_time(const char *what, uint64_t ns);
/* big_alloc: LEN bytes of anonymous memory, populated, or NULL. */
uint8_t *big_alloc(uint64_t len);
/* The big mapping's first and last page carry this pattern. */
uint32_t big_seed(uint32_t seed);

/*
 * guestram_open: the guest RAM file at PATH mapped MAP_SHARED (populated),
 * created GUESTRAM_SIZE bytes long first if CREATE (a check).
 */
uint8_t *guestram_open(const char *path, bool create);

/*
 * The stages (vfio-vmm-stage1.c, vfio-vmm-stage2.c); each returns finish().
 * RAMFILE (or NULL): guest RAM in that file, see GUESTRAM_SIZE.
 */
int cmd_stage1(const char *bdf, const char *statefile, const char *token,
	       const char *fifo, bool keep, const char *ramfile);
int cmd_stage2(const char *bdf, const char *statefile);
int cmd_guestram_stage2(const char *bdf, const char *statefile);
int cmd_nokeep_stage2(const char *bdf, const char *statefile);
/* One container, two groups (vfio-vmm-pair.c). */
int cmd_pair_stage1(const char *bdf_a, const char *bdf_b, const char *statefile,
		    const char *token, const char *fifo);
int cmd_pair_stage2(const char *bdf_a, const char *bdf_b, const char *statefile,
		    const char *mode);

/*
 * The freeze race (vfio-vmm-race.c), stage 1's FIFO commands "race-start"
 * and "race-stop": MAP/UNMAP_DMA of IOVA_SCRATCH and SET KEEP with TOK in
 * two threads while the stage script cycles KHO; the checks at the stop.
 */
void race_start(struct vmm *v, const uint8_t tok[16]);
void race_stop(void);

#endif
