# failclosed: only the intel-iommu node is refused (its compatible broken
# on purpose): the IOMMU layer must refuse E and stop it. See
# failclosed-lib.sh.
FC_VERSION_REFUSED="intel-iommu intel-iommu-v9 intel-iommu-v2"
FC_CORRUPT=compat:intel-iommu
FC_MOVE_BAR=0
FC_REFUSED=IOMMU
. /vmtests/failclosed-lib.sh
