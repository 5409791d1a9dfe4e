# vfio kept the borrowed pages at boot (khofs restored first); the new VMM
# reclaims E with its token, maps the restored file again and gives each
# adopted mapping its new address (FLAG_VADDR): wrong addresses refused,
# the right ones taken; the old data and the DMA in flight are in the
# file, DMA works both ways, unmapping hands the pages back to the file,
# which can then be removed.
# Plan: 8 checks, vmm guestram-stage2 49, 4 checks.
vm_plan 61
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
check "stage2: the incoming blob has the khofs node" fdtget -p /sys/firmware/kho/dt /khofs
check "stage2: vfio kept the borrowed pages for E at boot" \
	sh -c 'dmesg | grep -q "vfio: KHO: .* DMA chunks (.* KiB) are in khofs files; kept allocated"'
check "stage2: vfio's incoming state was not refused" \
	sh -c '! dmesg | grep -q "vfio: KHO: incoming state refused"'
check "stage2: E awaits its owner's token" \
	sh -c "dmesg | grep -q '$E: KHO: kept device awaits its owner'"
check "stage2: E is bound to vfio-pci at boot" test "$(driver_of $E)" = vfio-pci
check "stage2: mount -t khofs none $KHOFS (the restored tree)" khofs_mount || vm_halt
check "stage2: the guest RAM file came through, 4 MiB" \
	test "$(stat -c %s $VMM_RAM)" = 4194304
vmm stage2 guestram-stage2 $E $VMM_STATE
check "stage2: the refused FLAG_VADDR calls were logged" \
	sh -c 'dmesg | grep -q "VFIO_DMA_MAP_FLAG_VADDR refused for adopted IOVA"'
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: E was not stopped" sh -c "! dmesg | grep -q 'KHO: $E: handover refused'"
# rm -f cannot fail: remove for real and see the 4 MiB come back, which a
# boot reference or pin left on a borrowed 2 MiB block would keep.
# Free memory in KiB with the per-CPU lists (as guestram-lib.sh counts it).
free_kib() {
	awk '/^MemFree:/ { kib += $2 } $1 == "count:" { kib += $2 * 4 } END { print kib }' \
		/proc/meminfo /proc/zoneinfo
}
ram_freed() {
	before=$(free_kib)
	rm $VMM_RAM $VMM_RAM.other && ! test -e $VMM_RAM || return 1
	after=$(free_kib)
	ktap_diag "removing the guest RAM file: free $before -> $after kB"
	test $((after - before)) -ge 3072	# 4 MiB in 2 MiB blocks, less noise
}
check "stage2: the file can be removed once the VMM unmapped it, and its memory is freed" \
	ram_freed
vm_done
