# failclosed: the vfio node's first DMA chunk claims to be guest RAM in a
# khofs file (KHO_VFIO_MAP_KHOFS), and the blob has no khofs node. The blob
# verification in the next kernel refuses the vfio node on its own (its
# layout's check: no lender) before VFIO reads it; E's owner layer then
# has no record and must stop E. See failclosed-lib.sh.
FC_CORRUPT=vfio-borrowed
FC_MOVE_BAR=0
FC_REFUSED=owner
FC_NODE_REFUSED=vfio
FC_NODE_WHY="DMA chunk borrowed from a khofs node the blob does not have"
. /vmtests/failclosed-lib.sh
