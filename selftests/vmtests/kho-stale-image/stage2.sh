vm_plan 9
si_check_after
si_stage 1
