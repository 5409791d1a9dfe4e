# The image's kernel is build A (it does read vfio-v2; only its manifest
# was edited), so the blob arrived; what matters happened at kexec -e in
# the old kernel (host-check.sh). Here: a handover came in, E is bound
# (its records were accepted) but not mastering, and nothing faulted.
# Plan: 4 checks
vm_plan 4
ktap_diag "E=$E: command 0x$(e_command), driver '$(driver_of $E)'"
check "stage2: the blob arrived (a partial override still hands over)" \
	test -s /sys/firmware/kho/dt
check "stage2: E does not master (stopped by the old kernel, kept state or not)" \
	e_not_mastering
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: no oops or warning" no_oops
vm_done
