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
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/sysfs.h>
#include <asm/e820/api.h>
#include <asm/early_ioremap.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tsc.h>

#include "internal.h"

static struct kho_setup_data kho_in_sd __initdata;
static bool kho_in_sd_found __initdata;

/**
 * struct kho_incoming - the blob this kernel received
 * @lock: serializes claims
 * @fdt: the accepted blob, NULL when none came or it was refused
 * @size: its size
 * @claimed: offsets of the nodes whose memory was claimed
 * @nclaimed: number of entries in @claimed
 */
static struct kho_incoming {
	struct mutex lock;
	const void *fdt;
	size_t size;
	int claimed[KHO_MAX_MEM_NODES];
	unsigned int nclaimed;
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

/* RAM as the e820 table says, page aligned inwards, sorted and merged. */
static size_t __init kho_e820_ram(struct kho_mem *ram, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < e820_table->nr_entries && n < max; i++) {
		const struct e820_entry *e = &e820_table->entries[i];
		u64 start = PAGE_ALIGN(e->addr);
		u64 end = PAGE_ALIGN_DOWN(e->addr + e->size);

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED_KERN)
			continue;
		if (end <= start)
			continue;
		ram[n].addr = start;
		ram[n].len = end - start;
		n++;
	}
	return kho_ranges_merge(ram, n);
}

static void __init kho_refuse(const char *why)
{
	pr_err("incoming state refused, booting without it: %s\n", why);
	kho_stop_masters_early();
}

/**
 * kho_reserve_incoming() - validate the incoming blob and reserve its memory
 *
 * Called from setup_arch() right after e820__memblock_setup(). Nothing has
 * been allocated from memblock yet; the only allocation memblock_reserve()
 * itself may make (growing its own array) is capped at the first MiB by
 * memblock.current_limit, where preserved memory is refused anyway.
 */
void __init kho_reserve_incoming(void)
{
	static struct kho_mem ram[E820_MAX_ENTRIES] __initdata;
	struct kho_mem forbidden[4], blob_range;
	const struct kho_setup_data *sd = &kho_in_sd;
	struct kho_report rr;
	struct kho_blob_report rep;
	size_t nram, nforbidden = 0;
	const void *fdt;
	char why[192];
	u64 start;
	int node;

	if (!kho_in_sd_found)
		return;
	start = get_cycles();

	if (!sd->fdt_size || sd->fdt_size > (PAGE_SIZE << MAX_PAGE_ORDER) ||
	    !PAGE_ALIGNED(sd->fdt_addr) || sd->fdt_addr + sd->fdt_size < sd->fdt_addr) {
		snprintf(why, sizeof(why), "blob at %#llx size %#llx is implausible",
			 sd->fdt_addr, sd->fdt_size);
		kho_refuse(why);
		return;
	}
	blob_range.addr = sd->fdt_addr;
	blob_range.len = PAGE_ALIGN(sd->fdt_size);

	nram = kho_e820_ram(ram, ARRAY_SIZE(ram));
	forbidden[nforbidden++] = (struct kho_mem){ 0, SZ_1M };
	forbidden[nforbidden].addr = PAGE_ALIGN_DOWN(__pa_symbol(_text));
	forbidden[nforbidden].len = PAGE_ALIGN(__pa_symbol(_end)) -
				    forbidden[nforbidden].addr;
	nforbidden++;
	if (sd->scratch_size) {
		forbidden[nforbidden].addr = PAGE_ALIGN_DOWN(sd->scratch_addr);
		forbidden[nforbidden].len = PAGE_ALIGN(sd->scratch_addr +
						       sd->scratch_size) -
					    forbidden[nforbidden].addr;
		nforbidden++;
	}
	nforbidden = kho_ranges_merge(forbidden, nforbidden);
	if (kho_ranges_check(&blob_range, 1, ram, nram, forbidden, nforbidden,
			     &rr)) {
		snprintf(why, sizeof(why), "blob at %#llx-%#llx %s",
			 blob_range.addr, blob_range.addr + blob_range.len,
			 kho_strerror(rr.errors, rr.err));
		kho_refuse(why);
		return;
	}
	/* Nothing preserved may overlap the blob either. */
	forbidden[nforbidden++] = blob_range;
	nforbidden = kho_ranges_merge(forbidden, nforbidden);

	/*
	 * Before init_mem_mapping() the direct map is filled in on demand by
	 * the early page fault handler, so the whole blob can be read through
	 * __va(); early_memremap() would cap it at 256 KiB.
	 */
	fdt = __va(sd->fdt_addr);
	if (kho_blob_check(fdt, sd->fdt_size, ram, nram, forbidden, nforbidden,
			   &rep)) {
		kho_blob_describe(why, sizeof(why), fdt, &rep);
		kho_refuse(why);
		return;
	}

	if (memblock_reserve(blob_range.addr, blob_range.len))
		goto err_reserve;
	fdt_for_each_subnode(node, fdt, 0) {
		const struct kho_mem *mem;
		size_t n, i, run;

		/*
		 * memblock_reserve() scans the reserved array from its start,
		 * so reserve each run of adjacent ranges with one call.
		 */
		kho_blob_node_mem(fdt, node, &mem, &n);
		for (i = 0; i < n; i = run) {
			u64 end = mem[i].addr + mem[i].len;

			for (run = i + 1; run < n && mem[run].addr == end; run++)
				end += mem[run].len;
			if (memblock_reserve(mem[i].addr, end - mem[i].addr))
				goto err_reserve;
		}
	}
	kho_in.fdt = fdt;
	kho_in.size = sd->fdt_size;
	/* No clock runs yet; time it with the TSC when it is calibrated. */
	if (tsc_khz)
		pr_info("incoming state: %u nodes, %zu ranges, %llu KiB preserved, checked and reserved in %llu us\n",
			rep.nodes, rep.ranges, rep.bytes >> 10,
			div_u64((get_cycles() - start) * 1000, tsc_khz));
	else
		pr_info("incoming state: %u nodes, %zu ranges, %llu KiB preserved\n",
			rep.nodes, rep.ranges, rep.bytes >> 10);
	return;

err_reserve:
	/*
	 * What was reserved stays reserved: it is lost to this kernel, which
	 * is safe, while handing any of it out could corrupt live state.
	 */
	kho_refuse("out of memblock regions while reserving preserved memory");
}

