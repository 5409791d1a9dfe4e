# The VMM reclaims E with its token: see vfio-vmm stage2 for the checks.
vm_plan 90	# vmm stage2 49, bind 4, cold 27, 10 checks
ktap_diag "DMAR faults: $(dmar_faults | wc -l)"
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
# An MSI from E before its owner is back must reach no handler here: its
# preserved IRTE is blocked until the vector is allocated again (QEMU logs
# the blocked entry; host-check.sh matches it with the reused IRTE).
check "stage2: E raises its interrupt before its owner is back" edu raise $E
check "stage2: no handler saw it (no stray vector logged)" \
	sh -c '! dmesg | grep -q "No irq handler"'
# Kept for vfio-pci only: no other driver binds it, even with E unbound.
check "stage2: E is bound to vfio-pci at boot" \
	test "$(basename "$(readlink /sys/bus/pci/devices/$E/driver)")" = vfio-pci
check "stage2: unbinding vfio-pci from E while it awaits its owner" \
	sh -c "echo $E >/sys/bus/pci/drivers/vfio-pci/unbind"
check "stage2: another driver (vtd-edu-test) cannot bind E" \
	sh -c "! echo $E >/sys/bus/pci/drivers/vtd-edu-test/bind 2>/dev/null"
check "stage2: vfio-pci binds E again" \
	sh -c "echo $E >/sys/bus/pci/drivers_probe && test -e /sys/bus/pci/devices/$E/driver"
vmm stage2 stage2 $E $VMM_STATE
# The VMM's EINVAL for anonymous memory as the adopted mapping's new user
# address (FLAG_VADDR) came from the check that it maps the same pages.
check "stage2: the kernel logged the refused FLAG_VADDR of the adopted mapping" \
	sh -c 'dmesg | grep -q "VFIO_DMA_MAP_FLAG_VADDR refused for adopted IOVA"'
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: C was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$C/driver_override)" = "(null)"
if ! cmp -s /root/c-config.bin /sys/bus/pci/devices/$C/config; then
	ktap_diag "C's config changed across the kexec: $(cmp -l /root/c-config.bin /sys/bus/pci/devices/$C/config | head -8 | tr '\n' ';')"
fi
vmm stage2 bind $C
vmm stage2 cold $C
vm_done
