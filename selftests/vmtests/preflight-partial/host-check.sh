#!/bin/sh
# The blob was handed over, and E, which depends on the refused vfio
# node, was stopped by the old kernel at kexec -e.
exec "$(dirname "$0")/../preflight/console-has.sh" "$1" \
	"KHO: pre-flight: override: loading anyway; at kexec -e the kept devices that depend on a refused node are stopped" \
	"KHO: 0000:01:00.0: not kept: the target kernel refuses its handover (pre-flight override); device stopped"
