// SPDX-License-Identifier: GPL-2.0
/*
 * The pre-flight check at kexec load: while KHO is active, read the
 * version manifest of the image being loaded (kernel/kho/manifest.c) and
 * refuse the load if the target kernel would refuse a node that holds
 * preserved memory or that kept devices depend on, or would not read KHO
 * at all. /sys/kernel/kho/preflight set to "override" lets such a load go
 * ahead; the image then records which device steps the target refuses,
 * and kexec -e of that image stops those devices instead of keeping them
 * (kho_dev_keeps_master()).
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/bitops.h>
#include <linux/kexec.h>
#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/manifest.h>
#include <linux/libfdt.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

/* In struct kimage's kho_refused_steps: the target reads no KHO at all. */
#define KHO_PREFLIGHT_STOP_ALL	BIT(KHO_NR_STEPS)
static_assert(KHO_NR_STEPS + 1 <= 4);	/* the width of kho_refused_steps */

/* Under kho_out.lock. */
static bool kho_preflight_override;

/* The outgoing blob's nodes with what they hold, under kho_out.lock. */
static int kho_preflight_nodes(struct kho_preflight_node *nodes,
			       size_t max, unsigned long dev_steps)
{
	const void *fdt = kho_out.fdt;
	unsigned long *owns;
	unsigned int step;
	size_t n = 0, i;
	int node;

	owns = bitmap_zalloc(KHO_MAP_MAX_OWNERS, GFP_KERNEL);
	if (!owns)
		return -ENOMEM;
	for (i = 0; i < kho_out.map.n; i++)
		if (kho_out.map.e[i].owner < KHO_MAP_MAX_OWNERS)
			__set_bit(kho_out.map.e[i].owner, owns);

	fdt_for_each_subnode(node, fdt, 0) {
		struct kho_preflight_node *p = &nodes[n];
		unsigned int o;

		if (n == max)
			break;
		p->name = fdt_get_name(fdt, node, NULL);
		p->compatible = fdt_getprop(fdt, node, KHO_COMPATIBLE_PROP, NULL);
		p->mem = false;
		p->devs = false;
		for (o = 0; o < kho_out.map.nowners; o++)
			if (test_bit(o, owns) && !strcmp(kho_out.map.owners[o], p->name))
				p->mem = true;
		for_each_set_bit(step, &dev_steps, KHO_NR_STEPS)
			if (!strcmp(kho_dev_step_node(step), p->name))
				p->devs = true;
		/*
		 * The owner step marks no outgoing record (only PCI and the
		 * IOMMU do): what the blob records counts too, as for
		 * kho-check --target.
		 */
		if (kho_preflight_node_keeps_devs(fdt, node))
			p->devs = true;
		n++;
	}
	bitmap_free(owns);
	return n;
}

static const char *kho_preflight_holds(const struct kho_preflight_node *p)
{
	if (p->mem && p->devs)
		return "preserved memory and kept devices";
	return p->mem ? "preserved memory" : p->devs ? "kept devices" :
	       "neither memory nor devices";
}

/*
 * One line per node the target does not accept, one for the root; the
 * device steps whose node the target does not accept.
 */
static unsigned long kho_preflight_report(const struct kho_manifest *m,
					  const char *absent,
					  struct kho_preflight_node *nodes,
					  size_t n, bool root_ok,
					  unsigned long dev_steps)
{
	unsigned long refused_steps = 0;
	unsigned int step;
	char accepted[160];
	size_t i;

	if (!root_ok) {
		if (m)
			kho_manifest_accepted(m, KHO_MANIFEST_ROOT_NAME, accepted,
					      sizeof(accepted));
		pr_err("pre-flight: the target does not read this handover (%s): %s%s\n",
		       KHO_ROOT_COMPATIBLE, m ? "it accepts " : "",
		       m ? accepted : absent);
	}
	for (i = 0; i < n; i++) {
		const struct kho_preflight_node *p = &nodes[i];

		if (p->verdict == KHO_PREFLIGHT_ACCEPTED)
			continue;
		if (m)
			kho_manifest_accepted(m, p->name, accepted, sizeof(accepted));
		if (p->verdict == KHO_PREFLIGHT_REFUSED)
			pr_err("pre-flight: target refuses node %s (%s, holds %s): %s%s\n",
			       p->name, p->compatible, kho_preflight_holds(p),
			       m ? "it accepts " : "", m ? accepted : absent);
		else
			pr_info("pre-flight: target does not accept node %s (%s), which holds neither memory nor devices: %s%s\n",
				p->name, p->compatible,
				m ? "it accepts " : "", m ? accepted : absent);
	}
	if (!root_ok)
		return KHO_PREFLIGHT_STOP_ALL;
	/* A device depends on the node of each step that keeps it. */
	for_each_set_bit(step, &dev_steps, KHO_NR_STEPS) {
		bool ok = false;

		for (i = 0; i < n; i++)
			if (!strcmp(nodes[i].name, kho_dev_step_node(step)))
				ok = nodes[i].verdict == KHO_PREFLIGHT_ACCEPTED;
		if (!ok)
			refused_steps |= BIT(step);
	}
	/*
	 * A refused owner node with kept devices: its devices carry only
	 * PCI's and the IOMMU's marks, so stop what PCI keeps.
	 */
	for (i = 0; i < n; i++)
		if (nodes[i].devs && nodes[i].verdict != KHO_PREFLIGHT_ACCEPTED &&
		    !strcmp(nodes[i].name, kho_dev_step_node(KHO_STEP_OWNER)))
			refused_steps |= BIT(KHO_STEP_PCI);
	return refused_steps;
}

