# A VT-d node that disagrees with the hardware: the edu device's domain id
# is changed in the node (consistently, so the node itself checks out) but
# not in the live context entry. The next kernel must refuse it against
# the hardware, log why, and initialize the IOMMU cold.
vm_plan 5	# edu_stage1
echo vtd-did >$KHO_TEST/corrupt
edu_stage1 1
