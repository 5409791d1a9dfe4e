# An edu DMA started at shutdown, ~100 ms before it executes, lands in
# the next kernel through the adopted IOMMU page tables.
vm_plan 7	# edu_stage1
edu_stage1 1
