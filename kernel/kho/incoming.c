// SPDX-License-Identifier: GPL-2.0
/*
 * KHO incoming side: find the blob the previous kernel left, check all of
 * it before believing any of it, keep the blob and every preserved range
 * out of the allocator from the first memblock step on, and hand ranges to
 * the subsystems that claim them.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/init.h>
#include <linux/io.h>
#include <linux/kho.h>
#include <linux/kobject.h>
#include <linux/kho/manifest.h>
#include <linux/kho/nodes.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <asm/bootparam.h>
#include <asm/cmdline.h>
#include <asm/e820/api.h>
#include <asm/early_ioremap.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tsc.h>

#include "internal.h"

static struct kho_setup_data kho_in_sd __initdata;
static bool kho_in_sd_found __initdata;

/* Where the boot loader (or kexec) passed boot_params; 0: not known. */
static u64 kho_boot_params_pa __initdata;

/*
 * A setup_data chain longer than this is refused as implausible: kexec
 * passes a handful of entries (EFI, RNG seed, IMA, KHO), firmware loaders
 * a few more.
 */
#define KHO_MAX_SETUP_DATA	64
/*
 * First MiB, kernel, scratch, initrd, boot_params, command line, EFI
 * memory map, blob.
 */
#define KHO_MAX_FORBIDDEN	(8 + 2 * KHO_MAX_SETUP_DATA)

/**
 * struct kho_forbidden - memory no preserved range may touch, and why
 * @range: the memory, page aligned outwards
 * @what: what lies there, for the refusal line
 * @type: setup_data type, printed after @what if @has_type
 * @has_type: @type is meaningful
 */
struct kho_forbidden {
	struct kho_mem range;
	const char *what;
	u32 type;
	bool has_type;
};

/**
 * struct kho_forbidden_list - this kernel's forbidden ranges
 * @named: every area, in the order found, with its name
 * @n: entries in @named
 * @merged: the same ranges sorted and merged, for kho_ranges_check()
 * @nmerged: entries in @merged
 */
static struct kho_forbidden_list {
	struct kho_forbidden named[KHO_MAX_FORBIDDEN];
	size_t n;
	struct kho_mem merged[KHO_MAX_FORBIDDEN];
	size_t nmerged;
} kho_forbid __initdata;

#define KHO_MAX_REFUSED_NODES	32

/**
 * struct kho_incoming - the blob this kernel received
 * @lock: serializes claims
 * @fdt: the accepted blob, NULL when none came or it was refused
 * @size: its size
 * @verified: kho_incoming_verify() ran; every reader runs it first
 * @claimed: offsets of the nodes whose memory was claimed
 * @nclaimed: number of entries in @claimed
 * @refused: offsets of the nodes their layout's check refused
 * @nrefused: number of entries in @refused
 * @map: the root's mem-map, checked
 * @runs: runs the map check counted
 * @consumed: kho_memory_init() reserved every run
 * @mem: the map's runs grouped per owner, for kho_blob_node_mem()
 * @check_cycles: TSC cycles the early check took (no clock runs yet)
 * @reserve_cycles: TSC cycles kho_memory_init() took
 * @group_cycles: TSC cycles grouping the runs per owner took
 * @nodes_cycles: TSC cycles the node checks and the overlap rule took
 */
static struct kho_incoming {
	struct mutex lock;
	const void *fdt;
	size_t size;
	bool verified;
	int claimed[KHO_MAP_MAX_OWNERS];
	unsigned int nclaimed;
	int refused[KHO_MAX_REFUSED_NODES];
	unsigned int nrefused;
	struct kho_map_ref map;
	u64 runs;
	bool consumed;
	struct kho_blob_mem mem;
	u64 check_cycles;
	u64 reserve_cycles;
	u64 group_cycles;
	u64 nodes_cycles;
} kho_in = {
	.lock = __MUTEX_INITIALIZER(kho_in.lock),
};

/**
 * kho_setup_data_found() - note the KHO setup_data entry
 * @pa_data: physical address of the setup_data entry
 * @data_len: its length including the setup_data header
 *
 * Called from parse_setup_data(); the blob is looked at only once memblock
 * knows the RAM layout, in kho_reserve_incoming().
 */
void __init kho_setup_data_found(u64 pa_data, u32 data_len)
{
	struct setup_data *sd;

	if (data_len != sizeof(*sd) + sizeof(kho_in_sd)) {
		pr_err("ignoring a KHO setup_data entry of %u bytes\n", data_len);
		return;
	}
	if (kho_in_sd_found) {
		pr_err("ignoring a second KHO setup_data entry\n");
		return;
	}
	sd = early_memremap(pa_data, data_len);
	if (!sd) {
		pr_err("cannot map the KHO setup_data entry\n");
		return;
	}
	memcpy(&kho_in_sd, sd->data, sizeof(kho_in_sd));
	early_memunmap(sd, data_len);
	kho_in_sd_found = true;
}

