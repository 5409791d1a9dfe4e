vm_plan 11
ktap_diag "vtd_edu_test: $(cat $EDU/result)"
ktap_diag "DMAR faults: $(dmar_faults | wc -l)"
check "stage2: the blob carried the edu device's translation" \
	fdtget /sys/firmware/kho/dt /intel-iommu/dmar@fed90000/dev@8 dev
check "stage2: dmar0 adopted instead of reset" \
	sh -c 'dmesg | grep -q "DMAR: KHO: dmar0: adopted translation"'
check "stage2: translation was never turned off" \
	sh -c '! dmesg | grep -q "Translation was enabled for dmar0 but we are not in kdump mode"'
check "stage2: interrupt remapping adopted with edu's entry kept" \
	sh -c 'dmesg | grep -q "dmar0: interrupt remapping adopted: 1 entries kept"'
check "stage2: interrupt remapping was never turned off" \
	sh -c '! dmesg | grep -q "IRQ remapping was enabled on dmar0 but we are not in kdump mode"'
check "stage2: edu's new domain took over the preserved page table" \
	sh -c 'dmesg | grep -q "KHO: adopted page table"'
check "stage2: the DMA started before kexec landed" test "$(edu_result landed)" = ok
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: a new DMA through the same IOVA works" test "$(edu_result again)" = ok
check "stage2: an edu interrupt arrives through interrupt remapping" test "$(edu_result irq)" = ok
check "stage2: a new mapping gets another IOVA" test "$(edu_result distinct)" = ok
vm_done
