// SPDX-License-Identifier: GPL-2.0
/*
 * kho-dump's two output formats. Text is for people: one block per node,
 * properties one per line as dtc would show them. JSON is one object for
 * scripts; addresses are strings ("0x..."), sizes and counts numbers.
 * Everything taken from the blob is escaped before it is printed.
 */
#include <string.h>

#include "emit.h"

#define KIB	(1ULL << 10)
#define MIB	(1ULL << 20)
#define GIB	(1ULL << 30)

/* Raw property bytes shown before the listing is cut short. */
#define RAW_MAX	64

/* "64 MiB", "8 KiB", "1.50 MiB", "100 bytes": whole units when exact. */
static const char *fmt_size(char *buf, size_t len, u64 bytes)
{
	unsigned long long b = bytes;

	if (b >= GIB && !(b % GIB))
		snprintf(buf, len, "%llu GiB", b / GIB);
	else if (b >= MIB && !(b % MIB))
		snprintf(buf, len, "%llu MiB", b / MIB);
	else if (b >= MIB)
		snprintf(buf, len, "%.2f MiB", (double)b / MIB);
	else if (b >= KIB && !(b % KIB))
		snprintf(buf, len, "%llu KiB", b / KIB);
	else if (b >= KIB)
		snprintf(buf, len, "%.2f KiB", (double)b / KIB);
	else
		snprintf(buf, len, "%llu bytes", b);
	return buf;
}

/* Text: "N bytes", with the size in units from 1 KiB on. */
static void text_bytes(FILE *f, u64 bytes)
{
	char size[32];

	fprintf(f, "%llu bytes", (unsigned long long)bytes);
	if (bytes >= KIB)
		fprintf(f, " (%s)", fmt_size(size, sizeof(size), bytes));
}

/*
 * Printable ASCII as is, quote and backslash escaped, any other byte with
 * @other_fmt: \xNN for text, \u00NN for JSON.
 */
static void put_escaped(FILE *f, const char *s, size_t len, const char *other_fmt)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c >= 0x20 && c <= 0x7e)
			fputc(c, f);
		else
			fprintf(f, other_fmt, c);
	}
}

static void text_escaped(FILE *f, const char *s, size_t len)
{
	put_escaped(f, s, len, "\\x%02x");
}

/* A JSON string; bytes outside printable ASCII become \u00NN. */
static void json_string(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	put_escaped(f, s, len, "\\u%04x");
	fputc('"', f);
}

static void json_string_or_null(FILE *f, const char *s)
{
	if (s)
		json_string(f, s, strlen(s));
	else
		fputs("null", f);
}

static void text_indent(struct kho_emit *e, int extra)
{
	int i, n = (e->depth > 0 ? e->depth - 1 : 0) + extra;

	for (i = 0; i < n; i++)
		fputc('\t', e->f);
}

/* Start one field: "<indent>name = " or ',"name":'. */
static void field_begin(struct kho_emit *e, const char *name)
{
	if (e->json) {
		if (!e->first)
			fputc(',', e->f);
		e->first = false;
		json_string(e->f, name, strlen(name));
		fputc(':', e->f);
	} else {
		text_indent(e, 1);
		text_escaped(e->f, name, strlen(name));
		fputs(" = ", e->f);
	}
}

static void field_end(struct kho_emit *e)
{
	if (!e->json)
		fputc('\n', e->f);
}

/**
 * emit_unreadable() - the whole output when the file could not be read
 * @e: output
 * @path: the file
 * @why: the reason
 */
void emit_unreadable(struct kho_emit *e, const char *path, const char *why)
{
	fprintf(stderr, "kho-dump: %s: %s\n", path, why);
	if (!e->json)
		return;
	fputs("{\"file\":", e->f);
	json_string(e->f, path, strlen(path));
	fputs(",\"readable\":false,\"valid\":false,\"error\":", e->f);
	json_string(e->f, why, strlen(why));
	fputs(",\"nodes\":[]}\n", e->f);
}

void emit_begin(struct kho_emit *e, const char *path, size_t size,
		const struct kho_verdict *v)
{
	const char *error = v->line + (v->valid ? 0 : strlen("invalid: "));

	if (!e->json) {
		fputs("blob: ", e->f);
		text_escaped(e->f, path, strlen(path));
		fprintf(e->f, " (%zu bytes)\n", size);
		if (!v->walkable)
			fputs("FDT structure unusable, nothing to decode\n", e->f);
		return;
	}
	fputs("{\"file\":", e->f);
	json_string(e->f, path, strlen(path));
	fprintf(e->f, ",\"size\":%zu,\"readable\":true,\"valid\":%s,\"error\":",
		size, v->valid ? "true" : "false");
	json_string_or_null(e->f, v->valid ? NULL : error);
	fputs(",\"summary\":", e->f);
	json_string(e->f, v->line, strlen(v->line));
}