/**
 * kho_boot_params_found() - note where boot_params were passed
 * @pa: the physical address x86_64_start_kernel() got them at
 *
 * The kernel copies boot_params and the command line early and does not
 * reserve the originals; the incoming check still keeps preserved memory
 * off them, since the loader wrote there after the old kernel stopped.
 */
void __init kho_boot_params_found(unsigned long pa)
{
	kho_boot_params_pa = pa;
}

/*
 * Add [@addr, @addr + @len) to the forbidden list, page aligned outwards.
 * Nothing is added for @len 0. Return: 0, or -ERANGE if the range wraps
 * (or comes within a page of it) or the list is full.
 */
static int __init kho_forbid_add(u64 addr, u64 len, const char *what,
				 bool has_type, u32 type)
{
	struct kho_forbidden *f;

	if (!len)
		return 0;
	if (len > U64_MAX - addr || addr + len > PAGE_ALIGN_DOWN(U64_MAX) ||
	    kho_forbid.n == ARRAY_SIZE(kho_forbid.named))
		return -ERANGE;
	f = &kho_forbid.named[kho_forbid.n++];
	f->range.addr = PAGE_ALIGN_DOWN(addr);
	f->range.len = PAGE_ALIGN(addr + len) - f->range.addr;
	f->what = what;
	f->type = type;
	f->has_type = has_type;
	return 0;
}

/* Rebuild the sorted, merged copy kho_ranges_check() wants. */
static void __init kho_forbid_merge(void)
{
	size_t i;

	for (i = 0; i < kho_forbid.n; i++)
		kho_forbid.merged[i] = kho_forbid.named[i].range;
	kho_forbid.nmerged = kho_ranges_merge(kho_forbid.merged, kho_forbid.n);
}

/*
 * Append " (what, what...)" to @buf: every forbidden area @r overlaps,
 * so the refusal line says which one was hit.
 */
static void __init kho_forbid_name(char *buf, size_t size,
				   const struct kho_mem *r)
{
	size_t used = strnlen(buf, size), i;
	const char *sep = " (";

	for (i = 0; i < kho_forbid.n && used < size; i++) {
		const struct kho_forbidden *f = &kho_forbid.named[i];

		if (!kho_ranges_overlap(r, &f->range))
			continue;
		used += scnprintf(buf + used, size - used, "%s%s", sep, f->what);
		if (f->has_type)
			used += scnprintf(buf + used, size - used,
					  f->type & SETUP_INDIRECT ? " %#x" : " %u",
					  f->type);
		sep = ", ";
	}
	if (*sep == ',')
		scnprintf(buf + used, size - used, ")");
}

/*
 * Forbid every setup_data entry, header and data, and what an indirect
 * entry points at. The chain is walked here once more, bounded: a chain
 * that is too long (a loop, say) or an entry that wraps refuses the blob.
 */
static int __init kho_forbid_setup_data(char *why, size_t size)
{
	u64 pa = boot_params.hdr.setup_data;
	struct setup_indirect ind;
	unsigned int n = 0;
	struct setup_data *sd;
	u32 type, len;
	u64 next;

	for (; pa; pa = next) {
		if (++n > KHO_MAX_SETUP_DATA) {
			snprintf(why, size, "setup_data chain longer than %d entries",
				 KHO_MAX_SETUP_DATA);
			return -E2BIG;
		}
		sd = early_memremap(pa, sizeof(*sd));
		if (!sd)
			goto err_map;
		next = sd->next;
		type = sd->type;
		len = sd->len;
		early_memunmap(sd, sizeof(*sd));
		if (kho_forbid_add(pa, sizeof(*sd) + (u64)len,
				   "setup_data type", true, type))
			goto err_bad;
		if (type != SETUP_INDIRECT)
			continue;
		if (len < sizeof(ind))
			goto err_bad;
		sd = early_memremap(pa, sizeof(*sd) + sizeof(ind));
		if (!sd)
			goto err_map;
		memcpy(&ind, sd->data, sizeof(ind));
		early_memunmap(sd, sizeof(*sd) + sizeof(ind));
		/* The kernel reserves the target unless it is indirect again. */
		if (ind.type != SETUP_INDIRECT &&
		    kho_forbid_add(ind.addr, ind.len,
				   "data of indirect setup_data type", true,
				   ind.type))
			goto err_bad;
	}
	return 0;

err_map:
	snprintf(why, size, "cannot map setup_data entry %u at %#llx", n, pa);
	return -ENOMEM;
err_bad:
	snprintf(why, size, "setup_data entry %u at %#llx (type %#x, %u bytes) is implausible",
		 n, pa, type, len);
	return -EINVAL;
}

