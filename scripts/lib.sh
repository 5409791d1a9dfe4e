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

# vm_size_mib SIZE: a QEMU -m size (1G, 8G, 3072M, 4096) in MiB.
vm_size_mib() {
	local s=${1^^}
	case $s in
	*T) echo $((${s%T} * 1024 * 1024)) ;;
	*G) echo $((${s%G} * 1024)) ;;
	*M) echo $((${s%M})) ;;
	*[!0-9]* | '') die "cannot read VM memory size '$1'" ;;
	*) echo "$s" ;;
	esac
}

# vm_scratch_default MEM: kho_scratch= for a VM with MEM of RAM. The next
# kernel allocates only from the old kernel's scratch until the map is
# consumed: its memmap (RAM/64), page tables, hash tables, swiotlb (64 MiB
# once RAM reaches past 4 GiB), the reservation table (32 B per preserved
# run, at most scratch/128 runs) and the kexec segments. 128 MiB holds that
# up to 2 GiB of RAM; above, RAM/16 + 128 MiB.
vm_scratch_default() {
	local mib
	mib=$(vm_size_mib "$1")
	if [ "$mib" -le 2048 ]; then
		echo 128M
	else
		echo "$((mib / 16 + 128))M"
	fi
}
