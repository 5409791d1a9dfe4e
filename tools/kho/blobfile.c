// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a blob file and validating it, shared by kho-check and kho-dump.
 * The check is kernel/kho/blob.c itself, compiled in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blobfile.h"

const struct kho_mem kho_default_forbidden[] = { { 0, 1UL << 20 } };
const size_t kho_default_nforbidden = 1;

/*
 * Read until EOF: sysfs binary attributes report a size of 0, so the file
 * size cannot be trusted. The result is copied into a buffer of exactly
 * the file's size, so any read past the blob's end is an overflow the
 * sanitizers see.
 */
static int kho_read_fd(int fd, struct kho_file *file)
{
	size_t cap = 65536, len = 0;
	char *tmp = malloc(cap), *grown;
	ssize_t n;

	if (!tmp)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			/* One byte more than allowed is enough to refuse. */
			if (len > KHO_FILE_MAX) {
				free(tmp);
				return -EFBIG;
			}
			cap = cap * 2 > KHO_FILE_MAX ? KHO_FILE_MAX + 1 : cap * 2;
			grown = realloc(tmp, cap);
			if (!grown) {
				free(tmp);
				return -ENOMEM;
			}
			tmp = grown;
		}
		n = read(fd, tmp + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			free(tmp);
			return n;
		}
		if (n == 0)
			break;
		len += n;
	}
	file->size = len;
	file->buf = NULL;
	if (len) {
		file->buf = malloc(len);
		if (!file->buf) {
			free(tmp);
			return -ENOMEM;
		}
		memcpy(file->buf, tmp, len);
	}
	free(tmp);
	return 0;
}

/**
 * kho_file_read() - read a whole file, at most KHO_FILE_MAX bytes
 * @path: file to read
 * @file: filled on success; free with kho_file_free()
 *
 * Return: 0, or a negative errno (-EFBIG if the file is too big).
 */
int kho_file_read(const char *path, struct kho_file *file)
{
	int fd, err;

	file->buf = NULL;
	file->size = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = kho_read_fd(fd, file);
	close(fd);
	return err;
}

void kho_file_free(struct kho_file *file)
{
	free(file->buf);
	file->buf = NULL;
	file->size = 0;
}

/**
 * kho_file_check() - run the incoming kernel's checks on a blob
 * @file: the blob
 * @ram: RAM ranges, sorted and merged, or NULL to skip the RAM check
 * @nram: number of RAM ranges
 * @forbidden: ranges no preserved memory may touch, sorted and merged
 * @nforbidden: number of forbidden ranges
 * @v: filled with the outcome
 */
void kho_file_check(const struct kho_file *file,
		    const struct kho_mem *ram, size_t nram,
		    const struct kho_mem *forbidden, size_t nforbidden,
		    struct kho_verdict *v)
{
	const char *prefix;
	char *p;
	int n;

	v->valid = !kho_blob_check(file->buf, file->size, ram, nram,
				   forbidden, nforbidden, &v->rep);
	/* Past these two, the structure walk succeeded: libfdt stays inside. */
	v->walkable = v->rep.walkable;

	/* kho_blob_describe() starts its success line with "valid: ". */
	prefix = v->valid ? "" : "invalid: ";
	n = snprintf(v->line, sizeof(v->line), "%s", prefix);
	kho_blob_describe(v->line + n, sizeof(v->line) - n, file->buf, &v->rep);

	/*
	 * kho_report_describe() escapes every string from the blob as \xNN;
	 * this is only a second line of defence for the terminal.
	 */
	for (p = v->line; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
}
