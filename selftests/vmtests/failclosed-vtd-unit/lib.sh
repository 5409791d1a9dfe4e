# failclosed: the intel-iommu node parses, but the record of E (its domain
# id) disagrees with the live context entry: the IOMMU layer must refuse E
# and stop it. See failclosed-lib.sh.
FC_CORRUPT=vtd-did
FC_MOVE_BAR=0
FC_REFUSED=IOMMU
. /vmtests/failclosed-lib.sh
