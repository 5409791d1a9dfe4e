// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for any registered node layout (a KHO_NODE() entry of
 * include/linux/kho/accept.h), chosen at start by KHO_FUZZ_NODE=<its
 * compatible>; run-fuzzers.sh runs it once per layout gen_corpus lists,
 * seeded with each layout's example writer. Behind the blob and map
 * checks as in the kernel, it runs the layout's check, the blob-wide node
 * check with its oracles, and kho-dump's decoder for the layout over
 * every property of the node (the decoder also reads hostile bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include "emit.h"
#include <linux/kho/nodes.h>

static const struct kho_node_type *type;
static struct kho_emit out;
/* Static: struct kho_blob_mem is a few KiB. */
static struct fuzz_input in;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *compat = getenv("KHO_FUZZ_NODE");
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; compat && kho_node_type_get(i); i++)
		if (!strcmp(kho_node_type_get(i)->compatible, compat))
			type = kho_node_type_get(i);
	if (!type) {
		fprintf(stderr, "fuzz_node: KHO_FUZZ_NODE=%s is not in the node table\n",
			compat ?: "(unset)");
		exit(2);
	}
	out.f = fopen("/dev/null", "w");
	if (!out.f)
		exit(2);
	return 0;
}

/* The decoder over the node and its children, as kho-dump runs it. */
static void show(const void *fdt, int node)
{
	int off, sub, depth = 0;
	const char *name;
	const void *val;
	int len;

	for (sub = node; sub >= 0 && (sub == node || depth > 0);
	     sub = fdt_next_node(fdt, sub, &depth)) {
		fdt_for_each_property_offset(off, fdt, sub) {
			val = fdt_getprop_by_offset(fdt, off, &name, &len);
			if (!val)
				abort();
			if (type->show_prop)
				type->show_prop(&out, name, val, len);
		}
	}
	if (type->show_node)
		type->show_node(&out, fdt, node);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_claims cl = { };
	char why[192];
	void *fdt, *state;
	int node, err;

	fdt = fuzz_node_input(&in, data, size, type->name, &node);
	if (!fdt || kho_node_type_find(fdt, node) != type)
		goto out;
	cl.cap = kho_nodes_claims_bound(fdt);
	cl.c = calloc(cl.cap, sizeof(*cl.c));
	state = malloc(kho_nodes_state_size());
	if (!cl.c || !state)
		abort();
	why[0] = 0;
	err = kho_node_check(fdt, node, state, &cl, why, sizeof(why));
	/* Refused with a reason, or accepted within the claims' room. */
	if ((err && (err != -EINVAL || !why[0])) || cl.n > cl.cap)
		abort();
	free(state);
	free(cl.c);
	show(fdt, node);
	fuzz_check_nodes(fdt);
out:
	fuzz_input_free(&in);
	return 0;
}
