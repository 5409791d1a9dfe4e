// SPDX-License-Identifier: GPL-2.0
/*
 * KHO outgoing side: the notifier chain subsystems register with, building
 * the blob when userspace writes 1 to /sys/kernel/kho/active, and rolling
 * everything back when it writes 0.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/gfp.h>
#include <linux/kexec.h>
#include <linux/kobject.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/sizes.h>
#include <linux/sysfs.h>
#include <linux/kho.h>
#include <linux/kho/nodes.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "../kexec_internal.h"
#include "internal.h"

struct kho_outgoing kho_out = {
	.lock = __MUTEX_INITIALIZER(kho_out.lock),
	.dt_max = KHO_DT_MAX_DEFAULT,
};

static BLOCKING_NOTIFIER_HEAD(kho_chain);

/**
 * register_kho_notifier() - take part in kexec handover
 * @nb: notifier; its callback receives the events of enum kho_event
 *
 * On %KHO_DUMP the callback writes one subsystem node into the blob
 * (the data argument) and declares the memory that state lives in with
 * kho_node_add_mem(). Higher @nb->priority is called first.
 *
 * Return: 0 or a negative errno.
 */
int register_kho_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&kho_chain, nb);
}
EXPORT_SYMBOL_GPL(register_kho_notifier);

/**
 * unregister_kho_notifier() - stop taking part in kexec handover
 * @nb: notifier passed to register_kho_notifier()
 *
 * Return: 0 or -ENOENT.
 */
int unregister_kho_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&kho_chain, nb);
}
EXPORT_SYMBOL_GPL(unregister_kho_notifier);

/*
 * A map that fits in one chunk of at most KHO_MAP_CHUNK_MAX gets exactly
 * the pages it needs; a larger one (or one whose single allocation
 * fails) is cut into 64 KiB chunks, losing at most the last one's tail.
 */
#define KHO_MAP_CHUNK_SIZE	SZ_64K

