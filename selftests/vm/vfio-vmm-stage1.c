// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm stage1 and nokeep-stage1: set edu up through vfio-pci, keep it
 * alive with the token (stage1 only), record the state for stage 2, serve
 * the stage script's phases on the FIFO and start the last DMA at "go".
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/pci_regs.h>

#include "vfio-vmm.h"

/*
 * alloc_file_buffer: the buffer in a tmpfs file that outlives the VMM, so
 * its pages stay allocated until the kexec even when nobody keeps them.
 */
static void *alloc_file_buffer(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	void *p = MAP_FAILED;

	if (fd >= 0 && !ftruncate(fd, BUF_SIZE))
		p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (fd >= 0)
		close(fd);
	require(p != MAP_FAILED, "buffer: 8 KiB in a tmpfs file", "%s: %m", path);
	return p;
}

/* env_map_mb: VFIO_VMM_MAP_MB, 0 when unset; it must fit below IOVA_LIMIT. */
static uint64_t env_map_mb(void)
{
	const char *s = getenv("VFIO_VMM_MAP_MB");
	unsigned long long mb;
	char *end;

	if (!s || !*s)
		return 0;
	errno = 0;
	mb = strtoull(s, &end, 10);
	if (errno || *end || mb > (IOVA_LIMIT - IOVA_BIG) >> 20) {
		fprintf(stderr, "vfio-vmm: bad VFIO_VMM_MAP_MB '%s' (MiB, at most %llu)\n", s,
			(IOVA_LIMIT - IOVA_BIG) >> 20);
		exit(2);
	}
	return mb;
}

static bool overlaps(uint64_t a, uint64_t b)
{
	return a < b + BUF_SIZE && b < a + BUF_SIZE;
}

/*
 * env_iova: VFIO_VMM_IOVA, the IOVA of stage 1's buffer (IOVA_DEFAULT when
 * unset): page-aligned, inside edu's DMA mask, clear of the other IOVAs.
 */
static uint64_t env_iova(void)
{
	const char *s = getenv("VFIO_VMM_IOVA");
	unsigned long long iova;
	char *end;

	if (!s || !*s)
		return IOVA_DEFAULT;
	errno = 0;
	iova = strtoull(s, &end, 0);
	if (errno || *end || iova % 4096 || iova + BUF_SIZE > EDU_DMA_LIMIT ||
	    overlaps(iova, IOVA_FRESH) || overlaps(iova, IOVA_FROZEN) ||
	    overlaps(iova, IOVA_SCRATCH)) {
		fprintf(stderr, "vfio-vmm: bad VFIO_VMM_IOVA '%s' (page-aligned, below 0x%llx, "
			"clear of 0x%llx, 0x%x and 0x%llx)\n", s, EDU_DMA_LIMIT - BUF_SIZE,
			IOVA_FRESH, IOVA_FROZEN, IOVA_SCRATCH);
		exit(2);
	}
	return iova;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static void set_keepalive(struct vmm *v, const uint8_t tok[16])
{
	struct vfio_device_feature_kho_keepalive ka = { .flags = VFIO_KHO_KEEPALIVE_KEEP };
	int ret;

	ret = keepalive(v, VFIO_DEVICE_FEATURE_PROBE, NULL);
	require(!ret, "keepalive: PROBE succeeds", "%s", strerror(-ret));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	expect(ret == -EINVAL, "keepalive: SET with an all-zero token fails with EINVAL",
	       "got %s", strerror(-ret));
	memcpy(ka.token, tok, 16);
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	require(!ret, "keepalive: SET KEEP with the token", "%s", strerror(-ret));
	memset(&ka, 0xff, sizeof(ka));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);
	expect(!ret && (ka.flags & VFIO_KHO_KEEPALIVE_KEEP) &&
	       !(ka.flags & VFIO_KHO_KEEPALIVE_RESTORED),
	       "keepalive: GET reports KEEP", "ret %s flags 0x%x", strerror(-ret), ka.flags);
	expect(!ret && all_zero(ka.token, 16), "keepalive: GET does not return the token",
	       "ret %s", strerror(-ret));
}

static void set_markers(struct vmm *v)
{
	uint8_t cl = MARK_CACHELINE;

	require(!cfg_write(v, PCI_CACHE_LINE_SIZE, &cl, 1) &&
		!cfg_read(v, PCI_CACHE_LINE_SIZE, &cl, 1) && cl == MARK_CACHELINE,
		"markers: cache line size 0x10 through the config region", "read 0x%02x: %m", cl);
	wr32(v, EDU_REG_LIVE, MARK_LIVE);
	require(rd32(v, EDU_REG_LIVE) == ~MARK_LIVE, "markers: liveness register",
		"read 0x%08x", rd32(v, EDU_REG_LIVE));
	require(edu_factorial(v, MARK_FACT_N) && rd32(v, EDU_REG_FACT) == MARK_FACT,
		"markers: factorial register", "read %u", rd32(v, EDU_REG_FACT));
}

