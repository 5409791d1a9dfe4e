// SPDX-License-Identifier: GPL-2.0
/*
 * Handover metadata (CONFIG_KEXEC_HANDOVER_META): every kernel writes a
 * kho-meta node (abi/kho-meta.h) saying which kernel it is, when it handed
 * over and how many live updates came before, and shows what it received
 * under /sys/firmware/kho/previous/ and /sys/firmware/kho/history.
 *
 * The second worked example of docs/writing-a-serializer.md: the node
 * itself is written and checked by the portable meta_node.c; this file
 * is the kernel side: the incoming node at boot, the dump, the abort, the
 * time stamp at kexec -e and sysfs.
 */
#define pr_fmt(fmt) "KHO meta: " fmt

#include <linux/buildid.h>
#include <linux/io.h>
#include <linux/init.h>
#include <linux/kho.h>
#include <linux/kobject.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/kho/blob.h>
#include <linux/kho/meta.h>

#include "internal.h"

/* The history page is one page of this kernel. */
static_assert(KHO_META_HISTORY_SIZE == PAGE_SIZE);
/* The whole build id fits the node (a SHA-1 one, as Kbuild links it). */
static_assert(BUILD_ID_SIZE_MAX <= KHO_META_BUILD_ID_MAX);
/* uname -r fits a record. */
static_assert(sizeof(init_uts_ns.name.release) <= KHO_META_RELEASE_LEN);

/* One line of the history file: three u64 in decimal, a release, spaces. */
#define KHO_META_LINE_MAX	(3 * 20 + KHO_META_RELEASE_LEN + 3)

/**
 * struct kho_meta_glue - this kernel's handover metadata
 * @lock: serializes the dump, the abort and the stamp at kexec -e
 * @in: the node received at boot, valid if @have_in
 * @have_in: a valid node (and history) came in; its sysfs files exist
 * @in_recs: a copy of its history, @in.history_count records, each dump
 *	starts from it
 * @history_text: /sys/firmware/kho/history, built once at boot
 * @history_len: its length
 * @page: the history page this kernel hands over: the incoming one it
 *	claimed (kept for the life of the kernel), or one the dump allocated
 * @page_from_dump: @page was allocated by the dump, the abort frees it
 * @count: records in @page after the dump (the last is this kernel's)
 * @dumped: the node is in the outgoing blob
 */
struct kho_meta_glue {
	struct mutex lock;
	struct kho_meta in;
	bool have_in;
	struct kho_meta_record *in_recs;
	char *history_text;
	size_t history_len;
	struct page *page;
	bool page_from_dump;
	u32 count;
	bool dumped;
};

static struct kho_meta_glue kho_meta = {
	.lock = __MUTEX_INITIALIZER(kho_meta.lock),
};

static void kho_meta_stamp(u64 *time_ns, u64 *uptime_ns)
{
	*time_ns = ktime_get_real_ns();
	*uptime_ns = ktime_get_boottime_ns();
}

/* The generation this kernel runs at: 0 after a cold boot. */
static u64 kho_meta_generation(void)
{
	return kho_meta.have_in ? kho_meta.in.generation : 0;
}

/*
 * This kernel's uname -r as the node carries it: printable ASCII without
 * spaces (what the next kernel accepts); anything else becomes '_'.
 */
static void kho_meta_release(char *release)
{
	size_t i;

	strscpy(release, init_utsname()->release, KHO_META_RELEASE_LEN);
	for (i = 0; release[i]; i++)
		if (release[i] <= ' ' || release[i] > '~')
			release[i] = '_';
}

/* Under kho_meta.lock: drop what the dump set aside. */
static void kho_meta_undo_dump(void)
{
	/*
	 * The incoming page stays: claimed at boot, it is this kernel's for
	 * good (an order-0 page with one reference, as every claimed page is
	 * whatever order the old kernel allocated it at), and preserving it
	 * again in the next dump is safe. A page the dump allocated goes.
	 */
	if (kho_meta.page_from_dump) {
		__free_page(kho_meta.page);
		kho_meta.page = NULL;
		kho_meta.page_from_dump = false;
	}
	kho_meta.count = 0;
	kho_meta.dumped = false;
}

static int kho_meta_dump(void *fdt)
{
	struct kho_meta_record rec = { .generation = kho_meta_generation() };
	struct kho_meta_record *recs;
	struct kho_meta out = {};
	u32 count = 0;
	int err;

	mutex_lock(&kho_meta.lock);
	if (!kho_meta.page) {
		/* Not movable: the page must stay where the node says. */
		kho_meta.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!kho_meta.page) {
			err = -ENOMEM;
			goto out_unlock;
		}
		kho_meta.page_from_dump = true;
	}

	/* The history that came in, then this kernel's record: every dump. */
	recs = page_address(kho_meta.page);
	if (kho_meta.have_in) {
		count = kho_meta.in.history_count;
		memcpy(recs, kho_meta.in_recs, count * sizeof(*recs));
	}
	kho_meta_release(rec.release);
	kho_meta_stamp(&rec.handover_time_ns, &rec.uptime_ns);
	kho_meta.count = kho_meta_history_append(recs, count, &rec);

	memcpy(out.release, rec.release, sizeof(out.release));
	memcpy(out.build_id, vmlinux_build_id, BUILD_ID_SIZE_MAX);
	out.build_id_len = BUILD_ID_SIZE_MAX;
	out.generation = rec.generation + 1;
	out.handover_time_ns = rec.handover_time_ns;
	out.uptime_ns = rec.uptime_ns;
	out.history = page_to_phys(kho_meta.page);
	out.history_count = kho_meta.count;
	err = kho_meta_write(fdt, &out);
	if (err)
		goto err_undo;
	kho_meta.dumped = true;
	mutex_unlock(&kho_meta.lock);
	return 0;

