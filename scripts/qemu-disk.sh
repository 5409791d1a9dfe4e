#!/bin/bash
# Build build/qemu-disk.img: an ext2 image holding Debian's
# qemu-system-x86_64 with every shared library it loads, its own dynamic
# loader and the firmware it reads for -machine pc or q35 with -kernel, so
# the vmtests that run QEMU inside the test VM can attach it as a read-only
# virtio disk instead of growing the initramfs that every test boots (and
# every kexec packs again). Rebuilt only when its inputs change.
#
# In the VM, mount it (ro) at some DIR and run DIR/bin/qemu-system-x86_64,
# a wrapper that starts the real binary with the image's loader, libraries,
# modules (QEMU_MODULE_DIR) and firmware directory (-L).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

self=$KHO_ROOT/scripts/qemu-disk.sh
img=$KHO_BUILD/qemu-disk.img
stamp=$KHO_BUILD/stamps/qemu-disk
qemu=/usr/bin/qemu-system-x86_64
loader=/lib64/ld-linux-x86-64.so.2
# What QEMU 7.2 opens for -machine pc/q35 -nodefaults -kernel: the BIOS,
# the multiboot option ROM and the TPR patching ROM (kvmvapic.bin, loaded
# under TCG too); the Linux/PVH boot ROMs for guests other than multiboot.
firmware="/usr/share/seabios/bios-256k.bin
	/usr/share/qemu/kvmvapic.bin
	/usr/share/qemu/multiboot.bin /usr/share/qemu/multiboot_dma.bin
	/usr/share/qemu/linuxboot.bin /usr/share/qemu/linuxboot_dma.bin
	/usr/share/qemu/pvh.bin"
# Debian builds TCG as a module, which QEMU loads at start.
modules=/usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so

[ -x "$qemu" ] || die "$qemu missing (scripts/deps.sh vm installs qemu-system-x86)"
command -v mke2fs >/dev/null || die "mke2fs missing (scripts/deps.sh vm installs e2fsprogs)"
libs=$(ldd "$qemu" | grep -oE '/[^ ]+' | grep -vxF "$loader" | LC_ALL=C sort -u)
[ -n "$libs" ] || die "ldd $qemu listed no libraries"

# Everything that goes into the image, and this script: the cache key.
key=$({
	sha256sum "$self"
	# shellcheck disable=SC2086
	sha256sum "$qemu" "$loader" $libs $firmware $modules
} | sha256sum | cut -d' ' -f1)
if [ -f "$img" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$key" ]; then
	exit 0
fi

root=$KHO_BUILD/qemu-disk
rm -rf "$root" "$stamp"
mkdir -p "$root"/{bin,libexec,lib/qemu,share/qemu} "$(dirname "$stamp")"
cp -L "$qemu" "$root/libexec/"
cp -L "$loader" "$root/lib/"
# shellcheck disable=SC2086
cp -L $libs "$root/lib/"
# shellcheck disable=SC2086
cp -L $firmware "$root/share/qemu/"
# shellcheck disable=SC2086
cp -L $modules "$root/lib/qemu/"
cat >"$root/bin/qemu-system-x86_64" <<'EOF'
#!/bin/sh
# QEMU from this disk: its loader, libraries, modules and firmware,
# nothing from /.
d=$(dirname "$(dirname "$(readlink -f "$0")")")
QEMU_MODULE_DIR=$d/lib/qemu exec "$d/lib/ld-linux-x86-64.so.2" --library-path "$d/lib" \
	--argv0 qemu-system-x86_64 "$d/libexec/qemu-system-x86_64" \
	-L "$d/share/qemu" "$@"
EOF
chmod 755 "$root/bin/qemu-system-x86_64"
qemu_version=$("$qemu" --version | head -n 1)
{
	echo "$qemu_version"
	dpkg-query -W qemu-system-x86 qemu-system-data seabios
} >"$root/VERSION"

# Room for the files plus ext2's metadata; no blocks reserved for root.
kib=$(($(du -sk "$root" | cut -f1) * 11 / 10 + 2048))
rm -f "$img.new"
mke2fs -q -F -t ext2 -m 0 -L kho-qemu -E root_owner=0:0 -d "$root" \
	"$img.new" "${kib}k" >/dev/null || die "mke2fs failed"
mv "$img.new" "$img"
echo "$key" >"$stamp"
du_kib=$(du -sk "$root" | cut -f1)
rm -rf "$root"
say "qemu disk: $(($(stat -c %s "$img") / 1024)) KiB ($du_kib KiB of files), $qemu_version"