static int kho_map_grow(struct kho_map_builder *b, size_t need)
{
	size_t cap = max3(need, 2 * b->cap, (size_t)1024);
	struct kho_map_entry *e;

	e = kvrealloc(b->e, array_size(cap, sizeof(*e)), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	b->e = e;
	b->cap = cap;
	return 0;
}

/* Give back the map's chunks, keep what the serializers preserved. */
static void kho_free_chunks(void)
{
	u64 i;

	for (i = 0; i < kho_out.lay.chunks; i++)
		if (kho_out.chunk && kho_out.chunk[i])
			free_pages_exact(kho_out.chunk[i], kho_out.lay.chunk_size);
	kvfree(kho_out.chunk_phys);
	kvfree(kho_out.chunk);
	kho_out.chunk_phys = NULL;
	kho_out.chunk = NULL;
	memset(&kho_out.lay, 0, sizeof(kho_out.lay));
	memset(&kho_out.ref, 0, sizeof(kho_out.ref));
}

static void kho_free_map(void)
{
	kho_free_chunks();
	kvfree(kho_out.map.e);
	kho_map_builder_reset(&kho_out.map);
	kho_out.map.e = NULL;
	kho_out.map.cap = 0;
}

static void kho_free_blob(void)
{
	free_pages_exact(kho_out.fdt, kho_out.alloc_size);
	kho_out.fdt = NULL;
	kho_out.alloc_size = 0;
	kho_free_map();
}

/**
 * kho_preserve_phys() - hand physical memory over to the next kernel
 * @addr: page-aligned physical address
 * @len: bytes, a non-zero multiple of the page size
 *
 * Only from a %KHO_DUMP notifier, between kho_node_begin() and
 * kho_node_end(): the memory belongs to that node, and the next kernel
 * keeps it out of its page allocator until the node's owner claims it
 * (kho_claim_node_mem()). Ranges may come in any order; two nodes
 * preserving one page fail the dump. The memory must not be freed or
 * reused until %KHO_ABORT.
 *
 * Return: 0, -EINVAL outside a node or for a bad range, -ENOMEM.
 */
int kho_preserve_phys(phys_addr_t addr, u64 len)
{
	/* The builder grows under the lock the dump holds. */
	lockdep_assert_held(&kho_out.lock);
	if (WARN_ON_ONCE(!mutex_is_locked(&kho_out.lock)))
		return -EINVAL;
	return kho_map_add(&kho_out.map, addr, len);
}
EXPORT_SYMBOL_GPL(kho_preserve_phys);

/**
 * kho_preserve_folio() - hand a folio over to the next kernel
 * @folio: a folio the caller owns and keeps until %KHO_ABORT
 *
 * kho_preserve_phys() for the folio's pages; same rules.
 *
 * Return: 0, -EINVAL outside a node, -ENOMEM.
 */
int kho_preserve_folio(struct folio *folio)
{
	return kho_preserve_phys(PFN_PHYS(folio_pfn(folio)), folio_size(folio));
}
EXPORT_SYMBOL_GPL(kho_preserve_folio);

static int kho_cmp_ptr(const void *a, const void *b)
{
	unsigned long x = (unsigned long)*(void *const *)a;
	unsigned long y = (unsigned long)*(void *const *)b;

	return x < y ? -1 : x > y;
}

/* @lay->chunks chunks of @lay->chunk_size, in ascending address order. */
static int kho_alloc_chunks(const struct kho_map_layout *lay)
{
	u64 i;

	kho_out.chunk = kvcalloc(lay->chunks, sizeof(*kho_out.chunk),
				 GFP_KERNEL);
	kho_out.chunk_phys = kvcalloc(lay->chunks, sizeof(*kho_out.chunk_phys),
				      GFP_KERNEL);
	kho_out.lay = *lay;
	if (!kho_out.chunk || !kho_out.chunk_phys)
		return -ENOMEM;
	for (i = 0; i < lay->chunks; i++, cond_resched()) {
		kho_out.chunk[i] = alloc_pages_exact(lay->chunk_size,
						     GFP_KERNEL | __GFP_NOWARN);
		if (!kho_out.chunk[i])
			return -ENOMEM;
	}
	/* The direct map is in physical order: sorting pointers suffices. */
	sort(kho_out.chunk, lay->chunks, sizeof(*kho_out.chunk), kho_cmp_ptr,
	     NULL);
	for (i = 0; i < lay->chunks; i++)
		kho_out.chunk_phys[i] = virt_to_phys(kho_out.chunk[i]);
	return 0;
}

/*
 * Encode what the serializers preserved into chunks from the page
 * allocator (unmovable, so never in scratch), chained in ascending
 * address order, and point the root's mem-map at them.
 */
static int kho_build_map(void)
{
	struct kho_map_layout lay;
	struct kho_map_report rep;
	char why[160];
	int err;

	err = kho_map_prepare(&kho_out.map, &rep);
	if (err) {
		kho_map_describe(why, sizeof(why), kho_out.fdt, &rep);
		pr_err("refusing the blob the serializers wrote: %s\n", why);
		return -EINVAL;
	}
	if (!kho_out.map.n)
		return 0;
	/* One chunk of exactly the pages needed, when it fits in one. */
	err = kho_map_measure(&kho_out.map, KHO_MAP_CHUNK_MAX, &lay);
	if (!err && lay.chunks == 1)
		err = kho_map_measure(&kho_out.map, PAGE_ALIGN(lay.used), &lay);
	if (!err && lay.chunks == 1) {
		err = kho_alloc_chunks(&lay);
		if (err)
			kho_free_chunks();
	}
	if (err || lay.chunks != 1) {
		err = kho_map_measure(&kho_out.map, KHO_MAP_CHUNK_SIZE, &lay);
		if (!err)
			err = kho_alloc_chunks(&lay);
	}
	if (!err)
		err = kho_map_encode(&kho_out.map, &kho_out.lay, kho_out.chunk,
				     kho_out.chunk_phys, &kho_out.ref);
	if (!err)
		err = kho_blob_set_map(kho_out.fdt, &kho_out.ref);
	return err;
}

/**
 * kho_map_read() - read a map's chunks as one file, in chain order
 * @ref: a map that passed kho_map_check()
 * @buf: destination
 * @pos: offset in the concatenated chunks
 * @count: bytes wanted
 *
 * Return: bytes copied.
 */
ssize_t kho_map_read(const struct kho_map_ref *ref, char *buf, loff_t pos,
		     size_t count)
{
	u64 phys = ref->addr, off = 0;
	ssize_t done = 0;

	while (phys && count) {
		const struct kho_map_chunk *c = phys_to_virt(phys);

		if (pos < off + c->size) {
			size_t skip = pos - off;
			size_t n = min_t(u64, count, c->size - skip);

			memcpy(buf + done, (const char *)c + skip, n);
			done += n;
			pos += n;
			count -= n;
		}
		off += c->size;
		phys = c->next;
	}
	return done;
}

/*
 * The next kernel refuses a blob that fails these checks; refuse it here
 * already, where the subsystem at fault can still be told. Nothing may
 * sit in the first MiB (x86 reserves it at boot) or in scratch (the kexec
 * segments go there).
 */
static void kho_outgoing_node_refused(void *ctx, int node, const char *why)
{
	pr_err("refusing the blob the serializers wrote: node %s: %s\n",
	       fdt_get_name(kho_out.fdt, node, NULL), why);
}

/**
 * kho_check_nodes() - the node table and the overlap rule, with workspace
 * @fdt: a blob that passed kho_blob_check()
 * @refuse: called for each node its layout's check refuses; may be NULL
 * @ctx: passed to @refuse
 * @rep: filled by kho_nodes_check()
 * @why: on an error, one line saying why
 * @len: size of @why
 *
 * kho_nodes_check() with its workspace allocated here, for both sides of
 * the handover.
 *
 * Return: 0 if the blob can be used (@rep->refused nodes were refused),
 * -EINVAL if ranges collide, -ENOMEM.
 */
int kho_check_nodes(const void *fdt,
		    void (*refuse)(void *ctx, int node, const char *why),
		    void *ctx, struct kho_nodes_report *rep, char *why,
		    size_t len)
{
	struct kho_claims cl = { };
	void *state;
	int err = -ENOMEM;

	cl.cap = kho_nodes_claims_bound(fdt);
	/* Every field of a claim is written when it is added. */
	cl.c = kvmalloc_array(cl.cap, sizeof(*cl.c), GFP_KERNEL);
	state = kvzalloc(kho_nodes_state_size(), GFP_KERNEL);
	if (!cl.c || !state) {
		snprintf(why, len, "out of memory for the node checks");
		goto out;
	}
	err = kho_nodes_check(fdt, state, &cl, refuse, ctx, rep, why, len);
	if (err == -EINVAL)
		kho_claims_describe(why, len, fdt, &rep->claims);
out:
	kvfree(cl.c);
	kvfree(state);
	return err;
}

/* The node checks the next kernel runs, run here. */
static int kho_check_outgoing_nodes(void)
{
	struct kho_nodes_report rep;
	char why[192];
	int err;

	err = kho_check_nodes(kho_out.fdt, kho_outgoing_node_refused, NULL,
			      &rep, why, sizeof(why));
	if (err)
		pr_err("refusing the blob the serializers wrote: %s\n", why);
	return err ?: (rep.refused ? -EINVAL : 0);
}

static const void *kho_map_chunk_va(void *ctx, u64 phys, u64 size)
{
	return phys_to_virt(phys);
}

/* A map whose chunks are known good, read through the direct map. */
const struct kho_map_src kho_map_src_direct = {
	.chunk = kho_map_chunk_va,
};

/*
 * The next kernel serves its early allocations from scratch until it has
 * reserved the map: its memory map, the reservation table and the rest.
 * Only the table has a hard limit (in the map check); for the rest, warn.
 */
static void kho_warn_scratch_size(u64 runs)
{
	u64 need = (u64)max_pfn * sizeof(struct page) + runs * KHO_MAP_RUN_COST +
		   SZ_64M;

	if (kho_scratch.len < need)
		pr_warn("scratch (%llu MiB) may be too small for the next kernel's early allocations (about %llu MiB); if they do not fit it refuses the handover\n",
			kho_scratch.len >> 20, need >> 20);
}

static int kho_check_outgoing(void)
{
	struct kho_mem forbidden[3] = { { .addr = 0, .len = SZ_1M } };
	struct kho_map_report mrep;
	struct kho_blob_report rep;
	struct kho_mem *runs;
	size_t nforbidden = 1;
	char why[160];
	int err;

	forbidden[nforbidden].addr = virt_to_phys(kho_out.fdt);
	forbidden[nforbidden++].len = PAGE_ALIGN(kho_out.alloc_size);
	if (kho_scratch.len)
		forbidden[nforbidden++] = kho_scratch;
	nforbidden = kho_ranges_merge(forbidden, nforbidden);
	if (kho_blob_check(kho_out.fdt, kho_out.alloc_size, &rep)) {
		kho_blob_describe(why, sizeof(why), kho_out.fdt, &rep);
		pr_err("refusing the blob the serializers wrote: %s\n", why);
		return -EINVAL;
	}
	/* The limit the next kernel applies, against the same scratch. */
	if (kho_map_check(kho_out.fdt, &kho_map_src_direct, NULL, 0, forbidden,
			  nforbidden, kho_scratch.len / 4 / KHO_MAP_RUN_COST,
			  &mrep)) {
		kho_map_describe(why, sizeof(why), kho_out.fdt, &mrep);
		pr_err("refusing the blob the serializers wrote: %s\n", why);
		return -EINVAL;
	}
	runs = kvmalloc_array(max_t(u64, mrep.runs, 1), sizeof(*runs),
			      GFP_KERNEL);
	if (!runs)
		return -ENOMEM;
	err = kho_blob_mem_attach(&kho_out.mem, kho_out.fdt, &kho_map_src_direct,
				  runs, mrep.runs);
	if (!err)
		err = kho_check_outgoing_nodes();
	kho_blob_mem_detach(&kho_out.mem);
	kvfree(runs);
	if (err)
		return -EINVAL;
	kho_warn_scratch_size(mrep.runs);
	pr_info("blob ready: %u nodes, map %llu chunks %llu bytes, %llu regions, %llu runs, %llu KiB preserved, blob %u bytes\n",
		rep.nodes, rep.map.chunks, rep.map.bytes, mrep.regions,
		mrep.runs, mrep.pages << (PAGE_SHIFT - 10),
		fdt_totalsize(kho_out.fdt));
	return 0;
}

/**
 * kho_image_carries_blob() - was this kexec image loaded with the blob
 * @image: a kexec image, or NULL
 *
 * Only an image that kexec_file_load built while KHO was active has the
 * setup_data entry pointing at the blob, and kho_fill_setup_data() marks
 * it. The mark lives and dies with the image: an image unloaded, replaced
 * or freed after a failed load takes it along, so a later image (a legacy
 * kexec_load one, possibly allocated at the same address) never inherits
 * it.
 *
 * Return: true if @image is a kexec_file image whose boot parameters
 * point at the blob.
 */
static bool kho_image_carries_blob(const struct kimage *image)
{
	return image && image->type == KEXEC_TYPE_DEFAULT &&
	       image->file_mode && image->kho_blob;
}

/*
 * Activation and abort hold the kexec lock (kexec_trylock(), the one
 * kexec_load, kexec_file_load and kexec -e take), so no image is being
 * loaded, unloaded or executed meanwhile: a load sees KHO either active
 * (all of its segments in scratch, the blob attached) or not at all, and
 * the blob cannot be freed under a load. Whoever comes second gets
 * -EBUSY, as kexec does for two concurrent loads.
 */
static int kho_activate(void)
{
	int err;

	if (kho_out.active)
		return -EBUSY;
	if (!kho_scratch.len) {
		pr_err("no scratch area: boot with kho_scratch=SIZE to use KHO\n");
		return -ENODEV;
	}
	if (!kexec_trylock()) {
		pr_info_ratelimited("a kexec load, unload or reboot is under way; try again\n");
		return -EBUSY;
	}

	err = -ENOMEM;
	kho_out.fdt = alloc_pages_exact(kho_out.dt_max, GFP_KERNEL | __GFP_NOWARN);
	if (!kho_out.fdt)
		goto out_unlock;
	kho_out.alloc_size = kho_out.dt_max;

	kho_map_builder_reset(&kho_out.map);
	kho_out.map.grow = kho_map_grow;
	err = kho_blob_begin(kho_out.fdt, kho_out.alloc_size, &kho_out.map);
	if (err)
		goto err_free;

	/* Every serializer freezes before any of them reads live state. */
	kho_devs_freeze();
	err = notifier_to_errno(blocking_notifier_call_chain(&kho_chain,
							     KHO_FREEZE, NULL));
	if (err) {
		pr_err("a serializer failed to freeze (%d); dump aborted\n", err);
		goto err_abort;
	}
	err = notifier_to_errno(blocking_notifier_call_chain(&kho_chain,
							     KHO_DUMP, kho_out.fdt));
	if (err) {
		pr_err("a serializer failed to dump (%d); dump aborted\n", err);
		goto err_abort;
	}
	err = kho_blob_finish(kho_out.fdt);
	if (!err)
		err = kho_build_map();
	if (!err)
		err = kho_check_outgoing();
	if (err)
		goto err_abort;

	kho_devs_dumped();
	WRITE_ONCE(kho_out.active, true);
	if (kexec_image && !kho_image_carries_blob(kexec_image))
		pr_warn("the loaded kexec image does not carry the blob; load the kernel again (kexec -s -l) to hand over\n");
	kexec_unlock();
	return 0;

err_abort:
	if (err == -ENOSPC)
		pr_err("blob does not fit in dt_max (%zu bytes)\n", kho_out.dt_max);
	/* Every serializer, frozen or dumped or not, thaws and frees. */
	blocking_notifier_call_chain(&kho_chain, KHO_ABORT, NULL);
	kho_devs_thaw();
err_free:
	kho_free_blob();
out_unlock:
	kexec_unlock();
	return err;
}

static int kho_deactivate(void)
{
	int err = 0;

	if (!kho_out.active)
		return 0;

	/* A loaded kexec image points at the blob: it must go first. */
	if (!kexec_trylock()) {
		pr_info_ratelimited("a kexec load, unload or reboot is under way; try again\n");
		return -EBUSY;
	}
	if (kho_image_carries_blob(kexec_image)) {
		pr_err("a kexec image carrying the blob is loaded; unload it first (kexec -s -u)\n");
		err = -EBUSY;
		goto out;
	}
	blocking_notifier_call_chain(&kho_chain, KHO_ABORT, NULL);
	kho_devs_thaw();
	kho_free_blob();
	WRITE_ONCE(kho_out.active, false);
out:
	kexec_unlock();
	return err;
}

/**
 * kho_handover_pending() - is a kexec that carries the blob under way
 *
 * For shutdown paths that leave preserved hardware state running: true
 * only while kexec -e executes an image that kexec_file_load built with
 * the blob (kexec_image itself is asked, not a remembered pointer). For
 * any other image, a legacy kexec_load one included, shutdown stops every
 * device and turns translation off, as without KHO.
 *
 * Return: true during such a kexec.
 */
bool kho_handover_pending(void)
{
	return kexec_in_progress && READ_ONCE(kho_out.active) &&
	       kho_image_carries_blob(kexec_image);
}
EXPORT_SYMBOL_GPL(kho_handover_pending);

static ssize_t active_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(kho_out.active));
}

