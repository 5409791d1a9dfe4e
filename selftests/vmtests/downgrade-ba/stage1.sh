# Kernel B (VFIO as modules) keeps E with a VMM's DMA pending and 64 MiB
# of test state at kho-test-v2. Loading A, which accepts only v1, is
# refused by the pre-flight with kho-test named, offline (kho-check
# --target) and by kexec -s -l; with the override the load succeeds, and
# kho-test holds no device, so E stays kept.
# Plan: 3 checks, vmm bind 4, vmm_start 36, 2 checks, 6 nodes, 6 checks,
# vmm_go_kexec 1
vm_plan 58
TOKEN=$(cat /proc/sys/kernel/random/uuid)
ktap_diag "kernel B: $(uname -r)"
check "stage1: this is build B (uname -r ends in -kho-b)" \
	sh -c 'case $(uname -r) in *-kho-b) ;; *) exit 1 ;; esac'
check "stage1: vm_load_vfio_modules" vm_load_vfio_modules
check "stage1: B accepts kho-test-v1 and kho-test-v2" \
	sh -c "grep -qx 'kho-test kho-test-v1' $KHO/manifest && grep -qx 'kho-test kho-test-v2' $KHO/manifest"
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
echo 64 >$KHO_TEST/size_mb
check "stage1: echo 1 > active" kho_activate || vm_halt
kho_copy_blob $KHO /tmp/kho-out.dtb
vm_copyout /tmp/kho-out.dtb kho-out.dtb
check "stage1: B writes the test node at v2" \
	test "$(fdtget /tmp/kho-out.dtb /kho-test compatible)" = kho-test-v2
check_blob_nodes $E
check "stage1: kho-check --target /boot/bzImage (A) refuses the blob offline" \
	sh -c '! kho-check --target /boot/bzImage /tmp/kho-out.dtb >/tmp/kc.txt'
vm_copyout /tmp/kc.txt kho-check-target.txt
check "stage1: ... and its table refuses kho-test alone" \
	sh -c 'grep "^kho-test " /tmp/kc.txt | grep -q "REFUSED\$" &&
		test "$(grep -c "REFUSED\$" /tmp/kc.txt)" = 1'
check "stage1: kexec -s -l of A fails with EPROTO" load_refused /boot/bzImage
check "stage1: the refusal names kho-test, its version and A's" \
	logged "pre-flight: target refuses node kho-test (kho-test-v2, holds preserved memory): it accepts kho-test-v1"
check "stage1: only kho-test is refused" \
	test "$(dmesg | grep -c 'pre-flight: target refuses node')" = 1
check "stage1: echo override > preflight" sh -c "echo override >$KHO/preflight"
VM_KEXEC_IMAGE=/boot/bzImage
ktap_diag "next kernel: $VM_KEXEC_IMAGE (pre-flight overridden)"
vmm_go_kexec
