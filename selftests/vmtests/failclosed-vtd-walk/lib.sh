# failclosed: the VT-d unit's interrupt remapping table put on the context
# table of a bus no preserved device is on (one page of the node's memory
# claimed by two tables). The blob names no context table, so the
# blob-wide overlap check cannot see it; the IOMMU layer's walk of the
# live tables, which accounts every page it finds, must refuse the unit
# and stop E. See failclosed-lib.sh.
FC_CORRUPT=vtd-irt-context
FC_MOVE_BAR=0
FC_REFUSED=IOMMU
. /vmtests/failclosed-lib.sh
