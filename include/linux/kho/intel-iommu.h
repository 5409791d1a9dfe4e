/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoding and checking the Intel VT-d KHO node (abi/intel-iommu.h).
 * Portable: the userspace harness and the fuzzer compile the code in
 * drivers/iommu/intel/kho_node.c as it is.
 */
#ifndef _LINUX_KHO_INTEL_IOMMU_H
#define _LINUX_KHO_INTEL_IOMMU_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/err.h>

#define KHO_VTD_MAX_UNITS	8
#define KHO_VTD_MAX_DEVS	128	/* per unit, alias records included */

/**
 * struct kho_vtd_hw_unit - a remapping unit as the incoming kernel finds it
 * @reg_base: physical base of its registers
 * @cap: its capability register
 * @ecap: its extended capability register
 */
struct kho_vtd_hw_unit {
	u64 reg_base;
	u64 cap;
	u64 ecap;
};

/**
 * struct kho_vtd_in_dev - a preserved device, decoded
 * @dev: the dev property
 * @iova: its mapped IOVA ranges, read in place from the blob; NULL for
 *	an alias record (its owner's record has them)
 * @niova: number of IOVA ranges
 */
struct kho_vtd_in_dev {
	struct kho_vtd_dev dev;
	const struct kho_mem *iova;
	size_t niova;
};

/**
 * struct kho_vtd_in_unit - a preserved remapping unit, decoded
 * @unit: the unit property
 * @irtes: indices of preserved interrupt remapping entries, in place
 * @nirtes: number of them
 * @ndevs: number of entries in @devs
 * @devs: the preserved devices behind the unit
 */
struct kho_vtd_in_unit {
	struct kho_vtd_unit unit;
	const u32 *irtes;
	size_t nirtes;
	unsigned int ndevs;
	struct kho_vtd_in_dev devs[KHO_VTD_MAX_DEVS];
};

/**
 * struct kho_vtd_state - everything the intel-iommu node describes
 * @nunits: number of entries in @units
 * @units: the units
 */
struct kho_vtd_state {
	unsigned int nunits;
	struct kho_vtd_in_unit units[KHO_VTD_MAX_UNITS];
};

/*
 * Why kho_vtd_parse() refused the node; the report names the unit
 * (register base) and the device (sbdf) when there are ones.
 */
#define KHO_VTD_ERRORS(X) (						\
	X(KHO_VTD_OK,		"ok")					\
	X(KHO_VTD_BAD_STRUCTURE, "unexpected node")			\
	X(KHO_VTD_BAD_PROP_LEN,	"property missing or of the wrong length") \
	X(KHO_VTD_TOO_MANY,	"too many units or devices")		\
	X(KHO_VTD_UNKNOWN_UNIT,	"no such remapping unit here")		\
	X(KHO_VTD_DUP_UNIT,	"unit listed twice")			\
	X(KHO_VTD_CAP_MISMATCH,	"capabilities differ from the hardware") \
	X(KHO_VTD_SCALABLE_MODE, "not legacy-mode translation")		\
	X(KHO_VTD_BAD_AGAW,	"address width not supported")		\
	X(KHO_VTD_BAD_FLAGS,	"unknown flags")			\
	X(KHO_VTD_ROOT_NOT_PRESERVED, "root table not in preserved memory") \
	X(KHO_VTD_IRT_NOT_PRESERVED,					\
	  "interrupt remapping table not in preserved memory")		\
	X(KHO_VTD_BAD_IRTE,	"bad interrupt remapping entry list")	\
	X(KHO_VTD_BAD_DEV,	"unsupported translation type or width") \
	X(KHO_VTD_CONTEXT_MISMATCH, "context entry disagrees with the device") \
	X(KHO_VTD_BAD_DOMAIN_ID, "domain id out of range")		\
	X(KHO_VTD_DOMAIN_CONFLICT, "domain id shared by different page tables") \
	X(KHO_VTD_PGD_NOT_PRESERVED, "page-table root not in preserved memory") \
	X(KHO_VTD_DUP_DEV,	"device listed twice")			\
	X(KHO_VTD_BAD_IOVA,	"bad IOVA range list")			\
	X(KHO_VTD_BAD_OWNER,						\
	  "owner_sbdf of a non-alias record is not its sbdf")		\
	X(KHO_VTD_BAD_ALIAS,						\
	  "alias record with iova, or without a matching owner record on the unit") \
)

enum kho_vtd_err { KHO_ERR_CODES(KHO_VTD_ERRORS) };
extern const struct kho_errors kho_vtd_errors;

/* VT-d register fields the checks need */
unsigned int kho_vtd_agaw_width(u32 agaw);
u32 kho_vtd_ndoms(u64 cap);
u32 kho_vtd_irt_entries(u64 irta);

int kho_vtd_parse(const void *fdt, int node, const struct kho_vtd_hw_unit *hw,
		  size_t nhw, struct kho_vtd_state *st, struct kho_report *rep);

int kho_vtd_unit_begin(void *fdt, const struct kho_vtd_unit *unit,
		       const u32 *irtes, size_t nirtes);
int kho_vtd_dev_add(void *fdt, const struct kho_vtd_dev *dev,
		    const struct kho_mem *iova, size_t niova);
int kho_vtd_unit_end(void *fdt);

#endif /* _LINUX_KHO_INTEL_IOMMU_H */
