#!/bin/sh
# The same host-side checks as vfio-keepalive (no DMAR or IRTE fault).
exec "$(dirname "$0")/../vfio-keepalive/host-check.sh" "$@"