static const char *const map_states[] = {
	"refused", "not checked", "empty", "valid",
};

static double per_page(u64 bytes, u64 pages)
{
	return pages ? (double)bytes / pages : 0;
}

/**
 * emit_map_begin() - the map section: totals and per-owner totals
 * @e: output
 * @m: what the dump found
 *
 * With --regions, emit_map_region() for each region follows, then
 * emit_map_end().
 */
void emit_map_begin(struct kho_emit *e, const struct kho_map_summary *m)
{
	const char *state = map_states[m->state + 1];
	unsigned int i;

	if (e->json) {
		fprintf(e->f, ",\"map\":{\"state\":\"%s\",\"file\":", state);
		json_string_or_null(e->f, *m->path ? m->path : NULL);
		fprintf(e->f, ",\"file_bytes\":%zu,\"addr\":\"0x%llx\",\"chunks\":%llu,\"bytes\":%llu,\"used_bytes\":%llu,\"regions\":%llu,\"extents\":%llu,\"bitmaps\":%llu,\"runs\":%llu,\"pages\":%llu,\"bytes_per_page\":%.4f,\"owners\":[",
			m->file_bytes, (unsigned long long)m->ref.addr,
			(unsigned long long)m->ref.chunks,
			(unsigned long long)m->ref.bytes,
			(unsigned long long)m->used,
			(unsigned long long)(m->extents + m->bitmaps),
			(unsigned long long)m->extents,
			(unsigned long long)m->bitmaps,
			(unsigned long long)m->runs,
			(unsigned long long)m->ref.pages,
			per_page(m->ref.bytes, m->ref.pages));
		for (i = 0; i < m->nown; i++) {
			fputs(i ? ",{\"name\":" : "{\"name\":", e->f);
			json_string(e->f, m->own[i].name, strlen(m->own[i].name));
			fprintf(e->f, ",\"regions\":%llu,\"runs\":%llu,\"pages\":%llu}",
				(unsigned long long)m->own[i].regions,
				(unsigned long long)m->own[i].runs,
				(unsigned long long)m->own[i].pages);
		}
		fputc(']', e->f);
		if (e->all_regions)
			fputs(",\"region_list\":[", e->f);
		e->first = true;
		return;
	}
	if (!m->state)
		return;
	if (m->state == 1) {
		fputs("map: empty (mem-map lists no chunks, no page preserved)\n", e->f);
		return;
	}
	fputs("map: ", e->f);
	text_escaped(e->f, m->path, strlen(m->path));
	fprintf(e->f, " (%zu bytes): mem-map 0x%llx, %llu chunks, %llu bytes",
		m->file_bytes, (unsigned long long)m->ref.addr,
		(unsigned long long)m->ref.chunks,
		(unsigned long long)m->ref.bytes);
	if (m->state < 0) {
		fputs(", refused (see the last line)\n", e->f);
		return;
	}
	fprintf(e->f, " (%llu used)\n", (unsigned long long)m->used);
	fprintf(e->f, "\t%llu regions (%llu extents, %llu bitmaps), %llu runs, %llu pages, ",
		(unsigned long long)(m->extents + m->bitmaps),
		(unsigned long long)m->extents, (unsigned long long)m->bitmaps,
		(unsigned long long)m->runs, (unsigned long long)m->ref.pages);
	text_bytes(e->f, m->ref.pages << KHO_MAP_PAGE_SHIFT);
	fprintf(e->f, ", %.4f map bytes per preserved page\n",
		per_page(m->ref.bytes, m->ref.pages));
	for (i = 0; i < m->nown; i++) {
		fputs("\towner ", e->f);
		text_escaped(e->f, m->own[i].name, strlen(m->own[i].name));
		fprintf(e->f, ": %llu regions, %llu runs, %llu pages, ",
			(unsigned long long)m->own[i].regions,
			(unsigned long long)m->own[i].runs,
			(unsigned long long)m->own[i].pages);
		text_bytes(e->f, m->own[i].pages << KHO_MAP_PAGE_SHIFT);
		fputc('\n', e->f);
	}
}

