# Shares the vfio-keepalive machinery (E, the VMM helpers).
. /vmtests/vfio-keepalive/lib.sh
