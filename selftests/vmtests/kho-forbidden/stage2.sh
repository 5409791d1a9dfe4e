vm_plan 6	# refused 5, forbid_and_kexec 1
refused "map: .*owner [0-9]* 'kho-test', .*overlaps a forbidden region.* (.*the initrd"
forbid_and_kexec cmdline-range
