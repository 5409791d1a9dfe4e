vm_plan 12	# 9 in kho_check_incoming, 3 in chain_check_map
kho_check_incoming 3
chain_check_map random
vm_done
