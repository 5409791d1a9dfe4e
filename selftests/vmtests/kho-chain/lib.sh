# Helpers for the kho-chain stages.

# chain_check_map LAYOUT: the incoming map was consumed and the state came
# back in LAYOUT.
chain_check_map() {
	early=$(dmesg | grep -m1 "KHO: incoming state:")
	ktap_diag "${early#*] }"
	check "stage$VM_STAGE: map logged at early boot" \
		sh -c "echo '$early' | grep -q 'map [0-9]* chunks [0-9]* bytes, [0-9]* regions, [0-9]* runs'"
	check "stage$VM_STAGE: incoming map at /sys/firmware/kho/map" test -s /sys/firmware/kho/map
	check "stage$VM_STAGE: state laid out $1" test "$(kho_result layout)" = "$1"
}

# chain_dump LAYOUT MB: preserve MB MiB in LAYOUT and build the blob.
chain_dump() {
	echo "$1" >$KHO_TEST/layout
	echo "$2" >$KHO_TEST/size_mb
	check "stage$VM_STAGE: echo 1 > active again (layout $1, $2 MiB)" kho_activate
}
