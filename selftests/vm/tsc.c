// SPDX-License-Identifier: GPL-2.0
/*
 * tsc: print the CPU's time-stamp counter. The TSC keeps counting across
 * kexec, unlike every kernel clock, so two readings taken in different
 * kernels measure the blackout between them.
 *
 *   tsc          print the counter
 *   tsc hz       estimate ticks per second over a 1 s sleep
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

int main(int argc, char **argv)
{
	struct timespec a, b, one = { .tv_sec = 1 };
	uint64_t t0, t1;

	if (argc > 1 && !strcmp(argv[1], "hz")) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		t0 = __rdtsc();
		nanosleep(&one, NULL);
		t1 = __rdtsc();
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("%.0f\n", (t1 - t0) / ((b.tv_sec - a.tv_sec) +
					       (b.tv_nsec - a.tv_nsec) / 1e9));
		return 0;
	}
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
