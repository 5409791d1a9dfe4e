#!/bin/bash
# make demo: boot the test VM and run a live update with KHO: the old
# kernel serializes state (the test serializer's 64 MiB in >1000 ranges),
# kexec -s hands it over, the new kernel reserves, claims and verifies it.
# Narrates from the VM's logs what happened at each step.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

test=kho-basic
out=$KHO_BUILD/demo
rm -rf "$out"
say "kernel: $(cat "$KHO_BUILD/kernel-version.txt"), image $(du -k "$KHO_BZIMAGE" | cut -f1) KiB"
say "booting q35 + intel-iommu (intremap=on) + edu under QEMU with kho_scratch=128M"
start=$(now_ms)
status=0
scripts/vm-run.sh "$out" 180 "vmtest=$test stage=1 ktap_n=0" || status=$?
elapsed=$(($(now_ms) - start))
if ! scripts/vmtest-parse.py "$test" "$out" "$status" >/dev/null; then
	cat "$out/result.ktap"
	die "demo failed; see build/demo/serial.log"
fi

kmsg() { grep -ahE "$1" "$out/$2" | sed 's/^\[ *[0-9.]*\] /    /'; }

say "1. old kernel: echo 1 > /sys/kernel/kho/active runs every serializer"
kmsg 'KHO test: dumped|KHO: blob ready|KHO: scratch' dmesg-stage1.txt
say "   the blob (/sys/kernel/kho/dt) decoded by kho-dump (plain dtc -I dtb decodes it too):"
"$KHO_BUILD/tools/kho-dump" "$out/kho-out.dtb" | sed 's/^/    /'
say "2. kexec -s -l bzImage ... && kexec -e: segments placed in scratch, blob passed in setup_data"
kmsg 'KHO: handing over' dmesg-stage1.txt
say "3. new kernel: blob checked and every preserved range reserved before any allocation"
kmsg 'KHO: incoming state' dmesg-stage2.txt
say "4. new kernel: the test serializer claims its node and verifies every page"
kmsg 'KHO test: verified' dmesg-stage2.txt
if cmp -s "$out/kho-out.dtb" "$out/kho-in.dtb"; then
	say "   /sys/firmware/kho/dt in the new kernel is byte-identical to the old kernel's blob ($(wc -c <"$out/kho-in.dtb") bytes)"
else
	die "incoming blob differs from the outgoing one"
fi
say "VM tests results:"
grep -aE '^(not ok|ok) [0-9]+ ' "$out/serial.log" | tr -d '\r' | sed 's/^/    /'
say "whole run (QEMU start, boot, dump, kexec, boot, verify, power-off; $(cat "$out/accel")): $(fmt_ms $elapsed)"
say "files: build/demo/{serial.log,kho-out.dtb,kho-in.dtb,dmesg-stage1.txt,dmesg-stage2.txt}"
