#!/bin/sh
# No translation fault or interrupt-remapping fault anywhere in the chain:
# QEMU reports them on its stderr (qemu.log), the kernels in their logs.
out=$1
status=0
for pat in "detected translation failure" "non-present IRTE" "EDU: clamping"; do
	if grep -F "$pat" "$out/qemu.log"; then
		echo "qemu.log: $pat"
		status=1
	fi
done
if grep -E "DMAR: \[DMA|DRHD: handling fault|DMAR: .*fault" "$out"/serial.log "$out"/dmesg-stage*.txt; then
	echo "a DMAR fault was logged"
	status=1
fi
# No kernel warning either: unpinning adopted pages, freeing adopted tables
# and the stash paths would show up here first.
if grep -E "WARNING: |BUG: |Bad page state|Call Trace:" "$out"/serial.log "$out"/dmesg-stage*.txt; then
	echo "a kernel warning was logged"
	status=1
fi
exit $status