/**
 * kho_incoming_fdt() - the blob this kernel received
 *
 * Return: the blob, already checked with kho_blob_check(), or NULL if none
 * came or it was refused (subsystems then initialize cold).
 */
const void *kho_incoming_fdt(void)
{
	return kho_in.fdt;
}
EXPORT_SYMBOL_GPL(kho_incoming_fdt);

/**
 * kho_find_node() - find a subsystem's node in the incoming blob
 * @name: node name
 * @compatible: the "<name>-v<N>" the caller understands
 *
 * Return: the node offset, -ENOENT if there is no blob or no such node,
 * -EPROTO if the node has another compatible (another layout version).
 */
int kho_find_node(const char *name, const char *compatible)
{
	int node;

	if (!kho_in.fdt)
		return -ENOENT;
	node = fdt_subnode_offset(kho_in.fdt, 0, name);
	if (node < 0)
		return -ENOENT;
	if (fdt_node_check_compatible(kho_in.fdt, node, compatible)) {
		pr_warn("node %s is not %s; its state is not used\n", name,
			compatible);
		return -EPROTO;
	}
	return node;
}
EXPORT_SYMBOL_GPL(kho_find_node);

/**
 * kho_incoming_preserved() - does the incoming blob preserve a range
 * @addr: physical address
 * @len: bytes
 *
 * For checks of live state that points into memory (an adopted page
 * table's leaves): the range must lie inside one node's preserved memory.
 *
 * Return: true if some node's mem property covers [@addr, @addr + @len).
 */
bool kho_incoming_preserved(phys_addr_t addr, u64 len)
{
	const struct kho_mem *mem;
	size_t n;
	int node;

	if (!kho_in.fdt)
		return false;
	fdt_for_each_subnode(node, kho_in.fdt, 0)
		if (!kho_blob_node_mem(kho_in.fdt, node, &mem, &n) &&
		    kho_ranges_contain(mem, n, addr, len))
			return true;
	return false;
}
EXPORT_SYMBOL_GPL(kho_incoming_preserved);

static bool kho_node_claimed(int node)
{
	unsigned int i;

	for (i = 0; i < kho_in.nclaimed; i++)
		if (kho_in.claimed[i] == node)
			return true;
	return false;
}

/**
 * kho_claim_node_mem() - take ownership of a node's preserved memory
 * @node: offset from kho_find_node()
 *
 * Every page of every range in the node's mem property becomes an ordinary
 * page with a reference count of one, owned by the caller, who frees it
 * with kho_return_mem() or __free_page() when done. A node can be claimed
 * once.
 *
 * Return: 0, -ENOENT without a blob, -EINVAL for a node that is not a
 * subsystem node, -EBUSY if already claimed or a page is not reserved.
 */
int kho_claim_node_mem(int node)
{
	const struct kho_mem *mem;
	int err = 0;
	size_t n, i;
	u64 pfn;

	mutex_lock(&kho_in.lock);
	if (!kho_in.fdt) {
		err = -ENOENT;
		goto out;
	}
	if (node <= 0 || fdt_parent_offset(kho_in.fdt, node) != 0 ||
	    kho_blob_node_mem(kho_in.fdt, node, &mem, &n)) {
		err = -EINVAL;
		goto out;
	}
	if (kho_node_claimed(node) || kho_in.nclaimed == KHO_MAX_MEM_NODES) {
		err = -EBUSY;
		goto out;
	}
	/* Check every page first: a claim is all or nothing. */
	for (i = 0; i < n; i++)
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

static struct bin_attribute incoming_dt_attr = {
	.attr = { .name = "dt", .mode = 0400 },
	.read = incoming_dt_read,
};

/* /sys/firmware/kho/dt: the blob as received, byte for byte. */
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
	err = sysfs_create_bin_file(kobj, &incoming_dt_attr);
	if (err)
		kobject_put(kobj);
	return err;
}
