# Both edus are kept: the vfio node has two devices and two containers,
# the pci node two endpoints with their root ports, VT-d two parked
# devices. C's VMM starts its last DMA before the kexec, E's during it.
# Plan: vmm bind 4 (x2), vmm_start 36 (x2), kho_out 3, 8 nodes,
# 3 checks
vm_plan 94
vmm stage1 bind $E
vmm stage1 bind $C
vmm_start stage1 "$(cat /proc/sys/kernel/random/uuid)" $C $C_STATE $C_FIFO $C_OUT $C_ERR ||
	vm_halt
C_PID=$VMM_PID
vmm_start stage1 "$(cat /proc/sys/kernel/random/uuid)" || vm_halt
kho_out || vm_halt
for node in /vfio/container@0 /vfio/container@1 /vfio/dev@$(sbdf $E) /vfio/dev@$(sbdf $C) \
	/pci/dev@$(sbdf $E) /pci/dev@$(sbdf $C) /pci/dev@$(sbdf $(bridge_of $E)) \
	/pci/dev@$(sbdf $(bridge_of $C)); do
	check "stage1: the blob has $node" blob_has $node
done
check "stage1: the two devices are in different containers" \
	test "$(fdtget -t x /tmp/kho-out.dtb /vfio/dev@$(sbdf $E) dev | cut -d' ' -f3)" != \
	"$(fdtget -t x /tmp/kho-out.dtb /vfio/dev@$(sbdf $C) dev | cut -d' ' -f3)"
echo go >$C_FIFO
wait $C_PID
check "stage1: C's VMM started its DMA and exited" test $? = 0
vmm_go_kexec
