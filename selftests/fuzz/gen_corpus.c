// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the fuzzer's seed corpus with the real builder: valid blobs of a
 * few shapes and near-misses. Usage: gen_corpus DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/kho/blob.h>

#define SIZE 16384
#define PG 4096ULL

static char buf[SIZE];

static void save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, fdt_totalsize(buf), 1, f) != 1) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void node(const char *name, const char *compat, u64 first, size_t n,
		 u64 stride)
{
	struct kho_mem mem[64];
	size_t i;

	for (i = 0; i < n; i++) {
		mem[i].addr = first + i * stride;
		mem[i].len = PG * (1 + i % 3);
	}
	if (kho_node_begin(buf, name, compat) ||
	    (n && kho_node_add_mem(buf, mem, n)) || kho_node_end(buf)) {
		fprintf(stderr, "gen_corpus: building %s failed\n", name);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus DIR\n");
		return 2;
	}

	kho_blob_begin(buf, SIZE);
	kho_blob_finish(buf);
	save(argv[1], "empty.dtb");

	kho_blob_begin(buf, SIZE);
	node("kho-test", "kho-test-v1", 0x4000000, 64, 4 * PG);
	node("intel-vtd", "intel-vtd-v1", 0x8000000, 8, 16 * PG);
	node("pci", "pci-v1", 0, 0, 0);
	kho_blob_finish(buf);
	save(argv[1], "three-nodes.dtb");

	/* Overlapping nodes and a range over the kernel image. */
	kho_blob_begin(buf, SIZE);
	node("a", "a-v1", 0x4000000, 4, 4 * PG);
	node("b", "b-v1", 0x4002000, 4, 4 * PG);
	kho_blob_finish(buf);
	save(argv[1], "overlap.dtb");

	kho_blob_begin(buf, SIZE);
	node("a", "a-v1", 0x1800000, 4, 4 * PG);
	kho_blob_finish(buf);
	save(argv[1], "over-kernel.dtb");
	return 0;
}
