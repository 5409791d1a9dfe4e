vm_plan 14	# 9 in kho_check_incoming, 3 in chain_check_map, 1 here, 1 in chain_dump
kho_check_incoming 2
chain_check_map fragmented
check "stage3: every other page: one run per page" test "$(kho_result runs)" = "$(kho_result pages)"
chain_dump random 64
vm_kexec_next
