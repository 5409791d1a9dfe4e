vm_plan 10	# 9 in kho_check_incoming, 1 here
kho_check_incoming 1
check "stage2: echo 1 > active again" kho_activate
vm_kexec_next
