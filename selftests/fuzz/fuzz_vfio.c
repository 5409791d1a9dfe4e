// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the VFIO node parser (drivers/vfio/kho/kho_node.c),
 * behind the blob checker as in the kernel: whatever the bytes, no read
 * outside them, and what it accepts keeps the promises of abi/vfio.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>
#include <linux/kho/vfio.h>
#include <linux/kho/abi/khofs.h>

static struct kho_vfio_state st;

static void check_accepted(const void *fdt)
{
	unsigned int c, i;
	size_t j;

	for (c = 0; c < st.ncontainers; c++) {
		const struct kho_vfio_in_container *k = &st.containers[c];
		size_t nborrowed = 0;
		u32 ndma = 0;

		for (j = 0; j < k->nmaps; j++) {
			struct kho_vfio_map m;

			memcpy(&m, &k->maps[j], sizeof(m));
			if (!m.len || (m.iova | m.phys | m.len) & 0xfff ||
			    (m.flags & ~KHO_VFIO_MAP_KHOFS))
				abort();
			/* Borrowed: the lender exists and is the khofs node. */
			if (m.flags & KHO_VFIO_MAP_KHOFS) {
				const char *name;

				if (st.lender <= 0 ||
				    fdt_parent_offset(fdt, st.lender) != 0)
					abort();
				name = fdt_get_name(fdt, st.lender, NULL);
				if (!name || strcmp(name, KHOFS_NODE))
					abort();
				nborrowed++;
			} else if (!kho_ranges_contain(st.mem, st.nmem, m.phys, m.len)) {
				abort();
			}
			ndma = m.dma + 1;
		}
		if (ndma != k->ndma || ndma > k->nmaps || nborrowed != k->nborrowed)
			abort();
	}
	for (i = 0; i < st.ndevs; i++) {
		const struct kho_vfio_in_dev *d = &st.devs[i];

		if (i && d->dev.sbdf <= st.devs[i - 1].dev.sbdf)
			abort();
		if (kho_vfio_find(&st, d->dev.sbdf) != d)
			abort();
		if (d->dev.container >= st.ncontainers ||
		    d->nvectors > KHO_VFIO_MAX_VECTORS ||
		    (d->nvectors && d->dev.irq_type == KHO_VFIO_IRQ_NONE))
			abort();
		for (j = 0; j < d->nvectors; j++) {
			struct kho_vfio_vector v;

			memcpy(&v, &d->vectors[j], sizeof(v));
			if (v.index >= 2048)
				abort();
		}
	}
}

/* Static: struct kho_blob_mem is a few KiB. */
static struct fuzz_input in;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_report rep;
	char line[160];
	void *fdt;
	int node;

	fdt = fuzz_node_input(&in, data, size, KHO_VFIO_NODE, &node);
	if (!fdt) {
		fuzz_input_free(&in);
		return 0;
	}
	if (kho_vfio_parse(fdt, node, &st, &rep)) {
		if (rep.err == KHO_VFIO_OK)
			abort();
		kho_report_describe(line, sizeof(line), fdt, &rep);
		goto out;
	}
	check_accepted(fdt);
out:
	fuzz_check_nodes(fdt);
	fuzz_input_free(&in);
	return 0;
}
