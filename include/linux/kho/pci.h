/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoding and checking the PCI KHO node (abi/pci.h). Portable: the
 * userspace harness and the fuzzer compile drivers/pci/kho_node.c as it is.
 */
#ifndef _LINUX_KHO_PCI_H
#define _LINUX_KHO_PCI_H

#include <linux/types.h>
#include <linux/kho/abi/pci.h>
#include <linux/kho/err.h>

#define KHO_PCI_MAX_DEVS	256	/* records: kept endpoints and their bridges */
#define KHO_PCI_MAX_RES		16	/* per device */
#define KHO_PCI_MAX_DRIVER	KHO_PCI_DRIVER_LEN	/* driver name, with its NUL */

/**
 * struct kho_pci_in_dev - one kept device, decoded
 * @dev: its record's dev
 * @res: its BARs and windows, read in place from the blob's res property
 * @nres: number of entries in @res
 * @bus: bus numbers (bridges only; zero for endpoints)
 * @driver: the driver allowed to bind (endpoints only; "" for bridges)
 */
struct kho_pci_in_dev {
	struct kho_pci_dev dev;
	const struct kho_pci_res *res;
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

/*
 * Why kho_pci_parse() refused the node; the report names the device
 * (sbdf) when there is one.
 */
#define KHO_PCI_ERRORS(X) (						\
	X(KHO_PCI_OK,		"ok")					\
	X(KHO_PCI_BAD_STRUCTURE, "unexpected node or node name")	\
	X(KHO_PCI_BAD_PROP_LEN,	"property missing or of the wrong length") \
	X(KHO_PCI_TOO_MANY,	"too many devices or resources")	\
	X(KHO_PCI_NOT_SORTED,	"devices not in ascending order")	\
	X(KHO_PCI_BAD_DEV,	"bad device kind or header type")	\
	X(KHO_PCI_BAD_RES,	"bad BAR or window record")		\
	X(KHO_PCI_RES_OVERLAP,	"BARs or windows overlap")		\
	X(KHO_PCI_BAD_BUS,	"bad bridge bus numbers")		\
	X(KHO_PCI_BAD_DRIVER,	"bad driver name")			\
	X(KHO_PCI_NO_PATH,	"not below a recorded bridge")		\
	X(KHO_PCI_BAR_SIZE,	"BAR size is not a power of two")	\
	X(KHO_PCI_BAR_ALIGN,	"BAR start is not aligned to its size")	\
)

enum kho_pci_err { KHO_ERR_CODES(KHO_PCI_ERRORS) };
extern const struct kho_errors kho_pci_errors;

int kho_pci_parse(const void *fdt, int node, struct kho_pci_state *st,
		  struct kho_report *rep);
const struct kho_pci_in_dev *kho_pci_find(const struct kho_pci_state *st,
					  u32 sbdf);
u32 kho_pci_bar_readback(const struct kho_pci_in_dev *d, unsigned int pos, u32 l);

/**
 * struct kho_pci_out_dev - one device for kho_pci_devs_write()
 * @dev: identity and state
 * @res: its assigned BARs and open windows, ascending by index
 * @nres: number of them, at most %KHO_PCI_MAX_RES
 * @bus: its bus numbers for a bridge, NULL for an endpoint
 * @driver: the driver allowed to bind for an endpoint, NULL for a bridge
 */
struct kho_pci_out_dev {
	struct kho_pci_dev dev;
	const struct kho_pci_res *res;
	size_t nres;
	const struct kho_pci_bus *bus;
	const char *driver;
};

/* Writes the devs and res properties inside the open pci node. */
int kho_pci_devs_write(void *fdt, const struct kho_pci_out_dev *devs, size_t n);

#endif /* _LINUX_KHO_PCI_H */