static ssize_t active_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	bool on;
	int err;

	err = kstrtobool(buf, &on);
	if (err)
		return err;
	mutex_lock(&kho_out.lock);
	err = on ? kho_activate() : kho_deactivate();
	mutex_unlock(&kho_out.lock);
	return err ? err : count;
}

static ssize_t dt_max_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%zu\n", READ_ONCE(kho_out.dt_max));
}

static ssize_t dt_max_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	size_t val;
	int err;

	err = kstrtoul(buf, 0, &val);
	if (err)
		return err;
	/* One physically contiguous allocation, at least a page. */
	if (val < PAGE_SIZE || val > (PAGE_SIZE << MAX_PAGE_ORDER))
		return -EINVAL;
	mutex_lock(&kho_out.lock);
	if (kho_out.active)
		err = -EBUSY;
	else
		kho_out.dt_max = PAGE_ALIGN(val);
	mutex_unlock(&kho_out.lock);
	return err ? err : count;
}

static ssize_t scratch_phys_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", kho_scratch.addr);
}

static ssize_t scratch_len_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", kho_scratch.len);
}

static ssize_t dt_read(struct file *file, struct kobject *kobj,
		       struct bin_attribute *attr, char *buf, loff_t pos,
		       size_t count)
{
	ssize_t ret;

	mutex_lock(&kho_out.lock);
	if (kho_out.active)
		ret = memory_read_from_buffer(buf, count, &pos, kho_out.fdt,
					      fdt_totalsize(kho_out.fdt));
	else
		ret = 0;
	mutex_unlock(&kho_out.lock);
	return ret;
}

