# The VMM reclaims E with its token: every vfio-keepalive stage 2 check
# (vfio-vmm stage2), and only the buffer's mapping came back.
vm_plan 53	# vmm stage2 49 (E behind a root port), 4 checks
ktap_diag "DMAR faults: $(dmar_faults | wc -l)"
vmm stage2 stage2 $E $VMM_STATE
check "stage2: E was restored to its owner" \
	test "$(dmesg | grep -c 'KHO: restored to its owner')" = 1
check "stage2: one DMA mapping was adopted (the buffer; the scratch range was unmapped)" \
	sh -c "dmesg | grep -q '$E: KHO: adopted 1 DMA mappings'"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: no WARNING, BUG or oops in the kernel log" no_kernel_bug
vm_done
