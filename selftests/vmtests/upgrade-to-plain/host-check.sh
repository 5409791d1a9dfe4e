#!/bin/sh
# The same console lines as preflight: with the pre-flight overridden for
# a target without KHO, the old kernel handed nothing over and stopped the
# kept device E itself at kexec -e.
exec "$(dirname "$0")/../preflight/host-check.sh" "$@"
