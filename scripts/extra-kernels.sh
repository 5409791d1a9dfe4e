#!/bin/bash
# Build the initramfs pieces that give a VM more kernels than the default
# one (build A): build/initramfs-NAME.cpio.gz for each NAME given.
#
#   b      build B of the pinned source (scripts/kernel-build.sh b):
#          /boot/bzImage-b and its modules under /lib/modules/<release>
#   plain  Debian's own kernel, built without KHO (the image of the
#          linux-image-amd64 dependency, unpacked, not installed):
#          /boot/bzImage-plain
#
# vmtest.sh appends the pieces a test lists in its `kernels` file to the
# main initramfs (concatenated cpio archives unpack as one), so only the
# tests that need another kernel carry it and build B is built only for them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

# plain_kernel DIR: unpack Debian's generic amd64 kernel image into DIR.
plain_kernel() {
	local dir=$1 pkg deb
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[ -n "$pkg" ] || die "cannot resolve linux-image-amd64 (run apt-get update)"
	mkdir -p "$KHO_BUILD/plain"
	deb=$(ls "$KHO_BUILD/plain/${pkg}_"*.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		say "fetching Debian package $pkg (a kernel without KHO)"
		(cd "$KHO_BUILD/plain" && apt-get download "$pkg" >/dev/null 2>&1) ||
			die "apt-get download $pkg failed"
		deb=$(ls "$KHO_BUILD/plain/${pkg}_"*.deb | head -n 1)
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -C "$KHO_BUILD/plain" -x --wildcards './boot/vmlinuz-*'
	mkdir -p "$dir/boot"
	cp "$(ls "$KHO_BUILD"/plain/boot/vmlinuz-* | head -n 1)" "$dir/boot/bzImage-plain"
	basename "$deb" .deb >"$dir/boot/bzImage-plain.version"
}

# b_kernel DIR: build B and copy its image and modules into DIR.
b_kernel() {
	local dir=$1
	scripts/kernel-build.sh b
	mkdir -p "$dir/boot"
	cp "$KHO_BUILD/kernel-b/arch/x86/boot/bzImage" "$dir/boot/bzImage-b"
	if [ -d "$KHO_BUILD/kernel-b.modules/lib/modules" ]; then
		mkdir -p "$dir/lib"
		cp -r "$KHO_BUILD/kernel-b.modules/lib/modules" "$dir/lib/"
	fi
}

for name in "$@"; do
	root=$KHO_BUILD/extra-$name
	rm -rf "$root"
	mkdir -p "$root"
	case $name in
	plain) plain_kernel "$root" ;;
	b) b_kernel "$root" ;;
	*) die "unknown extra kernel '$name' (b, plain)" ;;
	esac
	out=$KHO_BUILD/initramfs-$name.cpio.gz
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$out.new"
	mv "$out.new" "$out"
	say "initramfs-$name: $(du -k "$out" | cut -f1) KiB"
done