/* The command line as the loader passed it, up to its NUL. */
static int __init kho_forbid_cmdline(void)
{
	u64 pa = boot_params.hdr.cmd_line_ptr |
		 (u64)boot_params.ext_cmd_line_ptr << 32;
	size_t len = COMMAND_LINE_SIZE;
	char *p;

	if (!pa)
		return 0;
	p = early_memremap(pa, COMMAND_LINE_SIZE);
	if (p) {
		len = strnlen(p, COMMAND_LINE_SIZE);
		if (len < COMMAND_LINE_SIZE)
			len++;
		early_memunmap(p, COMMAND_LINE_SIZE);
	}
	return kho_forbid_add(pa, len, "the command line", false, 0);
}

/*
 * Where this kernel's image landed (physical KASLR chooses inside the old
 * scratch range when a handover came in: include/linux/kho/kaslr.h), and
 * whether that is inside the scratch range the old kernel reported. Landing
 * outside is not refused here: the image is a forbidden area below, so one
 * that covers preserved memory refuses the state anyway.
 */
static void __init kho_log_landing(const struct kho_setup_data *sd)
{
	u64 start = __pa_symbol(_text), end = __pa_symbol(_end);
	u64 s_end = sd->scratch_addr + sd->scratch_size;
	bool inside = start >= sd->scratch_addr && end <= s_end;

	if (!sd->scratch_size || s_end < sd->scratch_addr) {
		pr_info("kernel image at %#llx-%#llx, no old scratch range (%#llx+%#llx)\n",
			start, end - 1, sd->scratch_addr, sd->scratch_size);
		return;
	}
	pr_info("kernel image at %#llx-%#llx, %s the old scratch range %#llx-%#llx\n",
		start, end - 1, inside ? "inside" : "outside",
		sd->scratch_addr, s_end - 1);
}

/*
 * Build the forbidden list: the first MiB, this kernel's image, the old
 * scratch range, and the boot data the loader passed (initrd, boot_params,
 * command line, EFI memory map, every setup_data entry), none of which
 * scratch is trusted to cover. Return: 0, or an error with @why filled in.
 */
static int __init kho_forbid_build(const struct kho_setup_data *sd, char *why,
				   size_t size)
{
	u64 initrd = boot_params.hdr.ramdisk_image |
		     (u64)boot_params.ext_ramdisk_image << 32;
	u64 initrd_size = boot_params.hdr.ramdisk_size |
			  (u64)boot_params.ext_ramdisk_size << 32;
	u64 efi_mm = boot_params.efi_info.efi_memmap |
		     (u64)boot_params.efi_info.efi_memmap_hi << 32;
	u64 efi_mm_size = boot_params.efi_info.efi_memmap_size;
	int err;

	kho_forbid.n = 0;
	kho_forbid_add(0, SZ_1M, "the first MiB", false, 0);
	kho_forbid_add(__pa_symbol(_text), __pa_symbol(_end) - __pa_symbol(_text),
		       "the kernel image", false, 0);
	if (kho_forbid_add(sd->scratch_addr, sd->scratch_size,
			   "the old scratch range", false, 0)) {
		snprintf(why, size, "scratch range %#llx+%#llx is implausible",
			 sd->scratch_addr, sd->scratch_size);
		return -EINVAL;
	}
	if (initrd && initrd_size &&
	    kho_forbid_add(initrd, initrd_size, "the initrd", false, 0)) {
		snprintf(why, size, "initrd at %#llx+%#llx is implausible",
			 initrd, initrd_size);
		return -EINVAL;
	}
	/* Unknown only for an entry that does not pass them (Xen PV). */
	if (kho_boot_params_pa)
		kho_forbid_add(kho_boot_params_pa, sizeof(struct boot_params),
			       "boot_params", false, 0);
	if (kho_forbid_cmdline()) {
		snprintf(why, size, "command line pointer is implausible");
		return -EINVAL;
	}
	/* kexec_file puts the EFI memory map in the boot_params segment too. */
	if (efi_mm_size &&
	    kho_forbid_add(efi_mm, efi_mm_size, "the EFI memory map", false, 0)) {
		snprintf(why, size, "EFI memory map at %#llx+%#llx is implausible",
			 efi_mm, efi_mm_size);
		return -EINVAL;
	}
	err = kho_forbid_setup_data(why, size);
	if (err)
		return err;
	kho_forbid_merge();
	return 0;
}

/*
 * RAM as the e820 table says, sorted and merged, then page aligned inwards.
 * Merge first: setup_data entries are E820_TYPE_RESERVED_KERN pieces
 * inside RAM, not page aligned, and aligning each piece on its own would
 * cut the pages around them out of RAM.
 */
