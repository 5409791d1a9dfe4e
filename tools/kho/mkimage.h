/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic bzImage-shaped buffers carrying a KHO manifest, for the tests
 * of the manifest reader (harness, kho-check's tests, the fuzz corpus).
 * Only the parts the reader looks at are filled in.
 */
#ifndef _KHO_TOOLS_MKIMAGE_H
#define _KHO_TOOLS_MKIMAGE_H

#include <stddef.h>
#include <stdint.h>

/* Where mkimage puts things in the buffer. */
#define MKIMAGE_SETUP_SECTS	1
#define MKIMAGE_KSTART		((MKIMAGE_SETUP_SECTS + 1) * 512)
#define MKIMAGE_KI_OFF		64
#define MKIMAGE_KI		(MKIMAGE_KSTART + MKIMAGE_KI_OFF)
#define MKIMAGE_MANIFEST	(MKIMAGE_KI + 0x14)
#define MKIMAGE_TAIL		100

struct mkimage_entry {
	const char *name;
	const char *compatible;
};

size_t mkimage_size(size_t n);
size_t mkimage(uint8_t *buf, const struct mkimage_entry *e, size_t n);
void mkimage_put32(uint8_t *p, uint32_t v);

#endif
