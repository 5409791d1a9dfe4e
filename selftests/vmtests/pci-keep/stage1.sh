# The VMM keeps E; PCI records E and its root port; their config space and
# resources are saved as the VMM leaves them for the kexec.
# Plan: vmm bind 4, vmm_start 36, kho_out 3, 3 checks, vmm_go_kexec 1
vm_plan 47
vmm stage1 bind $E
vmm_start stage1 "$(cat /proc/sys/kernel/random/uuid)" || vm_halt
kho_out || vm_halt
check "stage1: E's root port is $RP" test "$(bridge_of $E)" = $RP
for dev in $E $RP; do
	check "stage1: the pci node records $dev" blob_has /pci/dev@$(sbdf $dev)
done
cp /sys/bus/pci/devices/$E/config $E_CONFIG
cp /sys/bus/pci/devices/$RP/config $RP_CONFIG
cp /sys/bus/pci/devices/$E/resource $E_RESOURCE
cp /sys/bus/pci/devices/$RP/resource $RP_RESOURCE
vm_copyout $E_CONFIG e-config-stage1.bin
vm_copyout $RP_CONFIG rp-config-stage1.bin
vmm_go_kexec
