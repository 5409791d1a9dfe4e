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
#include <linux/kho/intel-iommu.h>

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

/* An intel-iommu node as the test VM's unit would produce it. */
static void vtd(const char *dir)
{
	struct kho_mem mem[] = { { 0x4000000, 4 * PG }, { 0x6000000, 0x100000 } };
	struct kho_vtd_unit unit = {
		.reg_base = 0xfed90000, .rtaddr = 0x4000000,
		.irta = 0x6000000 | 0xf, .cap = 0xd2008c22260206ULL,
		.ecap = 0xf00f4a, .agaw = 1,
		.flags = KHO_VTD_UNIT_TRANSLATION | KHO_VTD_UNIT_IRQ_REMAP,
	};
	struct kho_vtd_dev dev = {
		.sbdf = 0x8, .domain_id = 1, .agaw = 1, .pgd = 0x4002000,
		.context_lo = 0x4002000 | 1, .context_hi = 1 | 1 << 8,
	};
	struct kho_mem iova[] = { { 0x100000, PG }, { 0x200000, 4 * PG } };
	u32 irtes[] = { 0, 3 };

	if (kho_blob_begin(buf, SIZE) ||
	    kho_node_begin(buf, KHO_VTD_NODE, KHO_VTD_COMPATIBLE) ||
	    kho_node_add_mem(buf, mem, 2) ||
	    kho_vtd_unit_begin(buf, &unit, irtes, 2) ||
	    kho_vtd_dev_add(buf, &dev, iova, 2) ||
	    kho_vtd_unit_end(buf) || kho_node_end(buf) || kho_blob_finish(buf)) {
		fprintf(stderr, "gen_corpus: building the vtd blob failed\n");
		exit(1);
	}
	save(dir, "intel-iommu.dtb");
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

	vtd(argv[1]);
	return 0;
}
