# failclosed: only the vfio node is refused (its compatible broken on
# purpose): E's owner layer must refuse it and stop it. See
# failclosed-lib.sh.
FC_VERSION_REFUSED="vfio vfio-v9 vfio-v2"
FC_CORRUPT=compat:vfio
FC_MOVE_BAR=0
FC_REFUSED=owner
. /vmtests/failclosed-lib.sh
