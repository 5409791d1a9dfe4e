# E comes up bound to vfio-pci awaiting its token; F, not kept, has no
# driver. F is bound to vfio-pci now, after E, so it is the first device
# the VFIO core matches against the name with E's token. The VMM must
# still get E with its token and find everything vfio-keepalive checks;
# F's config is untouched by that, and F then opens cold in the same group.
# Plan: 4 checks, vmm bind 4, vmm stage2 49, 3 checks, vmm cold 27
vm_plan 87
ktap_diag "E=$E group $(group_of $E) driver '$(driver_of $E)', F=$F group $(group_of $F) driver '$(driver_of $F)'"
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
check "stage2: E is bound to vfio-pci at boot" test "$(driver_of $E)" = vfio-pci
check "stage2: F was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$F/driver_override)" = "(null)"
check "stage2: F is not bound to vfio-pci at boot" test "$(driver_of $F)" != vfio-pci
vmm stage2 bind $F
cp /sys/bus/pci/devices/$F/config /tmp/f-before.bin
vmm stage2 stage2 $E $VMM_STATE
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
cfg_check "stage2: F's ids and command are untouched by E's adoption" \
	/tmp/f-before.bin /sys/bus/pci/devices/$F/config 0 6
cfg_check "stage2: the rest of F's config (status aside) is untouched by E's adoption" \
	/tmp/f-before.bin /sys/bus/pci/devices/$F/config 8 248
vmm stage2 cold $F
vm_done
