vm_plan 52	# fc_stage1 51, FC_EXTRA_LEAF 1
fc_stage1
