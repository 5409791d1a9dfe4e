#!/bin/sh
# Nobody opens the kept E in stage 2: from the second kernel's boot to the
# end of the chain no config write may reach E or its root port.
out=$1
. "$(dirname "$0")/../cfg-writes.sh"
cfg_writes_second_boot "$out/qemu.log" "" "edu 01:00.0" "pcie-root-port 00:03.0"
