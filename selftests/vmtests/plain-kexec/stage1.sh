# Stage 1 of plain-kexec: check the machine the rig promises, then kexec -s
# into the same kernel, passing this boot's id along.
vm_plan 3

check "stage1: booted with the DMA remapping unit (dmar0)" \
	test -e /sys/class/iommu/dmar0
check "stage1: interrupt remapping enabled" \
	sh -c 'dmesg | grep -q "Enabled IRQ remapping"'
check "stage1: edu device answers" edu check
vm_kexec_next prev_boot_id=$(cat /proc/sys/kernel/random/boot_id)
