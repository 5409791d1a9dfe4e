# failclosed: the whole blob is refused (truncated on purpose): the kernel
# must stop every PCI function still mastering for it. See failclosed-lib.sh.
FC_CORRUPT=truncate
FC_MOVE_BAR=0
FC_REFUSED=blob
. /vmtests/failclosed-lib.sh
