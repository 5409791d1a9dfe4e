# A khofs extent over another node's memory: the whole blob is refused.
vm_plan 6	# 3 in gr_refused_empty, 3 here
line=$(dmesg | grep "KHO: incoming state refused")
ktap_diag "${line:-no refusal logged}"
check "stage3: the blob was refused for the overlap with kho-test" \
	sh -c 'dmesg | grep "KHO: incoming state refused" | grep "khofs" | grep -q "kho-test"'
gr_refused_empty
check "stage3: test serializer saw no state (cold)" test "$(cat $KHO_TEST/result)" = none
check "stage3: no panic, and KHO works again" kho_activate
echo 0 >$KHO/active
vm_done