void emit_map_region(struct kho_emit *e, const struct kho_map_region_info *r)
{
	const char *kind = r->kind == KHO_MAP_EXTENT ? "extent" : "bitmap";
	u64 end = r->addr + (r->pages << KHO_MAP_PAGE_SHIFT);

	if (e->json) {
		fputs(e->first ? "{\"owner\":" : ",{\"owner\":", e->f);
		e->first = false;
		json_string(e->f, r->owner, strlen(r->owner));
		fprintf(e->f, ",\"kind\":\"%s\",\"chunk\":%llu,\"start\":\"0x%llx\",\"end\":\"0x%llx\",\"pages\":%llu,\"runs\":%llu}",
			kind, (unsigned long long)r->chunk,
			(unsigned long long)r->addr, (unsigned long long)end,
			(unsigned long long)r->preserved,
			(unsigned long long)r->runs);
		return;
	}
	fprintf(e->f, "\t\t0x%012llx - 0x%012llx %s, chunk %llu, owner ",
		(unsigned long long)r->addr, (unsigned long long)end, kind,
		(unsigned long long)r->chunk);
	text_escaped(e->f, r->owner, strlen(r->owner));
	fprintf(e->f, ": %llu pages in %llu runs\n",
		(unsigned long long)r->preserved, (unsigned long long)r->runs);
}

void emit_map_end(struct kho_emit *e, const struct kho_map_summary *m)
{
	(void)m;
	if (!e->json)
		return;
	if (e->all_regions)
		fputc(']', e->f);
	fputc('}', e->f);
}

void emit_nodes_begin(struct kho_emit *e)
{
	if (!e->json)
		return;
	fputs(",\"nodes\":[", e->f);
	e->first = true;
}

/* What the node table's check said of each subsystem node, in text. */
static void emit_node_verdicts(struct kho_emit *e, const struct kho_verdict *v)
{
	size_t i;

	for (i = 0; i < v->nnodes; i++) {
		const struct kho_node_verdict *n = &v->nodes[i];

		if (e->node && strcmp(n->name, e->node))
			continue;
		fputs("node ", e->f);
		text_escaped(e->f, n->name, strlen(n->name));
		if (n->status < 0) {
			fputs(": refused: ", e->f);
			text_escaped(e->f, n->why, strlen(n->why));
		} else {
			fputs(n->status ? ": not checked (layout unknown)" : ": ok", e->f);
		}
		fputc('\n', e->f);
	}
}

/**
 * emit_end() - the totals, the node verdicts and the blob's verdict
 * @e: output
 * @t: what the dump found
 * @v: the verdict on the whole blob
 *
 * With --node (@e->node) the totals are left out (they would be the
 * node's, not the blob's), the text lists that node's verdict only, and
 * the JSON names the node and says whether it was found (@t->nodes).
 */
void emit_end(struct kho_emit *e, const struct kho_totals *t,
	      const struct kho_verdict *v)
{
	if (!e->json) {
		if (v->walkable && !e->node) {
			fprintf(e->f, "\ntotal: %u subsystem nodes, %u with mem, %zu ranges, ",
				t->nodes, t->mem_nodes, t->ranges);
			text_bytes(e->f, t->bytes);
			fputs(" preserved\n", e->f);
		} else if (e->node && t->nodes) {
			fputc('\n', e->f);
		}
		emit_node_verdicts(e, v);
		fprintf(e->f, "%s\n", v->line);
		return;
	}
	if (e->node) {
		fputs("],\"node\":", e->f);
		json_string(e->f, e->node, strlen(e->node));
		fprintf(e->f, ",\"found\":%s}\n", t->nodes ? "true" : "false");
		return;
	}
	fprintf(e->f, "],\"subsystem_nodes\":%u,\"mem_nodes\":%u,\"total_ranges\":%zu,\"total_bytes\":%llu}\n",
		t->nodes, t->mem_nodes, t->ranges, (unsigned long long)t->bytes);
}

static void emit_ranges(struct kho_emit *e, const struct kho_mem *mem,
			size_t n)
{
	size_t i, shown = n;
	char size[32];

	if (!e->all_ranges && shown > KHO_EMIT_RANGES)
		shown = KHO_EMIT_RANGES;

	if (e->json) {
		fputs(",\"mem\":[", e->f);
		for (i = 0; i < n; i++)
			fprintf(e->f, "%s{\"start\":\"0x%llx\",\"end\":\"0x%llx\",\"size\":%llu}",
				i ? "," : "", (unsigned long long)mem[i].addr,
				(unsigned long long)(mem[i].addr + mem[i].len),
				(unsigned long long)mem[i].len);
		fputc(']', e->f);
		return;
	}
	for (i = 0; i < shown; i++) {
		text_indent(e, 2);
		fprintf(e->f, "0x%012llx - 0x%012llx (%s)\n",
			(unsigned long long)mem[i].addr,
			(unsigned long long)(mem[i].addr + mem[i].len),
			fmt_size(size, sizeof(size), mem[i].len));
	}
	if (shown < n) {
		text_indent(e, 2);
		fprintf(e->f, "... %zu more (--ranges lists all)\n", n - shown);
	}
}

