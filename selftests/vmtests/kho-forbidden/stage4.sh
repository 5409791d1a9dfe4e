vm_plan 6	# refused 5, forbid_and_kexec 1
refused "node 'kho-test': range 0 .* overlaps a forbidden region (.*boot_params"
forbid_and_kexec no-scratch