static size_t __init kho_e820_ram(struct kho_mem *ram, size_t max)
{
	size_t i, n = 0, out = 0;

	for (i = 0; i < e820_table->nr_entries && n < max; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED_KERN)
			continue;
		if (!e->size || e->addr > PAGE_ALIGN_DOWN(U64_MAX) ||
		    e->size > U64_MAX - e->addr)
			continue;
		ram[n].addr = e->addr;
		ram[n].len = e->size;
		n++;
	}
	n = kho_ranges_merge(ram, n);
	for (i = 0; i < n; i++) {
		u64 start = PAGE_ALIGN(ram[i].addr);
		u64 end = PAGE_ALIGN_DOWN(ram[i].addr + ram[i].len);

		if (end <= start)
			continue;
		ram[out].addr = start;
		ram[out].len = end - start;
		out++;
	}
	return out;
}

/* RAM as e820 says, for the early map check's chunk reader */
static struct kho_mem kho_ram[E820_MAX_ENTRIES] __initdata;
static size_t kho_nram __initdata;

/*
 * Before the map is trusted, a chunk is read only if it lies in RAM and
 * off every forbidden area. Before init_mem_mapping() the direct map is
 * filled in on demand by the early page fault handler, so __va() reaches
 * any RAM; early_memremap() would cap a chunk at 256 KiB.
 */
static const void * __init kho_map_chunk_early(void *ctx, u64 phys, u64 size)
{
	struct kho_mem r = { .addr = phys, .len = PAGE_ALIGN(size) };

	if (kho_ranges_check(&r, 1, kho_ram, kho_nram, kho_forbid.merged,
			     kho_forbid.nmerged, NULL))
		return NULL;
	return __va(phys);
}

static void __init kho_refuse(const char *why)
{
	pr_err("incoming state refused, booting without it: %s\n", why);
	kho_stop_masters_early();
}

/**
 * kho_reserve_incoming() - validate the incoming state, confine allocations
 *
 * Called from setup_arch() right after e820__memblock_setup(), before
 * anything is allocated from memblock. The blob and the whole map are
 * checked (every chunk and every run against RAM, the forbidden areas,
 * each other); the blob and the map's chunks are reserved; from then on
 * memblock allocates only from the old kernel's scratch range until
 * kho_memory_init() reserves every preserved run in one pass
 * (kernel/kho/reserve.c).
 */
void __init kho_reserve_incoming(void)
{
	static const struct kho_map_src early_src = {
		.chunk = kho_map_chunk_early,
	};
	const struct kho_setup_data *sd = &kho_in_sd;
	struct kho_mem *ram = kho_ram;
	struct kho_map_report mrep;
	struct kho_blob_report rep;
	struct kho_mem blob_range, bad;
	struct kho_report rr;
	const void *fdt;
	u64 start, chunk;
	char why[256];
	size_t nram;

	if (!kho_in_sd_found)
		return;
	start = get_cycles();
	kho_log_landing(sd);

	if (!sd->fdt_size || sd->fdt_size > (PAGE_SIZE << MAX_PAGE_ORDER) ||
	    !PAGE_ALIGNED(sd->fdt_addr) || sd->fdt_addr + sd->fdt_size < sd->fdt_addr) {
		snprintf(why, sizeof(why), "blob at %#llx size %#llx is implausible",
			 sd->fdt_addr, sd->fdt_size);
		kho_refuse(why);
		return;
	}
	/*
	 * Without scratch nothing says the loader kept this kernel's boot
	 * data off preserved memory; the checks below would catch only what
	 * this kernel knows of.
	 */
	if (!sd->scratch_size) {
		kho_refuse("no scratch range reported");
		return;
	}
	/*
	 * memtest writes patterns over every free memblock range before the
	 * preserved runs are reserved (they are, only at mem_init()).
	 */
	if (cmdline_find_option(boot_command_line, "memtest", why,
				sizeof(why)) >= 0) {
		kho_refuse("memtest= would overwrite preserved memory");
		return;
	}
	blob_range.addr = sd->fdt_addr;
	blob_range.len = PAGE_ALIGN(sd->fdt_size);

	nram = kho_e820_ram(ram, ARRAY_SIZE(kho_ram));
	kho_nram = nram;
	if (kho_forbid_build(sd, why, sizeof(why))) {
		kho_refuse(why);
		return;
	}
	if (kho_ranges_check(&blob_range, 1, ram, nram, kho_forbid.merged,
			     kho_forbid.nmerged, &rr)) {
		snprintf(why, sizeof(why), "blob at %#llx-%#llx %s",
			 blob_range.addr, blob_range.addr + blob_range.len,
			 kho_strerror(rr.errors, rr.err));
		if (rr.err == KHO_RANGE_FORBIDDEN)
			kho_forbid_name(why, sizeof(why), &blob_range);
		kho_refuse(why);
		return;
	}
	/* Nothing preserved may overlap the blob either. */
	kho_forbid_add(blob_range.addr, blob_range.len, "the blob", false, 0);
	kho_forbid_merge();

	/*
	 * Before init_mem_mapping() the direct map is filled in on demand by
	 * the early page fault handler, so the whole blob can be read through
	 * __va(); early_memremap() would cap it at 256 KiB.
	 */
	fdt = __va(sd->fdt_addr);
	if (kho_blob_check(fdt, sd->fdt_size, &rep)) {
		kho_blob_describe(why, sizeof(why), fdt, &rep);
		kho_refuse(why);
		return;
	}
	/* The same limit the old kernel checked against its own scratch. */
	if (kho_map_check(fdt, &early_src, ram, nram, kho_forbid.merged,
			  kho_forbid.nmerged,
			  sd->scratch_size / 4 / KHO_MAP_RUN_COST, &mrep)) {
		kho_map_describe(why, sizeof(why), fdt, &mrep);
		if (mrep.why.cause == KHO_RANGE_FORBIDDEN) {
			bad.addr = mrep.why.addr;
			bad.len = mrep.why.len;
			kho_forbid_name(why, sizeof(why), &bad);
		}
		kho_refuse(why);
		return;
	}

	/* A few calls: the blob and the map's chunks; the runs come later. */
	if (memblock_reserve(blob_range.addr, blob_range.len))
		goto err_reserve;
	for (chunk = rep.map.addr; chunk;) {
		const struct kho_map_chunk *c = __va(chunk);

		if (memblock_reserve(chunk, c->size))
			goto err_reserve;
		chunk = c->next;
	}
	kho_in.fdt = fdt;
	kho_in.size = sd->fdt_size;
	kho_in.map = rep.map;
	kho_in.runs = mrep.runs;
	kho_scratch_only_begin(sd->scratch_addr, sd->scratch_size);
	/* The TSC is not calibrated yet: the time is printed at verify. */
	kho_in.check_cycles = get_cycles() - start;
	pr_info("incoming state: %u nodes, map %llu chunks %llu bytes, %llu regions, %llu runs, %llu KiB preserved\n",
		rep.nodes, rep.map.chunks, rep.map.bytes, mrep.regions,
		mrep.runs, mrep.pages << (PAGE_SHIFT - 10));
	return;

err_reserve:
	/*
	 * What was reserved stays reserved: it is lost to this kernel, which
	 * is safe. No preserved run is reserved yet, and none is handed out:
	 * the whole state is refused.
	 */
	kho_refuse("out of memblock regions while reserving the blob and the map");
}

