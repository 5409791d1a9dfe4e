// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm pair-stage1 / pair-stage2: one type1 container holding two
 * iommu groups, each with one edu (A and B), both kept across the kexec.
 *
 * Stage 1 attaches both groups to one container, maps one 16 KiB buffer
 * at IOVA_PAIR (A's 8 KiB, then B's), puts a pattern in the first page of
 * each device's half and DMAs it into that device's edu, keeps both
 * devices with the token, prints "ready" and waits for "go" on FIFO. At
 * "go" each edu starts copying its buffer back into the second page of its
 * half, and the VMM exits without closing anything.
 *
 * Stage 2 attaches both groups to a new container, opens A with the token
 * (the container adopts the preserved mappings, and the IOMMU hands B over
 * with A), then B (which joins them). Through /dev/mem it checks that both
 * DMAs of stage 1 landed, then crosses over: B copies A's source page into
 * B's second page and A copies B's source page into A's second page, both
 * through the one adopted table. Its MODE:
 *
 *   both    as above;
 *   late-b  B's group is attached only after A's first open with the token
 *           failed with EBUSY (the preserved table cannot go to a domain
 *           while B, parked on it, is outside), then as above;
 *   a-only  B was stopped at boot (its record refused): only A's group is
 *           attached, A adopts the mappings alone and copies B's source
 *           page into its own second page.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vfio-vmm.h"

#define IOVA_PAIR	0x100000ULL
#define PAIR_SIZE	(2 * BUF_SIZE)

/* The second device's pattern: another seed from the same token. */
static uint32_t seed_b(uint32_t seed)
{
	return seed ^ 0x5a5a5a5au;
}

static void pair_attach_b(struct vmm *b)
{
	require(!ioctl(b->group, VFIO_GROUP_SET_CONTAINER, &b->container),
		"pair: SET_CONTAINER of B's group", "%m");
}

/*
 * A's group in a new container, and B's unless !WITH_B (opened too if
 * OPEN_B, to attach later), then type1 v2.
 */
static void pair_setup(struct vmm *a, struct vmm *b, bool with_b, bool open_b)
{
	open_container(a);
	b->container = a->container;
	open_group(a);
	if (open_b)
		open_group(b);
	require(a->group_nr != group_of(b->bdf), "pair: A and B are in two iommu groups",
		"both in group %d", a->group_nr);
	require(!ioctl(a->group, VFIO_GROUP_SET_CONTAINER, &a->container),
		"pair: SET_CONTAINER of A's group", "%m");
	if (with_b)
		pair_attach_b(b);
	require(!ioctl(a->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU),
		"pair: SET_IOMMU type1v2", "%m");
}

static void pair_open(struct vmm *v, const uint8_t *tok)
{
	int fd = tok ? get_device_with(v, tok) : get_device(v, v->bdf);

	require(fd >= 0, tok ? "pair: GET_DEVICE_FD with the token" : "pair: GET_DEVICE_FD",
		"%s: %s", v->bdf, strerror(-fd));
	v->device = fd;
	map_regions(v);
}

static void pair_keep(struct vmm *v, const uint8_t tok[16])
{
	struct vfio_device_feature_kho_keepalive ka = { .flags = VFIO_KHO_KEEPALIVE_KEEP };
	int ret;

	memcpy(ka.token, tok, 16);
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	require(!ret, "pair: SET KEEP (a second kept device in the container)", "%s: %s",
		v->bdf, strerror(-ret));
}

