# Debian's kernel, started from a handover it cannot read: it boots
# cleanly, E does not master (the old kernel stopped it at kexec -e and
# nothing here enabled it), and no DMA remapping fault was logged.
# Plan: 5 checks
vm_plan 5
ktap_diag "kernel: $(uname -r)"
check "stage2: this is Debian's plain kernel" \
	sh -c 'case $(uname -r) in *-amd64) ;; *) exit 1 ;; esac'
check "stage2: it has no KHO (no /sys/kernel/kho)" test ! -e /sys/kernel/kho
check "stage2: E is not bus mastering" e_not_mastering
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: no panic, oops or BUG" \
	sh -c '! dmesg | grep -E "Kernel panic|Oops|BUG:"'
vm_done
