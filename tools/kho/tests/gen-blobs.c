// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the blobs tools/kho/tests/run.sh feeds to kho-check and kho-dump:
 * valid ones made with the real builder (kernel/kho/blob.c), and hostile
 * ones made with raw libfdt sequential-write calls, for what the builder
 * refuses to produce. Usage: gen-blobs DIR
 *
 * run.sh knows the values written here; keep the two in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/kho/blob.h>

#define SIZE	65536
#define KIB	1024ULL
#define MIB	(1024 * KIB)
#define MUTANTS	128

static char buf[SIZE];
static const char *dir;

/* good.dtb, kept for the mutants. */
static char good[SIZE];
static size_t good_len;

static void fail(const char *what)
{
	fprintf(stderr, "gen-blobs: %s failed\n", what);
	exit(1);
}

static void save_bytes(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || (len && fwrite(data, len, 1, f) != 1) || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void save(const char *name)
{
	save_bytes(name, buf, fdt_totalsize(buf));
}

/* Builder: a subsystem node with ranges; the caller closes it. */
static void node_open(const char *name, const char *compat,
		      const struct kho_mem *mem, size_t n)
{
	if (kho_node_begin(buf, name, compat) ||
	    (mem && kho_node_add_mem(buf, mem, n)))
		fail(name);
}

static void node(const char *name, const char *compat,
		 const struct kho_mem *mem, size_t n)
{
	node_open(name, compat, mem, n);
	if (kho_node_end(buf))
		fail(name);
}

static void prop(const char *name, const void *val, int len)
{
	if (fdt_property(buf, name, val, len))
		fail(name);
}

static void begin(void)
{
	if (kho_blob_begin(buf, SIZE))
		fail("begin");
}

static void finish(void)
{
	if (kho_blob_finish(buf))
		fail("finish");
}

/*
 * good.dtb: kho-test with its four fields, intel-vtd (no decoder yet) with
 * properties of every shape, pci without mem but with a child node.
 * 3 subsystem nodes, 2 with mem, 4 ranges, 3219456 bytes.
 */
static void gen_good(void)
{
	static const struct kho_mem test_mem[] = {
		{ 0x1000000, 8 * KIB }, { 0x1100000, 2 * MIB },
		{ 0x40000000, 1 * MIB },
	};
	static const struct kho_mem vtd_mem[] = { { 0x2000000, 64 * KIB } };
	u64 seed = 0x0123456789abcdefULL, checksum = 0xfedcba9876543210ULL;
	u64 bytes = 3153920;
	u32 generation = 7, ids[3] = { 1, 2, 3 }, bdf = 0x18;
	unsigned char big[100];
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = i;
	begin();
	node_open("kho-test", "kho-test-v1", test_mem, ARRAY_SIZE(test_mem));
	prop("seed", &seed, sizeof(seed));
	prop("checksum", &checksum, sizeof(checksum));
	prop("bytes", &bytes, sizeof(bytes));
	prop("generation", &generation, sizeof(generation));
	kho_node_end(buf);

	node_open("intel-vtd", "intel-vtd-v1", vtd_mem, ARRAY_SIZE(vtd_mem));
	prop("label", "say \"hi\"", 9);
	prop("names", "a\0bc", 5);
	prop("ids", ids, sizeof(ids));
	prop("big", big, sizeof(big));
	prop("flag", NULL, 0);
	kho_node_end(buf);

	node_open("pci", "pci-v1", NULL, 0);
	fdt_begin_node(buf, "dev@3");
	prop("bdf", &bdf, sizeof(bdf));
	fdt_end_node(buf);
	kho_node_end(buf);
	finish();
	save("good.dtb");
	good_len = fdt_totalsize(buf);
	memcpy(good, buf, good_len);

	/* The same blob, cut in half, and with a broken magic number. */
	save_bytes("truncated.dtb", buf, fdt_totalsize(buf) / 2);
	buf[0] ^= 0xff;
	save_bytes("bad-magic.dtb", buf, fdt_totalsize(buf));
}

/* many.dtb: 20 ranges of 4 KiB, 8 KiB apart from 256 MiB. */
static void gen_many(void)
{
	struct kho_mem mem[20];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mem); i++) {
		mem[i].addr = 256 * MIB + i * 8 * KIB;
		mem[i].len = 4 * KIB;
	}
	begin();
	node("kho-test", "kho-test-v1", mem, ARRAY_SIZE(mem));
	finish();
	save("many.dtb");
}

