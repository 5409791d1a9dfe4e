# Hostile: as vfio-keepalive, a VMM keeps E alive with a token, but once the
# blob is dumped E's BAR0 moves inside its root port's window (a config write
# through sysfs, behind the kernel's back), so the next kernel finds E where
# its PCI record does not say: it must give up on the keepalive everywhere
# and initialize E like any other device.
vm_plan 48	# vmm bind 4, vmm_start 36, kho_out 3, 3 nodes, 2 checks
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
for node in /pci/dev@$(sbdf $E) /vfio/dev@$(sbdf $E) /intel-iommu; do
	check "stage1: the blob has $node" blob_has $node
done
check "stage1: E's BAR0 moved inside the root port's window (sysfs config)" bar0_move ||
	vm_halt
vmm_go_kexec
