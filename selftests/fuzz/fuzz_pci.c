// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PCI node parser (drivers/pci/kho_node.c),
 * behind the blob checker as in the kernel: whatever the bytes, no read
 * outside them, and what it accepts keeps the promises of abi/pci.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include "fuzz_input.h"
#include <linux/kho/blob.h>
#include <linux/kho/pci.h>

static struct kho_pci_state st;

static void check_accepted(void)
{
	unsigned int i, j;

	for (i = 0; i < st.ndevs; i++) {
		const struct kho_pci_in_dev *d = &st.devs[i];
		bool bridge = d->dev.flags == KHO_PCI_DEV_BRIDGE;

		if (i && d->dev.sbdf <= st.devs[i - 1].dev.sbdf)
			abort();
		if (kho_pci_find(&st, d->dev.sbdf) != d)
			abort();
		if (d->nres > KHO_PCI_MAX_RES)
			abort();
		for (j = 0; j < d->nres; j++)
			if (!d->res[j].size ||
			    d->res[j].start + d->res[j].size < d->res[j].start)
				abort();
		if (bridge ? d->driver[0] || d->bus.secondary <= d->bus.primary :
		    !d->driver[0] || memchr(d->driver, 0, KHO_PCI_MAX_DRIVER) == NULL)
			abort();
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

	fdt = fuzz_node_input(&in, data, size, KHO_PCI_NODE, &node);
	if (!fdt) {
		fuzz_input_free(&in);
		return 0;
	}
	if (kho_pci_parse(fdt, node, &st, &rep)) {
		if (rep.err == KHO_PCI_OK)
			abort();
		kho_report_describe(line, sizeof(line), fdt, &rep);
		goto out;
	}
	check_accepted();
out:
	fuzz_check_nodes(fdt);
	fuzz_input_free(&in);
	return 0;
}
