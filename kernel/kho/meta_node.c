// SPDX-License-Identifier: GPL-2.0
/*
 * The handover-metadata node (abi/kho-meta.h): writing it, and checking
 * all of it before the next kernel shows a single field.
 *
 * Portable: the userspace harness, the fuzzers and the offline tools
 * compile this file as it is. The history page's content is not in the
 * blob (the offline tools do not have it), so it is checked on its own,
 * by kho_meta_parse_history(), once the kernel has claimed the page.
 */
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/blob.h>
#include <linux/kho/meta.h>
#include <linux/kho/nodes.h>

/*
 * Property @name if it has @min to @max bytes (its length in *@len);
 * otherwise NULL, with @err reported, naming the property when it exists.
 */
static const struct fdt_property *
kho_meta_prop(const void *fdt, int node, const char *name, int min, int max,
	      int *len, struct kho_report *rep, enum kho_meta_err err)
{
	const struct fdt_property *p = fdt_get_property(fdt, node, name, len);

	if (p && *len >= min && *len <= max)
		return p;
	if (p)
		kho_report_fail_prop(rep, fdt, p, err);
	else
		kho_report_fail(rep, err);
	return NULL;
}

/* A fixed-size property: exactly @size bytes, copied to @val. */
static int kho_meta_fixed(const void *fdt, int node, const char *name,
			  void *val, int size, struct kho_report *rep,
			  enum kho_meta_err err)
{
	const struct fdt_property *p;
	int len;

	p = kho_meta_prop(fdt, node, name, size, size, &len, rep, err);
	if (!p)
		return -EINVAL;
	memcpy(val, p->data, size);
	return 0;
}

/*
 * @s is one string of printable ASCII without spaces (uname -r), its NUL
 * the last of its @len bytes: nothing in it can forge a log or sysfs line.
 */
