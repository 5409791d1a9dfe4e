# Shared helpers for the host-side scripts. Source it; do not run it.
# shellcheck shell=bash

KHO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KHO_BUILD=${KHO_BUILD:-$KHO_ROOT/build}
KHO_SRC_PKG=linux-source-6.12
KHO_SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
KHO_KSRC=$KHO_BUILD/src/linux-source-6.12
KHO_KOBJ=$KHO_BUILD/kernel
KHO_BZIMAGE=$KHO_KOBJ/arch/x86/boot/bzImage
KHO_INITRAMFS=$KHO_BUILD/initramfs.cpio.gz

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with millisecond precision, for timing reports.
now_ms() { date +%s%3N; }

# fmt_ms MS: "12.3s"
fmt_ms() { printf '%d.%ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }
