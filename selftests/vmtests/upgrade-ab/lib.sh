# Kernel A keeps edu E for a VMM (the vfio-keepalive flow) and the test
# serializer's state, then kexecs into build B.
. /vmtests/vfio-keepalive/lib.sh
