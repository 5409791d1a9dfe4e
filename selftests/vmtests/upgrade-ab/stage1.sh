# upgrade-ab: kernel A (build A) keeps the test serializer's state (v1)
# and edu E, with a VMM's DMA in flight (the vfio-keepalive flow), then
# kexecs into build B: another version string, VFIO as modules, deferred
# struct page init, and the test serializer at kho-test-v2. See stage2.
# Plan: 2 checks, vmm bind 4, vmm_start 36, blob 5, 6 nodes, kexec 1
vm_plan 54
TOKEN=$(cat /proc/sys/kernel/random/uuid)
ktap_diag "kernel A: $(uname -r)"
check "stage1: this is build A (uname -r does not end in -kho-b)" \
	sh -c 'case $(uname -r) in *-kho-b) exit 1 ;; esac'
# On A it succeeds and loads nothing (A has no modules at all).
a_vfio_builtin() { vm_load_vfio_modules && ! grep -qs "^vfio" /proc/modules; }
check "stage1: vm_load_vfio_modules is a no-op on A (VFIO built in)" a_vfio_builtin
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
echo 64 >$KHO_TEST/size_mb
check "stage1: echo 1 > active" kho_activate || vm_halt
kho_copy_blob $KHO /tmp/kho-out.dtb
vm_copyout /tmp/kho-out.dtb kho-out.dtb
check "stage1: kho-check finds the blob valid" kho-check /tmp/kho-out.dtb
check "stage1: kho-dump decodes the blob" sh -c 'kho-dump /tmp/kho-out.dtb >/tmp/kho-out.txt'
vm_copyout /tmp/kho-out.txt kho-out.txt
check "stage1: A writes the test node at v1" \
	test "$(fdtget /tmp/kho-out.dtb /kho-test compatible)" = kho-test-v1
check "stage1: the test serializer holds 64 MiB" test "$(cat $KHO_TEST/pages)" -ge 16384
check_blob_nodes $E
VM_KEXEC_IMAGE=/boot/bzImage-b
ktap_diag "next kernel: $VM_KEXEC_IMAGE"
vmm_go_kexec
