# Three KHO kexecs in a row: each kernel verifies the state its
# predecessor preserved, then preserves fresh state with the generation
# count moved on.
vm_plan 1
check "stage1: echo 1 > active" kho_activate
vm_kexec_next
