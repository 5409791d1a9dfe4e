#!/bin/sh
# The same host-side checks as vfio-keepalive.
exec "$(dirname "$0")/../vfio-keepalive/host-check.sh" "$@"
