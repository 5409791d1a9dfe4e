/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared between the parts of the VT-d KHO serializer: kho_out.c (marking
 * and the dump), kho_in.c (checking and adopting the incoming state) and
 * kho_irq.c (interrupt remapping entries). Private to drivers/iommu/intel.
 */
#ifndef _INTEL_IOMMU_KHO_INTERNAL_H
#define _INTEL_IOMMU_KHO_INTERNAL_H

#include <linux/kho/intel-iommu.h>
#include <linux/pci.h>

#include "iommu.h"

static inline struct device_domain_info *vtd_kho_info(struct device *dev)
{
	return dev_iommu_priv_get(dev);
}

/* The node's device id: PCI segment << 16 | bus << 8 | devfn. */
static inline u32 vtd_kho_sbdf(u16 segment, u8 bus, u8 devfn)
{
	return (u32)segment << 16 | bus << 8 | devfn;
}

/* The requester IDs a device's DMA and MSIs carry besides its own. */
struct vtd_kho_aliases {
	struct pci_dev *dev;
	unsigned int n;
	u16 rid[4];
	bool unsupported;
};

int vtd_kho_aliases(struct pci_dev *pdev, struct vtd_kho_aliases *a);

/* Incoming: the decoded node, parsed and claimed once. */
struct vtd_kho_incoming {
	bool parsed;
	int err;
	struct kho_vtd_state st;
	const struct kho_mem *mem;
	size_t nmem;
	bool adopted[KHO_VTD_MAX_UNITS];
	bool refused[KHO_VTD_MAX_UNITS];
	/* set before anything is adopted: the unit's tables share a page */
	const char *tables_why[KHO_VTD_MAX_UNITS];
	struct intel_iommu *iommu[KHO_VTD_MAX_UNITS];
	bool ir_adopted[KHO_VTD_MAX_UNITS];
	bool consumed[KHO_VTD_MAX_UNITS][KHO_VTD_MAX_DEVS];
	bool dropped[KHO_VTD_MAX_UNITS][KHO_VTD_MAX_DEVS];
};

extern struct vtd_kho_incoming vtd_kho_in;

int vtd_kho_in_parse(void);
struct kho_vtd_in_unit *vtd_kho_in_unit(struct intel_iommu *iommu, unsigned int *index);

#endif /* _INTEL_IOMMU_KHO_INTERNAL_H */