static void write_state(struct vmm *v, const char *path, const char *token,
			uint64_t phys0, uint64_t phys1)
{
	char cfg[2 * CONFIG_SIZE + 1], res[2048], bridge[64], bcfg[2 * CONFIG_SIZE + 1];
	FILE *f;

	require(!config_hex(v->bdf, cfg) && !resource_line(v->bdf, res, sizeof(res)),
		"state: config and resource read through sysfs", "%m");
	/* A device on the root bus has no bridge to record. */
	parent_bridge(v->bdf, bridge, sizeof(bridge));
	bcfg[0] = 0;
	if (bridge[0])
		require(!config_hex(bridge, bcfg), "state: bridge config read through sysfs",
			"bridge '%s': %m", bridge);
	f = fopen(path, "w");
	require(f != NULL, "state: file created", "%s: %m", path);
	fprintf(f, "bdf=%s\ntoken=%s\ngroup=%d\niova=0x%" PRIx64 "\nbuf_phys0=0x%" PRIx64
		"\nbuf_phys1=0x%" PRIx64 "\nconfig=%s\nresource=%s\nbridge=%s\nbridge_config=%s\n",
		v->bdf, token, v->group_nr, buf_iova, phys0, phys1, cfg, res, bridge, bcfg);
	require(!fclose(f), "state: file written", "%s: %m", path);
}

/*
 * map_big: MB MiB of anonymous memory (populated first, so the call only
 * pins and maps) at IOVA_BIG with one MAP_DMA, timed; recorded in the
 * state with the physical addresses of its first and last page.
 */
static void map_big(struct vmm *v, const char *path, uint64_t mb, uint32_t seed)
{
	uint64_t len = mb << 20, t0, t1, first, last;
	char what[96];
	uint8_t *p;
	FILE *f;
	int ret;

	if (!mb)
		return;
	p = big_alloc(len);
	require(p, "big: anonymous buffer allocated and populated", "%" PRIu64 " MiB: %m", mb);
	fill_pattern(p, HALF, big_seed(seed));
	fill_pattern(p + len - BIG_PAGE, HALF, big_seed(seed));
	t0 = now_ns();
	ret = dma_map_len(v, p, IOVA_BIG, len);
	t1 = now_ns();
	snprintf(what, sizeof(what), "big: MAP_DMA %" PRIu64 " MiB at IOVA 0x%llx", mb, IOVA_BIG);
	require(!ret, what, "%m");
	report_time("map_dma_big", t1 - t0);
	first = virt_to_phys(p);
	last = virt_to_phys(p + len - BIG_PAGE);
	require(first && last, "big: first and last page's physical address from pagemap",
		"0x%" PRIx64 " 0x%" PRIx64, first, last);
	f = fopen(path, "a");
	require(f != NULL, "big: recorded in the state", "%s: %m", path);
	fprintf(f, "big_mb=%" PRIu64 "\nbig_map_us=%" PRIu64 "\nbig_phys_first=0x%" PRIx64
		"\nbig_phys_last=0x%" PRIx64 "\n", mb, (t1 - t0) / 1000, first, last);
	require(!fclose(f), "big: state written", "%s: %m", path);
}

/*
 * map_ram2: guest RAM's second mapping, the file's 2 MiB at RAM2_OFF at
 * IOVA_RAM2, its first and last page patterned; the file's path recorded
 * for guestram-stage2.
 */
static void map_ram2(struct vmm *v, const char *path, const char *ramfile,
		     uint8_t *ram, uint32_t seed)
{
	FILE *f;

	fill_pattern(ram + RAM2_OFF, HALF, big_seed(seed));
	fill_pattern(ram + RAM2_OFF + RAM2_LEN - BIG_PAGE, HALF, big_seed(seed));
	require(!dma_map_len(v, ram + RAM2_OFF, IOVA_RAM2, RAM2_LEN),
		"guest RAM: MAP_DMA of the file's last 2 MiB at IOVA 0x800000", "%m");
	f = fopen(path, "a");
	require(f != NULL, "guest RAM: recorded in the state", "%s: %m", path);
	fprintf(f, "ram=%s\nram_phys2=0x%" PRIx64 "\n", ramfile, virt_to_phys(ram + RAM2_OFF));
	require(!fclose(f), "guest RAM: state written", "%s: %m", path);
}

/*
 * check_frozen: while an active KHO dump holds the device, the keepalive
 * setting and the container's mappings cannot change; once the dump is
 * aborted they can again.
 */
