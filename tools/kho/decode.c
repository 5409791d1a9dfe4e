// SPDX-License-Identifier: GPL-2.0
/*
 * The decoders kho-dump knows, one table entry per node compatible. To add
 * one (pci-v1, vfio-v1, ...): write its prop function from
 * the layout in include/linux/kho/abi/, add an emit_*() helper if a value
 * needs its own format (a PCI BDF as 0000:00:03.0, say), and add a line
 * to kho_decoders[].
 */
#include <string.h>

#include <linux/array_size.h>
#include <linux/kho/abi/intel-iommu.h>

#include "decode.h"

/* Fixed-size values in the CPU's byte order, read from unaligned bytes. */
static bool get_u64(const void *val, int len, u64 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

static bool get_u32(const void *val, int len, u32 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

/* kernel/kho/test.c: seed, checksum, bytes (u64) and generation (u32). */
static bool kho_test_prop(struct kho_emit *e, const char *name,
			  const void *val, int len)
{
	u64 v64;
	u32 v32;

	if ((!strcmp(name, "seed") || !strcmp(name, "checksum")) &&
	    get_u64(val, len, &v64)) {
		emit_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, "bytes") && get_u64(val, len, &v64)) {
		emit_size(e, name, v64);
		return true;
	}
	if (!strcmp(name, "generation") && get_u32(val, len, &v32)) {
		emit_u64(e, name, v32);
		return true;
	}
	return false;
}

/*
 * drivers/iommu/intel/kho.c: the intel-iommu node and its dmar@ and dev@
 * children, which have no compatible of their own and so use this one.
 */
static bool intel_iommu_prop(struct kho_emit *e, const char *name,
			     const void *val, int len)
{
	struct kho_vtd_unit unit;
	struct kho_vtd_dev dev;

	if (!strcmp(name, "unit") && len == sizeof(unit)) {
		memcpy(&unit, val, sizeof(unit));
		emit_hex64(e, "reg_base", unit.reg_base);
		emit_hex64(e, "root_table", unit.rtaddr);
		emit_hex64(e, "irta", unit.irta);
		emit_hex64(e, "cap", unit.cap);
		emit_hex64(e, "ecap", unit.ecap);
		emit_u64(e, "agaw", unit.agaw);
		emit_hex64(e, "flags", unit.flags);
		return true;
	}
	if (!strcmp(name, "irtes") && len % sizeof(u32) == 0) {
		emit_u64(e, "preserved_irtes", len / sizeof(u32));
		return true;
	}
	if (!strcmp(name, "dev") && len == sizeof(dev)) {
		memcpy(&dev, val, sizeof(dev));
		emit_bdf(e, "bdf", dev.sbdf);
		emit_u64(e, "domain_id", dev.domain_id);
		emit_u64(e, "agaw", dev.agaw);
		emit_hex64(e, "page_table", dev.pgd);
		emit_hex64(e, "context_lo", dev.context_lo);
		emit_hex64(e, "context_hi", dev.context_hi);
		return true;
	}
	if (!strcmp(name, "iova") && len % sizeof(struct kho_mem) == 0) {
		const struct kho_mem *r = val;
		u64 total = 0;
		int i;

		for (i = 0; i < len / (int)sizeof(*r); i++) {
			struct kho_mem m;

			memcpy(&m, &r[i], sizeof(m));
			total += m.len;
		}
		emit_u64(e, "iova_ranges", len / sizeof(*r));
		emit_size(e, "iova_mapped", total);
		return true;
	}
	return false;
}

static const struct kho_decoder kho_decoders[] = {
	{ "kho-test-v1", kho_test_prop },
	{ "intel-iommu-v1", intel_iommu_prop },
};

/**
 * kho_decoder_find() - the decoder for a node's compatible
 * @compatible: the node's compatible string
 *
 * Return: the decoder, or NULL for the generic listing.
 */
const struct kho_decoder *kho_decoder_find(const char *compatible)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kho_decoders); i++)
		if (!strcmp(compatible, kho_decoders[i].compatible))
			return &kho_decoders[i];
	return NULL;
}
