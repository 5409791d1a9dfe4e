# A VMM (vfio-vmm) opens edu E through vfio-pci, maps a buffer, uses DMA
# and MSI, sets markers, puts E into keepalive with a random token, and
# exits right after starting a DMA that lands during the kexec. The
# control C is opened cold in each stage.
# Plan: vmm bind 4 (x2), cold 27, vmm_start 36, open-busy 2,
# phases 5 + 6, kho_out 3, 6 nodes (E behind a bridge), 3 checks
vm_plan 96
TOKEN=$(cat /proc/sys/kernel/random/uuid)
ktap_diag "E=$E group $(basename "$(readlink /sys/bus/pci/devices/$E/iommu_group)"), C=$C group $(basename "$(readlink /sys/bus/pci/devices/$C/iommu_group)")"
vmm stage1 bind $E
vmm stage1 bind $C
vmm stage1 cold $C
cp /sys/bus/pci/devices/$C/config /root/c-config.bin
vmm_start stage1 "$TOKEN" || vm_halt
vmm stage1 open-busy $E
# A dump freezes the device's keepalive and its container; an abort thaws.
echo 8 >$KHO_TEST/size_mb
check "stage1: echo 1 > active (a dump to abort)" kho_activate
vmm_phase dumped
check "stage1: echo 0 > active" sh -c "echo 0 >$KHO/active"
vmm_phase aborted
kho_out || vm_halt
check_blob_nodes $E
vmm_go_kexec
