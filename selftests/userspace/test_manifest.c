// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for kernel/kho/manifest.c: the manifest reader on valid and
 * hostile images, and the pre-flight rule.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/array_size.h>
#include <linux/kho/manifest.h>

#include "ktap.h"
#include "mkimage.h"

static const struct mkimage_entry base[] = {
	{ KHO_MANIFEST_ROOT_NAME, "kho-handover-v2" },
	{ "kho-test", "kho-test-v1" },
	{ "kho-test", "kho-test-v2" },
	{ "pci", "pci-v2" },
};

#define N ARRAY_SIZE(base)

/* A fresh valid image; the caller frees it. */
static uint8_t *image(size_t *len)
{
	uint8_t *buf = malloc(mkimage_size(N));

	*len = mkimage(buf, base, N);
	return buf;
}

/* Read a copy of exactly @len bytes, so ASan sees any overread. */
static int read_exact(const uint8_t *img, size_t len, struct kho_manifest *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, img, len);
	ret = kho_manifest_read(copy, len, m);
	if (ret == KHO_MANIFEST_OK) {
		/* The entries point into the copy: check them before freeing. */
		EXPECT_TRUE((const uint8_t *)m->entries >= copy);
		EXPECT_TRUE((const uint8_t *)(m->entries + m->count) <= copy + len);
	}
	free(copy);
	return ret;
}

static void valid_image_reads(void)
{
	struct kho_manifest m;
	char buf[64];
	size_t len;
	uint8_t *img = image(&len);

	ASSERT_EQ(kho_manifest_read(img, len, &m), KHO_MANIFEST_OK);
	EXPECT_EQ(m.count, N);
	EXPECT_EQ(m.boot_version, 0x020f);
	EXPECT_TRUE(kho_manifest_accepts(&m, "/", "kho-handover-v2"));
	EXPECT_TRUE(kho_manifest_accepts(&m, "kho-test", "kho-test-v2"));
	EXPECT_FALSE(kho_manifest_accepts(&m, "kho-test", "kho-test-v3"));
	EXPECT_FALSE(kho_manifest_accepts(&m, "pci", "kho-test-v1"));
	EXPECT_FALSE(kho_manifest_accepts(NULL, "pci", "pci-v2"));
	kho_manifest_accepted(&m, "kho-test", buf, sizeof(buf));
	EXPECT_TRUE(!strcmp(buf, "kho-test-v1, kho-test-v2"));
	kho_manifest_accepted(&m, "vfio", buf, sizeof(buf));
	EXPECT_TRUE(!strcmp(buf, "none"));
	kho_manifest_accepted(&m, "kho-test", buf, 8);
	EXPECT_EQ(strlen(buf), 7);
	free(img);
}

/* Every prefix of a valid image is refused as malformed, never read past. */
static void truncated_at_every_offset(void)
{
	struct kho_manifest m;
	size_t len, cut, ok = 0;
	uint8_t *img = image(&len);
	/* The last byte the reader needs: the end of the last entry. */
	size_t need = MKIMAGE_MANIFEST + KHO_MANIFEST_HEADER_SIZE +
		      N * KHO_MANIFEST_ENTRY_SIZE;

	for (cut = 0; cut < len; cut++) {
		int ret = read_exact(img, cut, &m);

		if (cut < need) {
			if (ret == KHO_MANIFEST_OK || kho_manifest_is_absent(ret))
				ktap_fail_at(__FILE__, __LINE__,
					     "cut at %zu read as %d", cut, ret);
		} else {
			ok += ret == KHO_MANIFEST_OK;
		}
	}
	EXPECT_EQ(ok, len - need);
	free(img);
}

static void no_manifest_is_absent(void)
{
	struct kho_manifest m;
	size_t len;
	uint8_t *img = image(&len);

	mkimage_put32(img + MKIMAGE_KI + 0x10, 0);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_NONE);
	EXPECT_TRUE(kho_manifest_is_absent(KHO_MANIFEST_NONE));
	/* A kernel_info of the 6.12 size: no field at all. */
	mkimage_put32(img + MKIMAGE_KI + 4, 0x10);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_NO_FIELD);
	/* Boot protocol 2.14: no kernel_info_offset to follow. */
	img[0x206] = 0x0e;
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_OLD_PROTOCOL);
	/* ... even if the file ends before where kernel_info_offset would be. */
	EXPECT_EQ(read_exact(img, 0x210, &m), KHO_MANIFEST_OLD_PROTOCOL);
	EXPECT_FALSE(kho_manifest_is_absent(KHO_MANIFEST_BAD_MAGIC));
	EXPECT_FALSE(kho_manifest_is_absent(KHO_MANIFEST_OK));
	free(img);
}

static void huge_manifest_is_refused(void)
{
	static const uint32_t counts[] = { KHO_MANIFEST_MAX_ENTRIES + 1,
					   0x02000000, 0xffffffff };
	struct kho_manifest m;
	size_t len, i;
	uint8_t *img = image(&len);
	uint8_t *mf = img + MKIMAGE_MANIFEST;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		mkimage_put32(mf + 12, counts[i]);
		EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_TOO_MANY);
	}
	/* Within the limit but past size_total: a count mismatch. */
	mkimage_put32(mf + 12, N + 1);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_COUNT);
	mkimage_put32(mf + 12, KHO_MANIFEST_MAX_ENTRIES);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_COUNT);
	/* Fewer than there are is fine: the rest is kernel_info padding. */
	mkimage_put32(mf + 12, N - 1);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_OK);
	free(img);
}

