/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KHO version manifest as assembly, for the variable part of the
 * boot protocol's kernel_info (arch/x86/boot/compressed/kernel_info.S):
 * a struct kho_manifest_header and one struct kho_manifest_entry per line
 * of linux/kho/accept.h. Layout: include/linux/kho/abi/manifest.h.
 */
#ifndef _LINUX_KHO_MANIFEST_IMAGE_S
#define _LINUX_KHO_MANIFEST_IMAGE_S

#ifndef __ASSEMBLY__
#error "linux/kho/manifest-image.S is for assembly only"
#endif

#include <linux/kho/abi/manifest.h>

/* A string NUL padded to @size bytes; a longer one fails the build. */
.macro kho_manifest_str str:req, size:req
990:	.asciz	"\str"
	.org	990b + \size
.endm

.macro kho_manifest_entry name:req, compatible:req
	.set	kho_manifest_count, kho_manifest_count + 1
	kho_manifest_str \name, KHO_MANIFEST_NAME_LEN
	kho_manifest_str \compatible, KHO_MANIFEST_ENTRY_COMPAT_LEN
.endm

	.set	kho_manifest_count, 0
	.balign	4
kho_manifest:
	.long	KHO_MANIFEST_MAGIC
	.long	KHO_MANIFEST_HEADER_SIZE
	.long	KHO_MANIFEST_ENTRY_SIZE
	.long	(kho_manifest_end - kho_manifest_entries) / KHO_MANIFEST_ENTRY_SIZE
	kho_manifest_str KHO_MANIFEST_COMPATIBLE, KHO_MANIFEST_COMPAT_LEN
kho_manifest_entries:
#define KHO_ACCEPT(name, compatible) kho_manifest_entry name, compatible
#include <linux/kho/accept.h>
#undef KHO_ACCEPT
kho_manifest_end:
	.if kho_manifest_count > KHO_MANIFEST_MAX_ENTRIES
	.error "more accepted node compatibles than KHO_MANIFEST_MAX_ENTRIES"
	.endif

#endif /* _LINUX_KHO_MANIFEST_IMAGE_S */
