/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_PCI_H
#define _LINUX_KHO_ABI_PCI_H

#include <linux/types.h>

/**
 * DOC: PCI node (pci-v2)
 *
 * Node ``pci``, ``compatible = "pci-v2"``: the configuration of every PCI
 * device the old kernel kept alive across the kexec (an endpoint that kept
 * doing DMA) and of every bridge between it and its root bus. The next
 * kernel keeps these devices as it finds them: no bus renumbering, no BAR
 * or window reassignment, no reset, no config-space re-initialization.
 * No ``mem`` property and no children. All integers are in the CPU's
 * native byte order (little endian on x86-64); structs are packed.
 *
 * Properties of ``pci``:
 *
 * - ``devs``: struct kho_pci_rec[]: one fixed-size record per device,
 *   strictly ascending by sbdf, at most 256 of them. Absent or empty
 *   without any.
 * - ``res``: struct kho_pci_res[]: the resources of every device, record
 *   after record: the first ``nres`` entries are those of the first
 *   record, the next ones those of the second, and so on; the ``nres``
 *   of all records add up to exactly the entries there are. A device's
 *   entries are every assigned BAR and, for bridges, every open window,
 *   ascending by index, no two overlapping. A BAR (index 0-5 or the ROM)
 *   has a size that is a power of two and starts on a multiple of it; no
 *   BAR overlaps another device's BAR in the same address space or any
 *   preserved memory (windows contain the BARs below them by design).
 *   Absent or empty without any.
 *
 * In a record, ``bus`` is required for bridges and all zero for
 * endpoints; ``driver`` is required for kept endpoints and all zero for
 * bridges: the only driver the next kernel lets bind to the device,
 * NUL-terminated inside the field and zero-padded after the NUL.
 *
 * pci-v1 had one child ``dev@<sbdf>`` per device with the same structs
 * as separate properties; a node has at most 128 children (abi/kho.h),
 * which capped it below 128 devices.
 */

#define KHO_PCI_NODE		"pci"
#define KHO_PCI_COMPATIBLE	"pci-v2"
#define KHO_PCI_DEVS_PROP	"devs"
#define KHO_PCI_RES_PROP	"res"
#define KHO_PCI_DRIVER_LEN	32	/* struct kho_pci_rec.driver, with its NUL */

/* struct kho_pci_dev.flags: exactly one of these */
#define KHO_PCI_DEV_ENDPOINT	(1U << 0)	/* a kept endpoint (header type 0) */
#define KHO_PCI_DEV_BRIDGE	(1U << 1)	/* a bridge above one (header type 1) */

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__

/**
 * struct kho_pci_dev - identity and state of one kept device
 * @sbdf: PCI segment << 16 | bus << 8 | devfn
 * @vendor: vendor id
 * @device: device id
 * @class: class code, revision byte excluded (base << 16 | sub << 8 | prog-if)
 * @hdr_type: header type without the multi-function bit (0 or 1)
 * @flags: KHO_PCI_DEV_*
 * @command: the command register at dump time
 */
struct kho_pci_dev {
	u32 sbdf;
	u16 vendor;
	u16 device;
	u32 class;
	u8 hdr_type;
	u8 flags;
	u16 command;
} __packed;

/* struct kho_pci_res.flags */
#define KHO_PCI_RES_IO		(1U << 0)	/* I/O space, else memory */
#define KHO_PCI_RES_MEM64	(1U << 1)	/* a 64-bit memory BAR or window */
#define KHO_PCI_RES_PREFETCH	(1U << 2)	/* prefetchable memory */

/*
 * struct kho_pci_res.index: the kernel's resource numbering with SR-IOV
 * (the windows follow the six IOV BARs); a kernel without SR-IOV maps the
 * windows to its own PCI_BRIDGE_RESOURCES.
 */
#define KHO_PCI_RES_ROM		6	/* expansion ROM (endpoints) */
#define KHO_PCI_RES_WINDOW_IO	13	/* bridge I/O window */
#define KHO_PCI_RES_WINDOW_MEM	14	/* bridge memory window */
#define KHO_PCI_RES_WINDOW_PREF	15	/* bridge prefetchable window */

/**
 * struct kho_pci_res - one assigned BAR or bridge window
 * @start: first bus address
 * @size: length in bytes, not zero
 * @index: 0-5 for BARs (0-1 on a bridge), KHO_PCI_RES_ROM, or a
 *	KHO_PCI_RES_WINDOW_* index on a bridge
 * @flags: KHO_PCI_RES_*
 * @reserved: zero
 */
struct kho_pci_res {
	u64 start;
	u64 size;
	u8 index;
	u8 flags;
	u8 reserved[6];
} __packed;

/**
 * struct kho_pci_bus - bus numbers of a bridge
 * @primary: the bus the bridge sits on
 * @secondary: the bus right below it (greater than @primary)
 * @subordinate: the highest bus below it (at least @secondary)
 * @reserved: zero
 */
struct kho_pci_bus {
	u8 primary;
	u8 secondary;
	u8 subordinate;
	u8 reserved;
} __packed;

/**
 * struct kho_pci_rec - one kept device, an element of the devs property
 * @dev: identity and state
 * @bus: bus numbers of a bridge; all zero for an endpoint
 * @nres: how many entries of the res property are this device's
 *	(at most 16)
 * @reserved: zero
 * @driver: an endpoint's driver, NUL-terminated, zero-padded; all zero
 *	for a bridge
 */
struct kho_pci_rec {
	struct kho_pci_dev dev;
	struct kho_pci_bus bus;
	u8 nres;
	u8 reserved[3];
	char driver[KHO_PCI_DRIVER_LEN];
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_PCI_H */
