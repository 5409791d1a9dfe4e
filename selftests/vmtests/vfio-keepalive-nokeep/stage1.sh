# Control for vfio-keepalive: the same VMM without keepalive. KHO is
# active, but nobody keeps E, so its exit disables and resets the device
# and unmaps the buffer: the DMA started before the exit must be lost.
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage1 bind $E
vmm_start nokeep-stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
no_kept_device() {
	! blob_has /vfio/dev@100 2>/dev/null
}
check "stage1: the blob keeps no VFIO device" no_kept_device
vmm_go_kexec
