# Keep E, break its VT-d record, kexec with E's DMA in flight.
# Plan: vmm bind 4, vmm_start 36, kho_out 3, 3 nodes, corrupt 1,
# vmm_go_kexec 1.
vm_plan 48
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
for node in /pci/dev@$(sbdf $E) /vfio/dev@$(sbdf $E) /intel-iommu; do
	check "stage1: the blob has $node" blob_has $node
done
check "stage1: E's VT-d record is to disagree with its context entry: corrupt=vtd-did" \
	sh -c "echo vtd-did >$KHO_TEST/corrupt"
vmm_go_kexec $RK_NEXT_CMDLINE
