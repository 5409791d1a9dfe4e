# After three kexecs: still intact; deleting gives the memory back.
vm_plan 9	# 5 in gr_check_stage, 4 here

others_intact() {
	grep -v "^vms/vm0 " $GR_MANIFEST >/tmp/m && cp /tmp/m $GR_MANIFEST && gr_verify
}

new_file() {
	khofs-tool fill $GR_MNT/vms/new 4194304 99 >/dev/null && rm $GR_MNT/vms/new
}

gr_check_stage
before=$(free_kib)
check "stage4: unlink the 256 MiB file" rm $GR_MNT/vms/vm0
after=$(free_kib)
ktap_diag "unlink vm0: free $before -> $after kB"
check "stage4: its 256 MiB went back to the allocator (within 64 KiB)" \
	test $((after - before)) -ge $((262144 - 64))
check "stage4: the other files are untouched" others_intact
check "stage4: a new file on the restored filesystem" new_file
vm_done
