// SPDX-License-Identifier: GPL-2.0
/*
 * The test serializer's node (abi/kho-test.h), checked the way the next
 * kernel reads it. Portable: kho-check and the harness compile it as is.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/libfdt.h>
#include <linux/sprintf.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>
#include <linux/kho/test.h>
#include <linux/kho/abi/kho-test.h>

/* The example writer's page size (the tools run on any host). */
#define KHO_TEST_EXAMPLE_PAGE	4096

/**
 * kho_test_node_check() - check a kho-test-v1 node
 * @fdt: a blob that passed kho_blob_check()
 * @node: the kho-test node
 * @state: unused
 * @cl: unused
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0 if every property has its size and bytes matches mem,
 * -EINVAL otherwise.
 */
int kho_test_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len)
{
	u64 seed, checksum, bytes;
	const struct kho_mem *mem;
	u32 generation;
	size_t n;

	/* The node needs no workspace and points at nothing beyond mem. */
	(void)state;
	(void)cl;
	if (kho_node_get_prop(fdt, node, "seed", &seed, sizeof(seed)) ||
	    kho_node_get_prop(fdt, node, "checksum", &checksum, sizeof(checksum)) ||
	    kho_node_get_prop(fdt, node, "bytes", &bytes, sizeof(bytes)) ||
	    kho_node_get_prop(fdt, node, "generation", &generation,
			       sizeof(generation))) {
		snprintf(why, len, "a property is missing or of the wrong size");
		return -EINVAL;
	}
	if (kho_blob_node_mem(fdt, node, &mem, &n) ||
	    kho_ranges_total(mem, n) != bytes) {
		snprintf(why, len, "bytes is not the length of mem");
		return -EINVAL;
	}
	/* The optional properties, when present, have their size too. */
	if (fdt_getprop(fdt, node, "sample-checksum", NULL) &&
	    kho_node_get_prop(fdt, node, "sample-checksum", &checksum,
			       sizeof(checksum))) {
		snprintf(why, len, "sample-checksum is of the wrong size");
		return -EINVAL;
	}
	if (fdt_getprop(fdt, node, "layout", NULL) &&
	    fdt_stringlist_count(fdt, node, "layout") != 1) {
		snprintf(why, len, "layout is not one string");
		return -EINVAL;
	}
	return 0;
}

/**
 * kho_test_node_check_v2() - check a kho-test-v2 node
 * @fdt: a blob that passed kho_blob_check()
 * @node: the kho-test node
 * @state: unused
 * @cl: unused
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0 if the node passes the v1 check and has a page-size that is
 * a power of two dividing bytes, -EINVAL otherwise.
 */
int kho_test_node_check_v2(const void *fdt, int node, void *state,
			   struct kho_claims *cl, char *why, size_t len)
{
	u32 page_size;
	u64 bytes;
	int err;

	err = kho_test_node_check(fdt, node, state, cl, why, len);
	if (err)
		return err;
	if (kho_node_get_prop(fdt, node, "page-size", &page_size, sizeof(page_size))) {
		snprintf(why, len, "page-size is missing or of the wrong size");
		return -EINVAL;
	}
	kho_node_get_prop(fdt, node, "bytes", &bytes, sizeof(bytes));
	if (!page_size || (page_size & (page_size - 1)) || bytes % page_size) {
		snprintf(why, len, "page-size %u is not a power of two dividing bytes",
			 page_size);
		return -EINVAL;
	}
	return 0;
}

/**
 * kho_test_node_write() - write a kho-test node
 * @fdt: blob being built, between two subsystem nodes
 * @v: the values; @v->mem is preserved as the node's memory
 *
 * The one writer of the node: the test serializer's dump and the example
 * the tests and fuzzers use.
 *
 * Return: 0 or a negative errno.
 */
int kho_test_node_write(void *fdt, const struct kho_test_node *v)
{
	int err;

	err = kho_node_begin(fdt, KHO_TEST_NAME, v->compatible);
	if (!err)
		err = kho_node_add_mem(fdt, v->mem, v->nmem);
	if (!err)
		err = kho_node_prop(fdt, "seed", &v->seed, sizeof(v->seed));
	if (!err)
		err = kho_node_prop(fdt, "checksum", &v->checksum,
				    sizeof(v->checksum));
	if (!err)
		err = kho_node_prop(fdt, "bytes", &v->bytes, sizeof(v->bytes));
	if (!err)
		err = kho_node_prop(fdt, "generation", &v->generation,
				    sizeof(v->generation));
	if (!err)
		err = kho_node_prop(fdt, "sample-checksum", &v->sampled,
				    sizeof(v->sampled));
	if (!err)
		err = kho_node_prop(fdt, "layout", v->layout,
				    strlen(v->layout) + 1);
	if (!err && !strcmp(v->compatible, KHO_TEST_COMPATIBLE_V2))
		err = kho_node_prop(fdt, "page-size", &v->page_size,
				    sizeof(v->page_size));
	if (!err)
		err = kho_node_end(fdt);
	return err;
}

#ifndef __KERNEL__
/* kho-dump's decoder, for v1 and v2. */
static bool kho_test_show_prop(struct kho_emit *e, const char *name,
			       const void *val, int len)
{
	const char *str;
	u64 v64;
	u32 v32;

	if ((!strcmp(name, "seed") || !strcmp(name, "checksum") ||
	     !strcmp(name, "sample-checksum")) &&
	    kho_show_get_u64(val, len, &v64)) {
		kho_show_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, "bytes") && kho_show_get_u64(val, len, &v64)) {
		kho_show_size(e, name, v64);
		return true;
	}
	if ((!strcmp(name, "generation") || !strcmp(name, "page-size")) &&
	    kho_show_get_u32(val, len, &v32)) {
		kho_show_u64(e, name, v32);
		return true;
	}
	str = kho_show_get_str(val, len);
	if (!strcmp(name, "layout") && str) {
		kho_show_str(e, name, str);
		return true;
	}
	return false;
}

/* Two preserved pages at @base and every property, v2's page-size too. */
static int kho_test_write_example(void *fdt, u64 base, const char *compat)
{
	const struct kho_mem mem = { base, 2 * KHO_TEST_EXAMPLE_PAGE };
	const struct kho_test_node v = {
		.compatible = compat, .mem = &mem, .nmem = 1, .seed = 0x5eed,
		.checksum = 0xc0ffee, .bytes = mem.len, .sampled = 0xc0ffee,
		.generation = 1, .page_size = KHO_TEST_EXAMPLE_PAGE,
		.layout = "random",
	};

	return kho_test_node_write(fdt, &v);
}

static int kho_test_example_v1(void *fdt, u64 base)
{
	return kho_test_write_example(fdt, base, KHO_TEST_COMPATIBLE_V1);
}

static int kho_test_example_v2(void *fdt, u64 base)
{
	return kho_test_write_example(fdt, base, KHO_TEST_COMPATIBLE_V2);
}
#endif

const struct kho_node_type kho_test_v1_node_type = {
	.name = KHO_TEST_NAME,
	.compatible = KHO_TEST_COMPATIBLE_V1,
	.check = kho_test_node_check,
	KHO_NODE_SHOW(kho_test_show_prop, NULL)
	KHO_NODE_EXAMPLE(kho_test_example_v1)
};

const struct kho_node_type kho_test_v2_node_type = {
	.name = KHO_TEST_NAME,
	.compatible = KHO_TEST_COMPATIBLE_V2,
	.check = kho_test_node_check_v2,
	KHO_NODE_SHOW(kho_test_show_prop, NULL)
	KHO_NODE_EXAMPLE(kho_test_example_v2)
};
