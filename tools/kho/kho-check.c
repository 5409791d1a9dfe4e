// SPDX-License-Identifier: GPL-2.0
/*
 * kho-check: validate a KHO blob and its preserved-memory map offline with
 * exactly the checks the incoming kernel applies (kernel/kho/blob.c,
 * map.c, nodes.c and the node parsers, compiled in place). Prints one
 * line, "valid: ..." or "invalid: <reason>".
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/limits.h>

#include "blobfile.h"

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: kho-check FILE [--map MAPFILE] [--ram START-END]... [--forbid START-END]...\n"
		"                 [--scratch SIZE]\n"
		"  --map MAPFILE       the map's chunks (default: '" KHO_MAP_FILE_NAME "' beside FILE;\n"
		"                      not read when the blob's mem-map is empty)\n"
		"  --ram START-END     RAM the ranges must lie in (default: no RAM check)\n"
		"  --forbid START-END  no range may touch it (default: 0-1M, the first MiB)\n"
		"  --scratch SIZE      the old kernel's scratch size: at most SIZE/4/%d runs\n"
		"                      (default: no limit)\n"
		"START, END and SIZE are numbers (0x.. for hex, K/M/G suffix), END exclusive.\n"
		"exit: 0 valid, 1 invalid, 2 unreadable, 3 usage error\n",
		KHO_MAP_RUN_COST);
}

/* A number as strtoull() reads it with base 0, then an optional K/M/G. */
static bool parse_num(const char *s, char **end, u64 *val)
{
	unsigned int shift = 0;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, end, 0);
	if (errno)
		return false;
	switch (**end) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	}
	if (shift) {
		if (v > U64_MAX >> shift)
			return false;
		v <<= shift;
		(*end)++;
	}
	*val = v;
	return true;
}

/* "START-END", END exclusive and above START, into a struct kho_mem. */
static bool parse_range(const char *s, struct kho_mem *r)
{
	u64 start, end;
	char *p;

	if (!parse_num(s, &p, &start) || *p != '-' ||
	    !parse_num(p + 1, &p, &end) || *p || end <= start)
		return false;
	r->addr = start;
	r->len = end - start;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ram", required_argument, NULL, 'r' },
		{ "forbid", required_argument, NULL, 'f' },
		{ "map", required_argument, NULL, 'm' },
		{ "scratch", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct kho_check_opts co = { };
	struct kho_mem *ram, *forbidden;
	size_t nram = 0, nforbidden = 0;
	u64 scratch;
	char *end;
	struct kho_verdict v;
	struct kho_file file;
	const char *path;
	int c, err;

	/* Each option takes one argument: argc bounds the number of ranges. */
	ram = calloc(argc, sizeof(*ram));
	forbidden = calloc(argc, sizeof(*forbidden));
	if (!ram || !forbidden) {
		perror("kho-check");
		return KHO_EXIT_USAGE;
	}
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
		case 'f':
			if (!parse_range(optarg, c == 'r' ? &ram[nram++] :
					 &forbidden[nforbidden++])) {
				fprintf(stderr, "kho-check: bad range '%s' (START-END, END > START)\n",
					optarg);
				goto usage_error;
			}
			break;
		case 'm':
			co.map_path = optarg;
			break;
		case 's':
			if (!parse_num(optarg, &end, &scratch) || *end) {
				fprintf(stderr, "kho-check: bad size '%s'\n", optarg);
				goto usage_error;
			}
			co.max_runs = scratch / 4 / KHO_MAP_RUN_COST;
			if (!co.max_runs)
				co.max_runs = 1;	/* 0 would mean no limit */
			break;
		case 'h':
			print_help(stdout);
			free(ram);
			free(forbidden);
			return 0;
		default:
			goto usage_error;
		}
	}
	if (optind != argc - 1)
		goto usage_error;
	path = argv[optind];

	err = kho_file_read(path, &file);
	if (err) {
		fprintf(stderr, "kho-check: %s: %s\n", path,
			err == -EFBIG ? "larger than 64 MiB" : strerror(-err));
		free(ram);
		free(forbidden);
		return KHO_EXIT_UNREADABLE;
	}

	/* kho_ranges_check() wants both lists sorted and disjoint. */
	nram = kho_ranges_merge(ram, nram);
	if (nforbidden)
		nforbidden = kho_ranges_merge(forbidden, nforbidden);
	co.ram = nram ? ram : NULL;
	co.nram = nram;
	co.forbidden = nforbidden ? forbidden : kho_default_forbidden;
	co.nforbidden = nforbidden ? nforbidden : kho_default_nforbidden;
	kho_file_check(&file, path, &co, &v);
	if (v.unreadable) {
		fprintf(stderr, "kho-check: %s\n", v.line);
		err = KHO_EXIT_UNREADABLE;
	} else {
		printf("%s\n", v.line);
		err = v.valid ? KHO_EXIT_VALID : KHO_EXIT_INVALID;
	}

	kho_verdict_free(&v);
	kho_file_free(&file);
	free(ram);
	free(forbidden);
	return err;

usage_error:
	print_help(stderr);
	free(ram);
	free(forbidden);
	return KHO_EXIT_USAGE;
}
