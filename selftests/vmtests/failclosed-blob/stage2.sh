vm_plan 13	# fc_stage2 9, a refused blob 4
fc_stage2
