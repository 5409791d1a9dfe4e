// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in part of the VFIO KHO serializer, next to the node checker
 * (kho_node.c). The serializer itself is linked into vfio-pci-core;
 * vfio.ko and vfio_iommu_type1.ko call it through the table it sets here
 * when it initializes (struct vfio_kho_hooks in kho.h), so VFIO can be
 * built as modules without a dependency loop.
 */
#define pr_fmt(fmt) "vfio: KHO: " fmt

#include <linux/bug.h>
#include <linux/cache.h>
#include <linux/export.h>
#include <linux/printk.h>

#include "kho.h"

const struct vfio_kho_hooks *vfio_kho_hooks __read_mostly;
EXPORT_SYMBOL_GPL(vfio_kho_hooks);

/**
 * vfio_kho_set_hooks() - install the serializer's hooks
 * @hooks: its table, static; set once and never removed (vfio-pci-core
 *	pins itself when built as a module)
 */
void vfio_kho_set_hooks(const struct vfio_kho_hooks *hooks)
{
	if (WARN_ON_ONCE(READ_ONCE(vfio_kho_hooks)))
		return;
	WRITE_ONCE(vfio_kho_hooks, hooks);
}
EXPORT_SYMBOL_GPL(vfio_kho_set_hooks);
