# E and its root port as stage 1 left them: bus numbers, BARs, windows,
# command registers, read back through sysfs. Nobody opens E here, so
# host-check.sh requires that no config write reached E or RP at all in
# this kernel.
# Plan: 5 checks, 5 for E, 7 for RP
vm_plan 17
dmesg | grep -E "KHO: (kept|bridge kept)|pci_kho|KHO: .*normal init" | while read -r line; do
	ktap_diag "$line"
done
check "stage2: PCI kept E as found" \
	sh -c "dmesg | grep -q 'pci $E: KHO: kept as found: .* only vfio-pci may bind'"
check "stage2: PCI kept RP" sh -c "dmesg | grep -q 'pci $RP: KHO: bridge kept'"
check "stage2: E is bound to vfio-pci" test "$(driver_of $E)" = vfio-pci
check "stage2: E still has memory and bus master on" bus_master_on $E
check "stage2: RP still has memory and bus master on" bus_master_on $RP
cp /sys/bus/pci/devices/$E/config /tmp/e-config.bin
cp /sys/bus/pci/devices/$RP/config /tmp/rp-config.bin
vm_copyout /tmp/e-config.bin e-config-stage2.bin
vm_copyout /tmp/rp-config.bin rp-config-stage2.bin
cfg_check "stage2: E's ids and command as in stage 1" $E_CONFIG /tmp/e-config.bin 0 6
cfg_check "stage2: E's class, cache line size, latency timer as in stage 1" \
	$E_CONFIG /tmp/e-config.bin 8 8
cfg_check "stage2: E's BARs as in stage 1" $E_CONFIG /tmp/e-config.bin 0x10 24
cfg_check "stage2: the rest of E's config (MSI) as in stage 1" $E_CONFIG /tmp/e-config.bin 0x28 216
check "stage2: E's sysfs resources as in stage 1" \
	cmp $E_RESOURCE /sys/bus/pci/devices/$E/resource
cfg_check "stage2: RP's command as in stage 1" $RP_CONFIG /tmp/rp-config.bin 4 2
cfg_check "stage2: RP's bus numbers as in stage 1" $RP_CONFIG /tmp/rp-config.bin 0x18 3
cfg_check "stage2: RP's I/O window as in stage 1" $RP_CONFIG /tmp/rp-config.bin 0x1c 2
cfg_check "stage2: RP's memory and prefetchable windows as in stage 1" \
	$RP_CONFIG /tmp/rp-config.bin 0x20 20
cfg_check "stage2: RP's I/O window upper halves as in stage 1" $RP_CONFIG /tmp/rp-config.bin 0x30 4
cfg_check "stage2: RP's bridge control as in stage 1" $RP_CONFIG /tmp/rp-config.bin 0x3e 2
check "stage2: RP's sysfs resources as in stage 1" \
	cmp $RP_RESOURCE /sys/bus/pci/devices/$RP/resource
vm_done
