/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Marking devices whose Intel VT-d DMA translation survives the next KHO
 * kexec (drivers/iommu/intel/kho_{out,in,irq}.c). Kernel only.
 */
#ifndef _LINUX_KHO_INTEL_IOMMU_MARK_H
#define _LINUX_KHO_INTEL_IOMMU_MARK_H

#include <linux/errno.h>
#include <linux/types.h>

struct device;

#ifdef CONFIG_INTEL_IOMMU_KHO
/* Keep a device's DMA translation alive across the next KHO kexec. */
int intel_iommu_kho_preserve(struct device *dev);
int intel_iommu_kho_park(struct device *dev);
void intel_iommu_kho_unpreserve(struct device *dev);
int intel_iommu_kho_unpark(struct device *dev);
int intel_iommu_kho_joined(struct device *dev);
phys_addr_t intel_iommu_kho_parked_lookup(struct device *dev, u64 iova);
u64 intel_iommu_kho_parked_mapped(struct device *dev);
int intel_ir_kho_stage(struct device *dev, u32 msi_index, u32 irte);
#else
static inline int intel_iommu_kho_preserve(struct device *dev)
{
	return -EOPNOTSUPP;
}

static inline int intel_iommu_kho_park(struct device *dev)
{
	return -EOPNOTSUPP;
}

static inline void intel_iommu_kho_unpreserve(struct device *dev) { }

static inline int intel_iommu_kho_unpark(struct device *dev)
{
	return -ENOENT;
}

static inline int intel_iommu_kho_joined(struct device *dev)
{
	return -EIO;
}

static inline phys_addr_t intel_iommu_kho_parked_lookup(struct device *dev, u64 iova)
{
	return 0;
}

static inline u64 intel_iommu_kho_parked_mapped(struct device *dev)
{
	return 0;
}

static inline int intel_ir_kho_stage(struct device *dev, u32 msi_index, u32 irte)
{
	return -EINVAL;
}
#endif

#endif /* _LINUX_KHO_INTEL_IOMMU_MARK_H */
