# An edu DMA started at shutdown, ~100 ms before it executes, lands in
# the next kernel through the adopted IOMMU page tables.
edu_stage1 1
