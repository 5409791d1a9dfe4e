vm_plan 5	# refused 4, corrupt_and_kexec 1
refused "malformed FDT structure (FDT_ERR_TRUNCATED)"
corrupt_and_kexec compatible
