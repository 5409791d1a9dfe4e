/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test serializer's node (abi/kho-test.h): its one writer, shared by
 * the kernel (kernel/kho/test.c) and the example the tests and fuzzers
 * use, and its checks. Portable: kernel/kho/test_node.c.
 */
#ifndef _LINUX_KHO_TEST_H
#define _LINUX_KHO_TEST_H

#include <linux/types.h>
#include <linux/kho/claims.h>
#include <linux/kho/abi/kho.h>

/**
 * struct kho_test_node - the values of one kho-test node
 * @compatible: KHO_TEST_COMPATIBLE_V1 or _V2
 * @mem: the preserved pages, sorted, page aligned
 * @nmem: ranges in @mem
 * @seed: see abi/kho-test.h
 * @checksum: see abi/kho-test.h
 * @bytes: the length of @mem
 * @sampled: sample-checksum
 * @generation: 1 + the generation the writer received
 * @page_size: the writer's page size (written for v2 only)
 * @layout: how the writer allocated the pages
 */
struct kho_test_node {
	const char *compatible;
	const struct kho_mem *mem;
	size_t nmem;
	u64 seed;
	u64 checksum;
	u64 bytes;
	u64 sampled;
	u32 generation;
	u32 page_size;
	const char *layout;
};

int kho_test_node_write(void *fdt, const struct kho_test_node *v);
int kho_test_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len);
int kho_test_node_check_v2(const void *fdt, int node, void *state,
			   struct kho_claims *cl, char *why, size_t len);

#endif /* _LINUX_KHO_TEST_H */
