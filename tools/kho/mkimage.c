// SPDX-License-Identifier: GPL-2.0
/* Synthetic images with a KHO manifest; see mkimage.h. */
#include <string.h>

#include <linux/kho/abi/manifest.h>

#include "mkimage.h"

void mkimage_put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Bytes mkimage() writes for @n entries. */
size_t mkimage_size(size_t n)
{
	return MKIMAGE_MANIFEST + KHO_MANIFEST_HEADER_SIZE +
	       n * KHO_MANIFEST_ENTRY_SIZE + MKIMAGE_TAIL;
}

/*
 * A boot protocol 2.15 image whose kernel_info holds a manifest of @n
 * entries right after its fixed part. @buf has mkimage_size(@n) bytes.
 */
size_t mkimage(uint8_t *buf, const struct mkimage_entry *e, size_t n)
{
	size_t len = mkimage_size(n), i;
	uint8_t *ki = buf + MKIMAGE_KI, *mf = buf + MKIMAGE_MANIFEST;

	memset(buf, 0, len);
	buf[0x1f1] = MKIMAGE_SETUP_SECTS;
	buf[0x1fe] = 0x55;
	buf[0x1ff] = 0xaa;
	memcpy(buf + 0x202, "HdrS", 4);
	buf[0x206] = 0x0f;
	buf[0x207] = 0x02;
	mkimage_put32(buf + 0x268, MKIMAGE_KI_OFF);
	memcpy(ki, KHO_KERNEL_INFO_MAGIC, 4);
	mkimage_put32(ki + 4, 0x14);
	mkimage_put32(ki + 8, 0x14 + KHO_MANIFEST_HEADER_SIZE +
		      n * KHO_MANIFEST_ENTRY_SIZE);
	mkimage_put32(ki + 12, 12);
	mkimage_put32(ki + 0x10, 0x14);
	mkimage_put32(mf, KHO_MANIFEST_MAGIC);
	mkimage_put32(mf + 4, KHO_MANIFEST_HEADER_SIZE);
	mkimage_put32(mf + 8, KHO_MANIFEST_ENTRY_SIZE);
	mkimage_put32(mf + 12, n);
	memcpy(mf + 16, KHO_MANIFEST_COMPATIBLE, sizeof(KHO_MANIFEST_COMPATIBLE));
	for (i = 0; i < n; i++) {
		uint8_t *ent = mf + KHO_MANIFEST_HEADER_SIZE +
			       i * KHO_MANIFEST_ENTRY_SIZE;

		strncpy((char *)ent, e[i].name, KHO_MANIFEST_NAME_LEN);
		strncpy((char *)ent + KHO_MANIFEST_NAME_LEN, e[i].compatible,
			KHO_MANIFEST_ENTRY_COMPAT_LEN);
	}
	return len;
}
