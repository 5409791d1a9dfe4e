# Plan: pair-stage2 late-b 30 + 1, 5 checks
vm_plan 36
vmm stage2 pair-stage2 $E $C $VMM_STATE late-b
check "stage2: VT-d refused the first handover: C was outside the domain" \
	sh -c "dmesg | grep -q '$E: KHO: cannot hand the preserved translation over: another kept device on its page table is not in its domain'"
check "stage2: both devices were restored to their owner" \
	test "$(dmesg | grep -c 'KHO: restored to its owner')" = 2
check "stage2: VT-d handed C over with E on the retry" \
	sh -c "dmesg | grep -q 'unparked: .*, 1 other kept devices'"
check "stage2: C joined the adopted mappings" \
	sh -c "dmesg | grep -q '$C: KHO: joined its container.s adopted DMA mappings'"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
