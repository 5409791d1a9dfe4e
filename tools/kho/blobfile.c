// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a blob file and its map file and validating them, shared by
 * kho-check and kho-dump. The checks are kernel/kho/blob.c, map.c and
 * nodes.c themselves, compiled in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/libfdt.h>
#include <linux/kho/nodes.h>

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

static void kho_note_refusal(void *ctx, int node, const char *why)
{
	struct kho_verdict *v = ctx;
	size_t i;

	for (i = 0; i < v->nnodes; i++)
		if (v->nodes[i].node == node) {
			v->nodes[i].status = -1;
			snprintf(v->nodes[i].why, sizeof(v->nodes[i].why), "%s", why);
		}
}

/*
 * The second half of the incoming kernel's check, kernel/kho/nodes.c:
 * every node through its layout's parser, then the blob-wide overlap
 * rule. The first refusal becomes the verdict line.
 */
static void kho_file_check_nodes(const struct kho_file *file,
				 struct kho_verdict *v)
{
	const void *fdt = file->buf;
	struct kho_nodes_report rep;
	struct kho_claims cl = { };
	void *state = NULL;
	char why[192];
	size_t i;
	int node, err = -ENOMEM;

	fdt_for_each_subnode(node, fdt, 0)
		v->nnodes++;
	v->nodes = calloc(v->nnodes ? v->nnodes : 1, sizeof(*v->nodes));
	cl.cap = kho_nodes_claims_bound(fdt);
	cl.c = calloc(cl.cap, sizeof(*cl.c));
	state = malloc(kho_nodes_state_size());
	if (!v->nodes || !cl.c || !state)
		goto out;
	i = 0;
	fdt_for_each_subnode(node, fdt, 0) {
		v->nodes[i].node = node;
		v->nodes[i].name = fdt_get_name(fdt, node, NULL) ?: "?";
		v->nodes[i].status = kho_node_type_find(fdt, node) ? 0 : 1;
		i++;
	}
	err = kho_nodes_check(fdt, state, &cl, kho_note_refusal, v, &rep, why,
			      sizeof(why));
out:
	if (err == -EINVAL) {
		snprintf(v->line, sizeof(v->line), "invalid: ");
		kho_claims_describe(v->line + strlen(v->line),
				    sizeof(v->line) - strlen(v->line), fdt,
				    &rep.claims);
	} else if (err) {
		snprintf(v->line, sizeof(v->line), "invalid: %s",
			 err == -ENOMEM ? "out of memory" :
			 "more ranges than the blob's size allows");
	}
	for (i = 0; !err && i < v->nnodes; i++)
		if (v->nodes[i].status < 0) {
			snprintf(v->line, sizeof(v->line), "invalid: node '%s': %s",
				 fdt_get_name(fdt, v->nodes[i].node, NULL),
				 v->nodes[i].why);
			err = -EINVAL;
		}
	v->valid = !err;
	free(cl.c);
	free(state);
}

/**
 * kho_verdict_node() - the node table's verdict on one subsystem node
 * @v: a verdict from kho_file_check()
 * @node: structure offset of a child of the root
 *
 * Return: the entry, or NULL if the nodes were not checked.
 */
const struct kho_node_verdict *kho_verdict_node(const struct kho_verdict *v,
						int node)
{
	size_t i;

	for (i = 0; i < v->nnodes; i++)
		if (v->nodes[i].node == node)
			return &v->nodes[i];
	return NULL;
}

void kho_verdict_free(struct kho_verdict *v)
{
	if (v->attached)
		kho_blob_mem_detach(&v->mem);
	v->attached = false;
	free(v->runs);
	v->runs = NULL;
	kho_mapfile_free(&v->mf);
	kho_file_free(&v->map_file);
	free(v->nodes);
	v->nodes = NULL;
	v->nnodes = 0;
}

/* The map file's path: given, or KHO_MAP_FILE_NAME beside the blob. */
static void kho_map_path(const char *blob, const struct kho_check_opts *opts,
			 struct kho_verdict *v)
{
	const char *slash = strrchr(blob, '/');

	if (opts->map_path)
		snprintf(v->map_path, sizeof(v->map_path), "%s", opts->map_path);
	else if (slash)
		snprintf(v->map_path, sizeof(v->map_path), "%.*s/%s",
			 (int)(slash - blob), blob, KHO_MAP_FILE_NAME);
	else
		snprintf(v->map_path, sizeof(v->map_path), "%s",
			 KHO_MAP_FILE_NAME);
}

/*
 * kho_map_check() on a blob that passed kho_blob_check(), then the runs
 * attached to their nodes. False, with @v->line set, if it failed.
 */
static bool kho_file_check_map(const struct kho_file *file, const char *path,
			       const struct kho_check_opts *opts,
			       struct kho_verdict *v)
{
	const void *fdt = file->buf;
	int n, err;

