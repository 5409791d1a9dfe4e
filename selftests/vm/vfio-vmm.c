// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm: a minimal VMM for the VFIO keepalive VM tests. It drives QEMU's
 * edu device through vfio-pci (type1 container, legacy group interface),
 * puts it into keepalive (include/uapi/linux/vfio_kho.h) and reclaims it
 * with its token after the kexec.
 *
 *   vfio-vmm bind BDF
 *   vfio-vmm stage1 BDF STATEFILE TOKEN FIFO [RAMFILE]
 *   vfio-vmm nokeep-stage1 BDF STATEFILE TOKEN FIFO
 *   vfio-vmm stage2 BDF STATEFILE
 *   vfio-vmm guestram-stage2 BDF STATEFILE
 *   vfio-vmm nokeep-stage2 BDF STATEFILE
 *   vfio-vmm pair-stage1 BDF_A BDF_B STATEFILE TOKEN FIFO
 *   vfio-vmm pair-stage2 BDF_A BDF_B STATEFILE both|late-b|a-only
 *   vfio-vmm open-busy BDF
 *   vfio-vmm cold BDF [STATEFILE]
 *   VFIO_VMM_MAP_MB=N vfio-vmm stage1 ...   (benchmark, see below)
 *
 * Every verified step prints "CHECK <status> <description>" on stdout,
 * status 0 when it passed and 1 when it failed (details go to stderr as
 * "FAIL: ..."), so a stage script can turn each line into a KTAP result.
 * The exit status is the number of failed checks (at most 100); a failed
 * step that later steps depend on ends the program right away.
 *
 * stage1 prints "ready" once the device is set up and kept, then waits for
 * a line "go" on FIFO, starts an edu->RAM DMA and exits without closing
 * anything, so the DMA is in flight when the VMM goes away.
 * Before "go", the stage script may send "dumped" or "aborted" (the
 * frozen and thawed checks for that state of a KHO dump) and
 * "race-start" / "race-stop" (the freeze race, vfio-vmm-race.c); each
 * answers with "phase-done <command>".
 *
 * For the scaling benchmark (selftests/vmbench/vfio-scale), stage1 with
 * VFIO_VMM_MAP_MB=N in its environment also maps N MiB of anonymous memory
 * at IOVA 0x10000000 with one VFIO_IOMMU_MAP_DMA, and stage2 unmaps it
 * after the adoption, then maps and unmaps the same size fresh. Timed
 * calls print "TIME <what>_us <microseconds>" on stdout (CLOCK_MONOTONIC
 * around the ioctl): map_dma_big (stage 1's pin and map), get_device_fd
 * (stage 2's open with the token, which adopts the mappings),
 * unmap_dma_big, map_dma_fresh and unmap_dma_fresh.
 *
 * With RAMFILE, stage1 keeps its guest RAM in that file (on khofs, so it
 * survives the kexec): GUESTRAM_SIZE bytes mapped MAP_SHARED, the buffer
 * its first 8 KiB, and a second mapping of its last 2 MiB at IOVA_RAM2.
 * guestram-stage2 reclaims the device, maps the same file again and gives
 * each adopted mapping its new address with VFIO_DMA_MAP_FLAG_VADDR (after
 * checking that wrong addresses are refused), then checks the old VMM's
 * data and DMA both ways through the file's pages.
 *
 * VFIO_VMM_IOVA=ADDR in stage1's environment maps the 8 KiB buffer at IOVA
 * ADDR instead of 0x100000 (page-aligned, below edu's 28-bit DMA mask); the
 * failclosed vmtests put it at a canary page's physical address. The state
 * file records it for stage2.
 *
 * The program is split along its concerns: vfio-lib.{c,h} (VFIO: container,
 * group, device, DMA map/unmap, MSI eventfds, the keepalive feature, the
 * CHECK reporting), vfio-edu.{c,h} (the edu device through vfio-pci, its
 * registers in edu.h), this file (the commands, the buffer pattern and the
 * state file), vfio-vmm-stage1.c and vfio-vmm-stage2.c (the two stages),
 * vfio-vmm-race.c (stage 1's freeze race).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>

#include "vfio-vmm.h"

uint64_t buf_iova = IOVA_DEFAULT;

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-vmm bind BDF\n"
		"       vfio-vmm stage1 BDF STATEFILE TOKEN FIFO [RAMFILE]\n"
		"       vfio-vmm nokeep-stage1 BDF STATEFILE TOKEN FIFO\n"
		"       vfio-vmm stage2|nokeep-stage2|guestram-stage2 BDF STATEFILE\n"
		"       vfio-vmm pair-stage1 BDF_A BDF_B STATEFILE TOKEN FIFO\n"
		"       vfio-vmm pair-stage2 BDF_A BDF_B STATEFILE both|late-b|a-only\n"
		"       vfio-vmm open-busy BDF\n"
		"       vfio-vmm cold BDF [STATEFILE]\n"
		"env:   VFIO_VMM_MAP_MB=N  stage1 also maps N MiB at IOVA 0x10000000\n"
		"       VFIO_VMM_IOVA=ADDR stage1 maps its buffer at IOVA ADDR (0x100000)\n");
	exit(2);
}

/* --- the buffer, the state file, timing ---------------------------- */

/* The buffer pattern: derived from the token, so no stale page can hold it. */
uint32_t token_seed(const uint8_t tok[16])
{
	uint32_t seed = 0;
	int i;

	for (i = 0; i < 16; i++)
		seed = seed * 31 + tok[i];
	return seed | 1;
}

void fill_pattern(void *buf, size_t len, uint32_t seed)
{
	uint32_t *w = buf;
	size_t i;

	for (i = 0; i < len / 4; i++)
		w[i] = (seed + (uint32_t)i * 0x9e3779b9u) ^ ((uint32_t)i << 16);
}

bool has_pattern(const void *buf, size_t len, uint32_t seed)
{
	uint32_t *want = malloc(len);
	bool same;

	fill_pattern(want, len, seed);
	same = !memcmp(buf, want, len);
	free(want);
	return same;
}

int state_load(const char *path, struct state *st)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	st->n = 0;
	while (st->n < STATE_MAX && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		if (!eq)
			continue;
		*eq = 0;
		eq[strcspn(eq + 1, "\n") + 1] = 0;
		st->key[st->n] = strdup(line);
		st->val[st->n] = strdup(eq + 1);
		st->n++;
	}
	fclose(f);
	return 0;
}

/* state_find: the value of KEY, NULL if absent. */
const char *state_find(const struct state *st, const char *key)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->key[i], key))
			return st->val[i];
	return NULL;
}

