# E and C in one container, each in its own iommu group, both kept: the
# vfio node has one container and two devices naming it, the pci node both
# endpoints with their root ports, VT-d two parked devices on one domain.
# Plan: vmm bind 4 (x2), pair-stage1 39 + 1, kho_out 3, 10 nodes,
# 2 checks, vmm_go_kexec 1
vm_plan 64
vmm stage1 bind $E
vmm stage1 bind $C
pair_start "$(cat /proc/sys/kernel/random/uuid)" || vm_halt
kho_out || vm_halt
for node in /pci /vfio /intel-iommu /vfio/container@0 /vfio/dev@$(sbdf $E) \
	/vfio/dev@$(sbdf $C) /pci/dev@$(sbdf $E) /pci/dev@$(sbdf $C) \
	/pci/dev@$(sbdf $(bridge_of $E)) /pci/dev@$(sbdf $(bridge_of $C)); do
	check "stage1: the blob has $node" blob_has $node
done
check "stage1: one container for both" blob_lacks /vfio/container@1
check "stage1: both devices name it" test "$(container_of $E)" = "$(container_of $C)"
vmm_go_kexec
