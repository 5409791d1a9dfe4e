# Guest RAM on khofs (issue 13): the VMM keeps edu E's guest RAM in a file
# of the preserved memory filesystem, so the new VMM maps the same pages
# again after the kexec. Shares vfio-keepalive's helpers.
#
# UNTESTED until fs/khofs (mount -t khofs) merges: a kernel without khofs
# in /proc/filesystems skips the test in stage 1 (one SKIP result).
. /vmtests/vfio-keepalive/lib.sh
KHOFS=/mnt/khofs
VMM_RAM=$KHOFS/guest-ram

# khofs_mount: the preserved filesystem at $KHOFS (its restored tree in
# the new kernel).
khofs_mount() {
	mkdir -p $KHOFS && mount -t khofs none $KHOFS
}
