// SPDX-License-Identifier: GPL-2.0
/*
 * The KHO device registry: one handover record per kept PCI device, with
 * one state. PCI, the IOMMU and the device's owner are steps on it; they
 * report what they accept and what they refuse, and any refusal stops the
 * device here, in one place and one order: bus mastering and MSI/MSI-X
 * off first, then each step's stop callback (PCI lifts its hold, the
 * IOMMU blocks translation, the owner frees its state). The protocol and
 * its invariant are in docs/design/device-handover.md.
 *
 * One mutex guards the registry; records live in an xarray indexed by
 * segment << 16 | bus << 8 | devfn.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/pci.h>
#include <linux/kho/abi/vfio.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "internal.h"

/**
 * struct kho_dev - the handover record of one device
 * @state: where the device stands
 * @steps: bit per step: old kernel, the steps that keep it; new kernel,
 *	the steps that found and accepted their record of it
 */
struct kho_dev {
	enum kho_dev_state state;
	unsigned long steps;
};

static DEFINE_MUTEX(kho_dev_lock);
static DEFINE_XARRAY(kho_devs);
static const struct kho_dev_step_ops *kho_dev_steps[KHO_NR_STEPS];
/* A dump is active: the set of kept devices cannot change. */
static bool kho_devs_frozen;
/* A step broke the freeze: this handover keeps no device mastering. */
static bool kho_devs_spoiled;
/*
 * Orders step registration against the incoming pass: a step that
 * registers after the pass (an owner in a module) runs its own incoming
 * check at once, and exactly one of the two runs it.
 */
static DEFINE_MUTEX(kho_dev_steps_lock);
static bool kho_devs_incoming_done;

static const char * const kho_dev_step_names[KHO_NR_STEPS] = {
	[KHO_STEP_PCI] = "PCI",
	[KHO_STEP_IOMMU] = "IOMMU",
	[KHO_STEP_OWNER] = "owner",
};

/*
 * The node each step's state of a kept device lives in: a device depends
 * on the node of every step that keeps it, and the pre-flight at kexec
 * load weighs those nodes against the target's manifest.
 */
static const char * const kho_dev_step_nodes[KHO_NR_STEPS] = {
	[KHO_STEP_PCI] = KHO_PCI_NODE,
	[KHO_STEP_IOMMU] = KHO_VTD_NODE,
	[KHO_STEP_OWNER] = KHO_VFIO_NODE,
};

/* The node @step keeps its devices' state in. */
const char *kho_dev_step_node(unsigned int step)
{
	return kho_dev_step_nodes[step];
}

/* Every step that keeps at least one dumped device, bit per step. */
unsigned long kho_devs_dumped_steps(void)
{
	unsigned long sbdf, steps = 0;
	struct kho_dev *kd;

	mutex_lock(&kho_dev_lock);
	xa_for_each(&kho_devs, sbdf, kd)
		if (kd->state == KHO_DEV_DUMPED)
			steps |= kd->steps;
	mutex_unlock(&kho_dev_lock);
	return steps;
}

/**
 * kho_dev_register_step() - set what a step does when a device is stopped
 * @step: the step
 * @ops: its callbacks, static
 *
 * A step registered after the incoming pass (fs_initcall_sync), such as
 * the owner step of a driver built as a module, has its @ops->incoming
 * run here, at once: its devices waited INCOMING until then, behind the
 * translation the IOMMU step verified.
 */
void kho_dev_register_step(enum kho_dev_step step,
			   const struct kho_dev_step_ops *ops)
{
	mutex_lock(&kho_dev_steps_lock);
	WRITE_ONCE(kho_dev_steps[step], ops);
	if (kho_devs_incoming_done && ops->incoming) {
		pr_info("%s step registered after boot: checking its records now\n",
			kho_dev_step_names[step]);
		ops->incoming();
	}
	mutex_unlock(&kho_dev_steps_lock);
}
EXPORT_SYMBOL_GPL(kho_dev_register_step);

