vm_plan 3
ktap_diag "vtd_edu_test: $(cat $EDU/result)"
check "stage2: no intel-iommu node was handed over" \
	sh -c '! fdtget -l /sys/firmware/kho/dt / | grep -q intel-iommu'
check "stage2: the data page arrived (the test can tell)" \
	edu_reported
check "stage2: the DMA started before kexec was lost" test "$(edu_result landed)" = bad
vm_done
