# The vfio-keepalive helpers and devices.
. /vmtests/vfio-keepalive/lib.sh
