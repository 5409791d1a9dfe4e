// SPDX-License-Identifier: GPL-2.0
/*
 * Fail closed when the incoming handover is refused as a whole. The old
 * kernel left bus mastering on only for the devices it handed over, and
 * their page tables live in memory this kernel is about to give to its
 * allocator, with translation still on. So before any of that memory is
 * handed out, every PCI function still mastering is stopped, through the
 * early type 1 config mechanism (PCI segment 0; the PCI core is not up).
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/init.h>
#include <linux/pci_regs.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <asm/pci-direct.h>

#include "internal.h"

/* MSI and MSI-X enable off, by walking the capability list. */
static void __init kho_early_msi_off(u8 bus, u8 slot, u8 func)
{
	unsigned int ttl = 48;
	u8 pos;

	if (!(read_pci_config_16(bus, slot, func, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return;
	pos = read_pci_config_byte(bus, slot, func, PCI_CAPABILITY_LIST) & ~3;
	while (pos >= 0x40 && ttl--) {
		u8 id = read_pci_config_byte(bus, slot, func, pos + PCI_CAP_LIST_ID);
		u16 flags = read_pci_config_16(bus, slot, func, pos + PCI_MSI_FLAGS);

		if (id == PCI_CAP_ID_MSI && (flags & PCI_MSI_FLAGS_ENABLE))
			write_pci_config_16(bus, slot, func, pos + PCI_MSI_FLAGS,
					    flags & ~PCI_MSI_FLAGS_ENABLE);
		else if (id == PCI_CAP_ID_MSIX && (flags & PCI_MSIX_FLAGS_ENABLE))
			write_pci_config_16(bus, slot, func, pos + PCI_MSIX_FLAGS,
					    flags & ~PCI_MSIX_FLAGS_ENABLE);
		pos = read_pci_config_byte(bus, slot, func, pos + PCI_CAP_LIST_NEXT) & ~3;
	}
}

/**
 * kho_stop_masters_early() - stop every PCI function left mastering
 *
 * Called when the incoming state is refused before memblock hands any
 * memory out. Logs one line with the number of functions stopped.
 */
void __init kho_stop_masters_early(void)
{
	unsigned int bus, slot, func, n = 0;
	u16 vendor, cmd;

	if (!early_pci_allowed()) {
		pr_err("no early PCI access: devices the old kernel kept may still master\n");
		return;
	}
	for (bus = 0; bus < 256; bus++)
		for (slot = 0; slot < 32; slot++)
			for (func = 0; func < 8; func++) {
				vendor = read_pci_config_16(bus, slot, func, PCI_VENDOR_ID);
				if (vendor == 0xffff || !vendor) {
					if (!func)
						break;
					continue;
				}
				cmd = read_pci_config_16(bus, slot, func, PCI_COMMAND);
				if (cmd & PCI_COMMAND_MASTER) {
					write_pci_config_16(bus, slot, func, PCI_COMMAND,
							    cmd & ~PCI_COMMAND_MASTER);
					kho_early_msi_off(bus, slot, func);
					n++;
				}
				if (!func && !(read_pci_config_byte(bus, slot, 0,
								    PCI_HEADER_TYPE) & 0x80))
					break;
			}
	if (n)
		pr_err("stopped %u PCI functions still mastering for the refused handover\n", n);
}
