/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the fuzz targets. */
#ifndef _KHO_FUZZ_INPUT_H
#define _KHO_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

#endif