/**
 * emit_node_begin() - open a node: its name, compatible and ranges
 * @e: output
 * @node: what to show
 *
 * Fields follow with kho_show_u64() and friends, then emit_node_end().
 */
void emit_node_begin(struct kho_emit *e, const struct kho_node_info *node)
{
	unsigned long long bytes = node->bytes;
	const char *name = node->depth ? node->name : "/";

	/* The root's fields are indented as a subsystem node's. */
	e->depth = node->depth ? node->depth : 1;
	if (!e->json) {
		fputc('\n', e->f);
		text_indent(e, 0);
		text_escaped(e->f, name, strlen(name));
		if (node->compatible) {
			fputs(" (", e->f);
			text_escaped(e->f, node->compatible, strlen(node->compatible));
			fputs(")\n", e->f);
		} else {
			fputs(" (no compatible)\n", e->f);
		}
		if (!node->mem)
			return;
		text_indent(e, 1);
		fprintf(e->f, "mem: %zu ranges, ", node->nmem);
		text_bytes(e->f, bytes);
		fputc('\n', e->f);
		emit_ranges(e, node->mem, node->nmem);
		return;
	}
	fprintf(e->f, "%s{\"name\":", e->first ? "" : ",");
	json_string(e->f, name, strlen(name));
	fprintf(e->f, ",\"depth\":%d,\"compatible\":", node->depth);
	json_string_or_null(e->f, node->compatible);
	fputs(",\"decoder\":", e->f);
	json_string_or_null(e->f, node->decoder);
	if (node->verdict) {
		fprintf(e->f, ",\"verdict\":\"%s\",\"why\":",
			node->refused ? "refused" :
			strcmp(node->verdict, "ok") ? "unknown" : "ok");
		json_string_or_null(e->f, node->refused ? node->verdict : NULL);
	}
	fprintf(e->f, ",\"has_mem\":%s,\"ranges\":%zu,\"preserved_bytes\":%llu",
		node->mem ? "true" : "false", node->nmem, bytes);
	if (node->mem && e->all_ranges)
		emit_ranges(e, node->mem, node->nmem);
	fputs(",\"fields\":{", e->f);
	e->first = true;
}

void emit_node_end(struct kho_emit *e)
{
	if (e->json)
		fputs("}}", e->f);
	e->first = false;
}

/* A decimal number. */
void kho_show_u64(struct kho_emit *e, const char *name, u64 val)
{
	field_begin(e, name);
	fprintf(e->f, "%llu", (unsigned long long)val);
	field_end(e);
}

/* A 64-bit pattern (seed, checksum): hex digits, a string in JSON. */
void kho_show_hex64(struct kho_emit *e, const char *name, u64 val)
{
	field_begin(e, name);
	fprintf(e->f, e->json ? "\"0x%016llx\"" : "0x%016llx",
		(unsigned long long)val);
	field_end(e);
}

/* A byte count: "N bytes (X MiB)" in text, a number in JSON. */
void kho_show_size(struct kho_emit *e, const char *name, u64 bytes)
{
	field_begin(e, name);
	if (e->json)
		fprintf(e->f, "%llu", (unsigned long long)bytes);
	else
		text_bytes(e->f, bytes);
	field_end(e);
}

/* A PCI address, segment << 16 | bus << 8 | devfn, as 0000:00:03.0. */
void kho_show_bdf(struct kho_emit *e, const char *name, u32 sbdf)
{
	field_begin(e, name);
	fprintf(e->f, e->json ? "\"%04x:%02x:%02x.%u\"" : "%04x:%02x:%02x.%u",
		sbdf >> 16, (sbdf >> 8) & 0xff, (sbdf >> 3) & 0x1f, sbdf & 7);
	field_end(e);
}

/* A register or id in hex, at least @digits digits: "0x1234" (a JSON string). */
void kho_show_hex(struct kho_emit *e, const char *name, u64 val, int digits)
{
	field_begin(e, name);
	fprintf(e->f, e->json ? "\"0x%0*llx\"" : "0x%0*llx", digits,
		(unsigned long long)val);
	field_end(e);
}

/* A string, escaped: quoted in JSON, bare in text. */
void kho_show_str(struct kho_emit *e, const char *name, const char *s)
{
	field_begin(e, name);
	if (e->json)
		json_string(e->f, s, strlen(s));
	else
		text_escaped(e->f, s, strlen(s));
	field_end(e);
}