err_undo:
	kho_meta_undo_dump();
out_unlock:
	mutex_unlock(&kho_meta.lock);
	return err;
}

static int kho_meta_notify(struct notifier_block *nb, unsigned long event,
			   void *fdt)
{
	switch (event) {
	case KHO_DUMP:
		return notifier_from_errno(kho_meta_dump(fdt));
	case KHO_ABORT:
		mutex_lock(&kho_meta.lock);
		kho_meta_undo_dump();
		mutex_unlock(&kho_meta.lock);
		return NOTIFY_DONE;
	}
	return NOTIFY_DONE;
}

static struct notifier_block kho_meta_nb = {
	.notifier_call = kho_meta_notify,
};

/*
 * kexec -e of an image carrying the blob: stamp the handover time and
 * uptime again, in the node (same length, in place: the next kernel gets
 * this very blob by its physical address) and in this kernel's record.
 * kernel_kexec() holds the kexec lock that activation and abort take, so
 * the dump cannot change under us; the locks are taken anyway, in the
 * order of the dump (kho_out.lock, then kho_meta.lock).
 */
static int kho_meta_reboot(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	struct kho_meta_record *rec;
	u64 time_ns, uptime_ns;
	int node, err;

	if (!kho_handover_pending())
		return NOTIFY_DONE;
	mutex_lock(&kho_out.lock);
	mutex_lock(&kho_meta.lock);
	if (!kho_meta.dumped)
		goto out;
	kho_meta_stamp(&time_ns, &uptime_ns);
	rec = (struct kho_meta_record *)page_address(kho_meta.page) +
	      kho_meta.count - 1;
	rec->handover_time_ns = time_ns;
	rec->uptime_ns = uptime_ns;
	node = fdt_subnode_offset(kho_out.fdt, 0, KHO_META_NAME);
	err = node < 0 ? node :
	      fdt_setprop_inplace(kho_out.fdt, node, KHO_META_TIME_PROP,
				  &time_ns, sizeof(time_ns));
	if (!err)
		err = fdt_setprop_inplace(kho_out.fdt, node, KHO_META_UPTIME_PROP,
					  &uptime_ns, sizeof(uptime_ns));
	if (err)
		pr_warn("cannot stamp the handover time into the node (%s)\n",
			fdt_strerror(err));
out:
	mutex_unlock(&kho_meta.lock);
	mutex_unlock(&kho_out.lock);
	return NOTIFY_DONE;
}

static struct notifier_block kho_meta_reboot_nb = {
	.notifier_call = kho_meta_reboot,
};

/*
 * Give back every claimed page of @node but the one at @keep (none if
 * @keep is 0: the first MiB is never preserved). A claim hands the pages
 * over one by one, order 0 with one reference each, whatever order the
 * old kernel allocated them at: each is freed on its own.
 */
static void __init kho_meta_return(const void *fdt, int node, phys_addr_t keep)
{
	const struct kho_mem *mem;
	phys_addr_t addr;
	size_t n, i;

	if (kho_blob_node_mem(fdt, node, &mem, &n))
		return;
	for (i = 0; i < n; i++)
		for (addr = mem[i].addr; addr < mem[i].addr + mem[i].len;
		     addr += PAGE_SIZE)
			if (addr != keep)
				kho_return_mem(addr, PAGE_SIZE);
}

/*
 * The node the previous kernel wrote: checked (the node table ran the
 * same parser at boot; a node it refused is not found here, and the core
 * logged why), claimed, its history checked and copied. Any problem
 * leaves this kernel cold: generation 1 in its own node, no previous/.
 */
