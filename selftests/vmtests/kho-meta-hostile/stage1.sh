# The corrupt file itself: malformed commands are refused when written,
# clear empties the list. Then generation truncated to 4 bytes.
vm_plan 12	# 9 here, 3 in corrupt_and_kexec
check "stage1: /sys/kernel/debug/kho/corrupt exists" test -e $CORRUPT
for bad in "set kho-meta" "set kho-meta release 4" "set kho-meta release zz" \
	"trunc kho-meta generation -1" "del /kho-meta generation" "frob kho-meta x"; do
	check "stage1: '$bad' refused (EINVAL)" sh -c "! echo '$bad' >$CORRUPT 2>/dev/null"
done
# A NUL byte would cut the command short; it is refused, not truncated.
printf 'del kho-meta generation\000 x\n' >$CORRUPT 2>/dev/null
check "stage1: a command with a NUL byte in it refused" test -z "$(cat $CORRUPT)"
echo "del kho-meta generation" >$CORRUPT
echo clear >$CORRUPT
check "stage1: clear empties the list" test -z "$(cat $CORRUPT)"
corrupt_and_kexec "trunc kho-meta generation 4"
