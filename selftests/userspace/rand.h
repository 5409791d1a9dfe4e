/* SPDX-License-Identifier: GPL-2.0 */
/* Deterministic PRNG (xorshift64*) so every run tests the same inputs. */
#ifndef _KHO_TEST_RAND_H
#define _KHO_TEST_RAND_H

#include <stdint.h>

static inline uint64_t test_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

#endif
