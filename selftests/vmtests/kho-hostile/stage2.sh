vm_plan 6	# refused 5, corrupt_and_kexec 1
refused "truncated: shorter than the FDT header or its totalsize"
corrupt_and_kexec compatible
