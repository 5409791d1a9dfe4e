// SPDX-License-Identifier: GPL-2.0
/*
 * kho-manifest: the KHO version manifest of a bzImage, read with the
 * kernel's own reader (kernel/kho/manifest.c).
 *
 *   kho-manifest show IMAGE           "node compatible" per line, as in
 *                                     /sys/kernel/kho/manifest
 *   kho-manifest set IMAGE OUT NODE OLD NEW
 *                                     copy IMAGE to OUT with NODE's entry
 *                                     OLD rewritten to NEW
 *   kho-manifest zero IMAGE OUT       copy with the manifest field 0 ("no KHO")
 *   kho-manifest gen OUT NODE=COMPAT...
 *                                     a synthetic image with that manifest
 *
 * Exit: 0 done, 1 no manifest or malformed (show, set, zero), 2 I/O
 * error, 3 usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kho/manifest.h>

#include "mkimage.h"

#define MAX_IMAGE	(256UL << 20)

static void usage(void)
{
	fprintf(stderr,
		"usage: kho-manifest show IMAGE\n"
		"       kho-manifest set IMAGE OUT NODE OLD NEW\n"
		"       kho-manifest zero IMAGE OUT\n"
		"       kho-manifest gen OUT NODE=COMPAT...\n");
	exit(3);
}

static uint8_t *read_image(const char *path, size_t *len)
{
	uint8_t *buf = NULL;
	size_t cap = 0, n;
	FILE *f = fopen(path, "rb");

	if (!f) {
		perror(path);
		exit(2);
	}
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			if (cap > MAX_IMAGE) {
				fprintf(stderr, "%s: larger than 256 MiB\n", path);
				exit(2);
			}
			buf = realloc(buf, cap);
			if (!buf) {
				perror("kho-manifest");
				exit(2);
			}
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n);
	if (ferror(f)) {
		perror(path);
		exit(2);
	}
	fclose(f);
	return buf;
}

static void write_image(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(2);
	}
}

/* Read the manifest or exit 1 saying why. */
static void must_read(const uint8_t *img, size_t len, struct kho_manifest *m,
		      const char *path)
{
	int status = kho_manifest_read(img, len, m);

	if (status == KHO_MANIFEST_OK)
		return;
	printf("%s: %s%s\n", path,
	       kho_manifest_is_absent(status) ? "no KHO manifest: " :
	       "malformed KHO manifest: ", kho_manifest_strerror(status));
	exit(1);
}

int main(int argc, char **argv)
{
	struct kho_manifest m;
	uint8_t *img;
	size_t len;
	u32 i;

	if (argc < 3)
		usage();
	if (!strcmp(argv[1], "gen")) {
		size_t n = argc - 3, k;
		struct mkimage_entry *e = calloc(n + 1, sizeof(*e));

		for (k = 0; k < n; k++) {
			char *eq = strchr(argv[3 + k], '=');

			if (!eq)
				usage();
			*eq = '\0';
			e[k].name = argv[3 + k];
			e[k].compatible = eq + 1;
		}
		img = calloc(1, mkimage_size(n));
		len = mkimage(img, e, n);
		write_image(argv[2], img, len);
		free(e);
		free(img);
		return 0;
	}
	if (!(!strcmp(argv[1], "show") && argc == 3) &&
	    !(!strcmp(argv[1], "zero") && argc == 4) &&
	    !(!strcmp(argv[1], "set") && argc == 7))
		usage();
	img = read_image(argv[2], &len);
	if (!strcmp(argv[1], "show")) {
		must_read(img, len, &m, argv[2]);
		for (i = 0; i < m.count; i++)
			printf("%s %s\n", m.entries[i].name,
			       m.entries[i].compatible);
	} else if (!strcmp(argv[1], "zero")) {
		size_t ki;

		must_read(img, len, &m, argv[2]);
		/* Valid now: the reader checked every offset below. */
		ki = (size_t)((img[0x1f1] ? img[0x1f1] : 4) + 1) * 512 +
		     (img[0x268] | img[0x269] << 8 | img[0x26a] << 16 |
		      (u32)img[0x26b] << 24);
		mkimage_put32(img + ki + KHO_KERNEL_INFO_OFFSET_FIELD, 0);
		write_image(argv[3], img, len);
	} else {
		struct kho_manifest_entry *e = NULL;

		must_read(img, len, &m, argv[2]);
		if (strlen(argv[6]) >= KHO_MANIFEST_ENTRY_COMPAT_LEN)
			usage();
		for (i = 0; i < m.count; i++)
			if (!strcmp(m.entries[i].name, argv[4]) &&
			    !strcmp(m.entries[i].compatible, argv[5]))
				e = (struct kho_manifest_entry *)&m.entries[i];
		if (!e) {
			printf("%s: no entry %s %s\n", argv[2], argv[4], argv[5]);
			free(img);
			return 1;
		}
		memset(e->compatible, 0, sizeof(e->compatible));
		memcpy(e->compatible, argv[6], strlen(argv[6]));
		write_image(argv[3], img, len);
	}
	free(img);
	return 0;
}
