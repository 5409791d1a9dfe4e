/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' way of finishing a blob as the kernel does: every test
 * blob is begun with the shared builder (kho_blob_begin(buf, size, &hb)),
 * and harness_blob_check() encodes what the nodes preserved into a map
 * (tools/kho/mapfile.h, chunks at %HARNESS_MAP_BASE), links it from
 * mem-map, runs kho_blob_check() and kho_map_check() and attaches the map
 * so that kho_blob_node_mem() answers for the blob. Harness only; the
 * fuzzers, the tools and their generators use mapfile.h directly.
 */
#ifndef _KHO_HARNESS_MAP_H
#define _KHO_HARNESS_MAP_H

#include <linux/kho/blob.h>
#include <linux/kho/map.h>

/* Fake physical address of the first map chunk: 15 MiB, 64 KiB apart. */
#define HARNESS_MAP_BASE	0xf00000ULL

extern struct kho_map_builder hb;
extern struct kho_map_report harness_map_rep;

int harness_blob_check(void *fdt, size_t size, const struct kho_mem *ram,
		       size_t nram, const struct kho_mem *forbidden,
		       size_t nforbidden, struct kho_blob_report *rep);

#endif
