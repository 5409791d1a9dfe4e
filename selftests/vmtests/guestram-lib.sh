# Helpers for the guestram-* vmtests: files on the preserved memory
# filesystem (khofs) and a manifest of what they must hold after a kexec.
# The manifest lives in /root, which vm_pack_initrd carries to the next
# kernel (only /tmp is left behind).

GR_MNT=/mnt/khofs
GR_MANIFEST=/root/guestram.manifest

# gr_mount: mount khofs at $GR_MNT unless it is already there.
gr_mount() {
	grep -q " $GR_MNT khofs " /proc/mounts ||
		{ mkdir -p $GR_MNT && mount -t khofs none $GR_MNT; }
}

# gr_file PATH SIZE SEED MODE UID GID HOW: create a file with seeded random
# bytes (HOW: mmap or write) and add it to the manifest.
gr_file() {
	sum=$(khofs-tool fill "$GR_MNT/$1" "$2" "$3" "$7" | sed -n 's/^sum=//p') &&
		chmod "$4" "$GR_MNT/$1" && chown "$5:$6" "$GR_MNT/$1" &&
		echo "$1 $(stat -c '%a %u %g %s' "$GR_MNT/$1") $sum" >>$GR_MANIFEST
}

# gr_dir PATH MODE UID GID
gr_dir() {
	mkdir "$GR_MNT/$1" && chmod "$2" "$GR_MNT/$1" && chown "$3:$4" "$GR_MNT/$1" &&
		echo "$1/ $(stat -c '%a %u %g' "$GR_MNT/$1")" >>$GR_MANIFEST
}

# gr_resum PATH: the file changed on purpose; record its new checksum.
gr_resum() {
	sum=$(khofs-tool sum "$GR_MNT/$1" | sed -n 's/^sum=//p') &&
		sed -i "s|^$1 \(.*\) [0-9a-f]*\$|$1 \1 $sum|" $GR_MANIFEST
}

# gr_verify: every manifest entry is there with its mode, owners, size and
# checksum; prints the first mismatch.
gr_verify() {
	while read -r path mode uid gid rest; do
		case $path in
		*/)
			got=$(stat -c '%a %u %g' "$GR_MNT/${path%/}" 2>&1)
			[ "$got" = "$mode $uid $gid" ] || {
				ktap_diag "$path: $got, expected $mode $uid $gid"
				return 1
			} ;;
		*)
			size=${rest% *}
			sum=${rest#* }
			got="$(stat -c '%a %u %g %s' "$GR_MNT/$path" 2>&1) $(khofs-tool sum "$GR_MNT/$path" | sed -n 's/^sum=//p')"
			[ "$got" = "$mode $uid $gid $size $sum" ] || {
				ktap_diag "$path: $got, expected $mode $uid $gid $size $sum"
				return 1
			} ;;
		esac
	done <$GR_MANIFEST
}

# gr_restored: this kernel's khofs restored the tree (the log line).
gr_restored() {
	line=$(dmesg | grep "khofs: KHO: restored")
	ktap_diag "${line:-no restore logged}"
	[ -n "$line" ]
}

