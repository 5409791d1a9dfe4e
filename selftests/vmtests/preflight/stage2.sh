# Booted from the image without manifest, loaded with the pre-flight
# overridden: nothing was handed over, and the old kernel stopped E at
# kexec -e instead of keeping it: E does not master (no driver of this
# kernel enabled it, and nothing cleared it here).
vm_plan 5
check "stage2: nothing was handed over (no /sys/firmware/kho/dt)" \
	test ! -e /sys/firmware/kho/dt
check "stage2: no incoming KHO state was read" sh -c '! dmesg | grep -q "incoming nodes:"'
check "stage2: E is not bus mastering at boot" e_not_mastering
check "stage2: E was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
