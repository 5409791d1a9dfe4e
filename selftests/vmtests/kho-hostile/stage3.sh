vm_plan 6	# refused 5, corrupt_and_kexec 1
refused "root compatible is not"
corrupt_and_kexec kernel-range
