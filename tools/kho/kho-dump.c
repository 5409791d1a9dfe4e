// SPDX-License-Identifier: GPL-2.0
/*
 * kho-dump: show a KHO blob and its preserved-memory map for people (or as
 * JSON). Validates them with the incoming kernel's checks first, then
 * prints the map's totals, per owner and (--regions) per region, and
 * every node: its preserved ranges (from the map), and its properties
 * through the decoder for its compatible or the generic listing. An
 * invalid blob is still shown as far as its FDT structure allows,
 * followed by the reason. --node NAME shows one subsystem node only; the
 * verdict is still the whole blob's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/libfdt.h>
#include <linux/kho/nodes.h>

#include "blobfile.h"
#include "emit.h"

#define KHO_DT_INCOMING	"/sys/firmware/kho/dt"
#define KHO_DT_OUTGOING	"/sys/kernel/kho/dt"

/* --node NAME: the blob has no subsystem node NAME. */
#define KHO_EXIT_NO_NODE	4

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: kho-dump [--ranges] [--regions] [--json] [--map MAPFILE]\n"
		"                [--node NAME] [FILE]\n"
		"  FILE      a blob (default: " KHO_DT_INCOMING " if it exists,\n"
		"            else " KHO_DT_OUTGOING ")\n"
		"  --map MAPFILE  the map's chunks (default: '" KHO_MAP_FILE_NAME "' beside FILE;\n"
		"            not read when the blob's mem-map is empty)\n"
		"  --ranges  list every preserved range (default: the first %d);\n"
		"            with --json, add a \"mem\" array to each node\n"
		"  --regions list every region of the map (-v)\n"
		"  --json    one JSON object instead of text\n"
		"  --node NAME  only the subsystem node NAME and its children (no\n"
		"            map section, no totals); the verdict is the whole blob's\n"
		"exit: 0 valid, 1 invalid, 2 unreadable, 3 usage error,\n"
		"      4 no subsystem node NAME (--node)\n",
		KHO_EMIT_RANGES);
}

/*
 * The root's mem-map (struct kho_map_ref), decoded: where the map starts,
 * its chunks, their bytes and the pages it preserves. Another size is
 * listed raw.
 */
static bool dump_map_ref(struct kho_emit *e, const char *name,
			 const void *val, int len)
{
	struct kho_map_ref ref;

	if (strcmp(name, KHO_MAP_PROP) || len != sizeof(ref))
		return false;
	memcpy(&ref, val, sizeof(ref));
	kho_show_group_begin(e, name);
	kho_show_hex64(e, "addr", ref.addr);
	kho_show_u64(e, "chunks", ref.chunks);
	kho_show_size(e, "bytes", ref.bytes);
	kho_show_u64(e, "pages", ref.pages);
	kho_show_group_end(e);
	return true;
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
static const struct kho_node_type *dump_node(struct kho_emit *e, const void *fdt,
					   int node, int depth,
					   const struct kho_node_type *inherited,
					   const struct kho_node_verdict *verdict,
					   bool attached, struct kho_totals *t)
{
	const struct kho_node_type *dec = NULL;
	struct kho_node_info info = { .depth = depth };
	bool seen_compat = false;
	const char *compat, *pname;
	const void *val;
	int off, len;

	info.name = fdt_get_name(fdt, node, NULL) ?: "?";
	compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, &len);
	info.compatible = prop_string(compat, compat ? len : 0);
	if (info.compatible)
		dec = kho_node_type_by_compatible(info.compatible);
	else if (depth > 1)
		dec = inherited;
	info.decoder = dec && dec->show_prop ? dec->compatible : NULL;
	if (verdict)
		info.verdict = verdict->status < 0 ? verdict->why :
			       verdict->status ? "not checked: layout unknown" : "ok";
	info.refused = verdict && verdict->status < 0;
	/* Ranges come from the map, once it is attached to the blob. */
	if (!verdict || !attached ||
	    kho_blob_node_mem(fdt, node, &info.mem, &info.nmem))
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
		 * The first compatible is shown above; a second one (a blob
		 * refused for it) is listed like any property, not hidden.
		 */
		if (info.compatible && !seen_compat &&
		    !strcmp(pname, KHO_COMPATIBLE_PROP)) {
			seen_compat = true;
			continue;
		}
		if (dec && dec->show_prop && dec->show_prop(e, pname, val, len))
			continue;
		if (!depth && dump_map_ref(e, pname, val, len))
			continue;
		kho_show_raw(e, pname, val, len);
	}
	if (dec && dec->show_node && info.compatible)
		dec->show_node(e, fdt, node);
	emit_node_end(e);
	return dec;
}