/**
 * kho_incoming_unconsumed() - the incoming blob, if its map awaits reservation
 * @runs: set to the runs the map check counted
 *
 * Return: the blob, or NULL if none came, it was refused or its map was
 * already consumed.
 */
const void * __init kho_incoming_unconsumed(u64 *runs)
{
	*runs = kho_in.runs;
	return kho_in.consumed ? NULL : kho_in.fdt;
}

/**
 * kho_incoming_map_iter() - start walking the incoming map's runs
 * @it: iterator
 *
 * Marks the map consumed: kho_memory_init() reserves what it walks.
 *
 * Return: 0, or -ENOENT without an accepted blob.
 */
int __init kho_incoming_map_iter(struct kho_map_iter *it)
{
	if (!kho_in.fdt)
		return -ENOENT;
	kho_in.consumed = true;
	return kho_map_iter_init(it, kho_in.fdt, &kho_map_src_direct);
}

/**
 * kho_incoming_reserved() - note how long reserving the runs took
 * @cycles: TSC cycles
 */
void __init kho_incoming_reserved(u64 cycles)
{
	kho_in.reserve_cycles = cycles;
}

/**
 * kho_incoming_refuse_late() - refuse the state before its map is consumed
 * @why: one line for the log
 *
 * Only while scratch-only is on: nothing outside scratch has been
 * allocated, so the preserved memory may become ordinary memory once the
 * kept devices are stopped.
 */
void __init kho_incoming_refuse_late(const char *why)
{
	kho_refuse(why);
	kho_in.fdt = NULL;
}

/* Called by kho_nodes_check() for each node its layout's check refuses. */
static void __init kho_incoming_refuse_node(void *ctx, int node,
					    const char *why)
{
	bool *overflow = ctx;

	pr_err("node %s refused, its subsystem starts cold: %s\n",
	       fdt_get_name(kho_in.fdt, node, NULL), why);
	if (kho_in.nrefused == ARRAY_SIZE(kho_in.refused))
		*overflow = true;
	else
		kho_in.refused[kho_in.nrefused++] = node;
}

static bool kho_node_refused(int node);

/*
 * The version policy: a node whose (name, compatible) this kernel does not
 * accept (kho_self_manifest, the list its image advertises) is refused on
 * its own, like a node that fails its layout's check: kho_find_node()
 * returns -EINVAL for it, so the device steps that read it stop their
 * devices, and kho_claim_node_mem() refuses it, so its memory stays
 * reserved and is never handed out.
 */
