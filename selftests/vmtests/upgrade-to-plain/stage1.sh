# Kernel A keeps edu E for a VMM with a DMA pending and 64 MiB of test
# state. Loading the plain kernel is refused by the pre-flight, offline
# (kho-check --target) and by kexec -s -l, naming every node that holds
# memory or devices; with the override it loads, and kexec -e hands
# nothing over and stops E (host-check.sh finds the old kernel's lines).
# Plan: vmm bind 4, vmm_start 36, 13 checks, vmm_go_kexec 1
vm_plan 54
TOKEN=$(cat /proc/sys/kernel/random/uuid)
ktap_diag "target: $(cat /boot/bzImage-plain.version)"
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
echo 64 >$KHO_TEST/size_mb
check "stage1: echo 1 > active" kho_activate || vm_halt
kho_copy_blob $KHO /tmp/kho-out.dtb
check "stage1: kho-manifest finds no manifest in the plain image" \
	sh -c '! kho-manifest show /boot/bzImage-plain >/dev/null 2>&1'
check "stage1: kho-check --target refuses the plain image offline" \
	sh -c '! kho-check --target /boot/bzImage-plain /tmp/kho-out.dtb >/tmp/kc.txt'
vm_copyout /tmp/kc.txt kho-check-target.txt
check "stage1: ... saying it has no KHO manifest" \
	grep -q "^target: .*no KHO manifest" /tmp/kc.txt
check "stage1: kexec -s -l of the plain kernel fails with EPROTO" \
	load_refused /boot/bzImage-plain
dmesg | grep "pre-flight" | while read -r line; do ktap_diag "$line"; done
check "stage1: the refusal says the target reads no KHO" \
	logged "pre-flight: the target does not read this handover (kho-handover-v2): target has no KHO manifest"
check "stage1: ... names the node holding E's DMA state" \
	logged "pre-flight: target refuses node vfio (vfio-v2, holds"
check "stage1: ... and the node holding preserved memory" \
	logged "pre-flight: target refuses node kho-test (kho-test-v1, holds preserved memory)"
check "stage1: nothing is loaded after the refusal" \
	test "$(cat /sys/kernel/kexec_loaded)" = 0
check "stage1: E still masters (the refusal changed nothing)" bus_master_on $E
check "stage1: echo override > preflight" sh -c "echo override >$KHO/preflight"
check "stage1: the plain kernel loads with the override" load_img /boot/bzImage-plain
check "stage1: unload it (the real load carries the stage's command line)" kexec -s -u
# The old kernel's lines at kexec -e reach only the console.
dmesg -n 7
VM_KEXEC_IMAGE=/boot/bzImage-plain
ktap_diag "next kernel: $VM_KEXEC_IMAGE (pre-flight overridden)"
vmm_go_kexec
