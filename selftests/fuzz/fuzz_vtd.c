// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the Intel VT-d node parser
 * (drivers/iommu/intel/kho_node.c), behind the blob checker as in the
 * kernel: whatever the bytes, no read outside them, and what it accepts
 * is consistent.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>
#include <linux/kho/intel-iommu.h>

/* The unit QEMU's intel-iommu shows in the test VM. */
static const struct kho_vtd_hw_unit hw[] = {
	{ .reg_base = 0xfed90000, .cap = 0xd2008c22260206ULL, .ecap = 0xf00f4a },
};

static struct kho_vtd_state st;

/* Static: struct kho_blob_mem is a few KiB. */
static struct fuzz_input in;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_report rep;
	char line[160];
	unsigned int u, d;
	void *fdt;
	int node;

	fdt = fuzz_node_input(&in, data, size, KHO_VTD_NODE, &node);
	if (!fdt) {
		fuzz_input_free(&in);
		return 0;
	}
	if (kho_vtd_parse(fdt, node, hw, 1, &st, &rep)) {
		kho_report_describe(line, sizeof(line), fdt, &rep);
		goto out;
	}
	/*
	 * Accepted: every device's domain id is in range, its IOVAs readable;
	 * a non-alias record owns itself; an alias record has no IOVAs, and
	 * its owner is a non-alias record of the same unit with the same
	 * domain, page table and PARKED flag.
	 */
	for (u = 0; u < st.nunits; u++)
		for (d = 0; d < st.units[u].ndevs; d++) {
			const struct kho_vtd_in_dev *dev = &st.units[u].devs[d];
			const struct kho_vtd_dev *o = NULL;
			size_t i;

			if (!dev->dev.domain_id ||
			    dev->dev.domain_id >= kho_vtd_ndoms(hw[0].cap))
				abort();
			for (i = 0; i < dev->niova; i++)
				if (!dev->iova[i].len)
					abort();
			if (!(dev->dev.flags & KHO_VTD_DEV_ALIAS)) {
				if (dev->dev.owner_sbdf != dev->dev.sbdf)
					abort();
				continue;
			}
			for (i = 0; i < st.units[u].ndevs; i++)
				if (st.units[u].devs[i].dev.sbdf == dev->dev.owner_sbdf)
					o = &st.units[u].devs[i].dev;
			if (dev->iova || dev->niova || !o ||
			    (o->flags & KHO_VTD_DEV_ALIAS) || o == &dev->dev ||
			    o->domain_id != dev->dev.domain_id ||
			    o->pgd != dev->dev.pgd ||
			    (o->flags ^ dev->dev.flags) & KHO_VTD_DEV_PARKED)
				abort();
		}
out:
	fuzz_check_nodes(fdt);
	fuzz_input_free(&in);
	return 0;
}
