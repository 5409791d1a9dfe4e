# The new VMM attaches both groups to one container and opens E with the
# token: the container adopts the mappings and VT-d hands C over with E.
# Then C joins. Both stage-1 DMAs landed; each device then DMAs through
# the one adopted table.
# Plan: pair-stage2 29 + 1, 5 checks
vm_plan 35
vmm stage2 pair-stage2 $E $C $VMM_STATE both
check "stage2: both devices were restored to their owner" \
	test "$(dmesg | grep -c 'KHO: restored to its owner')" = 2
check "stage2: one adoption for the container" \
	test "$(dmesg | grep -c 'KHO: adopted 1 DMA mappings')" = 1
check "stage2: VT-d handed the other group's device over with the first" \
	sh -c "dmesg | grep -q 'unparked: .*, 1 other kept devices'"
check "stage2: the second device joined the adopted mappings" \
	sh -c "dmesg | grep -q 'joined its container.s adopted DMA mappings'"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
