# The VMM keeps E (vfio-vmm stage1), then hammers its container and its
# keepalive setting through RACE_CYCLES dumps and aborts. With the race
# stopped and the scratch range unmapped, the real dump and the kexec with
# a DMA in flight, as in vfio-keepalive.
# Plan: vmm bind 4, vmm_start 36, race-start 2 + 1, the cycles 1,
# race-stop 8 + 1, no bug 1, kho_out 3, 3 nodes, vmm_go_kexec 1
vm_plan 61
vmm stage1 bind $E
vmm_start stage1 "$(cat /proc/sys/kernel/random/uuid)" || vm_halt
# A small test serializer state: many short dumps.
echo 1 >$KHO_TEST/size_mb
vmm_phase race-start
check "stage1: $RACE_CYCLES cycles of echo 1 > active, echo 0 > active, every write succeeded" \
	race_cycles $RACE_CYCLES
vmm_phase race-stop
race_numbers
check "stage1: no WARNING, BUG or oops in the kernel log after the race" no_kernel_bug
kho_out || vm_halt
for node in /vfio/dev@$(sbdf $E) /pci/dev@$(sbdf $E) /intel-iommu; do
	check "stage1: the blob has $node" blob_has $node
done
vmm_go_kexec