static bool kho_meta_release_valid(const char *s, size_t len)
{
	size_t i;

	if (len < 2 || s[len - 1])
		return false;
	for (i = 0; i < len - 1; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

/**
 * kho_meta_parse() - decode and check the kho-meta node
 * @fdt: a blob that passed kho_blob_check(), its map attached
 * @node: the kho-meta node
 * @m: filled with the node's content
 * @rep: filled with where the check failed; may be NULL
 *
 * Checks the length of every property (u64 and u32 exactly; release 2 to
 * %KHO_META_RELEASE_LEN bytes, one string of printable characters ending
 * at its last byte; build-id 1 to %KHO_META_BUILD_ID_MAX bytes), that
 * generation is at least 1 and below U64_MAX (its reader writes it plus
 * one), that the history page is page aligned and
 * inside the node's own preserved memory, and that history-count fits the
 * page. The records themselves are kho_meta_parse_history()'s.
 *
 * Return: 0 if the node can be used, -EINVAL otherwise.
 */
int kho_meta_parse(const void *fdt, int node, struct kho_meta *m,
		   struct kho_report *rep)
{
	const struct kho_mem *mem;
	const struct fdt_property *p;
	struct kho_report local;
	size_t n;
	int len;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &kho_meta_errors);
	memset(m, 0, sizeof(*m));

	p = kho_meta_prop(fdt, node, KHO_META_RELEASE_PROP, 2,
			  KHO_META_RELEASE_LEN, &len, rep,
			  KHO_META_BAD_RELEASE_LEN);
	if (!p)
		return -EINVAL;
	if (!kho_meta_release_valid(p->data, len))
		return kho_report_fail_prop(rep, fdt, p, KHO_META_BAD_RELEASE);
	memcpy(m->release, p->data, len);

	p = kho_meta_prop(fdt, node, KHO_META_BUILD_ID_PROP, 1,
			  KHO_META_BUILD_ID_MAX, &len, rep,
			  KHO_META_BAD_BUILD_ID);
	if (!p)
		return -EINVAL;
	memcpy(m->build_id, p->data, len);
	m->build_id_len = len;

	if (kho_meta_fixed(fdt, node, KHO_META_GENERATION_PROP, &m->generation,
			   sizeof(m->generation), rep,
			   KHO_META_BAD_GENERATION_LEN) ||
	    kho_meta_fixed(fdt, node, KHO_META_TIME_PROP, &m->handover_time_ns,
			   sizeof(m->handover_time_ns), rep,
			   KHO_META_BAD_TIME_LEN) ||
	    kho_meta_fixed(fdt, node, KHO_META_UPTIME_PROP, &m->uptime_ns,
			   sizeof(m->uptime_ns), rep, KHO_META_BAD_UPTIME_LEN) ||
	    kho_meta_fixed(fdt, node, KHO_META_HISTORY_PROP, &m->history,
			   sizeof(m->history), rep, KHO_META_BAD_HISTORY_LEN) ||
	    kho_meta_fixed(fdt, node, KHO_META_COUNT_PROP, &m->history_count,
			   sizeof(m->history_count), rep,
			   KHO_META_BAD_COUNT_LEN))
		return -EINVAL;

	if (!m->generation)
		return kho_report_fail(rep, KHO_META_GENERATION_ZERO);
	/* Its reader could write no node of its own: every dump would fail. */
	if (m->generation == U64_MAX)
		return kho_report_fail(rep, KHO_META_GENERATION_LAST);
	if (m->history % KHO_META_HISTORY_SIZE)
		return kho_report_fail(rep, KHO_META_HISTORY_ALIGN);
	if (kho_blob_node_mem(fdt, node, &mem, &n) ||
	    !kho_ranges_contain(mem, n, m->history, KHO_META_HISTORY_SIZE))
		return kho_report_fail(rep, KHO_META_HISTORY_OUTSIDE);
	if (m->history_count > KHO_META_HISTORY_MAX)
		return kho_report_fail(rep, KHO_META_TOO_MANY_RECORDS);
	return 0;
}

/**
 * kho_meta_parse_history() - check the records of the history page
 * @m: the node, as kho_meta_parse() accepted it
 * @recs: the page's content (%KHO_META_HISTORY_SIZE bytes)
 * @rep: filled with the record at fault; may be NULL
 *
 * Checks, for each of the @m->history_count records, that its release is
 * one NUL-terminated string of printable characters, its reserved bytes
 * are zero, and its generation is above the previous record's and below
 * @m->generation.
 *
 * Return: 0 if every record can be shown, -EINVAL otherwise.
 */
int kho_meta_parse_history(const struct kho_meta *m,
			   const struct kho_meta_record *recs,
			   struct kho_report *rep)
{
	struct kho_report local;
	u32 i, j;

	if (!rep)
		rep = &local;
	kho_report_init(rep, &kho_meta_errors);
	rep->item = "record";
	for (i = 0; i < m->history_count; i++) {
		const struct kho_meta_record *r = &recs[i];
		size_t len = strnlen(r->release, sizeof(r->release));

		rep->index = i;
		if (len == sizeof(r->release) ||
		    !kho_meta_release_valid(r->release, len + 1))
			return kho_report_fail(rep, KHO_META_RECORD_RELEASE);
		for (j = 0; j < ARRAY_SIZE(r->reserved); j++)
			if (r->reserved[j])
				return kho_report_fail(rep, KHO_META_RECORD_RESERVED);
		if (i && r->generation <= recs[i - 1].generation)
			return kho_report_fail(rep, KHO_META_RECORD_ORDER);
		if (r->generation >= m->generation)
			return kho_report_fail(rep, KHO_META_RECORD_GENERATION);
	}
	return 0;
}

/**
 * kho_meta_node_check() - the kho-meta entry of the node table
 * @fdt: a blob that passed kho_blob_check()
 * @node: the kho-meta node
 * @state: a struct kho_meta of workspace
 * @cl: the history page is added, as a table inside the node's memory
 * @why: on failure, one line saying why
 * @len: size of @why
 *
 * Return: 0, -EINVAL if the node is refused, -ENOSPC if @cl is full.
 */
int kho_meta_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len)
{
	struct kho_meta *m = state;
	struct kho_report rep;

	if (kho_meta_parse(fdt, node, m, &rep)) {
		kho_report_describe(why, len, fdt, &rep);
		return -EINVAL;
	}
	return kho_claim_add(cl, m->history, KHO_META_HISTORY_SIZE, node,
			     KHO_CLAIM_BY_NODE, 0, "history page",
			     KHO_CLAIM_TABLE);
}

/**
 * kho_meta_history_append() - add a record at the end of the history
 * @recs: the history page
 * @count: records in it
 * @rec: the record to append
 *
 * When the page is full, the oldest record is dropped.
 *
 * Return: the new number of records.
 */
u32 kho_meta_history_append(struct kho_meta_record *recs, u32 count,
			    const struct kho_meta_record *rec)
{
	if (count >= KHO_META_HISTORY_MAX) {
		count = KHO_META_HISTORY_MAX - 1;
		memmove(recs, recs + 1, count * sizeof(*recs));
	}
	recs[count] = *rec;
	return count + 1;
}

/**
 * kho_meta_write() - write the kho-meta node
 * @fdt: a blob being written (kho_blob_begin()), no node open
 * @m: the content; @m->history is the page the node preserves
 *
 * Writes the whole node, between kho_node_begin() and kho_node_end(), and
 * preserves the history page for it. Refuses content the next kernel
 * would refuse.
 *
 * Return: 0, -ENOSPC if the blob is full, -EINVAL otherwise.
 */
