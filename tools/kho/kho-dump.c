// SPDX-License-Identifier: GPL-2.0
/*
 * kho-dump: show a KHO blob for people (or as JSON). Validates it with
 * the incoming kernel's kho_blob_check() first, then prints every node:
 * its preserved ranges, and its properties through the decoder for its
 * compatible or the generic listing. An invalid blob is still shown as
 * far as its FDT structure allows, followed by the reason.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/libfdt.h>

#include "blobfile.h"
#include "decode.h"
#include "emit.h"

#define KHO_DT_INCOMING	"/sys/firmware/kho/dt"
#define KHO_DT_OUTGOING	"/sys/kernel/kho/dt"

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: kho-dump [--ranges] [--json] [FILE]\n"
		"  FILE      a blob (default: " KHO_DT_INCOMING " if it exists,\n"
		"            else " KHO_DT_OUTGOING ")\n"
		"  --ranges  list every preserved range (default: the first %d);\n"
		"            with --json, add a \"mem\" array to each node\n"
		"  --json    one JSON object instead of text\n"
		"exit: 0 valid, 1 invalid, 2 unreadable, 3 usage error\n",
		KHO_EMIT_RANGES);
}

/* A property value that is exactly one printable NUL-terminated string. */
static const char *prop_string(const char *s, int len)
{
	int i;

	if (!s || len < 1 || s[len - 1] || (int)strlen(s) != len - 1)
		return NULL;
	for (i = 0; i < len - 1; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return NULL;
	return s;
}

/*
 * @inherited: the decoder of the nearest ancestor, used by a node without
 * a compatible of its own (the dmar@ and dev@ children of intel-iommu).
 * Returns the decoder the node's own children inherit.
 */
static const struct kho_decoder *dump_node(struct kho_emit *e, const void *fdt,
					   int node, int depth,
					   const struct kho_decoder *inherited,
					   const struct kho_node_verdict *verdict,
					   struct kho_totals *t)
{
	const struct kho_decoder *dec = NULL;
	struct kho_node_info info = { .depth = depth };
	bool seen_compat = false, seen_mem = false;
	const char *compat, *pname;
	const void *val;
	int off, len;

	info.name = fdt_get_name(fdt, node, NULL) ?: "?";
	compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, &len);
	info.compatible = prop_string(compat, compat ? len : 0);
	if (info.compatible)
		dec = kho_decoder_find(info.compatible);
	else if (depth > 1)
		dec = inherited;
	info.decoder = dec ? dec->compatible : NULL;
	if (verdict)
		info.verdict = verdict->status < 0 ? verdict->why :
			       verdict->status ? "not checked: layout unknown" : "ok";
	info.refused = verdict && verdict->status < 0;
	/* A mem of the wrong length is listed raw, below. */
	if (kho_blob_node_mem(fdt, node, &info.mem, &info.nmem))
		info.mem = NULL;
	info.bytes = kho_ranges_total(info.mem, info.nmem);

	t->nodes += depth == 1;
	if (info.mem) {
		t->mem_nodes++;
		t->ranges += info.nmem;
		t->bytes += info.bytes;
	}

	emit_node_begin(e, &info);
	fdt_for_each_property_offset(off, fdt, node) {
		val = fdt_getprop_by_offset(fdt, off, &pname, &len);
		if (!val)
			continue;
		/*
		 * The first compatible and mem are shown above; a second one
		 * (a blob refused for it) is listed like any property, not
		 * hidden.
		 */
		if (info.compatible && !seen_compat &&
		    !strcmp(pname, KHO_COMPATIBLE_PROP)) {
			seen_compat = true;
			continue;
		}
		if (info.mem && !seen_mem && !strcmp(pname, KHO_MEM_PROP)) {
			seen_mem = true;
			continue;
		}
		if (dec && dec->prop(e, pname, val, len))
			continue;
		emit_raw(e, pname, val, len);
	}
	if (dec && dec->node && info.compatible)
		dec->node(e, fdt, node);
	emit_node_end(e);
	return dec;
}

/* Every node in structure order; only for a blob whose structure checked. */
static void dump_tree(struct kho_emit *e, const void *fdt,
		      const struct kho_verdict *v, struct kho_totals *t)
{
	/* The decoder of the latest node seen at each depth. */
	const struct kho_decoder *at_depth[64] = { NULL };
	int node, depth = 0;

	/* Past the root's end, fdt_next_node() returns an offset, depth -1. */
	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int d = depth < 63 ? depth : 63;

		at_depth[d] = dump_node(e, fdt, node, depth,
					d ? at_depth[d - 1] : NULL,
					depth == 1 ? kho_verdict_node(v, node) : NULL,
					t);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ranges", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct kho_emit e = { .f = stdout };
	struct kho_totals t = { };
	struct kho_verdict v;
	struct kho_file file;
	const char *path;
	int c, err;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			e.all_ranges = true;
			break;
		case 'j':
			e.json = true;
			break;
		case 'h':
			print_help(stdout);
			return 0;
		default:
			print_help(stderr);
			return KHO_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		print_help(stderr);
		return KHO_EXIT_USAGE;
	}
	if (optind < argc)
		path = argv[optind];
	else if (!access(KHO_DT_INCOMING, F_OK))
		path = KHO_DT_INCOMING;
	else
		path = KHO_DT_OUTGOING;

	err = kho_file_read(path, &file);
	if (err) {
		emit_unreadable(&e, path, err == -EFBIG ?
				"larger than 64 MiB" : strerror(-err));
		return KHO_EXIT_UNREADABLE;
	}

	/* The same checks, and defaults, as kho-check. */
	kho_file_check(&file, NULL, 0, kho_default_forbidden,
		       kho_default_nforbidden, &v);
	emit_begin(&e, path, file.size, &v);
	if (v.walkable)
		dump_tree(&e, file.buf, &v, &t);
	emit_end(&e, &t, &v);

	kho_verdict_free(&v);
	kho_file_free(&file);
	if (fflush(stdout) || ferror(stdout)) {
		perror("kho-dump: stdout");
		return KHO_EXIT_UNREADABLE;
	}
	return v.valid ? KHO_EXIT_VALID : KHO_EXIT_INVALID;
}
