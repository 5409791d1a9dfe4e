vm_plan 52	# fc_stage1 51, FC_MOVE_BAR 1
fc_stage1
