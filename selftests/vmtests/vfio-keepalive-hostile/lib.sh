# The vfio-keepalive helpers and devices.
. /vmtests/vfio-keepalive/lib.sh

# Stage 1 records where it moved E's BAR0 here (outside /tmp, so the next
# stage has it).
BAR_STATE=/root/bar0-moved

# bar0: E's BAR0 address as the device decodes it, from config space.
bar0() {
	v=$(od -An -tx4 -j16 -N4 /sys/bus/pci/devices/$E/config | tr -d ' ')
	printf '0x%x' $((0x$v & ~0xf))
}

# bar0_set ADDR: write E's BAR0 (a 32-bit memory BAR) through sysfs config.
bar0_set() {
	b=
	for i in 0 1 2 3; do
		b="$b\\$(printf %03o $((($1 >> (8 * i)) & 255)))"
	done
	printf "$b" | dd of=/sys/bus/pci/devices/$E/config bs=4 seek=4 conv=notrunc 2>/dev/null
}

# bar0_move: move E's BAR0 to another place inside its root port's memory
# window, behind the kernel's back, and record both addresses.
bar0_move() {
	read -r start end flags <<-EOF
	$(sed -n 1p /sys/bus/pci/devices/$E/resource)
	EOF
	# Line 9 of a bridge's resource file is its memory window.
	read -r wstart wend wflags <<-EOF
	$(sed -n 9p /sys/bus/pci/devices/$(bridge_of $E)/resource)
	EOF
	size=$((end - start + 1))
	old=$(bar0)
	new=$((wstart))
	[ $new -ne $((old)) ] || new=$((old + size))
	ktap_diag "E's BAR0 $old size $(printf 0x%x $size), window $wstart-$wend; moving it to $(printf 0x%x $new)"
	if [ $((new + size - 1)) -gt $((wend)) ]; then
		ktap_diag "the window has no room for a second BAR0"
		return 1
	fi
	bar0_set $new || return 1
	echo "old=$old new=$(printf 0x%x $new)" >$BAR_STATE
	[ "$(bar0)" = "$(printf 0x%x $new)" ]
}
