#!/bin/sh
# With the pre-flight overridden for a target without KHO, the old kernel
# handed nothing over and stopped the kept device E itself.
exec "$(dirname "$0")/console-has.sh" "$1" \
	"KHO: the target reads no KHO: this kexec hands nothing over" \
	"KHO: pre-flight: override: loading anyway; at kexec -e nothing is handed over and every kept device is stopped" \
	"KHO: 0000:01:00.0: not kept: the target kernel refuses its handover (pre-flight override); device stopped"
