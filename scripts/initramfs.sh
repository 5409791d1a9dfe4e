#!/bin/bash
# Build the test initramfs: busybox-static, kexec, dtc and util-linux's
# setpriv (/usr/bin/setpriv: busybox's cannot drop a bounding capability,
# and its shell runs its own applet for a bare "setpriv") with their
# libraries, our VM programs (selftests/vm) and the bare-metal test guest
# (selftests/vm/guest, /usr/lib/kho/guest.elf), kho-dump and kho-check
# (tools/kho), the vmtest and vmbench stage scripts and
# the kernel image itself, so a stage can kexec into the same kernel.
# Then the QEMU disk the qemu-guest-* vmtests attach (scripts/qemu-disk.sh,
# rebuilt only when its inputs change).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

[ -f "$KHO_BZIMAGE" ] || die "no kernel image; run scripts/kernel-build.sh first"
make -s -C selftests/vm OUT="$KHO_BUILD/vmbin" GUEST_OUT="$KHO_BUILD/vmguest"
make -s -C tools/kho

root=$KHO_BUILD/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib/kho,lib,proc,sys,dev,tmp,boot,root,vmtests}

# copy_bin PROGRAM: the program and every shared library it loads, at the
# same paths as on the host.
copy_bin() {
	local bin lib
	bin=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$1") ||
		die "$1 not found (scripts/deps.sh vm installs it)"
	mkdir -p "$root$(dirname "$bin")"
	cp -L "$bin" "$root$bin"
	for lib in $(ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
for prog in kexec dtc fdtdump fdtget setpriv; do
	rm -f "$root/usr/sbin/$prog" "$root/usr/bin/$prog" "$root/sbin/$prog"
	copy_bin "$prog"
done
cp "$KHO_BUILD"/vmbin/* "$root/usr/bin/"
cp "$KHO_BUILD/vmguest/guest.elf" "$root/usr/lib/kho/guest.elf"
cp "$KHO_BUILD/tools/kho-dump-static" "$root/usr/bin/kho-dump"
cp "$KHO_BUILD/tools/kho-check-static" "$root/usr/bin/kho-check"
cp "$KHO_BUILD/tools/kho-manifest-static" "$root/usr/bin/kho-manifest"
cp selftests/vm/init "$root/init"
cp selftests/vm/kho-vm.sh "$root/lib/kho-vm.sh"
cp -r selftests/vmtests/. selftests/vmbench/. "$root/vmtests/"
cp "$KHO_BZIMAGE" "$root/boot/bzImage"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$KHO_INITRAMFS.new"
mv "$KHO_INITRAMFS.new" "$KHO_INITRAMFS"
say "initramfs: $(du -k "$KHO_INITRAMFS" | cut -f1) KiB, $(find "$root" | wc -l) files"
scripts/qemu-disk.sh
