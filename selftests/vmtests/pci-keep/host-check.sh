#!/bin/sh
# Nobody opens the kept E in stage 2: from the second kernel's boot to the
# end of the chain no config write may reach E or its root port. Each write
# found is shown with the dword stage 1 saw at its offset.
out=$1
. "$(dirname "$0")/../cfg-writes.sh"
cfg_writes_second_boot "$out/qemu.log" "" "edu 01:00.0" "pcie-root-port 00:03.0" \
	>"$out/cfg-writes.txt"
status=$?
while read -r line; do
	case $line in
	*" edu 01:00.0 @"*) saved=$out/e-config-stage1.bin ;;
	*" pcie-root-port 00:03.0 @"*) saved=$out/rp-config-stage1.bin ;;
	*) echo "$line"; continue ;;
	esac
	off=${line##*@}
	off=$((${off%% *} & ~3))
	echo "$line (stage 1: $(printf 0x%x $off) = 0x$(od -An -tx4 -j $off -N 4 "$saved" | tr -d ' '))"
done <"$out/cfg-writes.txt"
echo "second kernel: $(grep -c ' edu 01:00.0 @' "$out/cfg-writes.txt") config writes to E," \
	"$(grep -c ' pcie-root-port 00:03.0 @' "$out/cfg-writes.txt") to its root port"
exit $status
