# The VMM reclaims E with its token: see vfio-vmm stage2 for the checks.
ktap_diag "DMAR faults: $(dmar_faults | wc -l)"
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
vmm stage2 stage2 $E $VMM_STATE
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: C was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$C/driver_override)" = "(null)"
if ! cmp -s /root/c-config.bin /sys/bus/pci/devices/$C/config; then
	ktap_diag "C's config changed across the kexec: $(cmp -l /root/c-config.bin /sys/bus/pci/devices/$C/config | head -8 | tr '\n' ';')"
fi
vmm stage2 bind $C
vmm stage2 cold $C
vm_done
