vm_plan 13	# 9 in kho_check_incoming, 3 in chain_check_map, 1 in chain_dump
kho_check_incoming 1
chain_check_map random
chain_dump fragmented 128
vm_kexec_next