static void __init kho_incoming_version_policy(bool *overflow)
{
	const void *fdt = kho_in.fdt;
	char accepted[160];
	const char *name, *compat;
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		if (kho_node_refused(node))
			continue;
		name = fdt_get_name(fdt, node, NULL);
		/* kho_blob_check() proved it a NUL-terminated string. */
		compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, NULL);
		if (kho_manifest_accepts(&kho_self_manifest, name, compat))
			continue;
		kho_manifest_accepted(&kho_self_manifest, name, accepted,
				      sizeof(accepted));
		pr_err("node %s refused: compatible %s is not accepted (this kernel accepts: %s); its memory stays reserved\n",
		       name, compat, accepted);
		if (kho_in.nrefused == ARRAY_SIZE(kho_in.refused))
			*overflow = true;
		else
			kho_in.refused[kho_in.nrefused++] = node;
	}
}

/*
 * After a refusal this late the preserved memory is already reserved: it
 * stays reserved, lost to this kernel, which is safe.
 */
static void __init kho_incoming_drop(const char *why)
{
	kho_refuse(why);
	kho_in.fdt = NULL;
}

/**
 * kho_incoming_verify() - the rest of the incoming check, before any use
 *
 * Runs once, from the first reader of the blob or at core_initcall,
 * whichever comes first.
 *
 * kho_reserve_incoming() checked the blob's structure and every preserved
 * range with no allocator. Here, before any subsystem can look at the
 * blob, every node this kernel knows the layout of goes through its
 * layout's check, and every range any node preserves or points at is
 * checked against every other (kernel/kho/nodes.c, claims.c: the same
 * code kho-check runs). A node that fails its own check is refused alone;
 * ranges that collide refuse the whole blob.
 *
 * Return: 0.
 */
static int __init kho_incoming_verify(void)
{
	static DEFINE_MUTEX(verify_lock);
	struct kho_nodes_report rep;
	u64 start = get_cycles();
	struct kho_mem *runs;
	bool overflow = false;
	char why[192];
	int err;

	mutex_lock(&verify_lock);
	if (kho_in.verified || !kho_in.fdt)
		goto out;
	/* Unreserved preserved memory may already be in use: never claim it. */
	if (!kho_in.consumed) {
		kho_incoming_drop("the preserved-memory map was not consumed at boot");
		goto out;
	}
	/* Each node's runs, for the node checks, the claims and the lookups */
	runs = kvmalloc_array(max_t(u64, kho_in.runs, 1), sizeof(*runs),
			      GFP_KERNEL);
	if (!runs || kho_blob_mem_attach(&kho_in.mem, kho_in.fdt, &kho_map_src_direct,
					 runs, kho_in.runs)) {
		kvfree(runs);
		kho_incoming_drop("cannot group the preserved memory by owner");
		goto out;
	}
	kho_in.group_cycles = get_cycles() - start;
	start = get_cycles();
	err = kho_check_nodes(kho_in.fdt, kho_incoming_refuse_node, &overflow,
			      &rep, why, sizeof(why));
	if (!err)
		kho_incoming_version_policy(&overflow);
	if (!err && overflow)
		snprintf(why, sizeof(why), "more than %zu nodes refused",
			 ARRAY_SIZE(kho_in.refused));
	kho_in.nodes_cycles = get_cycles() - start;
	if (err || overflow)
		kho_incoming_drop(why);
	else
		pr_info("incoming nodes: %u checked, %u refused, %u of unknown layout, %zu ranges disjoint\n",
			rep.checked, rep.refused, rep.unknown, rep.nclaims);
out:
	/* Readers check the flag without the lock: publish the outcome first. */
	smp_store_release(&kho_in.verified, true);
	mutex_unlock(&verify_lock);
	return 0;
}
core_initcall(kho_incoming_verify);

/*
 * The boot work ran before the TSC was calibrated (the early steps before
 * any clock, the verify from the first reader): print its time now.
 */
static int __init kho_incoming_report_time(void)
{
	if (!kho_in.consumed || !tsc_khz)
		return 0;
	pr_info("boot work: map checked in %llu us, runs reserved in %llu us, grouped by owner in %llu us, nodes checked in %llu us\n",
		div_u64(kho_in.check_cycles * 1000, tsc_khz),
		div_u64(kho_in.reserve_cycles * 1000, tsc_khz),
		div_u64(kho_in.group_cycles * 1000, tsc_khz),
		div_u64(kho_in.nodes_cycles * 1000, tsc_khz));
	return 0;
}
late_initcall(kho_incoming_report_time);

/*
 * Interrupt remapping reads its node before any initcall runs (from the
 * APIC setup in start_kernel()), so the first reader runs the check. Only
 * boot code can come here: by the time init memory is freed,
 * core_initcall has run it.
 */
static void __ref kho_incoming_verify_early(void)
{
	kho_incoming_verify();
}

