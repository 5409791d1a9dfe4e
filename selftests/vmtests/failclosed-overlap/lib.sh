# failclosed: two ranges of the blob share a page (the VT-d unit's
# interrupt remapping table put on its root table, each still inside the
# node's memory). Only the blob-wide overlap check, run before any
# subsystem reads its node, sees it: the whole blob is refused and every
# function still mastering is stopped. See failclosed-lib.sh.
FC_CORRUPT=vtd-irt-root
FC_MOVE_BAR=0
FC_REFUSED=blob
FC_REASON="node .?intel-iommu.? unit 0 root table .*overlaps node .?intel-iommu.? unit 0 interrupt remapping table"
. /vmtests/failclosed-lib.sh
