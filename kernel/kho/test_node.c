// SPDX-License-Identifier: GPL-2.0
/*
 * The test serializer's node (abi/kho-test.h), checked the way the next
 * kernel reads it. Portable: kho-check and the harness compile it as is.
 */
#include <linux/errno.h>
#include <linux/sprintf.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>
#include <linux/kho/abi/kho-test.h>

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
