# vfio-keepalive-multigroup, but stage 1 moves C's BAR0 after the dump:
# the next kernel's PCI refuses C and the registry stops it (bus mastering
# off, its parked context entry cleared). E, on the same preserved table,
# is not stopped with it: the new VMM attaches E's group alone and E adopts
# the container's mappings by itself.
. /vmtests/vfio-keepalive-multigroup/lib.sh
. /vmtests/vfio-keepalive-hostile/lib.sh

# c_bar0_move: bar0_move (vfio-keepalive-hostile) on C.
c_bar0_move() {
	saved=$E
	E=$C
	bar0_move
	rc=$?
	E=$saved
	return $rc
}

c_not_mastering() {
	[ $((0x$(od -An -tx2 -j4 -N2 /sys/bus/pci/devices/$C/config | tr -d ' ') & 4)) = 0 ]
}
