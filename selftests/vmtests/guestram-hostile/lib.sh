# guestram-hostile: a broken khofs node gives an empty filesystem and one
# refusal, never a panic or a page handed out twice. See guestram-lib.sh.
. /vmtests/guestram-lib.sh

# gr_some_files: a directory and files, one of them a single page.
gr_some_files() {
	rm -f $GR_MANIFEST
	gr_mount && gr_dir d 700 1000 1000 &&
		gr_file d/page 4096 21 600 1000 1000 write &&
		gr_file big 4194304 22 644 0 0 mmap
}

gr_empty() {
	test -z "$(ls -A $GR_MNT)"
}

# gr_refused_empty: the filesystem came up empty and works.
gr_refused_empty() {
	check "stage$VM_STAGE: khofs restored nothing" sh -c '! dmesg | grep -q "khofs: KHO: restored"'
	check "stage$VM_STAGE: mount -t khofs shows an empty filesystem" \
		sh -c "mkdir -p $GR_MNT && mount -t khofs none $GR_MNT && test -z \"\$(ls -A $GR_MNT)\""
	check "stage$VM_STAGE: and it works" \
		sh -c "echo hello >$GR_MNT/f && test \"\$(cat $GR_MNT/f)\" = hello && rm $GR_MNT/f"
}
