// SPDX-License-Identifier: GPL-2.0
/*
 * edu: poke QEMU's "edu" educational PCI device from userspace through
 * sysfs (config space and an mmap of BAR0), for the VM tests.
 *
 *   edu find            print the address of the first edu device
 *   edu check [BDF]     identification, liveness and factorial registers
 *   edu raise [BDF]     raise edu's interrupt once (then acknowledge it)
 *   edu dma BDF DST [COUNT]
 *                       start a DMA of COUNT bytes (default 2048) from edu's
 *                       buffer to bus address DST, then wait 300 ms (edu
 *                       runs it 100 ms after the start); fails if edu did
 *                       not run it. Whether it reached memory is for the
 *                       caller to find out.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "edu.h"

#define PCI_COMMAND		0x04
#define PCI_COMMAND_MEMORY	0x2

static const char *sysfs = "/sys/bus/pci/devices";

static unsigned long read_hex(const char *dev, const char *attr)
{
	char path[256], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", sysfs, dev, attr);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return strtoul(buf, NULL, 16);
}

static int find(char *bdf, size_t len)
{
	glob_t g;
	size_t i;
	int ret = -ENODEV;

	if (glob("/sys/bus/pci/devices/*", 0, NULL, &g))
		return -ENODEV;
	for (i = 0; i < g.gl_pathc; i++) {
		const char *dev = strrchr(g.gl_pathv[i], '/') + 1;

		if (read_hex(dev, "vendor") == EDU_VENDOR &&
		    read_hex(dev, "device") == EDU_DEVICE) {
			snprintf(bdf, len, "%s", dev);
			ret = 0;
			break;
		}
	}
	globfree(&g);
	return ret;
}

static int enable_memory(const char *bdf)
{
	char path[256];
	uint16_t cmd;
	int fd, ret = -1;

	snprintf(path, sizeof(path), "%s/%s/config", sysfs, bdf);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	/* Only write when needed: a kept device's config must stay untouched. */
	if (pread(fd, &cmd, 2, PCI_COMMAND) == 2) {
		ret = 0;
		if (!(cmd & PCI_COMMAND_MEMORY)) {
			cmd |= PCI_COMMAND_MEMORY;
			ret = pwrite(fd, &cmd, 2, PCI_COMMAND) == 2 ? 0 : -1;
		}
	}
	close(fd);
	return ret;
}

