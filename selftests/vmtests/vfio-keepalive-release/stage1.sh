# Keepalive without a kexec: the VMM keeps E alive and exits, the kernel
# holds the device open, and the admin releases it through debugfs, after
# which E is an ordinary device again: reset on close, openable without a
# token. Then once more, released by unbinding vfio-pci. One kernel.
# Plan: vmm bind 4 (x2), vmm_start 36 (x2), open-busy 2, cold 27,
# 15 checks
vm_plan 124
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
echo go >$VMM_FIFO
wait $VMM_PID
check "stage1: the VMM started a DMA and exited" test $? = 0
check "stage1: the kernel kept E open after the VMM exited" \
	sh -c 'dmesg | grep -q "vfio-pci 0000:01:00.0: KHO: kept alive after close"'
vmm stage1 open-busy $E
check "stage1: releasing an unknown device fails" \
	sh -c '! echo 0000:00:1f.0 >/sys/kernel/debug/vfio_kho/release'
check "stage1: echo E > /sys/kernel/debug/vfio_kho/release" \
	sh -c "echo $E >/sys/kernel/debug/vfio_kho/release"
check "stage1: the release forgot the keepalive" \
	sh -c 'dmesg | grep -q "vfio-pci 0000:01:00.0: KHO: keepalive cleared"'
check "stage1: a second release fails (nothing kept any more)" \
	sh -c "! echo $E >/sys/kernel/debug/vfio_kho/release"
check "stage1: the release closed E the normal way (bus master off)" \
	sh -c "test \$((0x\$(od -An -tx1 -j4 -N1 /sys/bus/pci/devices/$E/config | tr -d ' ') & 4)) = 0"
vmm stage1 cold $E

# Unbinding a stashed device drops its keepalive instead of waiting forever
# for a user that is gone.
vmm_start stage1 "$TOKEN" || vm_halt
echo go >$VMM_FIFO
wait $VMM_PID
check "stage1: kept again, the VMM exited again" test $? = 0
check "stage1: unbinding the stashed E from vfio-pci completes" \
	timeout 30 sh -c "echo $E >/sys/bus/pci/drivers/vfio-pci/unbind"
check "stage1: the unbind dropped the keepalive" \
	sh -c 'dmesg | grep -q "vfio-pci 0000:01:00.0: KHO: keepalive dropped: the driver is being unbound"'
check "stage1: E has no driver" test ! -e /sys/bus/pci/devices/$E/driver
vmm stage1 bind $E
check "stage1: echo 1 > active" kho_activate
kho_copy_blob $KHO /tmp/kho-out.dtb
check "stage1: the blob is valid" kho-check /tmp/kho-out.dtb
check "stage1: nothing kept any more: no vfio and no pci node" \
	sh -c '! fdtget -p /tmp/kho-out.dtb /vfio && ! fdtget -p /tmp/kho-out.dtb /pci'
check "stage1: echo 0 > active" sh -c "echo 0 >$KHO/active"
vm_done
