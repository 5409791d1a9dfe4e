# The IOMMU layer refused E at boot (its unit, under dmar_global_lock); a
# new VMM keeps E again and the dump runs, in this same boot.
# Plan: 7 own checks, vmm bind 4, vmm_start 36, kho_out 3, 6 nodes (E
# behind a root port), 1 check after the dump, vmm_go_kexec 1.
vm_plan 58
ktap_diag "E=$E: command 0x$(e_command), driver '$(driver_of $E)', override '$(cat /sys/bus/pci/devices/$E/driver_override)'"
dmesg | grep -E "KHO: .*(refused|stopped|cold init|dropped)|KHO: $E" | while read -r line; do
	ktap_diag "$line"
done
check "stage2: the default DMA domain (no iommu=pt)" sh -c '! grep -qw iommu=pt /proc/cmdline'
check "stage2: the unit was refused and initialized cold" \
	sh -c 'dmesg | grep -q "DMAR: KHO: dmar0: .*; cold init"'
check "stage2: exactly one refusal line for E" test "$(rk_refusal_of_e | grep -c .)" = 1
check "stage2: it says: refused by IOMMU, device stopped" \
	sh -c "dmesg | grep -qE 'KHO: $E: handover refused by IOMMU: .+; device stopped\$'"
check "stage2: E has bus mastering off" e_not_mastering
check "stage2: no driver is bound to E" test -z "$(driver_of $E)"
check "stage2: E's driver_override was lifted (PCI's stop callback ran)" \
	test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
# Kept again, in the boot that refused it.
TOKEN=$(cat /proc/sys/kernel/random/uuid)
vmm stage2 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
check_blob_nodes $E
check "stage2: no oops, BUG, warning or lockdep report in the kernel log" no_oops
vmm_go_kexec