int cmd_pair_stage1(const char *bdf_a, const char *bdf_b, const char *statefile,
		    const char *token, const char *fifo)
{
	struct vmm a = { .bdf = bdf_a }, b = { .bdf = bdf_b };
	char line[64];
	uint32_t seed;
	uint8_t tok[16], *buf;
	FILE *f;

	if (parse_token(token, tok)) {
		fprintf(stderr, "vfio-vmm: bad token %s (want a UUID)\n", token);
		return 2;
	}
	seed = token_seed(tok);
	pair_setup(&a, &b, true, true);
	pair_open(&a, NULL);
	pair_open(&b, NULL);
	enable_device(&a);
	enable_device(&b);
	buf = mmap(NULL, PAIR_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	require(buf != MAP_FAILED, "pair: 16 KiB buffer", "%m");
	fill_pattern(buf, HALF, seed);
	fill_pattern(buf + BUF_SIZE, HALF, seed_b(seed));
	require(!dma_map_len(&a, buf, IOVA_PAIR, PAIR_SIZE),
		"pair: one MAP_DMA of 16 KiB for both devices", "%m");
	msi_enable(&a);
	msi_enable(&b);
	require(edu_dma(&a, IOVA_PAIR, EDU_DMA_BUF, 0), "pair: A reads its page", "see above");
	require(edu_dma(&b, IOVA_PAIR + BUF_SIZE, EDU_DMA_BUF, 0), "pair: B reads its page",
		"see above");
	f = fopen(statefile, "w");
	require(f != NULL, "pair: state file created", "%s: %m", statefile);
	fprintf(f, "token=%s\na_phys=0x%" PRIx64 "\na_phys1=0x%" PRIx64 "\nb_phys=0x%" PRIx64
		"\nb_phys1=0x%" PRIx64 "\n", token, virt_to_phys(buf),
		virt_to_phys(buf + HALF), virt_to_phys(buf + BUF_SIZE),
		virt_to_phys(buf + BUF_SIZE + HALF));
	require(!fclose(f), "pair: state file written", "%s: %m", statefile);
	pair_keep(&a, tok);
	pair_keep(&b, tok);
	printf("ready\n");
	fflush(stdout);

	f = fopen(fifo, "r");
	require(f != NULL, "pair: FIFO opened", "%s: %m", fifo);
	while (fgets(line, sizeof(line), f) && strcmp(line, "go\n"))
		;
	fclose(f);
	edu_dma_start(&a, EDU_DMA_BUF, IOVA_PAIR + HALF, EDU_DMA_RUN | EDU_DMA_TO_RAM);
	edu_dma_start(&b, EDU_DMA_BUF, IOVA_PAIR + BUF_SIZE + HALF,
		      EDU_DMA_RUN | EDU_DMA_TO_RAM);
	/* No close, no unmap: exit leaves both devices to the kernel. */
	exit(finish());
}

/* The page at PHYS (from the state's KEY) carries SEED's pattern. */
static bool page_has(const struct state *st, const char *key, uint32_t seed)
{
	uint8_t page[HALF];

	return !read_phys(strtoull(state_get(st, key), NULL, 0), page, HALF) &&
	       has_pattern(page, HALF, seed);
}

static void pair_restored(struct vmm *v)
{
	struct vfio_device_feature_kho_keepalive ka = { 0 };
	int ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);

	expect(!ret && (ka.flags & VFIO_KHO_KEEPALIVE_RESTORED),
	       "pair: GET reports RESTORED", "%s: ret %s flags 0x%x", v->bdf,
	       strerror(-ret), ka.flags);
}

int cmd_pair_stage2(const char *bdf_a, const char *bdf_b, const char *statefile,
		    const char *mode)
{
	struct vmm a = { .bdf = bdf_a }, b = { .bdf = bdf_b };
	bool late_b = !strcmp(mode, "late-b"), a_only = !strcmp(mode, "a-only");
	struct state st;
	uint8_t tok[16];
	uint32_t seed;
	int fd;

	if (!late_b && !a_only && strcmp(mode, "both")) {
		fprintf(stderr, "vfio-vmm: pair-stage2 mode is both, late-b or a-only\n");
		return 2;
	}
	require(!state_load(statefile, &st) && !parse_token(state_get(&st, "token"), tok),
		"pair: stage 1 state read", "%s: %m", statefile);
	seed = token_seed(tok);
	pair_setup(&a, &b, !late_b && !a_only, !a_only);
	if (late_b) {
		fd = get_device_with(&a, tok);
		expect(fd == -EBUSY,
		       "pair: A's open with the token fails with EBUSY while B's group is outside",
		       "got %s", fd < 0 ? strerror(-fd) : "a device fd");
		pair_attach_b(&b);
	}
	pair_open(&a, tok);
	pair_restored(&a);
	if (!a_only) {
		pair_open(&b, tok);
		pair_restored(&b);
	}
	expect(page_has(&st, "a_phys", seed) && page_has(&st, "b_phys", seed_b(seed)),
	       "pair: both source pages kept", "see the state file");
	expect(page_has(&st, "a_phys1", seed),
	       "pair: A's DMA started before the kexec landed in its page", "A");
	if (!a_only) {
		expect(page_has(&st, "b_phys1", seed_b(seed)),
		       "pair: B's DMA started before the kexec landed in its page", "B");
		/* Cross over, each device through the one adopted table. */
		expect(edu_dma(&b, IOVA_PAIR, EDU_DMA_BUF, 0) &&
		       edu_dma(&b, EDU_DMA_BUF, IOVA_PAIR + BUF_SIZE + HALF, EDU_DMA_TO_RAM) &&
		       page_has(&st, "b_phys1", seed),
		       "pair: B copies A's page into its own through the adopted table", "B");
	}
	expect(edu_dma(&a, IOVA_PAIR + BUF_SIZE, EDU_DMA_BUF, 0) &&
	       edu_dma(&a, EDU_DMA_BUF, IOVA_PAIR + HALF, EDU_DMA_TO_RAM) &&
	       page_has(&st, "a_phys1", seed_b(seed)),
	       "pair: A copies B's page into its own through the adopted table", "A");
	return finish();
}
