# Control for vfio-keepalive: the same VMM without keepalive. KHO is
# active, but nobody keeps E, so its exit disables and resets the device
# and unmaps the buffer: the DMA started before the exit must be lost.
# The buffer is a tmpfs file that outlives the VMM (vfio-vmm).
vm_plan 40	# vmm bind 4, vmm_start nokeep 31, kho_out 3, 2 checks
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start nokeep-stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
no_kept_device() {
	! blob_has /vfio/dev@100 2>/dev/null
}
check "stage1: the blob keeps no VFIO device" no_kept_device
# The next kernel must not reuse the buffer's page, or a missing pattern
# would prove nothing: reserve it there.
phys=$(sed -n 's/^buf_phys0=//p' $VMM_STATE)
ktap_diag "buffer at $phys, reserved in the next kernel"
vmm_go_kexec "memmap=4K\$$phys"
