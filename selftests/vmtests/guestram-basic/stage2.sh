# First kernel after the handover: everything arrived; hand it over again.
vm_plan 6	# 5 in gr_check_stage
gr_check_stage
check "stage2: echo 1 > active" kho_activate
vm_kexec_next
