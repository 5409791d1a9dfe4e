# E awaits its token. First a VMM without CAP_IPC_LOCK whose RLIMIT_MEMLOCK
# (8 MiB) cannot hold the adopted 16 MiB + 8 KiB opens it with its token:
# type1 cannot charge the locked memory, the open fails with EBUSY, and
# nothing changed (the device still masters and awaits its token, no
# memory leaked). The same VMM with 64 MiB then reclaims E with every
# vfio-keepalive check: the in-flight DMA landed, new DMA works.
# Plan: 3 checks, the low-limit attempt 10, vmm stage2 49 + 6 for the big
# mapping, 2 checks
vm_plan 70
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
check "stage2: E is bound to vfio-pci at boot" test "$(driver_of $E)" = vfio-pci
check "stage2: nolock runs a command without CAP_IPC_LOCK, at the low limit" nolock_works

cp /sys/bus/pci/devices/$E/config /tmp/e-before.bin
free0=$(memfree_kb)
nolock $MEMLOCK_LOW_KIB vfio-vmm stage2 $E $VMM_STATE >/tmp/vmm.out 2>/tmp/vmm.err
rc=$?
free1=$(memfree_kb)
vmm_diag /tmp/vmm.err
grep "^CHECK" /tmp/vmm.out >/tmp/vmm.checks
ktap_diag "low limit: vfio-vmm exited $rc after $(wc -l </tmp/vmm.checks) checks"
check "stage2 (low limit): the VMM failed (exit status not 0)" test $rc != 0
check "stage2 (low limit): every check before the open with the token passed" \
	sh -c '[ $(wc -l </tmp/vmm.checks) -gt 10 ] &&
		! sed \$d /tmp/vmm.checks | grep -v "^CHECK 0 "'
check "stage2 (low limit): the open with the token was its last step, and failed" \
	test "$(tail -n 1 /tmp/vmm.checks)" = "CHECK 1 reopen: with the token succeeds"
check "stage2 (low limit): with EBUSY" \
	grep -qx "FAIL: reopen: with the token succeeds: Device or resource busy" /tmp/vmm.err
line=$(dmesg | grep "KHO: cannot adopt")
ktap_diag "${line:-no 'cannot adopt' line}"
check "stage2 (low limit): the locked memory could not be charged (-ENOMEM), logged as retryable" \
	sh -c "dmesg | grep -q 'vfio-pci $E: KHO: cannot adopt the preserved DMA mappings (-12); nothing changed, the open may be retried'"
check "stage2 (low limit): E was not stopped (no refusal logged)" \
	sh -c "! dmesg | grep -q 'KHO: $E: handover refused'"
check "stage2 (low limit): E still has memory and bus master on" bus_master_on $E
cfg_check "stage2 (low limit): E's ids and command are unchanged" \
	/tmp/e-before.bin /sys/bus/pci/devices/$E/config 0 6
cfg_check "stage2 (low limit): the rest of E's config (BARs, MSI) is unchanged" \
	/tmp/e-before.bin /sys/bus/pci/devices/$E/config 8 248
ktap_diag "MemFree: $free0 kB before the low-limit attempt, $free1 kB after"
check "stage2 (low limit): MemFree moved by less than half the mapping" \
	test $((free1 - free0)) -lt $((MEMLOCK_MB * 512)) -a $((free0 - free1)) -lt $((MEMLOCK_MB * 512))

# The retry: refused without a token (EPERM: E still awaits it), then
# adopted with it, every check of vfio-keepalive's stage 2.
VMM_WRAP="nolock $MEMLOCK_OK_KIB"
vmm stage2 stage2 $E $VMM_STATE
VMM_WRAP=
dmesg | grep -E "KHO: (adopted|unparked|restored)" | while read -r line; do ktap_diag "$line"; done
check "stage2: the retry adopted the mappings" \
	sh -c "dmesg | grep -q 'vfio-pci $E: KHO: adopted 2 DMA mappings'"
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
vm_done
