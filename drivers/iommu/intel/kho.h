/* SPDX-License-Identifier: GPL-2.0 */
/* Hooks from the VT-d driver into its KHO serializer (kho_{out,in,irq}.c). */
#ifndef _INTEL_IOMMU_KHO_H
#define _INTEL_IOMMU_KHO_H

#include <linux/list.h>

struct device;
struct dmar_domain;
struct intel_iommu;
struct irq_alloc_info;

#ifdef CONFIG_INTEL_IOMMU_KHO
bool intel_iommu_kho_keep_on(struct intel_iommu *iommu);
int intel_iommu_kho_adopt(struct intel_iommu *iommu);
int intel_iommu_kho_attach(struct dmar_domain *domain, struct device *dev);
bool intel_iommu_kho_frozen(struct dmar_domain *domain);
void intel_iommu_kho_unmap_frozen(struct dmar_domain *domain);
void intel_iommu_kho_refuse_all(void);
bool intel_iommu_kho_parked(struct device *dev);
void intel_iommu_kho_resv_regions(struct device *dev, struct list_head *head);
int intel_ir_kho_adopt(struct intel_iommu *iommu, int eim);
int intel_ir_kho_claim_irte(struct intel_iommu *iommu, struct irq_alloc_info *info,
			    unsigned int nr_irqs);
#else
static inline bool intel_iommu_kho_keep_on(struct intel_iommu *iommu)
{
	return false;
}

static inline int intel_iommu_kho_adopt(struct intel_iommu *iommu)
{
	return -ENOENT;
}

static inline int intel_iommu_kho_attach(struct dmar_domain *domain,
					 struct device *dev)
{
	return 0;
}

static inline bool intel_iommu_kho_frozen(struct dmar_domain *domain)
{
	return false;
}

static inline void intel_iommu_kho_unmap_frozen(struct dmar_domain *domain) { }
static inline void intel_iommu_kho_refuse_all(void) { }

static inline bool intel_iommu_kho_parked(struct device *dev)
{
	return false;
}

static inline void intel_iommu_kho_resv_regions(struct device *dev,
						struct list_head *head) { }

static inline int intel_ir_kho_adopt(struct intel_iommu *iommu, int eim)
{
	return -ENOENT;
}

static inline int intel_ir_kho_claim_irte(struct intel_iommu *iommu,
					  struct irq_alloc_info *info,
					  unsigned int nr_irqs)
{
	return -ENOENT;
}
#endif

#endif /* _INTEL_IOMMU_KHO_H */
