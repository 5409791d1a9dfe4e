# Plan: 2 checks, pair-stage2 a-only 18 + 1, 4 checks
vm_plan 25
check "stage2: PCI refused C (its BAR moved) and the registry stopped it" \
	sh -c "dmesg | grep -qF 'KHO: $C: handover refused by PCI: a BAR or window moved; device stopped'"
check "stage2: C has bus mastering off" c_not_mastering
vmm stage2 pair-stage2 $E $C $VMM_STATE a-only
check "stage2: E alone adopted the container's mappings" \
	test "$(dmesg | grep -c 'KHO: adopted 1 DMA mappings')" = 1
check "stage2: VT-d handed the table over with no other kept device" \
	sh -c "dmesg | grep -q '$E: KHO: unparked: .*, 0 other kept devices'"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: no oops, BUG or warning in the kernel log" no_oops
vm_done
