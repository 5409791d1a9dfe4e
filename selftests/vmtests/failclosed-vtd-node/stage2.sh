vm_plan 12	# fc_stage2 9, a refused device 3
fc_stage2
