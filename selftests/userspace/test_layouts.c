// SPDX-License-Identifier: GPL-2.0
/*
 * Generic checks of every node layout in the node table (the KHO_NODE()
 * entries of include/linux/kho/accept.h), through the example writer each
 * layout ships: its example passes its own check, every property of it
 * one byte short or one byte long is refused, and kho-dump's decoder
 * shows every property the writer wrote. A new serializer is covered by
 * registering, with no line here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/kho/blob.h>
#include <linux/kho/nodes.h>

#include "emit.h"
#include "harness_map.h"
#include "ktap.h"

#define BLOB_SIZE	65536
#define MAX_CLAIMS	16384
/* Where the examples put their memory: a free stretch of the harness's map. */
#define EXAMPLE_BASE	0x40000000ULL

static char blob[BLOB_SIZE], copy[BLOB_SIZE + 16];
static struct kho_claim claim_buf[MAX_CLAIMS];
static struct kho_claims cl = { .c = claim_buf, .cap = MAX_CLAIMS };

/* The example of @t, alone in a blob checked as the next kernel does. */
static int write_example(const struct kho_node_type *t)
{
	int err;

	err = kho_blob_begin(blob, BLOB_SIZE, &hb);
	err = err ?: t->example(blob, EXAMPLE_BASE);
	err = err ?: kho_blob_finish(blob);
	if (err) {
		ktap_fail_at(__FILE__, __LINE__, "%s: the example writer failed: %d",
			     t->compatible, err);
		return err;
	}
	err = harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL);
	if (err)
		ktap_fail_at(__FILE__, __LINE__, "%s: the example blob is refused",
			     t->compatible);
	return err;
}

/*
 * @t's check on the node it wrote into @fdt: 0 when it passes, -EINVAL
 * when it refuses (@why says why); anything else is the harness's failure.
 */
static int check_node(const void *fdt, const struct kho_node_type *t,
		      char *why, size_t len)
{
	static void *state;
	int node = kho_blob_subnode(fdt, t->name), err;

	snprintf(why, len, "no node");
	if (node < 0)
		return node;
	if (kho_node_type_find(fdt, node) != t) {
		snprintf(why, len, "the table does not map the node to its type");
		return -ENOENT;
	}
	if (!state)
		state = calloc(1, kho_nodes_state_size());
	if (!state) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	cl.n = 0;
	if (kho_nodes_claims_bound(fdt) > MAX_CLAIMS) {
		snprintf(why, len, "more claims than the harness has room for");
		return -ENOSPC;
	}
	why[0] = 0;
	err = kho_node_check(fdt, node, state, &cl, why, len);
	if (err == 1)
		snprintf(why, len, "the table does not know the layout");
	return err;
}

static void every_layout_has_a_valid_example(void)
{
	const struct kho_node_type *t;
	unsigned int n = 0;
	char why[160];
	size_t i;

	for (i = 0; (t = kho_node_type_get(i)); i++) {
		if (!EXPECT_TRUE(t->check))
			printf("    # %s is registered without a check\n", t->compatible);
		if (!EXPECT_TRUE(t->example)) {
			printf("    # %s has no example writer\n", t->compatible);
			continue;
		}
		if (write_example(t))
			continue;
		if (check_node(blob, t, why, sizeof(why)))
			ktap_fail_at(__FILE__, __LINE__, "%s: its own check refuses its example: %s",
				     t->compatible, why);
		n++;
	}
	printf("    # %u layouts, each example accepted by its check\n", n);
	/* The table is not empty: kho-test v1 and v2 are always there. */
	EXPECT_TRUE(n >= 2);
}

/*
 * Each property of the node at @node and below, in @fdt: the offset of
 * the next one after @prev (or the first, for @prev < 0), -1 at the end.
 * Its node is returned in @owner.
 */
static int next_prop(const void *fdt, int node, int prev, int *owner)
{
	int depth = 0, off;

	if (prev >= 0) {
		off = fdt_next_property_offset(fdt, prev);
		if (off >= 0)
			return off;
		node = *owner;
		depth = 1;
		goto next_node;
	}
	*owner = node;
	off = fdt_first_property_offset(fdt, node);
	if (off >= 0)
		return off;
next_node:
	/* Walk on in structure order while still inside the start node. */
	while (1) {
		node = fdt_next_node(fdt, node, &depth);
		if (node < 0 || depth <= 0)
			return -1;
		*owner = node;
		off = fdt_first_property_offset(fdt, node);
		if (off >= 0)
			return off;
	}
}

/* resized_copy(): no such length (an empty property cut by one byte). */
#define NO_SUCH_LENGTH	1
/* resized_copy(): the whole blob is refused before any node check. */
#define BLOB_REFUSED	2

/*
 * A copy of the example blob with property @name of node @owner (a path
 * inside the example) resized by @delta bytes: one byte cut, or one NUL
 * byte added (the most harmless looking extra byte). 0 when the copy
 * passes the blob and map checks, NO_SUCH_LENGTH, BLOB_REFUSED, or
 * -EINVAL when the harness cannot make it (its own failure).
 */