static void __init kho_meta_incoming(void)
{
	const void *fdt = kho_incoming_fdt();
	char why[KHO_ESCAPED_SIZE + 128];
	struct kho_meta *in = &kho_meta.in;
	struct kho_report rep;
	struct page *page;
	int node, err;

	node = kho_find_node(KHO_META_NAME, KHO_META_COMPATIBLE);
	if (node < 0)
		return;
	if (kho_meta_parse(fdt, node, in, &rep)) {
		kho_report_describe(why, sizeof(why), fdt, &rep);
		goto refuse;
	}
	err = kho_claim_node_mem(node);
	if (err) {
		snprintf(why, sizeof(why), "cannot claim its memory (%d)", err);
		goto refuse;
	}
	/* One page, claimed: order 0, one reference, ours from now on. */
	page = pfn_to_page(PHYS_PFN(in->history));
	if (kho_meta_parse_history(in, page_address(page), &rep)) {
		kho_report_describe(why, sizeof(why), NULL, &rep);
		goto err_return;
	}
	kho_meta.in_recs = kmemdup(page_address(page),
				   in->history_count * sizeof(*kho_meta.in_recs),
				   GFP_KERNEL);
	if (!kho_meta.in_recs) {
		snprintf(why, sizeof(why), "out of memory");
		goto err_return;
	}
	kho_meta_return(fdt, node, in->history);
	kho_meta.page = page;
	kho_meta.have_in = true;
	pr_info("previous kernel %s, this kernel is live-update generation %llu, %u handovers recorded\n",
		in->release, in->generation, in->history_count);
	return;

err_return:
	kho_meta_return(fdt, node, 0);
refuse:
	memset(in, 0, sizeof(*in));
	pr_warn("node " KHO_META_NAME " refused, generation restarts at 1: %s\n",
		why);
}

static int __init kho_meta_init(void)
{
	int err;

	kho_meta_incoming();
	err = register_kho_notifier(&kho_meta_nb);
	if (err)
		return err;
	err = register_reboot_notifier(&kho_meta_reboot_nb);
	if (err)
		unregister_kho_notifier(&kho_meta_nb);
	return err;
}
subsys_initcall(kho_meta_init);

static ssize_t release_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", kho_meta.in.release);
}

static ssize_t build_id_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%*phN\n", kho_meta.in.build_id_len,
			  kho_meta.in.build_id);
}

static ssize_t generation_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", kho_meta.in.generation);
}

static ssize_t handover_time_ns_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", kho_meta.in.handover_time_ns);
}

static ssize_t uptime_ns_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", kho_meta.in.uptime_ns);
}

static struct kobj_attribute release_attr = __ATTR_RO(release);
static struct kobj_attribute build_id_attr = __ATTR_RO(build_id);
static struct kobj_attribute generation_attr = __ATTR_RO(generation);
static struct kobj_attribute handover_time_ns_attr = __ATTR_RO(handover_time_ns);
static struct kobj_attribute uptime_ns_attr = __ATTR_RO(uptime_ns);

static struct attribute *kho_meta_previous_attrs[] = {
	&release_attr.attr,
	&build_id_attr.attr,
	&generation_attr.attr,
	&handover_time_ns_attr.attr,
	&uptime_ns_attr.attr,
	NULL,
};

/* /sys/firmware/kho/previous/: the kernel that handed over to this one. */
static const struct attribute_group kho_meta_previous_group = {
	.name = "previous",
	.attrs = kho_meta_previous_attrs,
};

static ssize_t history_read(struct file *file, struct kobject *kobj,
			    struct bin_attribute *attr, char *buf, loff_t pos,
			    size_t count)
{
	return memory_read_from_buffer(buf, count, &pos, kho_meta.history_text,
				       kho_meta.history_len);
}

/* A text file, but longer than one page (sysfs_emit()) when full. */
static struct bin_attribute history_attr = {
	.attr = { .name = "history", .mode = 0444 },
	.read = history_read,
};

/* "generation handover_time_ns uptime_ns release" per record, oldest first. */
static int __init kho_meta_history_text(void)
{
	u32 i, n = kho_meta.in.history_count;
	size_t size = n * KHO_META_LINE_MAX + 1, pos = 0;
	char *text;

	text = kmalloc(size, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	text[0] = '\0';
	for (i = 0; i < n; i++) {
		const struct kho_meta_record *r = &kho_meta.in_recs[i];

		pos += scnprintf(text + pos, size - pos, "%llu %llu %llu %s\n",
				 r->generation, r->handover_time_ns,
				 r->uptime_ns, r->release);
	}
	kho_meta.history_text = text;
	kho_meta.history_len = pos;
	return 0;
}

/*
 * After /sys/firmware/kho exists (late_initcall in core.c). The files
 * show data fixed at boot and stay for the life of the kernel: nothing
 * they read is ever freed.
 */
static int __init kho_meta_sysfs_init(void)
{
	int err;

	if (!kho_meta.have_in || !kho_firmware_kobj)
		return 0;
	err = kho_meta_history_text();
	if (err)
		return err;
	history_attr.size = kho_meta.history_len;
	err = sysfs_create_group(kho_firmware_kobj, &kho_meta_previous_group);
	if (err)
		goto err_free;
	err = sysfs_create_bin_file(kho_firmware_kobj, &history_attr);
	if (err)
		goto err_group;
	return 0;

err_group:
	sysfs_remove_group(kho_firmware_kobj, &kho_meta_previous_group);
err_free:
	kfree(kho_meta.history_text);
	kho_meta.history_text = NULL;
	return err;
}
late_initcall_sync(kho_meta_sysfs_init);