static void missing_nul_or_bad_string(void)
{
	struct kho_manifest m;
	size_t len;
	uint8_t *img = image(&len);
	uint8_t *e2 = img + MKIMAGE_MANIFEST + KHO_MANIFEST_HEADER_SIZE +
		      2 * KHO_MANIFEST_ENTRY_SIZE;

	memset(e2, 'a', KHO_MANIFEST_NAME_LEN);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_STRING);
	EXPECT_EQ(m.bad_entry, 2);
	EXPECT_TRUE(m.entries == NULL && m.count == 0);
	mkimage(img, base, N);
	memset(e2 + KHO_MANIFEST_NAME_LEN, 'b', KHO_MANIFEST_ENTRY_COMPAT_LEN);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_STRING);
	mkimage(img, base, N);
	e2[0] = '\0';	/* empty name */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_STRING);
	mkimage(img, base, N);
	e2[1] = '\n';	/* a line break would forge a log line */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_STRING);
	mkimage(img, base, N);
	e2[KHO_MANIFEST_NAME_LEN + 1] = 0x80;
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_STRING);
	free(img);
}

static void offsets_that_wrap_or_escape(void)
{
	struct kho_manifest m;
	size_t len;
	uint8_t *img = image(&len);
	uint8_t *ki = img + MKIMAGE_KI;

	mkimage_put32(ki + 0x10, 0xffffffff);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_OFFSET);
	mkimage_put32(ki + 0x10, 0xfffffff0);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_OFFSET);
	/* Inside the fixed part, or leaving no room for the header. */
	mkimage_put32(ki + 0x10, 0x10);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_OFFSET);
	mkimage(img, base, N);
	mkimage_put32(ki + 0x10, 0x14 + N * KHO_MANIFEST_ENTRY_SIZE + 1);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_OFFSET);

	mkimage(img, base, N);
	mkimage_put32(img + 0x268, 0xffffffff);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_OFFSET);
	mkimage_put32(img + 0x268, len - MKIMAGE_KSTART - 11);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_OFFSET);
	mkimage_put32(img + 0x268, 0);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_MAGIC);

	mkimage(img, base, N);
	mkimage_put32(ki + 8, 0xffffffff);	/* size_total */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_SIZE);
	mkimage(img, base, N);
	mkimage_put32(ki + 4, 0x1000);		/* size > size_total */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_SIZE);
	mkimage(img, base, N);
	mkimage_put32(ki + 4, 4);		/* size below its own header */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_SIZE);

	mkimage(img, base, N);
	img[0x1f1] = 255;	/* kernel start past the file */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_SETUP);
	img[0x1f1] = 0;		/* 0 means 4: 2560 bytes, past this image */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_SETUP);
	free(img);
}

static void bad_signatures(void)
{
	struct kho_manifest m;
	size_t len;
	uint8_t *img = image(&len);
	uint8_t *mf = img + MKIMAGE_MANIFEST;

	img[0x202] = 'h';
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_NOT_BZIMAGE);
	mkimage(img, base, N);
	img[MKIMAGE_KI + 3] = 'p';
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_MAGIC);
	mkimage(img, base, N);
	mf[0] ^= 1;
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_MAGIC);
	mkimage(img, base, N);
	mf[16 + 14] = '2';	/* kho-manifest-v2 */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_VERSION);
	mkimage(img, base, N);
	memset(mf + 16, 'x', KHO_MANIFEST_COMPAT_LEN);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_VERSION);
	mkimage(img, base, N);
	mkimage_put32(mf + 8, KHO_MANIFEST_ENTRY_SIZE * 2);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_VERSION);
	mkimage(img, base, N);
	mkimage_put32(mf + 4, 0);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_VERSION);
	free(img);
}

/*
 * Hostile layouts a reviewer added: setup_sects 0 (4 sectors) on an image
 * laid out for it, a manifest at an odd offset (no alignment assumed), a
 * kernel_info_offset that would wrap in 32 bits, and a kernel_info that
 * ends exactly at the end of the file.
 */
