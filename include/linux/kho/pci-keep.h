/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keeping PCI devices as they are across a KHO kexec (drivers/pci/kho.c).
 * Kernel only.
 */
#ifndef _LINUX_KHO_PCI_KEEP_H
#define _LINUX_KHO_PCI_KEEP_H

#include <linux/errno.h>
#include <linux/types.h>

struct pci_dev;

#ifdef CONFIG_PCI_KHO
/* Old kernel: keep an endpoint and the bridges above it. */
int pci_kho_keep(struct pci_dev *pdev, const char *driver);
void pci_kho_unkeep(struct pci_dev *pdev);

/* New kernel: the device was kept and its record matched. */
bool pci_kho_keeps_config(struct pci_dev *pdev);
bool pci_kho_bar_sizing(struct pci_dev *pdev, int pos, u32 l, u32 *sz);
#else
static inline int pci_kho_keep(struct pci_dev *pdev, const char *driver)
{
	return -EOPNOTSUPP;
}

static inline void pci_kho_unkeep(struct pci_dev *pdev) { }

static inline bool pci_kho_keeps_config(struct pci_dev *pdev)
{
	return false;
}

static inline bool pci_kho_bar_sizing(struct pci_dev *pdev, int pos, u32 l,
				      u32 *sz)
{
	return false;
}

#endif

#endif /* _LINUX_KHO_PCI_KEEP_H */
