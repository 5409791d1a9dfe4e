vm_plan 3
phys=$(vm_param edu_phys)
seed=$(vm_param edu_seed)
ktap_diag "first half:$(edu_words $((phys))), second half:$(edu_words $((phys + 2048))), pattern:$(edu_pattern $((seed)))"
check "stage2: nothing was handed over" test ! -e /sys/firmware/kho/dt
check "stage2: the page still holds the first half (the test can tell)" \
	edu_half_matches $((phys)) $((seed))
dma_lost() {
	! edu_half_matches $((phys + 2048)) $((seed))
}
check "stage2: the DMA started before kexec was lost" dma_lost
vm_done
