/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the fuzz targets. */
#ifndef _KHO_FUZZ_INPUT_H
#define _KHO_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <linux/kho/blob.h>

/*
 * An exact-size heap copy of the input, so ASan catches any read past its
 * end (libFuzzer's own buffer may have slack). NULL if out of memory.
 */
static inline void *fuzz_input_copy(const uint8_t *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p)
		memcpy(p, data, size);
	return p;
}

/*
 * The input as a blob the blob checker accepts, and the offset of its
 * top-level node NAME: what every node parser's target starts from. NULL
 * (nothing to free) when out of memory, refused, or without that node.
 */
static inline void *fuzz_node_input(const uint8_t *data, size_t size,
				    const char *name, int *node)
{
	void *fdt = fuzz_input_copy(data, size);

	if (!fdt)
		return NULL;
	if (kho_blob_check(fdt, size, NULL, 0, NULL, 0, NULL) ||
	    (*node = fdt_subnode_offset(fdt, 0, name)) < 0) {
		free(fdt);
		return NULL;
	}
	return fdt;
}

#endif
