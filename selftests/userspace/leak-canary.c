// SPDX-License-Identifier: GPL-2.0
/* Leaks on purpose: the harness checks LeakSanitizer reports it. */
#include <stdlib.h>
#include <string.h>

void *volatile sink;

int main(void)
{
	sink = malloc(4096);
	memset(sink, 1, 4096);
	sink = NULL;
	return 0;
}