static void check_frozen(struct vmm *v, const uint8_t tok[16], bool dumped)
{
	const char *phase = dumped ? "dumped" : "aborted";
	struct vfio_device_feature_kho_keepalive ka;
	uint8_t *extra = alloc_buffer();
	int ret, map;

	memset(&ka, 0, sizeof(ka));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);
	expect(!ret && !!(ka.flags & VFIO_KHO_KEEPALIVE_DUMPED) == dumped,
	       dumped ? "dumped: GET reports DUMPED" : "aborted: GET no longer reports DUMPED",
	       "ret %d flags 0x%x", ret, ka.flags);
	ka.flags = VFIO_KHO_KEEPALIVE_KEEP;
	memcpy(ka.token, tok, 16);
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	expect(dumped ? ret == -EBUSY : ret == 0,
	       dumped ? "dumped: SET KEEP fails with EBUSY" : "aborted: SET KEEP works again",
	       "%s", strerror(-ret));
	map = dma_map(v, extra, IOVA_FROZEN);
	expect(dumped ? map && errno == EBUSY : !map,
	       dumped ? "dumped: MAP_DMA on the container fails with EBUSY" :
			"aborted: MAP_DMA works again", "%s: %m", phase);
	if (!map)
		expect(dma_unmap(v, IOVA_FROZEN, BUF_SIZE) == BUF_SIZE,
		       dumped ? "dumped: (unexpected mapping undone)" :
				"aborted: UNMAP_DMA works again", "%m");
	munmap(extra, BUF_SIZE);
	printf("phase-done %s\n", phase);
	fflush(stdout);
}

/*
 * wait_go: serve the stage script through FIFO until it says "go":
 * "dumped" and "aborted" run check_frozen() for that state of the dump,
 * "race-start" and "race-stop" start and stop the freeze race
 * (vfio-vmm-race.c).
 */
static void wait_go(const char *fifo, struct vmm *v, const uint8_t tok[16])
{
	char line[64];
	FILE *f;

	for (;;) {
		f = fopen(fifo, "r");
		if (!f) {
			fprintf(stderr, "vfio-vmm: %s: %m\n", fifo);
			exit(1);
		}
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = 0;
			if (!strcmp(line, "go")) {
				fclose(f);
				return;
			}
			if (!strcmp(line, "dumped") || !strcmp(line, "aborted"))
				check_frozen(v, tok, !strcmp(line, "dumped"));
			else if (!strcmp(line, "race-start"))
				race_start(v, tok);
			else if (!strcmp(line, "race-stop"))
				race_stop();
		}
		fclose(f);
	}
}

int cmd_stage1(const char *bdf, const char *statefile, const char *token,
	       const char *fifo, bool keep, const char *ramfile)
{
	struct vfio_device_feature_kho_keepalive ka;
	struct vmm v = { .bdf = bdf };
	uint8_t tok[16], *buf;
	uint64_t phys0, phys1;
	int run, dumped;
	uint32_t seed;
	FILE *f;

	if (parse_token(token, tok)) {
		fprintf(stderr, "vfio-vmm: bad token %s (want a UUID)\n", token);
		return 2;
	}
	seed = token_seed(tok);
	buf_iova = env_iova();
	setup_vmm(&v);

	/*
	 * Without keepalive, only a page that stays allocated can show the
	 * loss. Guest RAM in a file: the buffer is its first 8 KiB.
	 */
	if (ramfile)
		buf = guestram_open(ramfile, true);
	else
		buf = keep ? alloc_buffer() : alloc_file_buffer("/tmp/vfio-vmm.buf");
	fill_pattern(buf, HALF, seed);
	fprintf(stderr, "vfio-vmm: buffer at IOVA 0x%" PRIx64 "\n", buf_iova);
	require(!dma_map(&v, buf, buf_iova), "dma: MAP_DMA 8 KiB at the buffer's IOVA", "%m");
	msi_enable(&v);
	expect(msi_fires(&v), "msi: edu interrupt signals the eventfd", "see above");
	require(edu_dma(&v, buf_iova, EDU_DMA_BUF, 0), "dma: RAM -> edu, first half", "see above");
	set_markers(&v);

	/* The pages are pinned by MAP_DMA, so their addresses are final. */
	phys0 = virt_to_phys(buf);
	phys1 = virt_to_phys(buf + BUF_SIZE / 2);
	require(phys0 && phys1, "state: buffer's physical pages from pagemap",
		"0x%" PRIx64 " 0x%" PRIx64, phys0, phys1);
	write_state(&v, statefile, token, phys0, phys1);
	if (ramfile)
		map_ram2(&v, statefile, ramfile, buf, seed);
	map_big(&v, statefile, env_map_mb(), seed);

	if (keep)
		set_keepalive(&v, tok);
	printf("ready\n");
	fflush(stdout);

	wait_go(fifo, &v, tok);
	/* Edu runs this ~100 ms from now: in the middle of the kexec. */
	edu_dma_start(&v, EDU_DMA_BUF, buf_iova + HALF, EDU_DMA_RUN | EDU_DMA_TO_RAM);
	run = rd32(&v, EDU_REG_DMA_CMD) & EDU_DMA_RUN;
	memset(&ka, 0, sizeof(ka));
	dumped = !keepalive(&v, VFIO_DEVICE_FEATURE_GET, &ka) &&
		 (ka.flags & VFIO_KHO_KEEPALIVE_DUMPED);
	f = fopen(statefile, "a");
	if (f) {
		fprintf(f, "run_after_start=%d\ndumped_at_go=%d\n", run, dumped);
		fclose(f);
	}
	printf("run_after_start=%d\ndumped_at_go=%d\n", run, dumped);
	/* No close, no unmap: exit leaves the device to the kernel. */
	exit(finish());
}