/* Every node in structure order; only for a blob whose structure checked. */
static void dump_tree(struct kho_emit *e, const void *fdt,
		      const struct kho_verdict *v, struct kho_totals *t)
{
	/* The decoder of the latest node seen at each depth. */
	const struct kho_node_type *at_depth[64] = { NULL };
	int node, depth = 0;

	/* Past the root's end, fdt_next_node() returns an offset, depth -1. */
	for (node = 0; node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		int d = depth < 63 ? depth : 63;

		at_depth[d] = dump_node(e, fdt, node, depth,
					d ? at_depth[d - 1] : NULL,
					depth == 1 ? kho_verdict_node(v, node) : NULL,
					v->attached, t);
	}
}

/*
 * --node NAME: each subsystem node named exactly NAME with its children
 * (one in a valid blob; an invalid one may repeat a name, and both are
 * shown). @t->nodes counts the ones found.
 */
static void dump_named(struct kho_emit *e, const void *fdt,
		       const struct kho_verdict *v, const char *name,
		       struct kho_totals *t)
{
	const struct kho_node_type *at_depth[64] = { NULL };
	const char *n;
	int top, node, depth;

	fdt_for_each_subnode(top, fdt, 0) {
		n = fdt_get_name(fdt, top, NULL);
		if (!n || strcmp(n, name))
			continue;
		/* The subtree: fdt_next_node() until it is back at depth 1. */
		node = top;
		depth = 1;
		do {
			int d = depth < 63 ? depth : 63;

			at_depth[d] = dump_node(e, fdt, node, depth,
						at_depth[d - 1],
						depth == 1 ? kho_verdict_node(v, node) : NULL,
						v->attached, t);
			node = fdt_next_node(fdt, node, &depth);
		} while (node >= 0 && depth > 1);
	}
}

/* Pages and runs in @pages bits of a bitmap region. */
static void bitmap_counts(const u8 *bits, u64 pages, u64 *preserved, u64 *runs)
{
	bool prev = false, set;
	u64 i;

	*preserved = *runs = 0;
	for (i = 0; i < pages; i++) {
		set = bits[i / 8] >> (i % 8) & 1;
		*preserved += set;
		*runs += set && !prev;
		prev = set;
	}
}

/*
 * Walk the regions of a map kho_map_check() accepted: the totals by kind
 * and per owner, and with --regions each region. The checker bounded
 * every read done here.
 */
static void dump_map(struct kho_emit *e, const struct kho_verdict *v,
		     struct kho_map_summary *m)
{
	const struct kho_map_src *src = &v->mf.src;
	const struct kho_map_owner *own = NULL;
	struct kho_map_region_info info;
	struct kho_map_region r;
	struct kho_map_chunk h;
	u64 phys = m->ref.addr, k;
	const u8 *c;
	u32 off, i;

