/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-edu: the driver part of the keepalive test VMM: QEMU's edu device
 * (edu.h) driven through vfio-pci (vfio-lib.h): BAR0 mapped through the
 * device fd, DMA between edu's buffer and an IOVA, the factorial
 * register, and its interrupt through MSI and an eventfd.
 */
#ifndef KHO_VM_VFIO_EDU_H
#define KHO_VM_VFIO_EDU_H

#include "edu.h"
#include "vfio-lib.h"

#define EDU_IRQ_BIT	0x1	/* the interrupt status bit edu_msi_fires raises */

static inline uint32_t rd32(struct vmm *v, unsigned int reg)
{
	return edu_rd32(v->bar, reg);
}

static inline void wr32(struct vmm *v, unsigned int reg, uint32_t val)
{
	edu_wr32(v->bar, reg, val);
}

/* map_regions: region info of BAR0 and config space; BAR0 mmapped. */
void map_regions(struct vmm *v);
/* setup_vmm: container, group and a plain open of the device, enabled. */
void setup_vmm(struct vmm *v);
/* edu_dma_start: an EDU_DMA_COUNT-byte DMA, CMD written last. */
void edu_dma_start(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd);
/* edu_dma: one DMA of EDU_DMA_COUNT bytes, waited for (edu runs it ~100 ms later). */
bool edu_dma(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd);
/* edu_factorial: N written to the factorial register, waited for. */
bool edu_factorial(struct vmm *v, uint32_t n);
/* msi_fires: edu raises its interrupt and the eventfd signals. */
bool msi_fires(struct vmm *v);

#endif