/*
 * Bytes as one hex string, the first @shown of them; "..." after them
 * when some are left out (a digest shown only far enough to compare).
 */
void kho_show_hexbytes(struct kho_emit *e, const char *name, const void *b,
		   size_t len, size_t shown)
{
	const unsigned char *p = b;
	size_t i;

	if (shown > len)
		shown = len;
	field_begin(e, name);
	if (e->json)
		fputc('"', e->f);
	for (i = 0; i < shown; i++)
		fprintf(e->f, "%02x", p[i]);
	if (shown < len)
		fputs("...", e->f);
	if (e->json)
		fputc('"', e->f);
	field_end(e);
}

/**
 * kho_show_flags() - flags as "a, b", unknown bits appended in hex, "none"
 *	without any: for fields read by people more than by scripts
 * @e: output
 * @name: field name
 * @flags: the value
 * @names: a name per bit
 * @n: entries in @names
 */
void kho_show_flags(struct kho_emit *e, const char *name, u32 flags,
		    const struct kho_show_flag *names, size_t n)
{
	char buf[256];
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < n && used < sizeof(buf) / 2; i++) {
		if (!(flags & names[i].bit))
			continue;
		used += snprintf(buf + used, sizeof(buf) - used, "%s%s",
				 used ? ", " : "", names[i].name);
		flags &= ~names[i].bit;
	}
	if (flags)
		snprintf(buf + used, sizeof(buf) - used, "%s0x%x",
			 used ? ", " : "", flags);
	kho_show_str(e, name, buf[0] ? buf : "none");
}


void kho_show_group_begin(struct kho_emit *e, const char *name)
{
	if (e->json) {
		field_begin(e, name);
		fputc('{', e->f);
		e->first = true;
		return;
	}
	text_indent(e, 1);
	text_escaped(e->f, name, strlen(name));
	fputs(":\n", e->f);
	e->depth++;
}

void kho_show_group_end(struct kho_emit *e)
{
	if (e->json) {
		fputc('}', e->f);
		e->first = false;
		return;
	}
	e->depth--;
}

/* One or more non-empty printable strings, each NUL-terminated. */
static bool is_string_list(const char *s, int len)
{
	int i;

	if (len < 2 || s[len - 1] || !s[0])
		return false;
	for (i = 0; i < len - 1; i++) {
		if (!s[i] && !s[i + 1])
			return false;
		if (s[i] && (s[i] < 0x20 || s[i] > 0x7e))
			return false;
	}
	return true;
}

static void raw_strings(struct kho_emit *e, const char *s, int len)
{
	const char *p;

	if (e->json)
		fprintf(e->f, "{\"len\":%d,\"strings\":[", len);
	for (p = s; p < s + len; p += strlen(p) + 1) {
		if (e->json) {
			fputs(p == s ? "" : ",", e->f);
			json_string(e->f, p, strlen(p));
		} else {
			fputs(p == s ? "\"" : ", \"", e->f);
			text_escaped(e->f, p, strlen(p));
			fputc('"', e->f);
		}
	}
	if (e->json)
		fputs("]}", e->f);
}

static void raw_bytes(struct kho_emit *e, const unsigned char *b, int len)
{
	int i, shown = len < RAW_MAX ? len : RAW_MAX;

	if (e->json) {
		fprintf(e->f, "{\"len\":%d,\"hex\":\"", len);
		for (i = 0; i < shown; i++)
			fprintf(e->f, "%02x", b[i]);
		fprintf(e->f, "\",\"truncated\":%s}", shown < len ? "true" : "false");
		return;
	}
	fputc('[', e->f);
	for (i = 0; i < shown; i++)
		fprintf(e->f, "%s%02x", i ? " " : "", b[i]);
	fputc(']', e->f);
	if (shown < len)
		fprintf(e->f, " ... (%d bytes, first %d shown)", len, shown);
}

/**
 * kho_show_raw() - a property no decoder knows, shown as dtc would
 * @e: output
 * @name: property name
 * @val: its value
 * @len: its length
 *
 * Strings quoted, anything else as hex bytes, cut after RAW_MAX bytes.
 * JSON: {"len":N,"strings":[...]} or {"len":N,"hex":"...","truncated":b}.
 */
void kho_show_raw(struct kho_emit *e, const char *name, const void *val, int len)
{
	if (!len && !e->json) {
		text_indent(e, 1);
		text_escaped(e->f, name, strlen(name));
		fputs(";\n", e->f);
		return;
	}
	field_begin(e, name);
	if (is_string_list(val, len))
		raw_strings(e, val, len);
	else
		raw_bytes(e, val, len);
	field_end(e);
}
