vm_plan 1	# corrupt_and_kexec
corrupt_and_kexec truncate
