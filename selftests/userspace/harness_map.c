// SPDX-License-Identifier: GPL-2.0
/* See harness_map.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness_map.h"
#include "mapfile.h"

struct kho_map_builder hb = { .grow = kho_mapfile_grow, .cur = -1 };
struct kho_map_report harness_map_rep;

static struct kho_mapfile_out harness_out;
static struct kho_mapfile harness_mf;
static struct kho_blob_mem harness_mem;
static struct kho_mem *harness_runs;

static void harness_release(void)
{
	kho_blob_mem_detach(&harness_mem);
	free(harness_runs);
	harness_runs = NULL;
	kho_mapfile_free(&harness_mf);
	free(harness_out.img);
	harness_out.img = NULL;
}

/*
 * Encode the shared builder's ranges (the blob begun last), point
 * @fdt's mem-map at them, check blob and map as the incoming kernel
 * does, attach. Return: 0, or -EINVAL with rep->why.err set when the
 * blob is refused, harness_map_rep.why.err set when the map is.
 */
int harness_blob_check(void *fdt, size_t size, const struct kho_mem *ram,
		       size_t nram, const struct kho_mem *forbidden,
		       size_t nforbidden, struct kho_blob_report *rep)
{
	struct kho_blob_report local;
	int err, blob_err;

	if (!rep)
		rep = &local;
	harness_release();
	memset(&harness_map_rep, 0, sizeof(harness_map_rep));
	err = kho_mapfile_encode(&hb, NULL, HARNESS_MAP_BASE, 0,
				 KHO_MAPFILE_CHUNK, &harness_out);
	if (!err)
		err = kho_mapfile_index(&harness_mf, harness_out.img,
					harness_out.len);
	if (err) {
		harness_map_rep = harness_out.rep;
		memset(rep, 0, sizeof(*rep));
		return err;
	}
	/* A hand-made blob may lack mem-map: kho_blob_check() says so. */
	if (size >= 40)
		kho_blob_set_map(fdt, &harness_out.ref);
	blob_err = kho_blob_check(fdt, size, rep);
	/*
	 * A blob refused after its structure passed (two nodes of one name,
	 * say) still gets its map attached: the node tests parse such blobs
	 * anyway, to test the parser's own check behind the blob's.
	 */
	if (blob_err && !rep->walkable)
		return blob_err;
	err = kho_map_check(fdt, &harness_mf.src, ram, nram, forbidden,
			    nforbidden, 0, &harness_map_rep);
	if (err)
		return blob_err ?: err;
	harness_runs = calloc(harness_map_rep.runs + 1, sizeof(*harness_runs));
	if (!harness_runs)
		return -ENOMEM;
	err = kho_blob_mem_attach(&harness_mem, fdt, &harness_mf.src,
				  harness_runs, harness_map_rep.runs);
	return blob_err ?: err;
}
