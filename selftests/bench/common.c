// SPDX-License-Identifier: GPL-2.0
/* What kho-bench and kho-mapbench share besides the measurements. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", bench_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Zeroed and touched, so page faults stay out of the measurements. */
void *bench_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		bench_die("out of memory (%zu bytes)", size);
	memset(p, 0, size ? size : 1);
	return p;
}
