#!/bin/sh
# The same host-side checks as vfio-keepalive: no DMAR or interrupt
# remapping fault, no kernel warning.
exec "$(dirname "$0")/../vfio-keepalive/host-check.sh" "$@"