/**
 * kho_preflight() - may this image be loaded while KHO is active
 * @image: the image being loaded (kexec_file_load, bzImage64 loader)
 * @kernel: the bzImage file's contents
 * @kernel_len: its length
 *
 * Without an active blob, or for a crash kernel, there is nothing to
 * check. Otherwise the target must accept the root compatible and every
 * node that holds preserved memory or that kept devices depend on; each
 * node it refuses gets one log line naming the node, its compatible and
 * what the target accepts. A node that holds neither is only logged.
 *
 * Return: 0 to go on loading; -EPROTO if the target would refuse part of
 * the handover (or its manifest is malformed) and /sys/kernel/kho/preflight
 * is "enforce"; -ENOMEM. With "override" the load goes on and @image
 * records the device steps the target refuses (all of them, and no blob is
 * attached, when the target does not read KHO at all).
 */
int kho_preflight(struct kimage *image, const void *kernel,
		  unsigned long kernel_len)
{
	struct kho_preflight_node *nodes = NULL;
	const struct kho_manifest *mp = NULL;
	unsigned long dev_steps, refused_steps;
	struct kho_manifest m;
	char absent[128];
	int status, n, refusals, err = 0;
	bool root_ok;

	mutex_lock(&kho_out.lock);
	if (!kho_out.active || image->type == KEXEC_TYPE_CRASH)
		goto out;

	status = kho_manifest_read(kernel, kernel_len, &m);
	if (status == KHO_MANIFEST_OK)
		mp = &m;
	snprintf(absent, sizeof(absent), "target has %s (%s)",
		 kho_manifest_is_absent(status) ? "no KHO manifest" :
		 "a malformed KHO manifest", kho_manifest_strerror(status));

	nodes = kcalloc(KHO_MAX_CHILDREN, sizeof(*nodes), GFP_KERNEL);
	if (!nodes) {
		err = -ENOMEM;
		goto out;
	}
	dev_steps = kho_devs_dumped_steps();
	n = kho_preflight_nodes(nodes, KHO_MAX_CHILDREN, dev_steps);
	if (n < 0) {
		err = n;
		goto out;
	}
	refusals = kho_preflight_judge(mp, KHO_ROOT_COMPATIBLE, nodes, n,
				       &root_ok);
	refused_steps = kho_preflight_report(mp, absent, nodes, n, root_ok,
					     dev_steps);
	if (!refusals) {
		pr_info("pre-flight: the target accepts all %d nodes\n", n);
		goto out;
	}
	if (!kho_preflight_override) {
		pr_err("pre-flight: load refused (%d refusals); to load anyway: echo override > /sys/kernel/kho/preflight\n",
		       refusals);
		err = -EPROTO;
		goto out;
	}
	image->kho_refused_steps = refused_steps;
	pr_warn("pre-flight: override: loading anyway; at kexec -e %s\n",
		refused_steps & KHO_PREFLIGHT_STOP_ALL ?
		"nothing is handed over and every kept device is stopped" :
		refused_steps ? "the kept devices that depend on a refused node are stopped" :
		"no kept device depends on a refused node");
out:
	mutex_unlock(&kho_out.lock);
	kfree(nodes);
	return err;
}

/**
 * kho_preflight_stops_all() - was @image loaded for a target without KHO
 * @image: an image being loaded
 *
 * With the pre-flight overridden for a target that does not read KHO (no
 * manifest, a malformed one, or the root not accepted), nothing is handed
 * over: the image gets no blob and no mark, so kexec -e stops every device
 * and turns translation off as without KHO.
 *
 * Return: true for such an image.
 */
bool kho_preflight_stops_all(const struct kimage *image)
{
	return image->kho_refused_steps & KHO_PREFLIGHT_STOP_ALL;
}

/**
 * kho_preflight_refused_steps() - what kexec -e must not keep
 *
 * Only for the image being executed (kexec_image), during kexec -e.
 *
 * Return: the device steps whose node the target refuses, or every step
 * if it reads no KHO at all; 0 when the pre-flight found nothing refused.
 */
unsigned long kho_preflight_refused_steps(void)
{
	unsigned long steps;

	if (!kexec_in_progress || !kexec_image)
		return 0;
	steps = kexec_image->kho_refused_steps;
	if (steps & KHO_PREFLIGHT_STOP_ALL)
		steps |= BIT(KHO_NR_STEPS) - 1;
	return steps;
}

ssize_t kho_preflight_show(char *buf)
{
	bool override;

	mutex_lock(&kho_out.lock);
	override = kho_preflight_override;
	mutex_unlock(&kho_out.lock);
	return sysfs_emit(buf, "%s\n", override ? "override" : "enforce");
}

int kho_preflight_store(const char *buf)
{
	bool override;

	if (sysfs_streq(buf, "enforce"))
		override = false;
	else if (sysfs_streq(buf, "override"))
		override = true;
	else
		return -EINVAL;
	mutex_lock(&kho_out.lock);
	kho_preflight_override = override;
	mutex_unlock(&kho_out.lock);
	if (override)
		pr_warn("pre-flight: override set: kexec loads go ahead even if the target refuses part of the handover\n");
	return 0;
}
