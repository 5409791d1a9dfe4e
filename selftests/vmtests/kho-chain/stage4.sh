vm_plan 9	# kho_check_incoming
kho_check_incoming 3
vm_done
