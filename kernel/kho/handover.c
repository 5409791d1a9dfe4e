// SPDX-License-Identifier: GPL-2.0
/*
 * KHO handover on x86: the scratch range (kho_scratch=SIZE), placing kexec
 * segments inside it, and the setup_data entry that tells the next kernel
 * where the blob is.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cma.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
#include <linux/kho.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/sizes.h>
#include <asm/bootparam.h>
#include <asm/setup.h>

#include "internal.h"

static_assert(KHO_SETUP_DATA_TYPE == SETUP_KEXEC_KHO);

struct kho_mem kho_scratch;
static phys_addr_t kho_scratch_request __initdata;

/*
 * kho_scratch=SIZE: a contiguous range the running kernel fills only with
 * movable pages (it is a CMA area), so nothing it preserves can be there.
 * kexec segments are placed inside it while KHO is active; whatever the
 * old kernel had there is simply overwritten when the new kernel starts.
 */
static int __init kho_scratch_param(char *p)
{
	kho_scratch_request = memparse(p, &p);
	return 0;
}
early_param("kho_scratch", kho_scratch_param);

/*
 * Below 4 GiB when there is room: the next kernel serves every early
 * allocation from this range, low ones (swiotlb) included.
 */
static int __init kho_declare_scratch(struct cma **cma)
{
	phys_addr_t size = ALIGN(kho_scratch_request, SZ_2M);
	int err;

	err = cma_declare_contiguous(0, size, SZ_4G, SZ_2M, 0, false,
				     "kho_scratch", cma);
	if (!err)
		return 0;
	err = cma_declare_contiguous(0, size, 0, SZ_2M, 0, false,
				     "kho_scratch", cma);
	if (!err)
		pr_warn("no room for scratch below 4 GiB: the next kernel's low allocations (swiotlb) will fail\n");
	return err;
}

/**
 * kho_reserve_scratch() - set aside the scratch range at boot
 *
 * Called from setup_arch() next to the other CMA reservations, and again
 * from kho_memory_init(). While an incoming map is not consumed yet,
 * every memblock allocation is confined to the old kernel's scratch, which
 * has no room for a second scratch area: the reservation waits until the
 * preserved memory is reserved, so scratch cannot land on it either.
 */
void __init kho_reserve_scratch(void)
{
	struct cma *cma;
	int err;

	if (!kho_scratch_request || kho_scratch.len || kho_scratch_only_active())
		return;
	err = kho_declare_scratch(&cma);
	if (err) {
		pr_err("cannot reserve %pa of scratch: %d\n",
		       &kho_scratch_request, err);
		return;
	}
	kho_scratch.addr = cma_get_base(cma);
	kho_scratch.len = cma_get_size(cma);
	pr_info("scratch: %#llx-%#llx (%llu MiB)\n", kho_scratch.addr,
		kho_scratch.addr + kho_scratch.len - 1, kho_scratch.len >> 20);
}

/**
 * kho_locate_mem_hole() - place a kexec segment inside scratch
 * @kbuf: the segment to place
 * @func: kexec's hole finder, called on the scratch range
 *
 * Called by kexec_locate_mem_hole(), under the kexec lock, which
 * activation and abort take too: KHO stays active or inactive for the
 * whole load. Without an active blob (or for a crash kernel) kexec places
 * segments as it always did.
 *
 * Return: 1 if KHO does not place this segment, 0 if it was placed,
 * -EADDRNOTAVAIL if scratch has no room for it.
 */
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *, void *))
{
	struct resource res = {
		.name = "kho_scratch",
		.flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
	};
	bool active;

	mutex_lock(&kho_out.lock);
	active = kho_out.active;
	mutex_unlock(&kho_out.lock);
	if (!active || kbuf->image->type == KEXEC_TYPE_CRASH)
		return 1;

	res.start = kho_scratch.addr;
	res.end = kho_scratch.addr + kho_scratch.len - 1;
	if (func(&res, kbuf) == 1)
		return 0;
	pr_err("no room for a %#lx byte kexec segment in scratch\n", kbuf->memsz);
	return -EADDRNOTAVAIL;
}

/**
 * kho_setup_data_size() - room the KHO setup_data entry needs
 *
 * Return: bytes to add to the boot parameters segment.
 */
unsigned long kho_setup_data_size(void)
{
	return sizeof(struct setup_data) + sizeof(struct kho_setup_data);
}

/**
 * kho_fill_setup_data() - point the next kernel at the blob
 * @image: the kexec image being loaded
 * @params: its boot parameters, being built
 * @params_load_addr: physical address @params will be loaded at
 * @setup_data_offset: free space in @params for kho_setup_data_size() bytes
 *
 * Adds the entry only while /sys/kernel/kho/active is 1 and marks @image
 * as carrying the blob, so the blob cannot be freed while a kernel that
 * expects it is loaded, and so kexec -e of this image (and of no other)
 * keeps the kept devices running. The mark is freed with the image.
 */
void kho_fill_setup_data(struct kimage *image, struct boot_params *params,
			 unsigned long params_load_addr,
			 unsigned long setup_data_offset)
{
	struct setup_data *sd = (void *)params + setup_data_offset;
	struct kho_setup_data *kho = (void *)sd->data;

	mutex_lock(&kho_out.lock);
	if (!kho_out.active || image->type == KEXEC_TYPE_CRASH)
		goto out;
	/* Pre-flight overridden for a target that reads no KHO: hand nothing. */
	if (kho_preflight_stops_all(image)) {
		pr_warn("the target reads no KHO: this kexec hands nothing over\n");
		goto out;
	}

	kho->fdt_addr = virt_to_phys(kho_out.fdt);
	kho->fdt_size = fdt_totalsize(kho_out.fdt);
	kho->scratch_addr = kho_scratch.addr;
	kho->scratch_size = kho_scratch.len;
	kho_test_corrupt(kho_out.fdt, kho, image, params, params_load_addr);
	kho_corrupt_apply(kho_out.fdt);

	sd->type = SETUP_KEXEC_KHO;
	sd->len = sizeof(*kho);
	sd->next = params->hdr.setup_data;
	params->hdr.setup_data = params_load_addr + setup_data_offset;
	image->kho_blob = 1;
	pr_info("handing over %llu bytes of state at %#llx\n", kho->fdt_size,
		kho->fdt_addr);
out:
	mutex_unlock(&kho_out.lock);
}