int kho_meta_write(void *fdt, const struct kho_meta *m)
{
	struct kho_mem page = { m->history, KHO_META_HISTORY_SIZE };
	size_t len = strnlen(m->release, sizeof(m->release));
	int err;

	if (len == sizeof(m->release) ||
	    !kho_meta_release_valid(m->release, len + 1) ||
	    !m->build_id_len || m->build_id_len > KHO_META_BUILD_ID_MAX ||
	    !m->generation || m->generation == U64_MAX ||
	    m->history % KHO_META_HISTORY_SIZE ||
	    m->history_count > KHO_META_HISTORY_MAX)
		return -EINVAL;

	err = kho_node_begin(fdt, KHO_META_NAME, KHO_META_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(fdt, &page, 1);
	if (!err)
		err = kho_node_prop(fdt, KHO_META_RELEASE_PROP, m->release,
				    len + 1);
	if (!err)
		err = kho_node_prop(fdt, KHO_META_BUILD_ID_PROP, m->build_id,
				    m->build_id_len);
	if (!err)
		err = kho_node_prop(fdt, KHO_META_GENERATION_PROP,
				    &m->generation, sizeof(m->generation));
	if (!err)
		err = kho_node_prop(fdt, KHO_META_TIME_PROP,
				    &m->handover_time_ns,
				    sizeof(m->handover_time_ns));
	if (!err)
		err = kho_node_prop(fdt, KHO_META_UPTIME_PROP, &m->uptime_ns,
				    sizeof(m->uptime_ns));
	if (!err)
		err = kho_node_prop(fdt, KHO_META_HISTORY_PROP, &m->history,
				    sizeof(m->history));
	if (!err)
		err = kho_node_prop(fdt, KHO_META_COUNT_PROP, &m->history_count,
				    sizeof(m->history_count));
	if (err)
		return err;
	return kho_node_end(fdt);
}

static const struct kho_err_text kho_meta_text[] = {
	KHO_ERR_TEXTS(KHO_META_ERRORS)
};
const struct kho_errors kho_meta_errors = KHO_ERRORS(kho_meta_text);

#ifndef __KERNEL__
/* kho-dump's decoder (userspace only: <linux/kho/show.h>). */
static bool kho_meta_show_prop(struct kho_emit *e, const char *name,
			       const void *val, int len)
{
	const char *str;
	u64 v64;
	u32 v32;

	str = kho_show_get_str(val, len);
	if (!strcmp(name, KHO_META_RELEASE_PROP) && str &&
	    len <= KHO_META_RELEASE_LEN) {
		kho_show_str(e, name, str);
		return true;
	}
	if (!strcmp(name, KHO_META_BUILD_ID_PROP) && len >= 1 &&
	    len <= KHO_META_BUILD_ID_MAX) {
		kho_show_hexbytes(e, name, val, len, len);
		return true;
	}
	if ((!strcmp(name, KHO_META_GENERATION_PROP) ||
	     !strcmp(name, KHO_META_TIME_PROP) ||
	     !strcmp(name, KHO_META_UPTIME_PROP)) &&
	    kho_show_get_u64(val, len, &v64)) {
		kho_show_u64(e, name, v64);
		return true;
	}
	if (!strcmp(name, KHO_META_HISTORY_PROP) &&
	    kho_show_get_u64(val, len, &v64)) {
		kho_show_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, KHO_META_COUNT_PROP) &&
	    kho_show_get_u32(val, len, &v32)) {
		kho_show_u64(e, name, v32);
		return true;
	}
	return false;
}

/* The third kernel of a chain: two handovers in its history page at @base. */
static int kho_meta_example(void *fdt, u64 base)
{
	const struct kho_meta m = {
		.release = "6.12.117-kho", .build_id = { 0xde, 0xad, 0xbe, 0xef },
		.build_id_len = 4, .generation = 3,
		.handover_time_ns = 1764680000000000000ULL,
		.uptime_ns = 60000000000ULL, .history = base, .history_count = 2,
	};

	return kho_meta_write(fdt, &m);
}
#endif

const struct kho_node_type kho_meta_node_type = {
	.name = KHO_META_NAME,
	.compatible = KHO_META_COMPATIBLE,
	.state_size = sizeof(struct kho_meta),
	.check = kho_meta_node_check,
	KHO_NODE_SHOW(kho_meta_show_prop, NULL)
	KHO_NODE_EXAMPLE(kho_meta_example)
	KHO_NODE_VARLEN(KHO_META_BUILD_ID_PROP)
};
