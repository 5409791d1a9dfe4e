# Each VMM reclaims its own device with its own token.
vm_plan 101	# vmm stage2 49 (x2), 3 checks
vmm stage2 stage2 $C $C_STATE
vmm stage2 stage2 $E $VMM_STATE
check "stage2: both devices were restored to their owners" \
	test "$(dmesg | grep -c 'KHO: restored to its owner')" = 2
check "stage2: each was adopted into its own container" \
	test "$(dmesg | grep -c 'KHO: adopted 1 DMA mappings')" = 2
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
