// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-edu: QEMU's edu device driven through vfio-pci; see vfio-edu.h.
 */
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vfio-edu.h"

void map_regions(struct vmm *v)
{
	void *p;

	require(!region_info(v, VFIO_PCI_BAR0_REGION_INDEX, &v->bar0) &&
		v->bar0.size == EDU_BAR_SIZE && (v->bar0.flags & VFIO_REGION_INFO_FLAG_MMAP),
		"device: BAR0 region is 1 MiB and mappable",
		"size 0x%" PRIx64 " flags 0x%x: %m", v->bar0.size, v->bar0.flags);
	require(!region_info(v, VFIO_PCI_CONFIG_REGION_INDEX, &v->config) &&
		v->config.size >= CONFIG_SIZE,
		"device: config region", "size 0x%" PRIx64 ": %m", v->config.size);
	p = mmap(NULL, EDU_BAR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 v->device, v->bar0.offset);
	require(p != MAP_FAILED, "device: mmap BAR0", "%m");
	v->bar = p;
}

void setup_vmm(struct vmm *v)
{
	int fd;

	open_container(v);
	open_group(v);
	attach_group(v);
	fd = get_device(v, v->bdf);
	require(fd >= 0, "device: GET_DEVICE_FD", "%s: %s", v->bdf, strerror(-fd));
	v->device = fd;
	map_regions(v);
	enable_device(v);
	require(rd32(v, EDU_REG_ID) == EDU_ID, "device: edu identification in BAR0",
		"0x%08x", rd32(v, EDU_REG_ID));
}

void edu_dma_start(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd)
{
	edu_wr64(v->bar, EDU_REG_DMA_SRC, src);
	edu_wr64(v->bar, EDU_REG_DMA_DST, dst);
	edu_wr64(v->bar, EDU_REG_DMA_CNT, EDU_DMA_COUNT);
	wr32(v, EDU_REG_DMA_CMD, cmd);
}

bool edu_dma(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd)
{
	int i;

	edu_dma_start(v, src, dst, cmd | EDU_DMA_RUN);
	for (i = 0; i < 2000; i++) {
		if (!(rd32(v, EDU_REG_DMA_CMD) & EDU_DMA_RUN))
			return true;
		usleep(1000);
	}
	fprintf(stderr, "vfio-vmm: edu DMA 0x%" PRIx64 " -> 0x%" PRIx64 " still running after 2 s\n",
		src, dst);
	return false;
}

bool edu_factorial(struct vmm *v, uint32_t n)
{
	int i;

	wr32(v, EDU_REG_FACT, n);
	for (i = 0; i < 1000 && (rd32(v, EDU_REG_STATUS) & 1); i++)
		usleep(1000);
	return !(rd32(v, EDU_REG_STATUS) & 1);
}

bool msi_fires(struct vmm *v)
{
	struct pollfd pfd = { .fd = v->efd, .events = POLLIN };
	uint64_t count = 0;
	int n;

	wr32(v, EDU_REG_IRQ_RAISE, EDU_IRQ_BIT);
	n = poll(&pfd, 1, 2000);
	wr32(v, EDU_REG_IRQ_ACK, EDU_IRQ_BIT);
	if (n != 1 || read(v->efd, &count, sizeof(count)) != sizeof(count) || !count) {
		fprintf(stderr, "vfio-vmm: no interrupt within 2 s (poll %d, irq status 0x%x)\n",
			n, rd32(v, EDU_REG_IRQ_STATUS));
		return false;
	}
	return true;
}
