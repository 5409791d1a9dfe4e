# Helpers for the kho-hostile stages. Hostile blobs and maps: each stage
# hands over a blob or a preserved-memory map broken on purpose (the test
# serializer's corrupt= knob); the next kernel must log why it refused it
# and boot cold, without the incoming state and without a panic.

# corrupt_and_kexec MODE: break the next handover in MODE and go.
corrupt_and_kexec() {
	echo "$1" >$KHO_TEST/corrupt
	check "stage$VM_STAGE: echo 1 > active (blob to be broken: $1)" kho_activate
	vm_kexec_next
}

refusal_matches() {
	test "$(dmesg | grep -c "KHO: incoming state refused")" = 1 &&
		dmesg | grep "KHO: incoming state refused" | grep -q -e "$1"
}

# refused PATTERN: this kernel logged one refusal, matching PATTERN, and runs cold.
refused() {
	line=$(dmesg | grep "KHO: incoming state refused")
	ktap_diag "${line:-no refusal logged}"
	check "stage$VM_STAGE: refusal logged: $1" refusal_matches "$1"
	check "stage$VM_STAGE: no incoming blob exposed" test ! -e /sys/firmware/kho/dt
	check "stage$VM_STAGE: no incoming map exposed" test ! -e /sys/firmware/kho/map
	check "stage$VM_STAGE: test serializer saw no state (cold)" test "$(cat $KHO_TEST/result)" = none
	check "stage$VM_STAGE: no panic, and KHO works again" kho_activate
	echo 0 >$KHO/active
}

