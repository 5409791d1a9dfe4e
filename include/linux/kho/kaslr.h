/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Physical KASLR under a KHO handover: the decompressor of the next kernel
 * (arch/x86/boot/compressed/kaslr.c) must not put the kernel on memory the
 * old kernel preserved. The old kernel placed every kexec segment inside
 * its scratch range, which holds no preserved memory, and reported that
 * range in the KHO setup_data entry; the decompressor chooses its random
 * physical address only inside that range.
 *
 * Included by the decompressor, which has no kernel library: everything
 * here is static inline and only reads the setup_data chain.
 */
#ifndef _LINUX_KHO_KASLR_H
#define _LINUX_KHO_KASLR_H

#include <linux/types.h>
#include <asm/bootparam.h>
#include <linux/kho/abi/kho.h>

/*
 * Entries walked before giving up; a longer chain (a loop, say) leaves
 * the window empty, which keeps the kernel where the loader put it.
 */
#define KHO_KASLR_MAX_SETUP_DATA	64

/**
 * struct kho_kaslr_window - where the decompressor may place the kernel
 * @handover: a KHO entry was found (or the chain could not be walked)
 * @start: first byte of the old kernel's scratch range
 * @end: one past its last byte; @start == @end: nowhere (no random slot)
 */
struct kho_kaslr_window {
	bool handover;
	u64 start;
	u64 end;
};

/**
 * kho_kaslr_window_init() - find the old kernel's scratch range
 * @bp: the boot parameters the decompressor was passed
 * @w: filled in
 *
 * Without a KHO entry @w allows everything. An entry that is too short
 * or whose range wraps, a second entry, or a chain longer than
 * %KHO_KASLR_MAX_SETUP_DATA leaves @w empty: no random slot is chosen and
 * the kernel is decompressed where the loader put it (inside scratch).
 */
static inline void kho_kaslr_window_init(const struct boot_params *bp,
					 struct kho_kaslr_window *w)
{
	const struct setup_data *sd;
	const struct kho_setup_data *k;
	unsigned int n;

	w->handover = false;
	w->start = 0;
	w->end = 0;
	sd = (const struct setup_data *)(unsigned long)bp->hdr.setup_data;
	for (n = 0; sd; n++) {
		if (n == KHO_KASLR_MAX_SETUP_DATA) {
			w->handover = true;
			w->start = 0;
			w->end = 0;
			return;
		}
		if (sd->type == KHO_SETUP_DATA_TYPE) {
			if (w->handover) {
				w->start = 0;
				w->end = 0;
			} else {
				k = (const struct kho_setup_data *)sd->data;
				w->handover = true;
				if (sd->len >= sizeof(*k) &&
				    k->scratch_addr + k->scratch_size > k->scratch_addr) {
					w->start = k->scratch_addr;
					w->end = k->scratch_addr + k->scratch_size;
				}
			}
		}
		sd = (const struct setup_data *)(unsigned long)sd->next;
	}
}

/**
 * kho_kaslr_clip() - narrow a candidate memory range to the window
 * @w: the window from kho_kaslr_window_init()
 * @start: first byte of the range, raised to the window's start
 * @end: one past the range's last byte, lowered to the window's end
 *
 * Return: false if nothing of the range is left.
 */
static inline bool kho_kaslr_clip(const struct kho_kaslr_window *w,
				  u64 *start, u64 *end)
{
	if (!w->handover)
		return true;
	if (*start < w->start)
		*start = w->start;
	if (*end > w->end)
		*end = w->end;
	return *start < *end;
}

/**
 * kho_kaslr_inside() - does a placement lie inside the window
 * @w: the window from kho_kaslr_window_init()
 * @start: physical start of the decompressed kernel
 * @size: bytes it needs
 *
 * Return: true without a handover, or if [@start, @start + @size) lies
 * inside the old kernel's scratch range.
 */
static inline bool kho_kaslr_inside(const struct kho_kaslr_window *w,
				    u64 start, u64 size)
{
	return !w->handover ||
	       (start >= w->start && start + size >= start &&
		start + size <= w->end);
}

#endif /* _LINUX_KHO_KASLR_H */