/* The record at @sbdf, created in @state if there is none. */
static struct kho_dev *kho_dev_get(u32 sbdf, enum kho_dev_state state)
{
	struct kho_dev *kd = xa_load(&kho_devs, sbdf);

	lockdep_assert_held(&kho_dev_lock);
	if (kd)
		return kd;
	kd = kzalloc(sizeof(*kd), GFP_KERNEL);
	if (!kd)
		return NULL;
	kd->state = state;
	if (xa_err(xa_store(&kho_devs, sbdf, kd, GFP_KERNEL))) {
		kfree(kd);
		return NULL;
	}
	return kd;
}

/**
 * kho_dev_mark() - a step keeps a device across the next KHO kexec
 * @pdev: the device
 * @step: the step that keeps it
 *
 * Return: 0, -EBUSY while a dump is active, -ENOMEM.
 */
int kho_dev_mark(struct pci_dev *pdev, enum kho_dev_step step)
{
	struct kho_dev *kd;
	int err = 0;

	mutex_lock(&kho_dev_lock);
	if (kho_devs_frozen) {
		err = -EBUSY;
		goto out;
	}
	kd = kho_dev_get(kho_dev_sbdf(pdev), KHO_DEV_MARKED);
	if (!kd) {
		err = -ENOMEM;
	} else {
		/*
		 * A record the incoming handover closed (the device adopted,
		 * or stopped and since taken by a driver again) starts over:
		 * the device is kept anew, and only a MARKED record is
		 * frozen, dumped and kept mastering at the kexec. One still
		 * INCOMING stays so: its translation awaits a verdict.
		 */
		if (kd->state == KHO_DEV_ADOPTED || kd->state == KHO_DEV_STOPPED) {
			kd->state = KHO_DEV_MARKED;
			kd->steps = 0;
		}
		__set_bit(step, &kd->steps);
	}
out:
	mutex_unlock(&kho_dev_lock);
	return err;
}
EXPORT_SYMBOL_GPL(kho_dev_mark);

/**
 * kho_dev_unmark() - undo kho_dev_mark()
 * @pdev: the device
 * @step: the step that no longer keeps it
 *
 * The record goes away with the last step that kept the device.
 */
void kho_dev_unmark(struct pci_dev *pdev, enum kho_dev_step step)
{
	u32 sbdf = kho_dev_sbdf(pdev);
	struct kho_dev *kd;

	mutex_lock(&kho_dev_lock);
	kd = xa_load(&kho_devs, sbdf);
	if (kd && kd->state <= KHO_DEV_DUMPED) {
		__clear_bit(step, &kd->steps);
		if (!kd->steps) {
			xa_erase(&kho_devs, sbdf);
			kfree(kd);
		}
	}
	mutex_unlock(&kho_dev_lock);
}
EXPORT_SYMBOL_GPL(kho_dev_unmark);

/* Move every outgoing record from @from to @to. */
static void kho_devs_move(enum kho_dev_state from, enum kho_dev_state to)
{
	struct kho_dev *kd;
	unsigned long sbdf;

	xa_for_each(&kho_devs, sbdf, kd)
		if (kd->state == from)
			kd->state = to;
}

/* Called by the core around the serializers' freeze, dump and abort. */
void kho_devs_freeze(void)
{
	mutex_lock(&kho_dev_lock);
	kho_devs_frozen = true;
	kho_devs_move(KHO_DEV_MARKED, KHO_DEV_FROZEN);
	mutex_unlock(&kho_dev_lock);
}

void kho_devs_dumped(void)
{
	mutex_lock(&kho_dev_lock);
	kho_devs_move(KHO_DEV_FROZEN, KHO_DEV_DUMPED);
	mutex_unlock(&kho_dev_lock);
}

void kho_devs_thaw(void)
{
	mutex_lock(&kho_dev_lock);
	kho_devs_move(KHO_DEV_FROZEN, KHO_DEV_MARKED);
	kho_devs_move(KHO_DEV_DUMPED, KHO_DEV_MARKED);
	kho_devs_frozen = false;
	WRITE_ONCE(kho_devs_spoiled, false);
	mutex_unlock(&kho_dev_lock);
}

