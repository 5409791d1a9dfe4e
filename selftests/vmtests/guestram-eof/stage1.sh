# A growing fallocate killed half way: the extents it made past the old
# end go again, and the dump works.
vm_plan 9

# kill_fallocate FILE SIZE: start a growing fallocate of FILE and SIGKILL
# it as soon as it holds more memory than before (zeroing SIZE bytes takes
# seconds under TCG). Fails if it never saw the file take memory.
kill_fallocate() {
	b0=$(stat -c %b "$1")
	fallocate -l "$2" "$1" 2>/dev/null &
	pid=$!
	n=0
	while [ "$(stat -c %b "$1")" = "$b0" ] && [ $n -lt 500 ]; do
		n=$((n + 1))
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	ktap_diag "$1 after a killed fallocate: $(stat -c '%s bytes, %b blocks' "$1")"
	test $n -lt 500
}

check "stage1: mount -t khofs" gr_mount
touch $GR_MNT/f
check "stage1: a growing fallocate of an empty file killed half way" \
	kill_fallocate $GR_MNT/f 268435456
check "stage1: the killed fallocate did not grow the empty file" \
	test "$(stat -c %s $GR_MNT/f)" = 0
check "stage1: ... and left no block past its end" \
	test "$(stat -c %b $GR_MNT/f)" = 0
echo x >$GR_MNT/g
check "stage1: a growing fallocate of a 2-byte file killed half way" \
	kill_fallocate $GR_MNT/g 268435456
check "stage1: the killed fallocate did not grow the 2-byte file" \
	test "$(stat -c %s $GR_MNT/g)" = 2
check "stage1: ... which keeps only the block of its data" \
	test "$(stat -c %b $GR_MNT/g)" = 8
check "stage1: echo 1 > active (the khofs node passes the outgoing checks)" kho_activate
check "stage1: the blob has a khofs node" fdtget $KHO/dt /khofs compatible
echo 0 >$KHO/active
vm_done
