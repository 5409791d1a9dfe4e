# vfio-keepalive-multigroup's stage 1, and C's BAR0 moved after the dump.
# Plan: vmm bind 4 (x2), pair-stage1 39 + 1, kho_out 3, 1 check,
# vmm_go_kexec 1
vm_plan 53
vmm stage1 bind $E
vmm stage1 bind $C
pair_start "$(cat /proc/sys/kernel/random/uuid)" || vm_halt
kho_out || vm_halt
check "stage1: C's BAR0 moved inside its root port's window (sysfs config)" c_bar0_move ||
	vm_halt
vmm_go_kexec