static void kho_dev_quiesce(struct pci_dev *pdev);

/**
 * kho_dev_keeps_master() - does this kexec hand the device over mastering
 * @pdev: a device being shut down for kexec
 *
 * Return: true during a KHO kexec for a device whose records were dumped,
 * and for the bridges above it: its DMA in flight completes through the
 * preserved translation. Not for a device that depends on a node the
 * target kernel refuses (an image loaded with the pre-flight overridden):
 * that one is stopped here, MSI and MSI-X off, and the caller turns its
 * bus mastering off.
 */
bool kho_dev_keeps_master(struct pci_dev *pdev)
{
	struct pci_dev *dev, *p;
	unsigned long sbdf, refused;
	struct kho_dev *kd;
	bool keep = false;

	/* Also without the mark: a target that reads no KHO gets no blob. */
	refused = kho_preflight_refused_steps();
	if (!refused &&
	    (!kho_handover_pending() || READ_ONCE(kho_devs_spoiled)))
		return false;
	mutex_lock(&kho_dev_lock);
	xa_for_each(&kho_devs, sbdf, kd) {
		if (kd->state != KHO_DEV_DUMPED)
			continue;
		if (kd->steps & refused) {
			/* The caller turns bus mastering off. */
			if (sbdf == kho_dev_sbdf(pdev)) {
				kho_dev_quiesce(pdev);
				pr_warn("%s: not kept: the target kernel refuses its handover (pre-flight override); device stopped\n",
					pci_name(pdev));
			}
			continue;
		}
		if (!kho_handover_pending() || READ_ONCE(kho_devs_spoiled))
			continue;
		dev = pci_get_domain_bus_and_slot(sbdf >> 16, (sbdf >> 8) & 0xff,
						  sbdf & 0xff);
		for (p = dev; p && !keep; p = pci_upstream_bridge(p))
			keep = p == pdev;
		pci_dev_put(dev);
		if (keep)
			break;
	}
	mutex_unlock(&kho_dev_lock);
	return keep;
}
EXPORT_SYMBOL_GPL(kho_dev_keeps_master);

/**
 * kho_devs_spoil() - the state of a frozen device changed after all
 *
 * For a step that cannot refuse a change during the freeze (an unmap must
 * not fail): until the abort, the kexec keeps no device mastering, so the
 * next kernel finds them stopped. Any context: lockless.
 */
void kho_devs_spoil(void)
{
	WRITE_ONCE(kho_devs_spoiled, true);
}
EXPORT_SYMBOL_GPL(kho_devs_spoil);

/**
 * kho_dev_incoming() - a step accepted its record of a device
 * @sbdf: the device
 * @step: the step
 *
 * A device another step already stopped stays stopped.
 */
void kho_dev_incoming(u32 sbdf, enum kho_dev_step step)
{
	struct kho_dev *kd;

	mutex_lock(&kho_dev_lock);
	kd = kho_dev_get(sbdf, KHO_DEV_INCOMING);
	if (kd)
		__set_bit(step, &kd->steps);
	mutex_unlock(&kho_dev_lock);
}
EXPORT_SYMBOL_GPL(kho_dev_incoming);

/**
 * kho_dev_kept_by() - is a device still kept, and did @step accept it
 * @sbdf: the device
 * @step: the step
 *
 * Return: true if the device is INCOMING or ADOPTED and @step accepted it.
 */
bool kho_dev_kept_by(u32 sbdf, enum kho_dev_step step)
{
	struct kho_dev *kd;
	bool kept;

	mutex_lock(&kho_dev_lock);
	kd = xa_load(&kho_devs, sbdf);
	kept = kd && (kd->state == KHO_DEV_INCOMING || kd->state == KHO_DEV_ADOPTED) &&
	       test_bit(step, &kd->steps);
	mutex_unlock(&kho_dev_lock);
	return kept;
}
EXPORT_SYMBOL_GPL(kho_dev_kept_by);

/**
 * kho_dev_state() - the state of a device's handover record
 * @sbdf: the device
 *
 * Return: its state, KHO_DEV_NONE if it has no record.
 */
