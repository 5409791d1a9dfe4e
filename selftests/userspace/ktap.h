/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small KTAP test framework for the userspace harness.
 *
 * A suite is a named array of cases registered at load time with
 * KTAP_SUITE(); the runner prints each suite as a KTAP subtest. EXPECT_*
 * macros record a failure and let the case go on; ASSERT_* also return
 * from the case.
 */
#ifndef _KHO_KTAP_H
#define _KHO_KTAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ktap_case {
	const char *name;
	void (*run)(void);
};

struct ktap_suite {
	const char *name;
	const struct ktap_case *cases;
	size_t ncases;
	struct ktap_suite *next;
};

void ktap_register(struct ktap_suite *suite);
void ktap_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ktap_skip(const char *reason);
bool ktap_case_failed(void);

#define KTAP_CASE(fn) { #fn, fn }

#define KTAP_SUITE(sname, ...)						\
	static const struct ktap_case sname##_cases[] = { __VA_ARGS__ };	\
	static struct ktap_suite sname##_suite = {			\
		.name = #sname,						\
		.cases = sname##_cases,					\
		.ncases = sizeof(sname##_cases) / sizeof(sname##_cases[0]), \
	};								\
	__attribute__((constructor)) static void sname##_register(void) \
	{								\
		ktap_register(&sname##_suite);				\
	}

#define EXPECT_TRUE(c)							\
	((c) ? true : (ktap_fail_at(__FILE__, __LINE__, "expected %s", #c), false))
#define EXPECT_FALSE(c) EXPECT_TRUE(!(c))

#define EXPECT_EQ(a, b)	({						\
	uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);		\
	bool _ok = _a == _b;						\
	if (!_ok)							\
		ktap_fail_at(__FILE__, __LINE__,			\
			     "expected %s == %s (0x%llx != 0x%llx)", #a, #b, \
			     (unsigned long long)_a, (unsigned long long)_b); \
	_ok;								\
})

#define ASSERT_TRUE(c) do { if (!EXPECT_TRUE(c)) return; } while (0)
#define ASSERT_EQ(a, b) do { if (!EXPECT_EQ(a, b)) return; } while (0)

#endif