/* The blob, checked by kho_incoming_verify() before anyone sees it. */
static const void *kho_incoming_verified_fdt(void)
{
	/* Pairs with the release in kho_incoming_verify(): fdt is final. */
	if (!smp_load_acquire(&kho_in.verified))
		kho_incoming_verify_early();
	return kho_in.fdt;
}

/* Is @node in a list of node offsets (the claimed or the refused ones). */
static bool kho_node_listed(const int *nodes, unsigned int n, int node)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nodes[i] == node)
			return true;
	return false;
}

static bool kho_node_refused(int node)
{
	return kho_node_listed(kho_in.refused, kho_in.nrefused, node);
}

/**
 * kho_incoming_fdt() - the blob this kernel received
 *
 * Return: the blob, already checked with kho_blob_check() and the node
 * checks, or NULL if none came or it was refused (subsystems then
 * initialize cold).
 */
const void *kho_incoming_fdt(void)
{
	return kho_incoming_verified_fdt();
}
EXPORT_SYMBOL_GPL(kho_incoming_fdt);

/**
 * kho_find_node() - find a subsystem's node in the incoming blob
 * @name: node name
 * @compatible: the "<name>-v<N>" the caller understands
 *
 * Return: the node offset (positive); -ENOENT if no blob came, the whole
 * blob was refused, or it has no node @name (always -ENOENT without
 * CONFIG_KEXEC_HANDOVER); -EINVAL if the node was refused at boot (it
 * failed its layout's check, or this kernel does not accept its
 * compatible); -EPROTO if its compatible is another one this kernel
 * accepts (logged; a serializer reading several versions uses
 * kho_find_node_accepted()). Nothing else.
 */
int kho_find_node(const char *name, const char *compatible)
{
	const char *got;
	int node;

	node = kho_find_node_accepted(name, &got);
	if (node < 0)
		return node;
	if (strcmp(got, compatible)) {
		pr_warn("node %s is %s, not %s; its state is not used\n", name,
			got, compatible);
		return -EPROTO;
	}
	return node;
}
EXPORT_SYMBOL_GPL(kho_find_node);

/**
 * kho_find_node_accepted() - find a node this kernel accepts at any version
 * @name: node name
 * @compatible: set to the accepted compatible the node has, one of the
 *	strings of include/linux/kho/accept.h for @name (compare it with
 *	strcmp() to pick the parser)
 *
 * For a serializer that reads several versions of its node: every
 * version it reads has its own KHO_ACCEPT() line in
 * include/linux/kho/accept.h, which is also what the kernel's image
 * advertises and what the incoming version policy checks.
 *
 * Return: the node offset (positive), @compatible set; -ENOENT if no blob
 * came, the whole blob was refused, or it has no node @name (always
 * -ENOENT without CONFIG_KEXEC_HANDOVER); -EINVAL if the node was refused
 * at boot (its compatible is not accepted, or it failed its layout's
 * check). @compatible is left alone on error.
 */
int kho_find_node_accepted(const char *name, const char **compatible)
{
	const void *fdt = kho_incoming_verified_fdt();
	const char *compat;
	u32 i;
	int node;

	if (!fdt)
		return -ENOENT;
	node = kho_blob_subnode(fdt, name);
	if (node < 0)
		return -ENOENT;
	if (kho_node_refused(node))
		return -EINVAL;
	compat = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, NULL);
	if (!compat)
		return -EINVAL;
	for (i = 0; i < kho_self_manifest.count; i++)
		if (!strcmp(kho_self_manifest.entries[i].name, name) &&
		    !strcmp(kho_self_manifest.entries[i].compatible, compat)) {
			*compatible = kho_self_manifest.entries[i].compatible;
			return node;
		}
	/* Not reached: the version policy refused such a node. */
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(kho_find_node_accepted);

/**
 * kho_incoming_preserved() - does the incoming blob preserve a range
 * @addr: physical address
 * @len: bytes
 *
 * For checks of live state that points into memory (an adopted page
 * table's leaves): the range must lie inside the preserved memory of one
 * node that was not refused.
 *
 * Return: true if some node's mem property covers [@addr, @addr + @len).
 */
bool kho_incoming_preserved(phys_addr_t addr, u64 len)
{
	const struct kho_mem *mem;
	size_t n;
	int node;

	if (!kho_incoming_verified_fdt())
		return false;
	fdt_for_each_subnode(node, kho_in.fdt, 0)
		if (!kho_node_refused(node) &&
		    !kho_blob_node_mem(kho_in.fdt, node, &mem, &n) &&
		    kho_ranges_contain(mem, n, addr, len))
			return true;
	return false;
}
EXPORT_SYMBOL_GPL(kho_incoming_preserved);

