// SPDX-License-Identifier: GPL-2.0
/*
 * The node compatibles this kernel accepts, from the same list
 * (include/linux/kho/accept.h) the decompressor writes into this kernel's
 * image as its version manifest: the incoming version policy, the
 * multi-version node lookup and /sys/kernel/kho/manifest all read this
 * table, through the same portable code (kernel/kho/manifest.c) that
 * reads a target image's manifest at kexec load.
 */
#include <linux/array_size.h>
#include <linux/kho/accept.h>
#include <linux/kho/manifest.h>
#include <linux/sysfs.h>

#include "internal.h"

static const struct kho_manifest_entry kho_accept_table[] = {
#define KHO_ACCEPT(n, c) { .name = n, .compatible = c },
#include <linux/kho/accept.h>
#undef KHO_ACCEPT
};
static_assert(ARRAY_SIZE(kho_accept_table) <= KHO_MANIFEST_MAX_ENTRIES);

const struct kho_manifest kho_self_manifest = {
	.entries = kho_accept_table,
	.count = ARRAY_SIZE(kho_accept_table),
};

/**
 * kho_self_manifest_show() - this kernel's accepted list, for sysfs
 * @buf: the sysfs page
 *
 * Return: bytes written: one "node compatible" line per accepted pair,
 * the root as "/".
 */
ssize_t kho_self_manifest_show(char *buf)
{
	ssize_t len = 0;
	u32 i;

	for (i = 0; i < kho_self_manifest.count; i++)
		len += sysfs_emit_at(buf, len, "%s %s\n",
				     kho_self_manifest.entries[i].name,
				     kho_self_manifest.entries[i].compatible);
	return len;
}
