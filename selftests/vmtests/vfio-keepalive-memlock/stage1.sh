# vfio-keepalive's stage 1, with the VMM also mapping MEMLOCK_MB MiB at IOVA
# 0x10000000 (VFIO_VMM_MAP_MB), which the blob's vfio node then carries.
vm_plan 5	# vfio-vmm's big-mapping checks in vmm_start; vfio-keepalive/stage1.sh plans the rest
echo 4194304 >$KHO/dt_max
export VFIO_VMM_MAP_MB=$MEMLOCK_MB
. /vmtests/vfio-keepalive/stage1.sh
