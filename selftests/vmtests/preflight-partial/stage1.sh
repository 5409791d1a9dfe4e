# A partial override: the target (a copy of /boot/bzImage whose manifest
# lists vfio-v9 instead of vfio-v2) reads every node but vfio. E is kept
# by a VMM: the vfio node holds a kept device, so the load is refused
# naming it; with the override the image gets the blob, and at kexec -e
# the old kernel stops E, which depends on the refused node, instead of
# keeping it (console lines: host-check.sh).
# Plan: vmm bind 4, vmm_start 36, kho_out 3, 8 checks, vmm_go_kexec 1
vm_plan 52
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
check "stage1: an image whose manifest has vfio-v9 for vfio" \
	kho-manifest set /boot/bzImage /tmp/novfio.img vfio vfio-v2 vfio-v9
check "stage1: kho-check --target refuses vfio alone offline" \
	sh -c '! kho-check --target /tmp/novfio.img /tmp/kho-out.dtb >/tmp/kc.txt &&
		grep "^vfio " /tmp/kc.txt | grep -q "REFUSED\$" &&
		test "$(grep -c "REFUSED\$" /tmp/kc.txt)" = 1'
vm_copyout /tmp/kc.txt kho-check-target.txt
check "stage1: kexec -s -l of it fails with EPROTO" load_refused /tmp/novfio.img
dmesg | grep "pre-flight" | while read -r line; do ktap_diag "$line"; done
check "stage1: the refusal names vfio as holding a kept device" \
	sh -c 'dmesg | grep -F "pre-flight: target refuses node vfio (vfio-v2, holds" | grep -q "kept devices"'
check "stage1: only vfio is refused" \
	test "$(dmesg | grep -c 'pre-flight: target refuses node')" = 1
check "stage1: echo override > preflight" sh -c "echo override >$KHO/preflight"
dmesg -C
check "stage1: with the override it loads" load_img /tmp/novfio.img
check "stage1: ... and says the devices depending on vfio will be stopped" \
	logged "the kept devices that depend on a refused node are stopped"
kexec -s -u
dmesg -n 7
VM_KEXEC_IMAGE=/tmp/novfio.img
ktap_diag "next kernel: $VM_KEXEC_IMAGE (pre-flight overridden)"
vmm_go_kexec
