// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of the portable KHO code (ranges.c, report.c, blob.c), which
 * also builds in userspace and so carries no EXPORT_SYMBOL of its own.
 * Only what a serializer built as a module calls is listed (today the
 * VFIO serializer in vfio-pci-core).
 */
#include <linux/export.h>
#include <linux/kho/blob.h>
#include <linux/kho/err.h>
#include <linux/kho/ranges.h>

EXPORT_SYMBOL_GPL(kho_ranges_merge);
EXPORT_SYMBOL_GPL(kho_ranges_total);
EXPORT_SYMBOL_GPL(kho_report_describe);
EXPORT_SYMBOL_GPL(kho_node_begin);
EXPORT_SYMBOL_GPL(kho_node_end);
EXPORT_SYMBOL_GPL(kho_node_add_mem);
