vm_plan 4	# refused
refused "node 'kho-test': range 0 .* overlaps a forbidden region"
vm_done
