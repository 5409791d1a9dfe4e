vm_plan 52	# fc_stage1 51, FC_CORRUPT 1
fc_stage1
