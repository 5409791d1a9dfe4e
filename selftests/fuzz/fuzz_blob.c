// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the incoming blob parser (kernel/kho/blob.c):
 * whatever the bytes, kho_blob_check() must return without reading
 * outside them, and a blob it accepts must be safe to walk. The input is
 * a blob and a map image (fuzz_input.h); a blob that passes goes on
 * through the map check, the attach and the node table, as in the kernel.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>

static struct fuzz_input in;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_map_ref ref;
	u64 bytes = 0;
	int node;

	if (fuzz_input_load(&in, data, size))
		goto out;
	if (fuzz_input_check(&in)) {
		/* Refused by the map: the blob itself passed, and says where. */
		if (in.brep.why.err == KHO_BLOB_OK &&
		    (kho_blob_map_ref(in.fdt, &ref) ||
		     memcmp(&ref, &in.brep.map, sizeof(ref))))
			abort();
		if (in.brep.why.err == KHO_BLOB_OK)
			fuzz_names_oracle(in.fdt);
		goto out;
	}
	fuzz_check_nodes(in.fdt);

	/* Accepted: every node's ranges are readable and add up to the map. */
	fdt_for_each_subnode(node, in.fdt, 0) {
		const struct kho_mem *mem;
		size_t n, i;

		if (kho_blob_node_mem(in.fdt, node, &mem, &n))
			abort();
		for (i = 0; i < n; i++) {
			if (!mem[i].len)
				abort();
			bytes += mem[i].len;
		}
	}
	if (bytes != in.brep.map.pages << KHO_MAP_PAGE_SHIFT)
		abort();
out:
	fuzz_input_free(&in);
	return 0;
}
