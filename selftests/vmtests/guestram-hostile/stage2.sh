# The khofs node was refused on its own: one line naming it, an empty
# filesystem, every other node adopted. Then an overlap with another node.
vm_plan 9	# 3 in gr_refused_empty, 6 here
line=$(dmesg | grep -i "khofs" | grep -i "refused")
ktap_diag "${line:-no refusal logged}"
check "stage2: the refusal names the node and the bad name" \
	sh -c 'dmesg | grep 'node.*khofs.*refused' | grep -qi 'name''
check "stage2: khofs says once that it starts empty" \
	test "$(dmesg | grep -c 'khofs: KHO: .*empty filesystem')" = 1
gr_refused_empty
check "stage2: the rest of the blob was adopted (test serializer generation 1)" \
	test "$(kho_result generation)" = 1
check "stage2: files on khofs again" gr_some_files
echo khofs-overlap >$KHO_TEST/corrupt
check "stage2: echo 1 > active (a khofs extent to overlap kho-test memory)" kho_activate
check "stage2: the blob has a khofs node" fdtget $KHO/dt /khofs compatible
vm_kexec_next
