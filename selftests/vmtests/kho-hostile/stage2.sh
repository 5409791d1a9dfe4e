vm_plan 5	# refused 4, corrupt_and_kexec 1
refused "truncated: shorter than the FDT header or its totalsize"
corrupt_and_kexec compatible
