# vfio-keepalive-multigroup, but the new VMM attaches C's group only after
# its first open of E with the token failed: VT-d must not hand the one
# preserved table to a domain while C, parked on it, is outside (the
# domain could free the table under C). Nothing changes; the retry with
# both groups in the container succeeds.
. /vmtests/vfio-keepalive-multigroup/lib.sh