enum kho_dev_state kho_dev_state(u32 sbdf)
{
	enum kho_dev_state state;
	struct kho_dev *kd;

	mutex_lock(&kho_dev_lock);
	kd = xa_load(&kho_devs, sbdf);
	state = kd ? kd->state : KHO_DEV_NONE;
	mutex_unlock(&kho_dev_lock);
	return state;
}
EXPORT_SYMBOL_GPL(kho_dev_state);

/**
 * kho_dev_adopted() - the owner took a device over
 * @sbdf: the device
 *
 * From here on it is an ordinary device of its driver.
 */
void kho_dev_adopted(u32 sbdf)
{
	struct kho_dev *kd;

	mutex_lock(&kho_dev_lock);
	kd = xa_load(&kho_devs, sbdf);
	if (kd && kd->state == KHO_DEV_INCOMING)
		kd->state = KHO_DEV_ADOPTED;
	mutex_unlock(&kho_dev_lock);
}
EXPORT_SYMBOL_GPL(kho_dev_adopted);

/* Bus mastering, MSI and MSI-X off: nothing the device issues leaves it. */
static void kho_dev_quiesce(struct pci_dev *pdev)
{
	u16 ctrl;

	pci_clear_master(pdev);
	if (pdev->msi_cap) {
		pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &ctrl);
		if (ctrl & PCI_MSI_FLAGS_ENABLE)
			pci_write_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS,
					      ctrl & ~PCI_MSI_FLAGS_ENABLE);
	}
	if (pdev->msix_cap) {
		pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
		if (ctrl & PCI_MSIX_FLAGS_ENABLE)
			pci_write_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS,
					      ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	}
}

/*
 * Stop one device's hardware and mark its record; true if it was not
 * stopped before (the caller then runs the steps' callbacks).
 */
static bool kho_dev_do_stop(u32 sbdf, struct pci_dev *pdev,
			    enum kho_dev_step by, const char *why)
{
	struct kho_dev *kd;

	lockdep_assert_held(&kho_dev_lock);
	kd = xa_load(&kho_devs, sbdf);
	if (kd && kd->state == KHO_DEV_STOPPED)
		return false;
	/* Without memory for a record the device is still stopped. */
	if (!kd)
		kd = kho_dev_get(sbdf, KHO_DEV_STOPPED);
	if (kd)
		kd->state = KHO_DEV_STOPPED;
	if (pdev)
		kho_dev_quiesce(pdev);
	pr_err("%04x:%02x:%02x.%d: handover refused by %s: %s; %s\n",
	       sbdf >> 16, (sbdf >> 8) & 0xff, PCI_SLOT(sbdf & 0xff),
	       PCI_FUNC(sbdf & 0xff), kho_dev_step_names[by], why,
	       pdev ? "device stopped" : "device not found");
	return true;
}

/*
 * Every step but @by drops its hold, in step order, without the registry
 * lock but in the caller's context, whatever locks it holds (see
 * &struct kho_dev_step_ops.stop).
 */
static void kho_dev_stop_steps(u32 sbdf, struct pci_dev *pdev, enum kho_dev_step by)
{
	const struct kho_dev_step_ops *ops;
	unsigned int step;

	for (step = 0; step < KHO_NR_STEPS; step++) {
		ops = READ_ONCE(kho_dev_steps[step]);
		if (step != by && ops && ops->stop)
			ops->stop(sbdf, pdev);
	}
}

/* Stop @pdev (or a device that is not there) once; true if this did it. */
static bool kho_dev_stop_one(u32 sbdf, struct pci_dev *pdev,
			     enum kho_dev_step by, const char *why)
{
	bool stopped;

	mutex_lock(&kho_dev_lock);
	stopped = kho_dev_do_stop(sbdf, pdev, by, why);
	mutex_unlock(&kho_dev_lock);
	if (stopped)
		kho_dev_stop_steps(sbdf, pdev, by);
	return stopped;
}