static void hostile_layouts(void)
{
	struct kho_manifest m;
	size_t len, len4, total;
	uint8_t *img = image(&len), *img4;
	const size_t shift = 5 * 512 - MKIMAGE_KSTART;
	uint8_t *ki = img + MKIMAGE_KI;
	uint8_t *mf = img + MKIMAGE_MANIFEST;
	size_t mlen = KHO_MANIFEST_HEADER_SIZE + N * KHO_MANIFEST_ENTRY_SIZE;

	/* setup_sects 0 means 4: the protected-mode part starts at 2560. */
	len4 = len + shift;
	img4 = calloc(1, len4);
	memcpy(img4, img, MKIMAGE_KSTART);
	memcpy(img4 + 5 * 512, img + MKIMAGE_KSTART, len - MKIMAGE_KSTART);
	img4[0x1f1] = 0;
	EXPECT_EQ(read_exact(img4, len4, &m), KHO_MANIFEST_OK);
	img4[0x1f1] = 1;	/* the same bytes read with one sector: no LToP */
	EXPECT_EQ(read_exact(img4, len4, &m), KHO_MANIFEST_BAD_KI_MAGIC);
	free(img4);

	/* The manifest one byte later: odd offset, size_total grown by one. */
	memmove(mf + 1, mf, mlen);
	mf[0] = 0;
	mkimage_put32(ki + 0x10, 0x15);
	mkimage_put32(ki + 8, 0x14 + 1 + mlen);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_OK);
	EXPECT_EQ(m.count, N);

	/* kernel_info_offset + kernel start wrapping a u32. */
	mkimage(img, base, N);
	mkimage_put32(img + 0x268, 0x100000000ULL - MKIMAGE_KSTART + MKIMAGE_KI_OFF);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_OFFSET);

	/* size_total reaching exactly the last byte of the file is fine. */
	mkimage(img, base, N);
	total = len - MKIMAGE_KI;
	mkimage_put32(ki + 8, total);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_OK);
	mkimage_put32(ki + 8, total + 1);
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_BAD_KI_SIZE);

	/* A manifest without the root entry: the target does not read KHO. */
	mkimage(img, base, N);
	mf[KHO_MANIFEST_HEADER_SIZE] = 'x';	/* "/" -> "x" */
	EXPECT_EQ(read_exact(img, len, &m), KHO_MANIFEST_OK);
	free(img);
}

static void every_code_has_its_own_text(void)
{
	int i, j;

	for (i = 0; i <= KHO_MANIFEST_BAD_STRING; i++) {
		EXPECT_TRUE(strcmp(kho_manifest_strerror(i), "unknown error"));
		for (j = 0; j < i; j++)
			EXPECT_TRUE(strcmp(kho_manifest_strerror(i),
					   kho_manifest_strerror(j)));
	}
}

static void preflight_rule(void)
{
	struct kho_preflight_node nodes[] = {
		{ "kho-test", "kho-test-v3", true, false, 0 },	/* refused */
		{ "pci", "pci-v2", false, true, 0 },		/* accepted */
		{ "vfio", "vfio-v2", false, true, 0 },		/* refused */
		{ "extra", "extra-v1", false, false, 0 },		/* dropped */
		{ "kho-test", "kho-test-v2", true, false, 0 },	/* accepted */
	};
	struct kho_manifest m;
	bool root;
	size_t len, i;
	uint8_t *img = image(&len);

	ASSERT_EQ(kho_manifest_read(img, len, &m), KHO_MANIFEST_OK);
	EXPECT_EQ(kho_preflight_judge(&m, "kho-handover-v2", nodes,
				      ARRAY_SIZE(nodes), &root), 2);
	EXPECT_TRUE(root);
	EXPECT_EQ(nodes[0].verdict, KHO_PREFLIGHT_REFUSED);
	EXPECT_EQ(nodes[1].verdict, KHO_PREFLIGHT_ACCEPTED);
	EXPECT_EQ(nodes[2].verdict, KHO_PREFLIGHT_REFUSED);
	EXPECT_EQ(nodes[3].verdict, KHO_PREFLIGHT_DROPPED);
	EXPECT_EQ(nodes[4].verdict, KHO_PREFLIGHT_ACCEPTED);

	/* Another root version: nothing is read, everything held is refused. */
	EXPECT_EQ(kho_preflight_judge(&m, "kho-handover-v3", nodes,
				      ARRAY_SIZE(nodes), &root), 5);
	EXPECT_FALSE(root);
	EXPECT_EQ(nodes[1].verdict, KHO_PREFLIGHT_REFUSED);
	EXPECT_EQ(nodes[3].verdict, KHO_PREFLIGHT_DROPPED);

	/* No manifest: the same. */
	EXPECT_EQ(kho_preflight_judge(NULL, "kho-handover-v2", nodes,
				      ARRAY_SIZE(nodes), &root), 5);
	EXPECT_FALSE(root);
	/* An empty blob still needs a target that reads KHO. */
	EXPECT_EQ(kho_preflight_judge(NULL, "kho-handover-v2", NULL, 0, &root),
		  1);
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		EXPECT_TRUE(nodes[i].verdict != KHO_PREFLIGHT_ACCEPTED);
	free(img);
}

KTAP_SUITE(manifest,
	   KTAP_CASE(valid_image_reads),
	   KTAP_CASE(truncated_at_every_offset),
	   KTAP_CASE(no_manifest_is_absent),
	   KTAP_CASE(huge_manifest_is_refused),
	   KTAP_CASE(missing_nul_or_bad_string),
	   KTAP_CASE(offsets_that_wrap_or_escape),
	   KTAP_CASE(bad_signatures),
	   KTAP_CASE(hostile_layouts),
	   KTAP_CASE(every_code_has_its_own_text),
	   KTAP_CASE(preflight_rule));
