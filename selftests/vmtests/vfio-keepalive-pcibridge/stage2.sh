vm_plan 2	# these two; vfio-keepalive/stage2.sh plans its own
check "stage2: the VT-d node has the bridge's requester ID as an alias record" \
	fdtget /sys/firmware/kho/dt /intel-iommu/dmar@fed90000/dev@18 dev
check "stage2: edu's IRTE (source ID: the bridge) was kept" \
	sh -c 'dmesg | grep -q "interrupt remapping adopted: 1 entries kept"'
. /vmtests/vfio-keepalive/stage2.sh