/**
 * kho_dev_stop() - refuse a kept device: stop it, then drop every hold
 * @sbdf: the device
 * @by: the step that refuses it (its own stop callback is not called)
 * @why: for the one log line
 *
 * Bus mastering and MSI/MSI-X are turned off before any step changes the
 * device's translation. Stopping a stopped device does nothing.
 */
void kho_dev_stop(u32 sbdf, enum kho_dev_step by, const char *why)
{
	struct pci_dev *pdev;

	pdev = pci_get_domain_bus_and_slot(sbdf >> 16, (sbdf >> 8) & 0xff,
					   sbdf & 0xff);
	kho_dev_stop_one(sbdf, pdev, by, why);
	pci_dev_put(pdev);
}
EXPORT_SYMBOL_GPL(kho_dev_stop);

/**
 * kho_dev_stop_unverified() - stop every device still mastering on trust
 * @match: selects the devices concerned (for example those behind one
 *	IOMMU unit)
 * @data: passed to @match
 * @by: the step giving up
 * @why: for the log
 *
 * For a step that refuses state it cannot attribute to single devices
 * (an IOMMU unit whose preserved tables it will not use). A device with
 * bus mastering on that no driver of this kernel enabled was left running
 * by the old kernel (or by firmware, and no driver took it since): it is
 * stopped, record or not; its driver enables it again when it binds.
 *
 * Return: the number of devices stopped.
 */
unsigned int kho_dev_stop_unverified(bool (*match)(struct pci_dev *pdev, void *data),
				     void *data, enum kho_dev_step by,
				     const char *why)
{
	struct pci_dev *pdev = NULL;
	unsigned int n = 0;
	u16 cmd;

	for_each_pci_dev(pdev) {
		if (pdev->is_busmaster || !match(pdev, data))
			continue;
		pci_read_config_word(pdev, PCI_COMMAND, &cmd);
		if (!(cmd & PCI_COMMAND_MASTER))
			continue;
		if (kho_dev_stop_one(kho_dev_sbdf(pdev), pdev, by, why))
			n++;
	}
	return n;
}
EXPORT_SYMBOL_GPL(kho_dev_stop_unverified);

/*
 * The steps check their incoming records in step order (PCI before the
 * owner, which keeps only what PCI kept), at one point of the boot: after
 * PCI enumeration and the resource survey, before the IOMMU initializes
 * and before any driver binds. Link order does not matter. A step that
 * is not registered yet runs its check when it registers.
 */
static int __init kho_devs_incoming(void)
{
	const struct kho_dev_step_ops *ops;
	unsigned int step;

	mutex_lock(&kho_dev_steps_lock);
	for (step = 0; step < KHO_NR_STEPS; step++) {
		ops = READ_ONCE(kho_dev_steps[step]);
		if (ops && ops->incoming)
			ops->incoming();
	}
	kho_devs_incoming_done = true;
	mutex_unlock(&kho_dev_steps_lock);
	return 0;
}
fs_initcall_sync(kho_devs_incoming);

/*
 * By late_initcall every step that vouches for a kept device has done so
 * (PCI at fs_initcall_sync, VT-d in init_dmars()). A device still waiting
 * that no IOMMU step accepted has nothing verifying its translation (the
 * IOMMU driver is not built, or never saw the unit): stop it.
 */
static int __init kho_devs_check_iommu(void)
{
	struct kho_dev *kd;
	unsigned long sbdf;
	bool found;

	/*
	 * One device per pass, without allocating: stopping needs the
	 * registry lock dropped, and marks the record STOPPED, so each pass
	 * finds one fewer.
	 */
	do {
		found = false;
		mutex_lock(&kho_dev_lock);
		xa_for_each(&kho_devs, sbdf, kd)
			if (kd->state == KHO_DEV_INCOMING &&
			    !test_bit(KHO_STEP_IOMMU, &kd->steps)) {
				found = true;
				break;
			}
		mutex_unlock(&kho_dev_lock);
		if (found)
			kho_dev_stop(sbdf, KHO_STEP_IOMMU,
				     "no IOMMU step accepted its translation");
	} while (found);
	return 0;
}
late_initcall(kho_devs_check_iommu);
