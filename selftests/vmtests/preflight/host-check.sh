#!/bin/sh
# The old kernel's lines at kexec -e reach only the console: with the
# pre-flight overridden for a target without KHO, it handed nothing over
# and stopped the kept device E itself.
out=$1
status=0
for line in "KHO: the target reads no KHO: this kexec hands nothing over" \
	"KHO: pre-flight: override: loading anyway; at kexec -e nothing is handed over and every kept device is stopped" \
	"KHO: 0000:01:00.0: not kept: the target kernel refuses its handover (pre-flight override); device stopped"; do
	if ! grep -qF "$line" "$out/serial.log"; then
		echo "serial.log: no '$line'"
		status=1
	fi
done
exit $status
