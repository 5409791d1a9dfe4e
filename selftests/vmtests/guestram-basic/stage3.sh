# Second handover arrived; once more.
vm_plan 6	# 5 in gr_check_stage
gr_check_stage
check "stage3: echo 1 > active" kho_activate
vm_kexec_next
