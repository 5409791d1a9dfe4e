# Control for vtd-dma-inflight with KHO active: the same DMA, but the device's IOMMU state
# is not handed over (KHO still carries the data page, so the result can
# be read). Translation goes off and bus mastering is cleared at kexec:
# the DMA must be lost.
vm_plan 7	# edu_stage1
edu_stage1 0
