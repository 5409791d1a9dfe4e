# Booted from the image without manifest, loaded with the pre-flight
# overridden: nothing was handed over, and the old kernel stopped E at
# kexec -e instead of keeping it, so the DMA started before was lost.
vm_plan 11	# vmm nokeep-stage2 7, 4 checks
check "stage2: nothing was handed over (no /sys/firmware/kho/dt)" \
	test ! -e /sys/firmware/kho/dt
check "stage2: no incoming KHO state was read" sh -c '! dmesg | grep -q "incoming nodes:"'
check "stage2: E is not bus mastering at boot" e_not_mastering
check "stage2: E was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
vmm stage2 nokeep-stage2 $E $VMM_STATE
vm_done