	for (k = 0; phys && k < m->ref.chunks; k++) {
		c = src->chunk(src->ctx, phys, sizeof(h));
		if (!c)
			return;
		memcpy(&h, c, sizeof(h));
		c = src->chunk(src->ctx, phys, h.size);
		if (!c)
			return;
		off = sizeof(h);
		if (!k) {
			own = (const struct kho_map_owner *)(c + off);
			m->nown = h.owners < KHO_MAP_MAX_OWNERS ? h.owners :
				  KHO_MAP_MAX_OWNERS;
			for (i = 0; i < m->nown; i++)
				m->own[i].name = own[i].name;
			off += h.owners * sizeof(*own);
		}
		m->chunks++;
		m->used += h.used;
		for (i = 0; i < h.regions && off + sizeof(r) <= h.used; i++) {
			memcpy(&r, c + off, sizeof(r));
			off += sizeof(r);
			info.addr = r.addr;
			info.pages = r.pages;
			info.kind = r.kind;
			info.chunk = k;
			info.owner = r.owner < m->nown ? m->own[r.owner].name : "?";
			if (r.kind == KHO_MAP_BITMAP) {
				bitmap_counts(c + off, r.pages, &info.preserved,
					      &info.runs);
				off += (r.pages + 63) / 64 * 8;
				m->bitmaps++;
			} else {
				info.preserved = r.pages;
				info.runs = 1;
				m->extents++;
			}
			m->runs += info.runs;
			m->pages += info.preserved;
			if (r.owner < m->nown) {
				m->own[r.owner].regions++;
				m->own[r.owner].runs += info.runs;
				m->own[r.owner].pages += info.preserved;
			}
			if (e->all_regions)
				emit_map_region(e, &info);
		}
		phys = h.next;
	}
}

/* The map section: totals first, so the per-region lines can follow. */
static void show_map(struct kho_emit *e, const struct kho_verdict *v)
{
	static struct kho_map_summary m;
	bool regions = e->all_regions;

	memset(&m, 0, sizeof(m));
	m.path = v->map_file.size ? v->map_path : "";
	m.file_bytes = v->map_file.size;
	m.ref = v->rep.map;
	if (!v->map_checked)
		m.state = 0;
	else if (v->mrep.why.err != KHO_MAP_OK)
		m.state = -1;
	else
		m.state = m.ref.addr ? 2 : 1;
	if (m.state == 2) {
		/* Count first (silently), print, then list the regions. */
		e->all_regions = false;
		dump_map(e, v, &m);
		e->all_regions = regions;
	}
	emit_map_begin(e, &m);
	if (m.state == 2 && regions) {
		memset(m.own, 0, sizeof(m.own));
		m.chunks = m.used = m.extents = m.bitmaps = m.runs = m.pages = 0;
		dump_map(e, v, &m);
	}
	emit_map_end(e, &m);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ranges", no_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "regions", no_argument, NULL, 'v' },
		{ "map", required_argument, NULL, 'm' },
		{ "node", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	struct kho_emit e = { .f = stdout };
	struct kho_totals t = { };
	struct kho_check_opts co = {
		.forbidden = kho_default_forbidden,
		.nforbidden = kho_default_nforbidden,
	};
	struct kho_verdict v;
	struct kho_file file;
	const char *path;
	bool missing;
	int c, err;

	while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			e.all_ranges = true;
			break;
		case 'j':
			e.json = true;
			break;
		case 'v':
			e.all_regions = true;
			break;
		case 'm':
			co.map_path = optarg;
			break;
		case 'n':
			e.node = optarg;
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
	kho_file_check(&file, path, &co, &v);
	if (v.unreadable) {
		emit_unreadable(&e, path, v.line);
		kho_verdict_free(&v);
		kho_file_free(&file);
		return KHO_EXIT_UNREADABLE;
	}
	emit_begin(&e, path, file.size, &v);
	if (!e.node)
		show_map(&e, &v);
	emit_nodes_begin(&e);
	if (v.walkable && e.node)
		dump_named(&e, file.buf, &v, e.node, &t);
	else if (v.walkable)
		dump_tree(&e, file.buf, &v, &t);
	emit_end(&e, &t, &v);
	/* Only a blob whose structure can be walked can lack a node. */
	missing = e.node && v.walkable && !t.nodes;
	if (missing)
		fprintf(stderr, "kho-dump: %s: no subsystem node '%s' (kho-dump without --node lists them)\n",
			path, e.node);

	kho_verdict_free(&v);
	kho_file_free(&file);
	if (fflush(stdout) || ferror(stdout)) {
		perror("kho-dump: stdout");
		return KHO_EXIT_UNREADABLE;
	}
	if (missing)
		return KHO_EXIT_NO_NODE;
	return v.valid ? KHO_EXIT_VALID : KHO_EXIT_INVALID;
}
