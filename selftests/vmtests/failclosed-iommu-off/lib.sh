# failclosed: nothing in the handover is broken, but the next kernel boots
# with intel_iommu=off, so it turns every unit off without init_dmars():
# the IOMMU layer must refuse E and stop it before translation goes off.
# See failclosed-lib.sh.
FC_CORRUPT=
FC_MOVE_BAR=0
FC_IOMMU_OFF=1
FC_REFUSED=IOMMU
. /vmtests/failclosed-lib.sh
