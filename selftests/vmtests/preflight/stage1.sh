# The kexec load pre-flight on kernel A: a VMM keeps edu E alive with a
# DMA pending (the vfio-keepalive stage 1) and the test serializer
# preserves memory. Images made here from /boot/bzImage: kho-test's
# manifest entry rewritten, and the manifest field zeroed (a kernel
# without KHO). Enforced, both loads are refused with EPROTO and one line
# per refused node; /boot/bzImage loads. Overridden, the image without
# manifest loads and kexec -e hands nothing over: the old kernel stops E
# (host-check.sh finds its line on the console) and the next kernel finds
# it not mastering. (The DMA started at "go" may still complete in the old
# kernel, through its own translation, before the shutdown stops E.)
# Plan: vmm bind 4, vmm_start stage1 36, kho_out 3, 19 checks,
# vmm_go_kexec 1
vm_plan 63
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt

check "stage1: /sys/kernel/kho/manifest lists the root" \
	grep -qx "/ kho-handover-v2" $KHO/manifest
check "stage1: /sys/kernel/kho/manifest lists kho-test-v1" \
	grep -qx "kho-test kho-test-v1" $KHO/manifest
check "stage1: /boot/bzImage's manifest is exactly the running kernel's list" \
	sh -c "kho-manifest show /boot/bzImage | cmp -s - $KHO/manifest"
check "stage1: the pre-flight enforces by default" test "$(cat $KHO/preflight)" = enforce
check "stage1: an image with kho-test's entry rewritten to kho-test-v0" \
	kho-manifest set /boot/bzImage /tmp/bad.img kho-test kho-test-v1 kho-test-v0
check "stage1: an image with the manifest field zeroed" \
	kho-manifest zero /boot/bzImage /tmp/none.img
check "stage1: kho-check --target refuses the first offline" \
	sh -c '! kho-check --target /tmp/bad.img /tmp/kho-out.dtb >/tmp/kc.txt'
ktap_diag "$(grep -E '^kho-test|^refused' /tmp/kc.txt | tr '\n' ';')"

check "stage1: loading the image refusing kho-test fails with EPROTO" load_refused /tmp/bad.img
check "stage1: the refusal names kho-test, its version and the target's" \
	logged "pre-flight: target refuses node kho-test (kho-test-v1, holds preserved memory): it accepts kho-test-v0"
check "stage1: the load refusal line says how to override" \
	logged "pre-flight: load refused (1 refusals); to load anyway: echo override > /sys/kernel/kho/preflight"
check "stage1: loading the image without manifest fails with EPROTO" load_refused /tmp/none.img
check "stage1: the refusal says the target reads no KHO" \
	logged "pre-flight: the target does not read this handover (kho-handover-v2): target has no KHO manifest (no KHO: the manifest field is 0)"
check "stage1: ... and names the node E's state is in" \
	logged "pre-flight: target refuses node pci (pci-v2, holds kept devices): target has no KHO manifest"
dmesg -C
check "stage1: the unbroken image loads" load_img /boot/bzImage
check "stage1: the pre-flight accepted every node" logged "pre-flight: the target accepts all"
check "stage1: unload it" kexec -s -u
check "stage1: the knob refuses a bogus value" sh -c "! echo bogus >$KHO/preflight 2>/dev/null"
check "stage1: echo override > preflight" sh -c "echo override >$KHO/preflight"
check "stage1: the knob reads override" test "$(cat $KHO/preflight)" = override
# What the old kernel logs at kexec -e reaches only the console (for
# host-check.sh): let it through.
dmesg -n 7
VM_KEXEC_IMAGE=/tmp/none.img vmm_go_kexec
