# Helpers for the kho-forbidden stages. Each stage hands over a blob whose
# kho-test node preserves one page where the next kernel's boot data lies
# (its initrd, command line, boot_params), with a scratch range reported
# that leaves the page out, or a blob with no scratch at all. The next
# kernel must refuse the whole blob, name the area on the refusal line,
# boot cold from an intact initrd, and be able to use KHO again.

# The files of the root filesystem every stage is unpacked from: stage 1
# sums them and passes the sum on the command line (the first rootsum=
# is the one vm_param reads).
rootfs_sum() {
	cat /init /bin/busybox /boot/bzImage /vmtests/kho-forbidden/* | md5sum | cut -d' ' -f1
}

# forbid_and_kexec MODE: break the next handover in MODE and go.
forbid_and_kexec() {
	echo "$1" >$KHO_TEST/corrupt
	check "stage$VM_STAGE: echo 1 > active (blob to be broken: $1)" kho_activate
	vm_kexec_next "$2"
}

refusal_matches() {
	test "$(dmesg | grep -c "KHO: incoming state refused")" = 1 &&
		dmesg | grep "KHO: incoming state refused" | grep -q -e "$1"
}

# refused PATTERN: this kernel logged one refusal matching PATTERN, runs
# cold, booted from an intact initrd, and KHO works again.
refused() {
	line=$(dmesg | grep "KHO: incoming state refused")
	ktap_diag "${line:-no refusal logged}"
	check "stage$VM_STAGE: refusal logged: $1" refusal_matches "$1"
	check "stage$VM_STAGE: no incoming blob exposed" test ! -e /sys/firmware/kho/dt
	check "stage$VM_STAGE: test serializer saw no state (cold)" test "$(cat $KHO_TEST/result)" = none
	check "stage$VM_STAGE: root filesystem from the initrd intact" test "$(rootfs_sum)" = "$(vm_param rootsum)"
	check "stage$VM_STAGE: no panic, and KHO works again" kho_activate
	echo 0 >$KHO/active
}