static int resized_copy(const char *path, const char *name, int delta)
{
	char val[BLOB_SIZE];
	const void *old;
	int node, len;

	if (fdt_open_into(blob, copy, sizeof(copy)))
		return -EINVAL;
	node = fdt_path_offset(copy, path);
	old = node >= 0 ? fdt_getprop(copy, node, name, &len) : NULL;
	if (!old || len + 1 > (int)sizeof(val))
		return -EINVAL;
	if (len + delta < 0)
		return NO_SUCH_LENGTH;
	memcpy(val, old, len);
	val[len] = 0;
	if (fdt_setprop(copy, node, name, val, len + delta))
		return -EINVAL;
	if (harness_blob_check(copy, sizeof(copy), NULL, 0, NULL, 0, NULL))
		return BLOB_REFUSED;
	return 0;
}

/* @prop's valid lengths are a range (the type's KHO_NODE_VARLEN()). */
static bool is_varlen(const struct kho_node_type *t, const char *prop)
{
	const char *const *v;

	for (v = t->varlen; v && *v; v++)
		if (!strcmp(*v, prop))
			return true;
	return false;
}

static void every_property_is_length_checked(void)
{
	const struct kho_node_type *t;
	char path[256], pname[64], why[160];
	unsigned int props = 0, refused = 0;
	const char *name;
	int off, owner, node, delta, err;
	size_t i;

	for (i = 0; (t = kho_node_type_get(i)); i++) {
		if (!t->example || write_example(t))
			continue;
		node = kho_blob_subnode(blob, t->name);
		ASSERT_TRUE(node >= 0);
		for (off = next_prop(blob, node, -1, &owner); off >= 0;
		     off = next_prop(blob, node, off, &owner)) {
			if (!fdt_getprop_by_offset(blob, off, &name, NULL) ||
			    !strcmp(name, KHO_COMPATIBLE_PROP))
				continue;
			snprintf(pname, sizeof(pname), "%s", name);
			if (fdt_get_path(blob, owner, path, sizeof(path)))
				continue;
			props++;
			for (delta = -1; delta <= 1; delta += 2) {
				int to = delta, len = 0;

				/* A range of lengths: cut to nothing instead. */
				if (is_varlen(t, pname)) {
					if (delta > 0)
						continue;
					fdt_getprop_by_offset(blob, off, NULL, &len);
					to = -len;
				}
				err = resized_copy(path, pname, to);
				if (err == NO_SUCH_LENGTH)
					continue;
				if (err == BLOB_REFUSED) {
					refused++;	/* refused, and more widely */
					continue;
				}
				if (err) {
					/* Never silently untested. */
					ktap_fail_at(__FILE__, __LINE__,
						     "%s: %s/%s: cannot make the resized copy",
						     t->compatible, path, pname);
					continue;
				}
				err = check_node(copy, t, why, sizeof(why));
				if (err == -EINVAL)
					refused++;
				else
					ktap_fail_at(__FILE__, __LINE__,
						     "%s: %s/%s %s: %s",
						     t->compatible, path, pname,
						     to != delta ? "cut to nothing" :
						     delta < 0 ? "shortened by one byte" :
						     "lengthened by one byte",
						     err ? why : "accepted");
			}
		}
	}
	printf("    # %u properties, %u resized copies refused\n", props, refused);
	EXPECT_TRUE(props > 0);
}

static void every_property_is_decoded(void)
{
	const struct kho_node_type *t;
	struct kho_emit e = { 0 };
	unsigned int props = 0;
	const char *name;
	const void *val;
	int off, owner, node, len;
	size_t i;

	e.f = fopen("/dev/null", "w");
	ASSERT_TRUE(e.f);
	for (i = 0; (t = kho_node_type_get(i)); i++) {
		if (!t->example || write_example(t))
			continue;
		if (!EXPECT_TRUE(t->show_prop)) {
			printf("    # %s has no decoder\n", t->compatible);
			continue;
		}
		node = kho_blob_subnode(blob, t->name);
		ASSERT_TRUE(node >= 0);
		for (off = next_prop(blob, node, -1, &owner); off >= 0;
		     off = next_prop(blob, node, off, &owner)) {
			val = fdt_getprop_by_offset(blob, off, &name, &len);
			if (!val || !strcmp(name, KHO_COMPATIBLE_PROP))
				continue;
			props++;
			if (!t->show_prop(&e, name, val, len))
				ktap_fail_at(__FILE__, __LINE__,
					     "%s: the decoder does not show %s",
					     t->compatible, name);
		}
		if (t->show_node)
			t->show_node(&e, blob, node);
	}
	fclose(e.f);
	EXPECT_TRUE(props > 0);
}

KTAP_SUITE(layouts,
	   KTAP_CASE(every_layout_has_a_valid_example),
	   KTAP_CASE(every_property_is_length_checked),
	   KTAP_CASE(every_property_is_decoded));
