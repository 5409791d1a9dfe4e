vm_plan 9
line=$(dmesg | grep "DMAR: KHO: dmar0:")
ktap_diag "${line:-no KHO line from dmar0}"
check "stage2: the mismatch is logged" \
	sh -c 'dmesg | grep -q "DMAR: KHO: dmar0: a live context entry differs from the recorded one; cold init"'
check "stage2: edu, still mastering on the refused unit, was stopped first" \
	sh -c 'dmesg | grep -q "KHO: 0000:00:01.0: handover refused by IOMMU: a live context entry differs from the recorded one; device stopped"'
check "stage2: dmar0 was not adopted" \
	sh -c '! dmesg | grep -q "adopted translation"'
returned=$(dmesg | sed -n 's/.*DMAR: KHO: every unit was refused: returned \([0-9]*\) KiB of preserved tables$/\1/p')
ktap_diag "preserved VT-d tables returned: ${returned:-none} KiB"
check "stage2: the claimed tables of the refused unit went back to the allocator" \
	test "${returned:-0}" -gt 0
check "stage2: translation was reset as on a cold boot" \
	sh -c 'dmesg | grep -q "Translation was enabled for dmar0 but we are not in kdump mode"'
ktap_diag "vtd_edu_test: $(cat $EDU/result)"
check "stage2: edu DMA through the old IOVA now faults (fresh, empty domain)" \
	sh -c 'dmesg | grep -q "Request device \[00:01.0\] fault addr"'
check "stage2: the old IOVA is the canary's address ($CANARY_HEX)" \
	test "$(edu_result iova)" = $CANARY_HEX
check "stage2: the canary is untouched (in-flight DMA, DMA through the old IOVA)" \
	canary_intact
check "stage2: the system is up and edu answers over MMIO" edu check
vm_done
