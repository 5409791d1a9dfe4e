// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the incoming blob parser (kernel/kho/blob.c):
 * whatever the bytes, kho_blob_check() must return without reading
 * outside them, and a blob it accepts must be safe to walk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>

/* 1 GiB of RAM from 1 MiB, a kernel image at 16 MiB: like the test VM. */
static const struct kho_mem ram[] = { { 0x100000, 0x3ff00000 } };
static const struct kho_mem kernel_image[] = { { 0x1000000, 0x1000000 } };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_blob_report rep;
	char line[256];
	void *fdt;
	int node;

	fdt = fuzz_input_copy(data, size);
	if (!fdt)
		return 0;

	if (kho_blob_check(fdt, size, ram, 1, kernel_image, 1, &rep)) {
		kho_blob_describe(line, sizeof(line), fdt, &rep);
		free(fdt);
		return 0;
	}
	kho_blob_describe(line, sizeof(line), fdt, &rep);
	fuzz_check_nodes(fdt);

	/* Accepted: every node's ranges must be readable and add up. */
	fdt_for_each_subnode(node, fdt, 0) {
		const struct kho_mem *mem;
		u64 bytes = 0;
		size_t n, i;

		if (kho_blob_node_mem(fdt, node, &mem, &n))
			abort();
		for (i = 0; i < n; i++)
			bytes += mem[i].len;
		if (n && !bytes)
			abort();
	}
	free(fdt);
	return 0;
}
