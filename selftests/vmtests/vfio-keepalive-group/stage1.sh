# E and F bound to vfio-pci; the VMM keeps E with a token; F is in no node.
# Plan: vmm bind 4 (x2), 1 check, vmm_start 36, kho_out 3, 6 nodes,
# 2 checks, vmm_go_kexec 1
vm_plan 57
TOKEN=$(cat /proc/sys/kernel/random/uuid)
ktap_diag "E=$E group $(group_of $E), F=$F group $(group_of $F), bridge $(bridge_of $E)"
vmm stage1 bind $E
vmm stage1 bind $F
check "stage1: E and F are in one iommu group" test "$(group_of $E)" = "$(group_of $F)"
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
check_blob_nodes $E
check "stage1: F is not in the vfio node" sh -c "! fdtget -p /tmp/kho-out.dtb /vfio/dev@$(sbdf $F)"
check "stage1: F is not in the pci node" blob_lacks /pci/dev@$(sbdf $F)
vmm_go_kexec