	kho_map_path(path, opts, v);
	if (v->rep.map.addr) {
		err = kho_file_read(v->map_path, &v->map_file);
		if (err) {
			snprintf(v->line, sizeof(v->line),
				 "%.300s: the blob's mem-map lists %llu chunks, but its map file cannot be read: %s",
				 v->map_path, (unsigned long long)v->rep.map.chunks,
				 err == -EFBIG ? "larger than 64 MiB" : strerror(-err));
			v->unreadable = true;
			return false;
		}
	}
	if (kho_mapfile_index(&v->mf, v->map_file.buf, v->map_file.size)) {
		snprintf(v->line, sizeof(v->line), "invalid: out of memory");
		return false;
	}
	v->map_checked = true;
	err = kho_map_check(fdt, &v->mf.src, opts->ram, opts->nram,
			    opts->forbidden, opts->nforbidden, opts->max_runs,
			    &v->mrep);
	if (err && v->mrep.why.err == KHO_MAP_CHUNK_UNREADABLE &&
	    !v->mrep.why.cause_errors) {
		/*
		 * No RAM or forbidden range refused the chunk: the file does
		 * not hold it. (The kernel's reader fails only for those, so
		 * kho_map_describe() says so; here the file is at fault.)
		 */
		snprintf(v->line, sizeof(v->line),
			 "invalid: map: chunk %ld, at %#llx: the map file holds no chunk recording that address (%zu chunks in the file)",
			 v->mrep.why.index, (unsigned long long)v->mrep.why.addr,
			 v->mf.n);
	} else if (err) {
		n = snprintf(v->line, sizeof(v->line), "invalid: ");
		kho_map_describe(v->line + n, sizeof(v->line) - n, fdt, &v->mrep);
	}
	if (err) {
		if (v->mf.bad_why) {
			n = strlen(v->line);
			snprintf(v->line + n, sizeof(v->line) - n,
				 " (map file: offset %zu: %s)", v->mf.bad_off,
				 v->mf.bad_why);
		}
		return false;
	}
	/* The kernel's file is the chain and nothing else. */
	if (v->mf.bad_why || v->mf.n != v->rep.map.chunks) {
		snprintf(v->line, sizeof(v->line),
			 "invalid: map file: %zu whole chunks, mem-map lists %llu%s%s",
			 v->mf.n, (unsigned long long)v->rep.map.chunks,
			 v->mf.bad_why ? "; then " : "",
			 v->mf.bad_why ? v->mf.bad_why : "");
		return false;
	}
	v->runs = calloc(v->mrep.runs ? v->mrep.runs : 1, sizeof(*v->runs));
	if (!v->runs) {
		snprintf(v->line, sizeof(v->line), "invalid: out of memory");
		return false;
	}
	err = kho_blob_mem_attach(&v->mem, fdt, &v->mf.src, v->runs,
				  v->mrep.runs);
	if (err) {
		snprintf(v->line, sizeof(v->line),
			 "invalid: the map's runs do not attach to their nodes (%s)",
			 strerror(-err));
		return false;
	}
	v->attached = true;
	snprintf(v->line, sizeof(v->line),
		 "valid: %u nodes, map of %llu chunks (%llu bytes), %llu runs, %llu pages (%llu bytes) preserved",
		 v->rep.nodes, (unsigned long long)v->mrep.chunks,
		 (unsigned long long)v->rep.map.bytes,
		 (unsigned long long)v->mrep.runs,
		 (unsigned long long)v->mrep.pages,
		 (unsigned long long)v->mrep.pages << KHO_MAP_PAGE_SHIFT);
	return true;
}

/**
 * kho_file_check() - run the incoming kernel's checks on a blob and its map
 * @file: the blob
 * @path: where it was read from (the map file is looked for beside it)
 * @opts: RAM, forbidden ranges, run limit, map file
 * @v: filled with the outcome; free with kho_verdict_free()
 *
 * kho_blob_check(), then kho_map_check() on the map file (read only when
 * the blob's mem-map is not empty), kho_blob_mem_attach(), and the node
 * checks, as the incoming kernel runs them. @v->line says the first
 * failure.
 */
void kho_file_check(const struct kho_file *file, const char *path,
		    const struct kho_check_opts *opts, struct kho_verdict *v)
{
	const char *prefix;
	char *p;
	int n;

	memset(v, 0, sizeof(*v));
	v->valid = !kho_blob_check(file->buf, file->size, &v->rep);
	/* Past these two, the structure walk succeeded: libfdt stays inside. */
	v->walkable = v->rep.walkable;

	prefix = v->valid ? "" : "invalid: ";
	n = snprintf(v->line, sizeof(v->line), "%s", prefix);
	kho_blob_describe(v->line + n, sizeof(v->line) - n, file->buf, &v->rep);
	if (v->valid)
		v->valid = kho_file_check_map(file, path, opts, v);
	if (v->valid)
		kho_file_check_nodes(file, v);

	/*
	 * kho_report_describe() escapes every string from the blob as \xNN;
	 * this is only a second line of defence for the terminal.
	 */
	for (p = v->line; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
}
