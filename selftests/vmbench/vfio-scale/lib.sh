# One sample of the VFIO handover at scale_mb=N MiB of mapped guest memory
# (scripts/vm-bench-vfio.sh): the vfio-keepalive machinery (E, the VMM
# helpers), with vfio-vmm mapping N MiB more (VFIO_VMM_MAP_MB). Every
# figure goes to the console as "# bench key=value".
. /vmtests/vfio-keepalive/lib.sh

bench() {
	ktap_diag "bench $1=$2"
}

# bench_vmm_times FILE: the VMM's "TIME what_us N" lines as figures.
bench_vmm_times() {
	while read -r tag what us; do
		[ "$tag" = TIME ] && bench "$what" "$us"
	done <"$1"
	return 0
}

# bench_prop_bytes DTB NODE PROP: length of a property in bytes. The
# arrays (mem, maps: 16- and 32-byte records) are counted in 32-bit words,
# four times fewer tokens for a multi-MiB property under TCG.
bench_prop_bytes() {
	case $3 in
	mem | maps) echo $(($(fdtget -t x "$1" "$2" "$3" | wc -w) * 4)) ;;
	*) fdtget -t bx "$1" "$2" "$3" | wc -w ;;
	esac
}

# bench_fdt_bytes DTB PATH: bytes the node PATH and its subnodes take in
# the blob's structure block (tags, names, property headers and values,
# padded to 4 bytes; the strings block, shared by all nodes, not counted).
bench_fdt_bytes() {
	total=0
	name=${2##*/}
	total=$((total + 8 + (${#name} + 4) / 4 * 4))
	for prop in $(fdtget -p "$1" "$2"); do
		len=$(bench_prop_bytes "$1" "$2" "$prop")
		total=$((total + 12 + (len + 3) / 4 * 4))
	done
	for sub in $(fdtget -l "$1" "$2"); do
		total=$((total + $(bench_fdt_bytes "$1" "$2/$sub")))
	done
	echo $total
}
