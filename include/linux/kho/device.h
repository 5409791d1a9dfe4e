/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One handover record per kept PCI device, owned by the KHO core. The
 * subsystems that keep a device (PCI, the IOMMU, the owner such as VFIO)
 * are steps of one protocol on that record; none of them decides a
 * device's fate alone. See docs/design/device-handover.md.
 *
 * Old kernel:  MARKED -> FROZEN -> DUMPED   (an abort goes back to MARKED)
 * New kernel:  INCOMING -> ADOPTED | STOPPED
 *
 * The invariant: a device with bus mastering on always translates through
 * a verified page table or a blocking entry. kho_dev_stop() is the one way
 * to give up on a device: bus mastering and MSI/MSI-X go off first, then
 * every step drops its hold (the IOMMU step blocks translation).
 */
#ifndef _LINUX_KHO_DEVICE_H
#define _LINUX_KHO_DEVICE_H

#include <linux/errno.h>
#include <linux/pci.h>
#include <linux/types.h>

/**
 * enum kho_dev_state - where a kept device stands
 * @KHO_DEV_NONE: no record
 * @KHO_DEV_MARKED: old kernel: a step keeps it for the next dump
 * @KHO_DEV_FROZEN: old kernel: the dump froze its state
 * @KHO_DEV_DUMPED: old kernel: its records are in the blob; a KHO kexec
 *	keeps it mastering
 * @KHO_DEV_INCOMING: new kernel: a step found and accepted its record;
 *	the others may still refuse
 * @KHO_DEV_ADOPTED: new kernel: its owner took it over
 * @KHO_DEV_STOPPED: new kernel: refused; bus mastering and MSI are off
 */
enum kho_dev_state {
	KHO_DEV_NONE,
	KHO_DEV_MARKED,
	KHO_DEV_FROZEN,
	KHO_DEV_DUMPED,
	KHO_DEV_INCOMING,
	KHO_DEV_ADOPTED,
	KHO_DEV_STOPPED,
};

/**
 * enum kho_dev_step - the layers of a device's handover, in stop order
 * @KHO_STEP_PCI: config space, BARs, bus numbers (drivers/pci/kho.c)
 * @KHO_STEP_IOMMU: DMA and interrupt remapping (drivers/iommu/intel/kho*.c)
 * @KHO_STEP_OWNER: the driver that keeps the device (VFIO keepalive, or
 *	the VT-d edu test driver)
 * @KHO_NR_STEPS: number of steps
 */
enum kho_dev_step {
	KHO_STEP_PCI,
	KHO_STEP_IOMMU,
	KHO_STEP_OWNER,
	KHO_NR_STEPS,
};

/**
 * struct kho_dev_step_ops - a step's part in the protocol
 * @incoming: new kernel, once PCI enumeration and the resource survey are
 *	done (fs_initcall_sync): check this step's node and accept
 *	(kho_dev_incoming()) or refuse (kho_dev_stop()) each of its devices.
 *	The registry calls the steps that have one in step order, so a step
 *	may ask what an earlier one accepted. May be NULL (the IOMMU step
 *	decides when its hardware initializes).
 * @stop: drop this step's hold on the device at @sbdf; bus mastering and
 *	MSI are already off. @pdev is NULL if the device is not enumerated.
 *	Called once per device, in step order, without the registry lock,
 *	never for the step that asked for the stop (it cleans up itself).
 *	Called in the refusing step's context, which may hold that step's
 *	locks (VT-d: dmar_global_lock in init_dmars(), an iommu group's
 *	mutex in a domain attach): it must take no lock that its own step
 *	holds while calling into the IOMMU, the DMA API or another step.
 */
struct kho_dev_step_ops {
	void (*incoming)(void);
	void (*stop)(u32 sbdf, struct pci_dev *pdev);
};

/* segment << 16 | bus << 8 | devfn, as every node records devices */
static inline u32 kho_dev_sbdf(struct pci_dev *pdev)
{
	return (u32)pci_domain_nr(pdev->bus) << 16 | pci_dev_id(pdev);
}

#ifdef CONFIG_KEXEC_HANDOVER
void kho_dev_register_step(enum kho_dev_step step,
			   const struct kho_dev_step_ops *ops);

/* Old kernel */
int kho_dev_mark(struct pci_dev *pdev, enum kho_dev_step step);
void kho_dev_unmark(struct pci_dev *pdev, enum kho_dev_step step);
bool kho_dev_keeps_master(struct pci_dev *pdev);
void kho_devs_spoil(void);

/* New kernel */
void kho_dev_incoming(u32 sbdf, enum kho_dev_step step);
bool kho_dev_kept_by(u32 sbdf, enum kho_dev_step step);
enum kho_dev_state kho_dev_state(u32 sbdf);
void kho_dev_adopted(u32 sbdf);
void kho_dev_stop(u32 sbdf, enum kho_dev_step by, const char *why);
unsigned int kho_dev_stop_unverified(bool (*match)(struct pci_dev *pdev,
						   void *data),
				     void *data, enum kho_dev_step by,
				     const char *why);
#else
static inline void kho_dev_register_step(enum kho_dev_step step,
					 const struct kho_dev_step_ops *ops) { }

static inline int kho_dev_mark(struct pci_dev *pdev, enum kho_dev_step step)
{
	return -EOPNOTSUPP;
}

static inline void kho_dev_unmark(struct pci_dev *pdev,
				  enum kho_dev_step step) { }

static inline bool kho_dev_keeps_master(struct pci_dev *pdev)
{
	return false;
}

static inline void kho_devs_spoil(void) { }

static inline void kho_dev_incoming(u32 sbdf, enum kho_dev_step step) { }

static inline bool kho_dev_kept_by(u32 sbdf, enum kho_dev_step step)
{
	return false;
}

static inline enum kho_dev_state kho_dev_state(u32 sbdf)
{
	return KHO_DEV_NONE;
}

static inline void kho_dev_adopted(u32 sbdf) { }
static inline void kho_dev_stop(u32 sbdf, enum kho_dev_step by,
				const char *why) { }

static inline unsigned int
kho_dev_stop_unverified(bool (*match)(struct pci_dev *pdev, void *data),
			void *data, enum kho_dev_step by, const char *why)
{
	return 0;
}
#endif

#endif /* _LINUX_KHO_DEVICE_H */
