# preflight-partial: a target that reads KHO but not the vfio node. The
# helpers of the preflight test.
. /vmtests/preflight/lib.sh
