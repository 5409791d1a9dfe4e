# E is reclaimed with the token stage 2's VMM kept it with.
# Plan: 4 own checks, vmm stage2 49.
vm_plan 53
ktap_diag "DMAR faults: $(dmar_faults | wc -l)"
check "stage3: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
check "stage3: no refusal in this boot" test -z "$(rk_refusal_of_e)"
check "stage3: E is bound to vfio-pci at boot" test "$(driver_of $E)" = vfio-pci
vmm stage3 stage2 $E $VMM_STATE
check "stage3: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
