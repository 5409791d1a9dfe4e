# failclosed: before the dump, E's IOMMU domain gets one extra leaf the VMM
# never mapped, onto a page nobody preserves (kho_test/extra_leaf). The node
# is consistent with the hardware, so only the walk of every leaf of the
# preserved table can notice: the IOMMU layer must refuse E and stop it.
# See failclosed-lib.sh.
FC_CORRUPT=
FC_MOVE_BAR=0
FC_EXTRA_LEAF=0xf100000
FC_REFUSED=IOMMU
. /vmtests/failclosed-lib.sh
