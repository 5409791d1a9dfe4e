#!/bin/sh
# No fault anywhere in the chain: the in-flight DMA and the new ones go
# through the adopted tables. vfio-keepalive's check covers QEMU's DMA
# fault and edu clamping messages (qemu.log) and the kernels' DMAR faults;
# nothing here raises an interrupt while its entry is blocked, so no
# interrupt-remapping fault is expected at all. (The vtd-dma-nokho and
# vtd-dma-nopreserve controls may fault: their DMA hits a reset IOMMU.)
status=0
"$(dirname "$0")/../vfio-keepalive/host-check.sh" "$1" || status=1
if grep -F "non-present IRTE" "$1/qemu.log"; then
	echo "qemu.log: an interrupt hit a non-present IRTE"
	status=1
fi
exit $status
