/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's "edu" educational PCI device (hw/misc/edu.c, QEMU 7.2): its ids
 * and BAR0 registers, and accessors for a mapping of BAR0. Shared by the
 * sysfs poker (edu.c) and the VFIO driver part of vfio-vmm (vfio-edu.c).
 */
#ifndef KHO_VM_EDU_H
#define KHO_VM_EDU_H

#include <stdint.h>

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x010000ed	/* EDU_REG_ID of version 1.0 */
#define EDU_BAR_SIZE	0x100000

#define EDU_REG_ID	0x00	/* 0xRRrr00ed: major/minor version */
#define EDU_REG_LIVE	0x04	/* reads back the bitwise inverse */
#define EDU_REG_FACT	0x08	/* factorial of the value written */
#define EDU_REG_STATUS	0x20	/* bit 0: factorial computing */
#define EDU_REG_IRQ_STATUS 0x24	/* the raised interrupt bits */
#define EDU_REG_IRQ_RAISE 0x60	/* sets bits of the interrupt status */
#define EDU_REG_IRQ_ACK	0x64	/* clears them */
#define EDU_REG_DMA_SRC	0x80	/* 64-bit DMA registers */
#define EDU_REG_DMA_DST	0x88
#define EDU_REG_DMA_CNT	0x90
#define EDU_REG_DMA_CMD	0x98
#define EDU_DMA_RUN	0x1	/* start; edu clears it when the DMA is done */
#define EDU_DMA_TO_RAM	0x2	/* direction: edu's buffer -> bus address */
#define EDU_DMA_BUF	0x40000	/* edu's 4 KiB buffer, device side */
/*
 * The buffer is 4 KiB, but QEMU 7.2's edu range check is off by one and
 * stops the whole VM (hw_error) on a DMA that ends at the buffer's end.
 */
#define EDU_DMA_MAX	4095
#define EDU_DMA_COUNT	2048

/* BAR is a mapping of BAR0; REG a byte offset into it. */
static inline uint32_t edu_rd32(volatile void *bar, unsigned int reg)
{
	return *(volatile uint32_t *)((volatile uint8_t *)bar + reg);
}

static inline void edu_wr32(volatile void *bar, unsigned int reg, uint32_t val)
{
	*(volatile uint32_t *)((volatile uint8_t *)bar + reg) = val;
}

static inline uint64_t edu_rd64(volatile void *bar, unsigned int reg)
{
	return *(volatile uint64_t *)((volatile uint8_t *)bar + reg);
}

static inline void edu_wr64(volatile void *bar, unsigned int reg, uint64_t val)
{
	*(volatile uint64_t *)((volatile uint8_t *)bar + reg) = val;
}

#endif
