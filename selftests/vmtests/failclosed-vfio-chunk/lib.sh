# failclosed: the vfio node's first DMA chunk points at memory no node
# preserves. The blob verification in the next kernel refuses that node on
# its own (its layout's check), before VFIO reads it; E's owner layer then
# has no record and must stop E. See failclosed-lib.sh.
FC_CORRUPT=vfio-chunk-out
FC_MOVE_BAR=0
FC_REFUSED=owner
FC_NODE_REFUSED=vfio
. /vmtests/failclosed-lib.sh