/**
 * kho_claim_node_mem() - take ownership of a node's preserved memory
 * @node: offset from kho_find_node()
 *
 * Every page of every range in the node's mem property becomes an ordinary
 * page with a reference count of one, owned by the caller, who frees it
 * with kho_return_mem() or __free_page() when done. A node can be claimed
 * once.
 *
 * Return: 0; -ENOENT without a blob (or a refused one; always -ENOENT
 * without CONFIG_KEXEC_HANDOVER); -EINVAL for an offset that is not a
 * subsystem node, or a node refused at boot; -EBUSY if the node was
 * already claimed, the table of claimed nodes is full, or a page is not
 * reserved (nothing is claimed then).
 */
int kho_claim_node_mem(int node)
{
	const struct kho_mem *mem;
	int err = 0;
	size_t n, i;
	u64 pfn;

	mutex_lock(&kho_in.lock);
	if (!kho_incoming_verified_fdt()) {
		err = -ENOENT;
		goto out;
	}
	if (node <= 0 || fdt_parent_offset(kho_in.fdt, node) != 0 ||
	    kho_node_refused(node) ||
	    kho_blob_node_mem(kho_in.fdt, node, &mem, &n)) {
		err = -EINVAL;
		goto out;
	}
	if (kho_node_listed(kho_in.claimed, kho_in.nclaimed, node) ||
	    kho_in.nclaimed == ARRAY_SIZE(kho_in.claimed)) {
		err = -EBUSY;
		goto out;
	}
	/* Check every page first: a claim is all or nothing. */
	for (i = 0; i < n; i++, cond_resched())
		for (pfn = PHYS_PFN(mem[i].addr);
		     pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++)
			if (!pfn_valid(pfn) || !PageReserved(pfn_to_page(pfn))) {
				pr_err("preserved page %#llx is not reserved\n",
				       pfn << PAGE_SHIFT);
				err = -EBUSY;
				goto out;
			}
	for (i = 0; i < n; i++)
		for (pfn = PHYS_PFN(mem[i].addr);
		     pfn < PHYS_PFN(mem[i].addr + mem[i].len); pfn++) {
			struct page *page = pfn_to_page(pfn);

			ClearPageReserved(page);
			set_page_count(page, 1);
			adjust_managed_page_count(page, 1);
			if (!(pfn & (SZ_1M / PAGE_SIZE - 1)))
				cond_resched();
		}
	kho_in.claimed[kho_in.nclaimed++] = node;
out:
	mutex_unlock(&kho_in.lock);
	return err;
}
EXPORT_SYMBOL_GPL(kho_claim_node_mem);

/**
 * kho_return_mem() - give claimed preserved memory back to the allocator
 * @addr: page-aligned physical address inside a claimed range
 * @len: bytes, a multiple of the page size
 */
void kho_return_mem(phys_addr_t addr, u64 len)
{
	u64 pfn;

	for (pfn = PHYS_PFN(addr); pfn < PHYS_PFN(addr + len); pfn++)
		__free_page(pfn_to_page(pfn));
}
EXPORT_SYMBOL_GPL(kho_return_mem);

static ssize_t incoming_dt_read(struct file *file, struct kobject *kobj,
				struct bin_attribute *attr, char *buf,
				loff_t pos, size_t count)
{
	return memory_read_from_buffer(buf, count, &pos, kho_in.fdt, kho_in.size);
}

static ssize_t incoming_map_read(struct file *file, struct kobject *kobj,
				 struct bin_attribute *attr, char *buf,
				 loff_t pos, size_t count)
{
	return kho_map_read(&kho_in.map, buf, pos, count);
}

static struct bin_attribute incoming_dt_attr = {
	.attr = { .name = "dt", .mode = 0400 },
	.read = incoming_dt_read,
};

static struct bin_attribute incoming_map_attr = {
	.attr = { .name = "map", .mode = 0400 },
	.read = incoming_map_read,
};

/*
 * /sys/firmware/kho, for the serializers' files about what came in:
 * created by a late_initcall when a blob came, NULL otherwise (add files
 * from a late_initcall_sync or later).
 */
struct kobject *kho_firmware_kobj;
EXPORT_SYMBOL_GPL(kho_firmware_kobj);

/*
 * /sys/firmware/kho/dt: the blob as received, byte for byte; map: the
 * preserved-memory map's chunks in chain order.
 */
int __init kho_sysfs_incoming_init(void)
{
	struct kobject *kobj;
	int err;

	if (!kho_in.fdt)
		return 0;
	kobj = kobject_create_and_add("kho", firmware_kobj);
	if (!kobj)
		return -ENOMEM;
	incoming_dt_attr.size = kho_in.size;
	incoming_map_attr.size = kho_in.map.bytes;
	err = sysfs_create_bin_file(kobj, &incoming_dt_attr);
	if (!err)
		err = sysfs_create_bin_file(kobj, &incoming_map_attr);
	if (err)
		kobject_put(kobj);
	else
		kho_firmware_kobj = kobj;
	return err;
}
