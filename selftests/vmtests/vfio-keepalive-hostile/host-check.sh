#!/bin/sh
# The same checks as vfio-keepalive: no DMAR or IR fault, no edu clamping.
exec "$(dirname "$0")/../vfio-keepalive/host-check.sh" "$@"
