# A VT-d node that disagrees with the hardware: the edu device's domain id
# is changed in the node (consistently, so the node itself checks out) but
# not in the live context entry. The next kernel must refuse it against
# the hardware, log why, and initialize the IOMMU cold.
vm_plan 9	# 2 canary checks + edu_stage1
check "stage1: the canary $CANARY_HEX is reserved, not System RAM" canary_not_ram
check "stage1: the canary is filled through /dev/mem" canary_fill
echo vtd-did >$KHO_TEST/corrupt
edu_stage1 1
