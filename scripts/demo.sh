#!/bin/bash
# make demo: boot the test VM, run the plain-kexec round trip and narrate
# what happened from the VM's console log. Until the KHO core lands this is
# a plain kexec -s round trip; it grows with each serializer.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

out=$KHO_BUILD/demo
rm -rf "$out"
say "kernel: $(cat "$KHO_BUILD/kernel-version.txt"), image $(du -k "$KHO_BZIMAGE" | cut -f1) KiB"
say "booting q35 + intel-iommu (intremap=on) + edu under QEMU; console log: build/demo/serial.log"
start=$(now_ms)
status=0
scripts/vm-run.sh "$out" 180 "vmtest=plain-kexec stage=1 ktap_n=0" || status=$?
elapsed=$(($(now_ms) - start))

log=$out/serial.log
# The two "Linux version" banners are the first kernel and the kexec'd one.
banners=$(grep -c 'Linux version' "$log" || true)
say "what the VM printed (KTAP results and stage notes):"
grep -aE '^(not ok|ok) [0-9]+ |^# ' "$log" | tr -d '\r' | sed 's/^/    /'
say "kernels booted in this run: $banners (first boot + kexec'd boot)"
say "round trip (QEMU start to power-off, $(cat "$out/accel")): $(fmt_ms $elapsed)"
if scripts/vmtest-parse.py plain-kexec "$out" "$status" >/dev/null; then
	say "demo passed: the first kernel kexec'd itself with kexec -s and the new kernel found the IOMMU and edu device again"
else
	cat "$out/result.ktap"
	die "demo failed; see build/demo/serial.log"
fi