/* kho-test fields of the wrong size: listed raw, the blob is valid. */
static void gen_odd_fields(void)
{
	u32 seed = 5;
	u64 generation = 9;

	begin();
	node_open("kho-test", "kho-test-v1", NULL, 0);
	prop("seed", &seed, sizeof(seed));
	prop("generation", &generation, sizeof(generation));
	kho_node_end(buf);
	finish();
	save("odd-fields.dtb");
}

static void gen_builder_invalid(void)
{
	static const struct kho_mem a[] = { { 0x4000000, 16 * KIB } };
	static const struct kho_mem b[] = { { 0x4002000, 16 * KIB } };
	static const struct kho_mem low[] = { { 0x80000, 4 * KIB } };
	char name[16];
	int i;

	begin();
	finish();
	save("empty-root.dtb");

	begin();
	node("a", "a-v1", a, 1);
	node("b", "b-v1", b, 1);
	finish();
	save("overlap.dtb");

	begin();
	node("low", "low-v1", low, 1);
	finish();
	save("first-mib.dtb");

	begin();
	for (i = 0; i <= KHO_MAX_MEM_NODES; i++) {
		struct kho_mem m = { 0x4000000 + i * 4 * KIB, 4 * KIB };

		snprintf(name, sizeof(name), "n%d", i);
		node(name, "n-v1", &m, 1);
	}
	finish();
	save("too-many.dtb");

	/* Terminal escapes in a node name and a property, and a bad range. */
	begin();
	node_open("evil\x1b[31m", "evil-v1", low, 1);
	prop("msg", "\x1b[2J", 5);
	kho_node_end(buf);
	finish();
	save("evil.dtb");
}

/* Raw libfdt: a blob with root compatible @root and one node open. */
static void raw_begin(const char *root, const char *name, const char *compat)
{
	fdt_create(buf, SIZE);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_string(buf, "compatible", root);
	fdt_begin_node(buf, name);
	if (compat)
		fdt_property_string(buf, "compatible", compat);
}

static void raw_finish(const char *file)
{
	fdt_end_node(buf);
	fdt_end_node(buf);
	if (fdt_finish(buf))
		fail(file);
	save(file);
}

static void gen_raw_invalid(void)
{
	static const struct kho_mem mem[] = {
		{ 0x1000000, 4 * KIB }, { 0x1002000, 4 * KIB }, { 0x1004000, 4 * KIB },
	};
	static const struct kho_mem unaligned[] = { { 0x1000800, 4 * KIB } };

	raw_begin("kho-v2", "x", "x-v1");
	raw_finish("bad-root.dtb");

	raw_begin("kho-v1", "x", "x");
	raw_finish("bad-compat.dtb");

	raw_begin("kho-v1", "x", "x-v1");
	fdt_property(buf, "mem", mem, 40);	/* two and a half ranges */
	raw_finish("bad-memlen.dtb");

	raw_begin("kho-v1", "x", "x-v1");
	fdt_property(buf, "mem", unaligned, sizeof(unaligned));
	raw_finish("unaligned.dtb");

	/* mem on the root node. */
	fdt_create(buf, SIZE);
	fdt_finish_reservemap(buf);
	fdt_begin_node(buf, "");
	fdt_property_string(buf, "compatible", "kho-v1");
	fdt_property(buf, "mem", mem, sizeof(mem));
	fdt_end_node(buf);
	fdt_finish(buf);
	save("mem-at-root.dtb");
}

/*
 * mutant-NNN.dtb: good.dtb with 1 to 4 random bits flipped (a fixed seed,
 * so every run writes the same files). Many still pass the structure
 * check and make kho-dump walk a tree nobody built.
 */
static void gen_mutants(void)
{
	u64 x = 0x9e3779b97f4a7c15ULL;
	char name[32];
	int i, f;

	for (i = 0; i < MUTANTS; i++) {
		memcpy(buf, good, good_len);
		for (f = 0; f < 1 + i % 4; f++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[x % good_len] ^= 1 << (x >> 32) % 8;
		}
		snprintf(name, sizeof(name), "mutant-%03d.dtb", i);
		save_bytes(name, buf, good_len);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-blobs DIR\n");
		return 2;
	}
	dir = argv[1];
	gen_good();
	gen_mutants();
	gen_many();
	gen_odd_fields();
	gen_builder_invalid();
	gen_raw_invalid();
	return 0;
}
