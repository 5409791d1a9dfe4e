# Stage 2 of plain-kexec: this must be a new kernel reached by kexec, with
# the same devices usable.
vm_plan 4

prev=$(vm_param prev_boot_id)
check "stage2: previous boot id passed on the command line" test -n "$prev"
check "stage2: running a different boot than stage 1" \
	test "$prev" != "$(cat /proc/sys/kernel/random/boot_id)"
check "stage2: DMA remapping unit present again" test -e /sys/class/iommu/dmar0
check "stage2: edu device answers" edu check
ktap_diag "stage2 up $(cut -d' ' -f1 /proc/uptime)s after its own boot"
vm_done
