# The next kernel finds E's BAR0 moved: PCI stops E and lets it initialize
# normally, VT-d drops its parked translation, VFIO its DMA state; E opens
# cold and refuses even the token it was kept with.
vm_plan 42	# vmm bind 4, cold with the state 29, 9 checks
read -r old new <$BAR_STATE
old=${old#old=} new=${new#new=}
log_has() {
	dmesg | grep -qF "$1"
}
ktap_diag "stage 1 moved E's BAR0 from $old to $new"
check "stage2: E's BAR0 is where stage 1 moved it ($new)" test "$(bar0)" = "$new"
check "stage2: PCI refused E (its BAR moved) and the registry stopped it" \
	log_has "KHO: $E: handover refused by PCI: a BAR or window moved; device stopped"
check "stage2: one refusal line for E, not one per layer" \
	test "$(dmesg | grep -c "KHO: $E: handover refused")" = 1
check "stage2: VT-d kept no context entry for E" \
	sh -c 'dmesg | grep -q "DMAR: KHO: dmar0: adopted translation: 0 devices kept"'
no_awaiting() {
	! dmesg | grep -F "$E" | grep -qF "awaits its owner's token"
}
check "stage2: E does not await a token" no_awaiting
check "stage2: E's driver_override is not set by KHO" \
	test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
check "stage2: E is not bound to vfio-pci by KHO" \
	test "$(basename "$(readlink -f /sys/bus/pci/devices/$E/driver)")" != vfio-pci
vmm stage2 bind $E
vmm stage2 cold $E $VMM_STATE
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
no_oops() {
	! dmesg | grep -E "Kernel panic|Oops|BUG:|WARNING:|Call Trace"
}
check "stage2: no oops, BUG or warning in the kernel log" no_oops
vm_done
