vm_plan 5	# refused 4, corrupt_and_kexec 1
refused "root compatible is not"
corrupt_and_kexec kernel-range
