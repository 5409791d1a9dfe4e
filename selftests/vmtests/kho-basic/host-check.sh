#!/bin/bash
# The blob read back in the new kernel is the one the old kernel built
# (but for the two times kho-meta stamps again, in place, at kexec -e:
# 16 bytes at most), and plain dtc decodes both.
set -e
test "$(wc -c <"$1/kho-out.dtb")" = "$(wc -c <"$1/kho-in.dtb")"
test "$(cmp -l "$1/kho-out.dtb" "$1/kho-in.dtb" | wc -l)" -le 16
dtc -I dtb -O dts -o "$1/kho-out.dts" "$1/kho-out.dtb"
dtc -I dtb -O dts -o "$1/kho-in.dts" "$1/kho-in.dtb"
strip() { sed -E '/^[[:space:]]*(handover-time-ns|uptime-ns) = /d' "$1"; }
cmp <(strip "$1/kho-out.dts") <(strip "$1/kho-in.dts")
grep -q 'compatible = "kho-handover-v2"' "$1/kho-in.dts"
grep -q "mem-map = " "$1/kho-in.dts"
