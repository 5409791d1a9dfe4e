// SPDX-License-Identifier: GPL-2.0
/*
 * Runner for the userspace harness. Prints KTAP version 1: one subtest per
 * suite, one result line per case. Usage: harness [SUITE...]
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"

static struct ktap_suite *suites, **suites_tail = &suites;
static bool case_failed;
static const char *case_skip;

void ktap_register(struct ktap_suite *suite)
{
	*suites_tail = suite;
	suites_tail = &suite->next;
}

void ktap_fail_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("    # %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	case_failed = true;
}

void ktap_skip(const char *reason)
{
	case_skip = reason;
}

bool ktap_case_failed(void)
{
	return case_failed;
}

static bool wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned int nsuites = 0, n = 0, passed = 0, failed = 0, skipped = 0;
	struct ktap_suite *s;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = suites; s; s = s->next)
		nsuites += wanted(s->name, argc, argv);
	if (!nsuites) {
		fprintf(stderr, "no suite matches\n");
		return 2;
	}

	printf("KTAP version 1\n1..%u\n", nsuites);
	for (s = suites; s; s = s->next) {
		unsigned int bad = 0;
		size_t i;

		if (!wanted(s->name, argc, argv))
			continue;
		printf("    KTAP version 1\n    # Subtest: %s\n    1..%zu\n",
		       s->name, s->ncases);
		for (i = 0; i < s->ncases; i++) {
			case_failed = false;
			case_skip = NULL;
			s->cases[i].run();
			if (case_skip && !case_failed) {
				printf("    ok %zu %s # SKIP %s\n", i + 1,
				       s->cases[i].name, case_skip);
				skipped++;
			} else if (case_failed) {
				printf("    not ok %zu %s\n", i + 1,
				       s->cases[i].name);
				failed++;
				bad++;
			} else {
				printf("    ok %zu %s\n", i + 1, s->cases[i].name);
				passed++;
			}
		}
		printf("%sok %u %s\n", bad ? "not " : "", ++n, s->name);
	}
	printf("# harness: %u passed, %u failed, %u skipped\n", passed, failed,
	       skipped);
	return failed ? 1 : 0;
}
