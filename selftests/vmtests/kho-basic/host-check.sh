#!/bin/sh
# The blob read back in the new kernel is the one the old kernel built,
# and plain dtc decodes both.
set -e
cmp "$1/kho-out.dtb" "$1/kho-in.dtb"
dtc -I dtb -O dts -o "$1/kho-out.dts" "$1/kho-out.dtb"
dtc -I dtb -O dts -o "$1/kho-in.dts" "$1/kho-in.dtb"
grep -q 'compatible = "kho-handover-v2"' "$1/kho-in.dts"
grep -q "mem-map = " "$1/kho-in.dts"