static ssize_t map_read(struct file *file, struct kobject *kobj,
			struct bin_attribute *attr, char *buf, loff_t pos,
			size_t count)
{
	ssize_t ret = 0;

	mutex_lock(&kho_out.lock);
	if (kho_out.active)
		ret = kho_map_read(&kho_out.ref, buf, pos, count);
	mutex_unlock(&kho_out.lock);
	return ret;
}

/* This kernel's accepted node compatibles: "node compatible" per line. */
static ssize_t manifest_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return kho_self_manifest_show(buf);
}

/* The pre-flight at kexec load: "enforce" (default) or "override". */
static ssize_t preflight_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return kho_preflight_show(buf);
}

static ssize_t preflight_store(struct kobject *kobj,
			       struct kobj_attribute *attr, const char *buf,
			       size_t count)
{
	int err = kho_preflight_store(buf);

	return err ? err : count;
}

static struct kobj_attribute active_attr = __ATTR_RW(active);
static struct kobj_attribute dt_max_attr = __ATTR_RW(dt_max);
static struct kobj_attribute scratch_phys_attr = __ATTR_RO(scratch_phys);
static struct kobj_attribute scratch_len_attr = __ATTR_RO(scratch_len);
static struct kobj_attribute manifest_attr = __ATTR_RO(manifest);
static struct kobj_attribute preflight_attr = __ATTR_RW(preflight);
/* Physical addresses of preserved memory, token salts and hashes: root only. */
static BIN_ATTR_ADMIN_RO(dt, 0);
static BIN_ATTR_ADMIN_RO(map, 0);

static struct attribute *kho_out_attrs[] = {
	&active_attr.attr,
	&dt_max_attr.attr,
	&scratch_phys_attr.attr,
	&scratch_len_attr.attr,
	&manifest_attr.attr,
	&preflight_attr.attr,
	NULL,
};

static struct bin_attribute *kho_out_bin_attrs[] = {
	&bin_attr_dt,
	&bin_attr_map,
	NULL,
};

static const struct attribute_group kho_out_group = {
	.attrs = kho_out_attrs,
	.bin_attrs = kho_out_bin_attrs,
};

static int __init kho_out_init(void)
{
	struct kobject *kobj;
	int err;

	kobj = kobject_create_and_add("kho", kernel_kobj);
	if (!kobj)
		return -ENOMEM;
	err = sysfs_create_group(kobj, &kho_out_group);
	if (err) {
		kobject_put(kobj);
		return err;
	}
	return kho_sysfs_incoming_init();
}
late_initcall(kho_out_init);
