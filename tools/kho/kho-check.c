// SPDX-License-Identifier: GPL-2.0
/*
 * kho-check: validate a KHO blob and its preserved-memory map offline with
 * exactly the checks the incoming kernel applies (kernel/kho/blob.c,
 * map.c, nodes.c and the node parsers, compiled in place). Prints one
 * line, "valid: ..." or "invalid: <reason>".
 *
 * With --target BZIMAGE, also the kexec pre-flight verdict the running
 * kernel would give when loading BZIMAGE while handing this blob over
 * (kernel/kho/manifest.c, the kernel's own code): a per-node table, then
 * "accepted: ..." or "refused: ...".
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <linux/limits.h>
#include <linux/kho/manifest.h>
#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/pci.h>
#include <linux/kho/abi/vfio.h>

#include "blobfile.h"

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: kho-check FILE [--map MAPFILE] [--ram START-END]... [--forbid START-END]...\n"
		"                 [--scratch SIZE] [--target BZIMAGE]\n"
		"  --map MAPFILE       the map's chunks (default: '" KHO_MAP_FILE_NAME "' beside FILE;\n"
		"                      not read when the blob's mem-map is empty)\n"
		"  --ram START-END     RAM the ranges must lie in (default: no RAM check)\n"
		"  --forbid START-END  no range may touch it (default: 0-1M, the first MiB)\n"
		"  --scratch SIZE      the old kernel's scratch size: at most SIZE/4/%d runs\n"
		"                      (default: no limit)\n"
		"  --target BZIMAGE    also judge FILE against BZIMAGE's KHO manifest as the\n"
		"                      kexec load pre-flight does: exit 1 if it would refuse\n"
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

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

/* The pre-flight table and verdict for a blob that passed every check. */
static int check_target(const char *target, const void *fdt)
{
	static const char *const verdicts[] = {
		[KHO_PREFLIGHT_ACCEPTED] = "accepted",
		[KHO_PREFLIGHT_REFUSED] = "REFUSED",
		[KHO_PREFLIGHT_DROPPED] = "dropped (holds nothing)",
	};
	struct kho_preflight_node nodes[KHO_MAX_CHILDREN];
	const struct kho_manifest *mp = NULL;
	struct kho_manifest m;
	struct kho_file img;
	const struct kho_mem *mem;
	char acc[256];
	size_t n = 0, i, nmem;
	int node, status, refusals, err;
	bool root_ok;

	err = kho_file_read(target, &img);
	if (err) {
		fprintf(stderr, "kho-check: %s: %s\n", target,
			err == -EFBIG ? "larger than 64 MiB" : strerror(-err));
		return KHO_EXIT_UNREADABLE;
	}
	status = kho_manifest_read(img.buf, img.size, &m);
	if (status == KHO_MANIFEST_OK)
		mp = &m;
	printf("target: %s: %s%s\n", target,
	       kho_manifest_is_absent(status) ? "no KHO manifest: " :
	       status ? "malformed KHO manifest: " : "",
	       status ? kho_manifest_strerror(status) : "KHO manifest present");
	fdt_for_each_subnode(node, fdt, 0) {
		if (n == KHO_MAX_CHILDREN)
			break;
		nodes[n].name = fdt_get_name(fdt, node, NULL);
		nodes[n].compatible = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP,
						  NULL);
		nodes[n].mem = !kho_blob_node_mem(fdt, node, &mem, &nmem) && nmem;
		nodes[n].devs = kho_preflight_node_keeps_devs(fdt, node);
		n++;
	}
	refusals = kho_preflight_judge(mp, KHO_ROOT_COMPATIBLE, nodes, n,
				       &root_ok);
	printf("%-16s %-20s %-6s %-7s %-28s %s\n", "node", "compatible",
	       "memory", "devices", "target accepts", "verdict");
	kho_manifest_accepted(mp, KHO_MANIFEST_ROOT_NAME, acc, sizeof(acc));
	printf("%-16s %-20s %-6s %-7s %-28s %s\n", KHO_MANIFEST_ROOT_NAME,
	       KHO_ROOT_COMPATIBLE, "-", "-", acc,
	       root_ok ? "accepted" : "REFUSED");
	for (i = 0; i < n; i++) {
		kho_manifest_accepted(mp, nodes[i].name, acc, sizeof(acc));
		printf("%-16s %-20s %-6s %-7s %-28s %s\n", nodes[i].name,
		       nodes[i].compatible, yes_no(nodes[i].mem),
		       yes_no(nodes[i].devs), acc, verdicts[nodes[i].verdict]);
	}
	if (refusals) {
		printf("refused: the target would refuse %d part%s of this handover%s\n",
		       refusals, refusals == 1 ? "" : "s",
		       root_ok ? "" : " (it does not read KHO at all)");
	} else {
		printf("accepted: the target reads every node that holds memory or devices\n");
	}
	kho_file_free(&img);
	return refusals ? KHO_EXIT_INVALID : KHO_EXIT_VALID;
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
		{ "target", required_argument, NULL, 't' },
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
	const char *path, *target = NULL;
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
		case 't':
			target = optarg;
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
		if (v.valid && target)
			err = check_target(target, file.buf);
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
