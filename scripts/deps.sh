#!/bin/bash
# Install the Debian packages a target needs, skipping what is already there.
# Usage: deps.sh GROUP...   (groups: kernel vm harness fuzz bench all)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs_kernel="build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils
	kmod ccache perl python3"
pkgs_vm="qemu-system-x86 kexec-tools busybox-static device-tree-compiler
	cpio gzip e2fsprogs"
pkgs_harness="build-essential device-tree-compiler python3"
pkgs_fuzz="clang libclang-rt-14-dev"
pkgs_bench="gnuplot-nox"

# $KHO_SRC_PKG (pinned below) is the kernel tree, and the libfdt sources
# every userspace build compiles (scripts/libfdt-src.sh): the harness, the
# tools (also built by initramfs.sh for the VM), the fuzzers, the
# benchmarks. Debian's libfdt-dev is not used.
want=()
for group in "$@"; do
	case $group in
	kernel) want+=($pkgs_kernel "$KHO_SRC_PKG") ;;
	vm) want+=($pkgs_vm "$KHO_SRC_PKG") ;;
	harness) want+=($pkgs_harness "$KHO_SRC_PKG") ;;
	fuzz) want+=($pkgs_fuzz) ;;
	bench) want+=($pkgs_bench) ;;
	all) want+=($pkgs_kernel "$KHO_SRC_PKG" $pkgs_vm $pkgs_harness $pkgs_fuzz) ;;
	*) die "unknown dependency group '$group'" ;;
	esac
done

installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in $(printf '%s\n' "${want[@]}" | sort -u); do
	installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
say "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_log=$(mktemp)
trap 'rm -f "$apt_log"' EXIT
apt-get update >"$apt_log" 2>&1 || { cat "$apt_log"; die "apt-get update failed"; }

# The kernel source is pinned: prefer the recorded version, but if the
# archive no longer carries it take the current one and say so loudly.
args=()
for p in "${missing[@]}"; do
	if [ "$p" = "$KHO_SRC_PKG" ]; then
		pin=$(cat "$KHO_ROOT/configs/kernel-version")
		if apt-cache madison "$p" | awk '{print $3}' | grep -qxF "$pin"; then
			p="$p=$pin"
		else
			warn "$KHO_SRC_PKG $pin is not in the archive; installing the candidate instead (update configs/kernel-version)"
		fi
	fi
	args+=("$p")
done
apt-get install -y --no-install-recommends "${args[@]}" >"$apt_log" 2>&1 ||
	{ tail -n 30 "$apt_log"; die "apt-get install failed"; }
say "installed ${#args[@]} packages"
