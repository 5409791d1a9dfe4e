# Make files of several sizes, owners and modes on khofs, hand them over.
vm_plan 17

same_instance() {
	mkdir -p /mnt/k2 && mount -t khofs none /mnt/k2 && touch $GR_MNT/.probe &&
		test -e /mnt/k2/.probe && rm $GR_MNT/.probe && umount /mnt/k2
}

make_dirs() {
	gr_dir vms 750 1000 100 && gr_dir a 755 0 0 && gr_dir a/b 700 2000 2000
}

make_small_files() {
	gr_file tiny 1 12 644 0 0 write && gr_file a/odd 3145733 13 640 2000 2000 write &&
		gr_file a/b/page 4096 14 400 3000 3000 write && gr_file empty 0 15 666 0 0 write
}

make_sparse() {
	truncate -s 67108864 $GR_MNT/sparse && chmod 604 $GR_MNT/sparse &&
		printf 'x' | dd of=$GR_MNT/sparse bs=1 seek=10485760 conv=notrunc 2>/dev/null &&
		echo "sparse $(stat -c '%a %u %g %s' $GR_MNT/sparse) $(khofs-tool sum $GR_MNT/sparse | sed -n 's/^sum=//p')" >>$GR_MANIFEST
}

# Everything that changes the layout fails while dumped, and changes nothing.
layout_frozen() {
	! touch $GR_MNT/new 2>/dev/null && ! test -e $GR_MNT/new &&
		! truncate -s 1 $GR_MNT/a/odd 2>/dev/null && ! rm $GR_MNT/tiny 2>/dev/null &&
		! mkdir $GR_MNT/d 2>/dev/null && ! chmod 777 $GR_MNT/tiny 2>/dev/null &&
		! mv $GR_MNT/tiny $GR_MNT/tiny2 2>/dev/null &&
		! sh -c "echo x >>$GR_MNT/tiny" 2>/dev/null &&
		test "$(stat -c '%a %s' $GR_MNT/tiny)" = '644 1' && test -e $GR_MNT/tiny
}

touch_fails_busy() {
	! touch $GR_MNT/new 2>/tmp/err && grep -qi 'busy' /tmp/err
}

write_inside() {
	printf 'Z' | dd of=$GR_MNT/a/odd bs=1 seek=5 conv=notrunc 2>/dev/null &&
		gr_resum a/odd
}

rm -f $GR_MANIFEST
check "stage1: mount -t khofs" gr_mount
check "stage1: a second mount shows the same instance" same_instance
check "stage1: directories with modes and owners" make_dirs
check "stage1: 256 MiB file filled through a mapping" \
	gr_file vms/vm0 268435456 11 600 1000 100 mmap
check "stage1: small and odd-sized files written with write()" make_small_files
check "stage1: a sparse file" make_sparse
pmd=$(khofs-tool pmd $GR_MNT/vms/vm0 | sed -n 's/^pmd_kib=//p')
ktap_diag "vm0 mapped with PMDs: ${pmd:-?} KiB"
check "stage1: the 256 MiB file maps with 2 MiB pages" test "${pmd:-0}" -ge 131072
ktap_diag "sparse: $(stat -c '%s bytes, %b blocks' $GR_MNT/sparse)"
check "stage1: its holes take no memory (one 2 MiB block for the byte written)" test "$(stat -c %b $GR_MNT/sparse)" -le 4096

# echo 1 / echo 0 cycles leak nothing and leave the layout unfrozen.
before=$(free_kib)
i=0
while [ $i -lt 10 ]; do
	echo 1 >$KHO/active && echo 0 >$KHO/active || break
	i=$((i + 1))
done
after=$(free_kib)
ktap_diag "10 echo 1/0 cycles: free $before -> $after kB"
check "stage1: 10 echo 1/0 cycles" test $i = 10
check "stage1: ... leak nothing (free within 1 MiB)" test $((before - after)) -lt 1024
check "stage1: ... and the layout can change again" \
	sh -c "touch $GR_MNT/x && rm $GR_MNT/x"

# A process maps vm0 before the dump and writes through it after.
rm -f /tmp/go
khofs-tool poke $GR_MNT/vms/vm0 12288 4242424242 /tmp/go >/tmp/poke.out &
poker=$!
while ! grep -q mapped /tmp/poke.out 2>/dev/null; do sleep 0.1; done
check "stage1: echo 1 > active" kho_activate
check "stage1: while dumped, creating a file fails with EBUSY" touch_fails_busy
check "stage1: ... and so do truncate, unlink, rename, mkdir, chmod, append" layout_frozen
touch /tmp/go
wait $poker
check "stage1: a write through an existing mapping goes on while dumped" grep -q poked /tmp/poke.out
gr_resum vms/vm0
check "stage1: a write() inside a file goes on while dumped" write_inside
dmesg | grep "khofs: KHO: dumped" | tail -1 | while read -r l; do ktap_diag "$l"; done
check "stage1: the blob has a khofs node" fdtget $KHO/dt /khofs compatible
vm_kexec_next