/* state_get: the value of KEY, "" if absent (so a missing key mismatches). */
const char *state_get(const struct state *st, const char *key)
{
	const char *val = state_find(st, key);

	if (val)
		return val;
	fprintf(stderr, "vfio-vmm: state has no %s\n", key);
	return "";
}

uint8_t *guestram_open(const char *path, bool create)
{
	int fd = open(path, O_RDWR | (create ? O_CREAT | O_TRUNC : 0), 0600);
	void *p = MAP_FAILED;

	if (fd >= 0 && (!create || !ftruncate(fd, GUESTRAM_SIZE)))
		p = mmap(NULL, GUESTRAM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_POPULATE, fd, 0);
	if (fd >= 0)
		close(fd);
	require(p != MAP_FAILED, create ? "guest RAM: 4 MiB file created and mapped shared" :
		"guest RAM: stage 1's file mapped shared again", "%s: %m", path);
	return p;
}

void *alloc_buffer(void)
{
	void *p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	require(p != MAP_FAILED, "buffer: 8 KiB allocated", "%m");
	return p;
}

int dma_map(struct vmm *v, void *buf, uint64_t iova)
{
	return dma_map_len(v, buf, iova, BUF_SIZE);
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* report_time: "TIME <what>_us <microseconds>" for the benchmark. */
void report_time(const char *what, uint64_t ns)
{
	printf("TIME %s_us %" PRIu64 "\n", what, ns / 1000);
	fflush(stdout);
}

/* big_alloc: LEN bytes of anonymous memory, populated, or NULL. */
uint8_t *big_alloc(uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The big mapping's first and last page carry this pattern. */
uint32_t big_seed(uint32_t seed)
{
	return seed ^ 0xb16b16b1u;
}

/* round_trip: BUF's first half to edu and back into its second half. */
bool round_trip(struct vmm *v, uint8_t *buf, uint64_t iova, uint32_t seed)
{
	return edu_dma(v, iova, EDU_DMA_BUF, 0) &&
	       edu_dma(v, EDU_DMA_BUF, iova + HALF, EDU_DMA_TO_RAM) &&
	       has_pattern(buf + HALF, HALF, seed);
}


/* --- bind, open-busy, cold ------------------------------------------ */

static int cmd_open_busy(const char *bdf)
{
	char path[64];
	int fd, nr = group_of(bdf);

	snprintf(path, sizeof(path), "/dev/vfio/%d", nr);
	fd = open(path, O_RDWR);
	expect(fd < 0 && errno == EBUSY, "group: open while held fails with EBUSY", "%s: %s",
	       path, fd >= 0 ? "opened" : strerror(errno));
	return finish();
}

/*
 * check_close_resets: a device nobody keeps is reset and stopped when the
 * VMM lets go of it. vfio-pci clears bus mastering, resets the device and
 * restores the config it saved at open, so a cache line size changed
 * during the session is back to its value at open.
 */
static void check_close_resets(struct vmm *v)
{
	char hex[2 * CONFIG_SIZE + 1];
	unsigned int now_cl = 0, cmd = 0;
	uint8_t open_cl = 0, cl;

	require(!cfg_read(v, PCI_CACHE_LINE_SIZE, &open_cl, 1),
		"cold: cache line size readable", "%m");
	cl = open_cl ^ MARK_CACHELINE;
	require(!cfg_write(v, PCI_CACHE_LINE_SIZE, &cl, 1),
		"cold: cache line size changed before closing", "%m");
	/* The BAR mapping holds the device file open too. */
	munmap((void *)v->bar, EDU_BAR_SIZE);
	close(v->efd);
	close(v->device);
	close(v->group);
	close(v->container);
	if (config_hex(v->bdf, hex) ||
	    sscanf(hex + 2 * PCI_CACHE_LINE_SIZE, "%2x", &now_cl) != 1 ||
	    sscanf(hex + 2 * PCI_COMMAND, "%2x", &cmd) != 1) {
		expect(false, "cold: config readable after close", "%m");
		return;
	}
	expect(now_cl == open_cl && !(cmd & PCI_COMMAND_MASTER),
	       "cold: closing reset and restored the device as usual (bus master off)",
	       "cache line 0x%02x (0x%02x at open), command low byte 0x%02x",
	       now_cl, open_cl, cmd);
}

/*
 * cold: a device nobody kept: a token is refused, a plain open works. With
 * STATEFILE, the token is the one stage 1 kept the device with (a device
 * whose keepalive the next kernel gave up on must refuse even that one).
 */
static int cmd_cold(const char *bdf, const char *statefile)
{
	static const uint8_t any[16] = { 0x4b, 0x48, 0x4f, 0x2d, 0xc0, 0x1d };
	struct vmm v = { .bdf = bdf };
	uint32_t seed = token_seed(any);
	uint8_t tok[16], *buf;
	struct state st;
	int fd;

	memcpy(tok, any, sizeof(tok));
	if (statefile) {
		require(!state_load(statefile, &st), "state: file from stage 1", "%s: %m",
			statefile);
		require(!strcmp(state_get(&st, "bdf"), bdf) &&
			!parse_token(state_get(&st, "token"), tok),
			"state: device and token", "bdf '%s'", state_get(&st, "bdf"));
	}
	open_container(&v);
	open_group(&v);
	attach_group(&v);
	fd = get_device_with(&v, tok);
	expect(fd == -EINVAL, statefile ?
	       "cold: stage 1's own token fails with EINVAL (no kept device awaits it)" :
	       "cold: a token for a device not kept fails with EINVAL",
	       "got %s", fd >= 0 ? "a device fd" : strerror(-fd));
	fd = get_device(&v, bdf);
	require(fd >= 0, "cold: GET_DEVICE_FD without a token", "%s", strerror(-fd));
	v.device = fd;
	map_regions(&v);
	enable_device(&v);
	require(rd32(&v, EDU_REG_ID) == EDU_ID, "cold: edu identification in BAR0",
		"0x%08x", rd32(&v, EDU_REG_ID));
	buf = alloc_buffer();
	fill_pattern(buf, HALF, seed);
	require(!dma_map(&v, buf, IOVA_DEFAULT), "cold: MAP_DMA 8 KiB at IOVA 0x100000", "%m");
	expect(round_trip(&v, buf, IOVA_DEFAULT, seed), "cold: DMA round trip through edu",
	       "word0 0x%08x", *(uint32_t *)(buf + HALF));
	msi_enable(&v);
	expect(msi_fires(&v), "cold: edu interrupt signals the eventfd", "see above");
	check_close_resets(&v);
	return finish();
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "bind") && argc == 3) {
		vfio_bind(argv[2]);
		return finish();
	}
	if (!strcmp(cmd, "stage1") && (argc == 6 || argc == 7))
		return cmd_stage1(argv[2], argv[3], argv[4], argv[5], true,
				  argc == 7 ? argv[6] : NULL);
	if (!strcmp(cmd, "nokeep-stage1") && argc == 6)
		return cmd_stage1(argv[2], argv[3], argv[4], argv[5], false, NULL);
	if (!strcmp(cmd, "stage2") && argc == 4)
		return cmd_stage2(argv[2], argv[3]);
	if (!strcmp(cmd, "guestram-stage2") && argc == 4)
		return cmd_guestram_stage2(argv[2], argv[3]);
	if (!strcmp(cmd, "nokeep-stage2") && argc == 4)
		return cmd_nokeep_stage2(argv[2], argv[3]);
	if (!strcmp(cmd, "pair-stage1") && argc == 7)
		return cmd_pair_stage1(argv[2], argv[3], argv[4], argv[5], argv[6]);
	if (!strcmp(cmd, "pair-stage2") && argc == 6)
		return cmd_pair_stage2(argv[2], argv[3], argv[4], argv[5]);
	if (!strcmp(cmd, "open-busy") && argc == 3)
		return cmd_open_busy(argv[2]);
	if (!strcmp(cmd, "cold") && (argc == 3 || argc == 4))
		return cmd_cold(argv[2], argc == 4 ? argv[3] : NULL);
	usage();
}
