/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHO_META_H
#define _LINUX_KHO_ABI_KHO_META_H

#include <linux/types.h>

/**
 * DOC: KHO handover metadata node (kho-meta-v1)
 *
 * Node ``kho-meta``, ``compatible = "kho-meta-v1"``, written by every
 * kernel built with CONFIG_KEXEC_HANDOVER_META: which kernel handed over,
 * when, and how many live updates this host has done. Integers are in the
 * CPU's native byte order (little endian on x86-64), fixed width.
 *
 * - ``release``: string, 2 to %KHO_META_RELEASE_LEN bytes with its NUL,
 *   no other NUL: ``uname -r`` of the kernel that wrote the node.
 * - ``build-id``: 1 to %KHO_META_BUILD_ID_MAX bytes: that kernel's GNU
 *   build id (its vmlinux's ``.note.gnu.build-id``).
 * - ``generation``: u64, 1 to U64_MAX - 1: the live-update generation of the
 *   kernel that *reads* the node. 1 when the writer was cold-booted (it
 *   received no valid kho-meta node), the generation the writer received
 *   plus one otherwise.
 * - ``handover-time-ns``: u64: the writer's CLOCK_REALTIME, and
 * - ``uptime-ns``: u64: the writer's CLOCK_BOOTTIME, both in nanoseconds.
 *   Both are stamped when the blob is built (``echo 1 >
 *   /sys/kernel/kho/active``) and stamped again, in place, when ``kexec
 *   -e`` of an image carrying the blob shuts the writer down (its reboot
 *   notifier). A node read from ``/sys/kernel/kho/dt`` before the kexec
 *   shows the first instant; the next kernel sees the second.
 * - ``history``: u64: physical address of one 4 KiB page, page aligned,
 *   inside the node's own preserved memory (the node preserves exactly
 *   that page). It holds up to %KHO_META_HISTORY_MAX struct
 *   kho_meta_record, oldest first, one per kernel that handed over: each
 *   kernel appends its own record (the writer's is last), dropping the
 *   oldest when the page is full.
 * - ``history-count``: u32, at most %KHO_META_HISTORY_MAX: valid records
 *   at the start of the page; the rest of the page is undefined.
 *
 * Record generations are strictly increasing and below ``generation``.
 * The history page is reused: the next kernel claims it, appends its
 * record and preserves the same page again.
 */

#define KHO_META_NAME		"kho-meta"
#define KHO_META_COMPATIBLE	"kho-meta-v1"

#define KHO_META_RELEASE_PROP	"release"
#define KHO_META_BUILD_ID_PROP	"build-id"
#define KHO_META_GENERATION_PROP "generation"
#define KHO_META_TIME_PROP	"handover-time-ns"
#define KHO_META_UPTIME_PROP	"uptime-ns"
#define KHO_META_HISTORY_PROP	"history"
#define KHO_META_COUNT_PROP	"history-count"

/* uname -r with its NUL: struct new_utsname's release field. */
#define KHO_META_RELEASE_LEN	65
/* A SHA-1 build id, the longest the kernel parses (BUILD_ID_SIZE_MAX). */
#define KHO_META_BUILD_ID_MAX	20
#define KHO_META_HISTORY_SIZE	4096

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__
#include <linux/build_bug.h>

/**
 * struct kho_meta_record - one handover in the history page
 * @generation: the live-update generation the writing kernel ran at (0:
 *	it was cold-booted), one less than the generation of the node it
 *	wrote
 * @handover_time_ns: its CLOCK_REALTIME at the handover, as in the node
 * @uptime_ns: its CLOCK_BOOTTIME at the handover, as in the node
 * @release: its ``uname -r``, NUL-terminated inside the field
 * @reserved: zero
 */
struct kho_meta_record {
	__u64 generation;
	__u64 handover_time_ns;
	__u64 uptime_ns;
	char release[KHO_META_RELEASE_LEN];
	__u8 reserved[7];
};

static_assert(sizeof(struct kho_meta_record) == 96);

#define KHO_META_HISTORY_MAX	\
	(KHO_META_HISTORY_SIZE / sizeof(struct kho_meta_record))

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_KHO_META_H */
