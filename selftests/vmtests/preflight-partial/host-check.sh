#!/bin/sh
# The old kernel's lines at kexec -e (console only): the blob was handed
# over, and E, which depends on the refused vfio node, was stopped.
out=$1
status=0
for line in "KHO: pre-flight: override: loading anyway; at kexec -e the kept devices that depend on a refused node are stopped" \
	"KHO: 0000:01:00.0: not kept: the target kernel refuses its handover (pre-flight override); device stopped"; do
	if ! grep -qF "$line" "$out/serial.log"; then
		echo "serial.log: no '$line'"
		status=1
	fi
done
exit $status
