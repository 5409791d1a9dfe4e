# Shared by the vtd-dma-* stages: the edu test driver's controls.
EDU=/sys/kernel/debug/vtd_edu_test

edu_result() {
	tr ' ' '\n' <$EDU/result | sed -n "s/^$1=//p"
}

# edu_stage1 PRESERVE: map a page for edu, hand over with KHO (the device's
# translation preserved or not: a preserved DMA domain refuses new maps
# while the dump holds it), start a DMA at shutdown, kexec. 7 results.
edu_stage1() {
	check "stage1: edu bound to the test driver" test -e $EDU/ctl
	echo "$1" >$EDU/preserve
	check "stage1: DMA mapped and first half copied into edu" \
		sh -c "echo setup >$EDU/ctl"
	echo 8 >$KHO_TEST/size_mb
	check "stage1: edu's DMA domain maps a new page before the dump" \
		sh -c "echo map >$EDU/ctl"
	check "stage1: echo 1 > active" kho_activate
	if [ "$1" = 1 ]; then
		check "stage1: the dump froze edu's DMA domain: a new map fails" \
			sh -c "! echo map >$EDU/ctl 2>/dev/null"
	else
		check "stage1: edu's DMA domain is not preserved: a new map works" \
			sh -c "echo map >$EDU/ctl"
	fi
	kho_copy_blob $KHO /tmp/kho-out.dtb
	vm_copyout /tmp/kho-out.dtb kho-out.dtb
	vm_copyout /tmp/map kho-out.map
	check "stage1: kho-check finds the blob valid" kho-check /tmp/kho-out.dtb
	check "stage1: DMA armed for shutdown" sh -c "echo arm >$EDU/ctl"
	vm_kexec_next
}

# edu_reported: the test driver found its node and gave a verdict.
edu_reported() {
	test -n "$(edu_result landed)"
}

dmar_faults() {
	dmesg | grep -E "DMAR: \[DMA|DRHD: handling fault|DMAR: .*fault" || true
}
