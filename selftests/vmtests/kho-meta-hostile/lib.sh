# Helpers for the kho-meta-hostile stages: each stage breaks the outgoing
# kho-meta node with the core's corrupt commands (docs/testing.md,
# "Corrupting a node") and kexecs; the next kernel must refuse that node
# alone, in one log line that names it and the reason, start its
# generation over (no previous/, its own node says generation 1) and
# still adopt the test serializer's state.

CORRUPT=/sys/kernel/debug/kho/corrupt

# meta_field FILE NAME: a field of the kho-meta node in kho-dump's output.
meta_field() {
	sed -n '/^kho-meta (kho-meta-v1)$/,/^$/p' "$1" | sed -n "s/^\t$2 = //p"
}

# corrupt_and_kexec COMMAND: break the next handover's kho-meta node
# with COMMAND and go. 3 results.
corrupt_and_kexec() {
	check "stage$VM_STAGE: corrupt command accepted: $1" sh -c "echo '$1' >$CORRUPT"
	check "stage$VM_STAGE: the corrupt file lists it" test "$(cat $CORRUPT)" = "$1"
	echo 4 >$KHO_TEST/size_mb
	check "stage$VM_STAGE: echo 1 > active" kho_activate || vm_halt
	vm_kexec_next
}

# Kernel lines naming kho-meta (the command line names the test too).
refused_once() {
	test "$(dmesg | grep -cE 'KHO[a-z ]*: .*kho-meta')" = 1 &&
		dmesg | grep -q "KHO: node kho-meta refused, its subsystem starts cold: $1"
}

# meta_refused REASON GENERATION: this kernel refused the kho-meta node
# for REASON in one line, started cold, and adopted the test
# serializer's state of GENERATION. 8 results.
meta_refused() {
	ktap_diag "$(dmesg | grep -E 'KHO[a-z ]*: .*kho-meta')"
	check "stage$VM_STAGE: one line names kho-meta and the reason: $1" refused_once "$1"
	check "stage$VM_STAGE: cold: no /sys/firmware/kho/previous" test ! -e /sys/firmware/kho/previous
	check "stage$VM_STAGE: cold: no /sys/firmware/kho/history" test ! -e /sys/firmware/kho/history
	check "stage$VM_STAGE: the rest of the blob came in" test -s /sys/firmware/kho/dt
	check "stage$VM_STAGE: kho-test adopted (generation $2)" test "$(kho_result generation)" = "$2"
	check "stage$VM_STAGE: kho-test pages intact" test "$(kho_result pattern)" = ok
	check "stage$VM_STAGE: no oops, BUG or kernel warning" \
		sh -c '! dmesg | grep -qE "Oops|BUG:|WARNING:"'
	# The next dump starts the generations over.
	echo 4 >$KHO_TEST/size_mb
	kho_activate >/dev/null
	kho_copy_blob $KHO /tmp/kho-out.dtb
	kho-dump /tmp/kho-out.dtb >/tmp/kho-out.txt
	check "stage$VM_STAGE: its own node says generation 1 again" \
		test "$(meta_field /tmp/kho-out.txt generation)" = 1
	echo 0 >$KHO/active
}
