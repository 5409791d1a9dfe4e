#!/bin/bash
# The kernel's own libfdt for the userspace builds (tools/kho, the harness,
# the fuzzers, the benchmarks): unpack linux-source-6.12/scripts/dtc/libfdt
# from Debian's pinned source tarball into build/libfdt/linux-source-6.12
# and print that directory (the tree root, so scripts/dtc/libfdt/ is under
# it). Nothing is copied into the repository.
#
# The kernel build's own tree (build/src) is not used: userspace layers run
# before it exists, and kernel-build.sh deletes it when the patches change.
#
# Reused while the installed package version matches the one recorded in
# the tree; otherwise unpacked again into a temporary directory that is
# then renamed into place, under a lock, so a concurrent make never sees
# half a tree. The files get the unpacking time as their mtime, so objects
# built from an older version are rebuilt.
#
# Messages go to stderr: Makefiles call this through $(shell ...).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

dest=$KHO_BUILD/libfdt
tree=$dest/$KHO_SRC_PKG
stamp=$tree/.kho-libfdt-version
member=$KHO_SRC_PKG/scripts/dtc/libfdt

version=$(dpkg-query -W -f='${Version}' "$KHO_SRC_PKG" 2>/dev/null) || version=
[ -n "$version" ] && [ -f "$KHO_SRC_TARBALL" ] ||
	die "$KHO_SRC_PKG is not installed (run scripts/deps.sh harness)"
want="$KHO_SRC_PKG $version"

current() { [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && [ -f "$tree/scripts/dtc/libfdt/libfdt.h" ]; }

if ! current; then
	mkdir -p "$dest"
	exec 9>"$dest/.lock"
	flock 9
	if ! current; then		# not done by whoever held the lock
		pin=$(cat "$KHO_ROOT/configs/kernel-version")
		[ "$version" = "$pin" ] ||
			warn "libfdt from $KHO_SRC_PKG $version but configs/kernel-version pins $pin"
		printf '==> unpacking libfdt from %s %s into %s\n' \
			"$KHO_SRC_PKG" "$version" "${tree#"$KHO_ROOT"/}" >&2
		tmp=$(mktemp -d "$dest/tmp.XXXXXX")
		trap 'rm -rf "$tmp"' EXIT
		tar -C "$tmp" -xJf "$KHO_SRC_TARBALL" --touch "$member" ||
			die "cannot unpack $member from $KHO_SRC_TARBALL"
		echo "$want" >"$tmp/$KHO_SRC_PKG/.kho-libfdt-version"
		if [ -e "$tree" ]; then
			mv "$tree" "$tmp/old"
		fi
		mv "$tmp/$KHO_SRC_PKG" "$tree"
	fi
	exec 9>&-
fi
echo "$tree"
