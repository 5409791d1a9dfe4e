#!/bin/sh
# No translation fault or interrupt-remapping fault anywhere in the chain
# (the vfio-keepalive tests and vtd-dma-inflight):
# QEMU reports them on its stderr (qemu.log), the kernels in their logs.
out=$1
status=0
# A non-present IRTE is expected only for a kept device's blocked entry
# (stage 2 raises E's interrupt before its owner is back): the index must
# be one a restored vector took over later. vfio-keepalive requires it.
reused=$(sed -n 's/.*reuses preserved IRTE \([0-9]*\).*/\1/p' "$out"/dmesg-stage2.txt 2>/dev/null)
blocked=$(sed -n 's/.*detected non-present IRTE (index=\([0-9]*\),.*/\1/p' "$out/qemu.log")
for i in $blocked; do
	if ! echo "$reused" | grep -qx "$i"; then
		echo "qemu.log: non-present IRTE $i is not a preserved entry reused later"
		status=1
	fi
done
if [ "$(basename "$out")" = vfio-keepalive ] && [ -z "$blocked" ]; then
	echo "qemu.log: E's early interrupt did not hit its blocked IRTE"
	status=1
fi
for pat in "detected translation failure" "EDU: clamping"; do
	if grep -F "$pat" "$out/qemu.log"; then
		echo "qemu.log: $pat"
		status=1
	fi
done
if grep -E "DMAR: \[DMA|DRHD: handling fault|DMAR: .*fault" "$out"/serial.log "$out"/dmesg-stage*.txt; then
	echo "a DMAR fault was logged"
	status=1
fi
# Kernel warnings, BUGs and oopses fail every test in vmtest-parse.py.
# vfio-keepalive traces config writes (its qemu-args): from the second
# kernel's boot until the VMM's SET_IRQS (the MSI control at 0x42) no
# config write may reach the kept E.
if [ "$(basename "$out")" = vfio-keepalive ]; then
	. "$(dirname "$0")/../cfg-writes.sh"
	cfg_writes_second_boot "$out/qemu.log" " edu 01:00.0 @0x42 " "edu 01:00.0" ||
		status=1
fi
exit $status