static volatile uint32_t *map_bar0(const char *bdf)
{
	char path[256];
	void *p;
	int fd;

	if (enable_memory(bdf))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s/resource0", sysfs, bdf);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, EDU_BAR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static int check(const char *bdf)
{
	volatile uint32_t *bar = map_bar0(bdf);
	uint32_t id, v;
	int i, bad = 0;

	if (!bar) {
		fprintf(stderr, "edu: cannot map BAR0 of %s: %m\n", bdf);
		return 1;
	}
	id = edu_rd32(bar, EDU_REG_ID);
	if ((id & 0xff) != 0xed) {
		fprintf(stderr, "edu: %s: bad identification 0x%08x\n", bdf, id);
		bad++;
	}
	for (v = 0x12345678; v; v <<= 4) {
		edu_wr32(bar, EDU_REG_LIVE, v);
		if (edu_rd32(bar, EDU_REG_LIVE) != ~v) {
			fprintf(stderr, "edu: %s: liveness 0x%08x read 0x%08x\n",
				bdf, v, edu_rd32(bar, EDU_REG_LIVE));
			bad++;
			break;
		}
	}
	edu_wr32(bar, EDU_REG_FACT, 10);
	for (i = 0; i < 1000 && (edu_rd32(bar, EDU_REG_STATUS) & 1); i++)
		usleep(1000);
	if (edu_rd32(bar, EDU_REG_FACT) != 3628800) {
		fprintf(stderr, "edu: %s: 10! = %u\n", bdf, edu_rd32(bar, EDU_REG_FACT));
		bad++;
	}
	if (!bad)
		printf("edu %s: version %u.%u, liveness and factorial ok\n", bdf,
		       id >> 24, (id >> 16) & 0xff);
	munmap((void *)bar, EDU_BAR_SIZE);
	return bad ? 1 : 0;
}

/* Raise edu's interrupt behind the back of whatever owns the device. */
static int raise_irq(const char *bdf)
{
	volatile uint32_t *bar = map_bar0(bdf);

	if (!bar) {
		fprintf(stderr, "edu: cannot map BAR0 of %s: %m\n", bdf);
		return 1;
	}
	edu_wr32(bar, EDU_REG_IRQ_RAISE, 1);
	usleep(200 * 1000);
	edu_wr32(bar, EDU_REG_IRQ_ACK, 1);
	munmap((void *)bar, EDU_BAR_SIZE);
	return 0;
}

/* edu_idle: edu's DMA engine is idle, waited for up to 2 s. */
static int edu_idle(volatile uint32_t *bar)
{
	int i;

	for (i = 0; i < 2000 && (edu_rd64(bar, EDU_REG_DMA_CMD) & EDU_DMA_RUN); i++)
		usleep(1000);
	return !(edu_rd64(bar, EDU_REG_DMA_CMD) & EDU_DMA_RUN);
}

/*
 * DMA edu's buffer to DST behind the back of whatever owns the device (or
 * with no owner at all): the registers are poked directly through BAR0.
 * Bus mastering is left as it is.
 */
static int dma_to(const char *bdf, uint64_t dst, uint64_t count)
{
	volatile uint32_t *bar;
	int ret = 1;

	if (!count || count > EDU_DMA_MAX) {
		fprintf(stderr, "edu: count %llu not in 1..%d\n",
			(unsigned long long)count, EDU_DMA_MAX);
		return 2;
	}
	bar = map_bar0(bdf);
	if (!bar) {
		fprintf(stderr, "edu: cannot map BAR0 of %s: %m\n", bdf);
		return 1;
	}
	if ((edu_rd32(bar, EDU_REG_ID) & 0xff) != 0xed) {
		fprintf(stderr, "edu: %s: bad identification 0x%08x\n", bdf,
			edu_rd32(bar, EDU_REG_ID));
		goto out;
	}
	/* edu ignores the registers while an earlier DMA is pending. */
	if (!edu_idle(bar)) {
		fprintf(stderr, "edu: %s: an earlier DMA is still pending\n", bdf);
		goto out;
	}
	edu_wr64(bar, EDU_REG_DMA_SRC, EDU_DMA_BUF);
	edu_wr64(bar, EDU_REG_DMA_DST, dst);
	edu_wr64(bar, EDU_REG_DMA_CNT, count);
	if (edu_rd64(bar, EDU_REG_DMA_SRC) != EDU_DMA_BUF || edu_rd64(bar, EDU_REG_DMA_DST) != dst ||
	    edu_rd64(bar, EDU_REG_DMA_CNT) != count) {
		fprintf(stderr, "edu: %s: DMA registers did not take the values\n", bdf);
		goto out;
	}
	edu_wr64(bar, EDU_REG_DMA_CMD, EDU_DMA_RUN | EDU_DMA_TO_RAM);
	usleep(300 * 1000);
	if (!edu_idle(bar)) {
		fprintf(stderr, "edu: %s: the DMA did not run\n", bdf);
		goto out;
	}
	printf("edu %s: ran a DMA of %llu bytes from its buffer to 0x%llx\n", bdf,
	       (unsigned long long)count, (unsigned long long)dst);
	ret = 0;
out:
	munmap((void *)bar, EDU_BAR_SIZE);
	return ret;
}

int main(int argc, char **argv)
{
	char bdf[64];

	if (argc < 2) {
		fprintf(stderr, "usage: edu find | edu check [BDF] | edu raise [BDF] | "
			"edu dma BDF DST [COUNT]\n");
		return 2;
	}
	if (argc > 2)
		snprintf(bdf, sizeof(bdf), "%s", argv[2]);
	else if (find(bdf, sizeof(bdf))) {
		fprintf(stderr, "edu: no edu device found\n");
		return 1;
	}
	if (!strcmp(argv[1], "find")) {
		printf("%s\n", bdf);
		return 0;
	}
	if (!strcmp(argv[1], "check"))
		return check(bdf);
	if (!strcmp(argv[1], "raise"))
		return raise_irq(bdf);
	if (!strcmp(argv[1], "dma") && (argc == 4 || argc == 5))
		return dma_to(bdf, strtoull(argv[3], NULL, 0),
			      argc == 5 ? strtoull(argv[4], NULL, 0) : EDU_DMA_COUNT);
	fprintf(stderr, "edu: unknown command %s\n", argv[1]);
	return 2;
}
