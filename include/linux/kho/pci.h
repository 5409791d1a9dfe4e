/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoding and checking the PCI KHO node (abi/pci.h). Portable: the
 * userspace harness and the fuzzer compile drivers/pci/kho_node.c as it is.
 */
#ifndef _LINUX_KHO_PCI_H
#define _LINUX_KHO_PCI_H

#include <linux/types.h>
#include <linux/kho/abi/pci.h>

#define KHO_PCI_MAX_DEVS	64
#define KHO_PCI_MAX_RES		16	/* per device */
#define KHO_PCI_MAX_DRIVER	32	/* driver name, with its NUL */

/**
 * struct kho_pci_in_dev - one kept device, decoded
 * @dev: the dev property
 * @res: its BARs and windows, copied out of the blob
 * @nres: number of entries in @res
 * @bus: bus numbers (bridges only; zero for endpoints)
 * @driver: the driver allowed to bind (endpoints only; "" for bridges)
 */
struct kho_pci_in_dev {
	struct kho_pci_dev dev;
	struct kho_pci_res res[KHO_PCI_MAX_RES];
	unsigned int nres;
	struct kho_pci_bus bus;
	char driver[KHO_PCI_MAX_DRIVER];
};

/**
 * struct kho_pci_state - everything the pci node describes
 * @ndevs: number of entries in @devs
 * @devs: the devices, ascending by sbdf
 */
struct kho_pci_state {
	unsigned int ndevs;
	struct kho_pci_in_dev devs[KHO_PCI_MAX_DEVS];
};

enum kho_pci_err {
	KHO_PCI_OK,
	KHO_PCI_BAD_STRUCTURE,	/* unexpected child, name not dev@<sbdf> */
	KHO_PCI_BAD_PROP_LEN,	/* a property missing or of the wrong size */
	KHO_PCI_TOO_MANY,	/* over KHO_PCI_MAX_DEVS or KHO_PCI_MAX_RES */
	KHO_PCI_NOT_SORTED,	/* devices not strictly ascending by sbdf */
	KHO_PCI_BAD_DEV,	/* flags, header type or reserved fields */
	KHO_PCI_BAD_RES,	/* index, flags, size, overflow or order */
	KHO_PCI_RES_OVERLAP,	/* two resources of one device overlap */
	KHO_PCI_BAD_BUS,	/* bridge bus numbers inconsistent */
	KHO_PCI_BAD_DRIVER,	/* missing, empty, too long or on a bridge */
	KHO_PCI_NO_PATH,	/* an endpoint's bus is not below a recorded bridge */
	KHO_PCI_BAR_SIZE,	/* a BAR's size is not a power of two */
	KHO_PCI_BAR_ALIGN,	/* a BAR does not start on a multiple of its size */
};

/**
 * struct kho_pci_report - where kho_pci_parse() stopped
 * @err: first problem found
 * @sbdf: device it was found in, ~0 if none
 */
struct kho_pci_report {
	enum kho_pci_err err;
	u32 sbdf;
};

int kho_pci_parse(const void *fdt, int node, struct kho_pci_state *st,
		  struct kho_pci_report *rep);
const struct kho_pci_in_dev *kho_pci_find(const struct kho_pci_state *st,
					  u32 sbdf);
u32 kho_pci_bar_readback(const struct kho_pci_in_dev *d, unsigned int pos, u32 l);
const char *kho_pci_strerror(enum kho_pci_err err);
int kho_pci_describe(char *buf, size_t len, const struct kho_pci_report *rep);

/* Writes one dev@<sbdf> child; @bus for bridges, @driver for endpoints. */
int kho_pci_dev_add(void *fdt, const struct kho_pci_dev *dev,
		    const struct kho_pci_res *res, size_t nres,
		    const struct kho_pci_bus *bus, const char *driver);

#endif /* _LINUX_KHO_PCI_H */
