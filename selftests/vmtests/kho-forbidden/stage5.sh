vm_plan 5	# refused
refused "no scratch range"
vm_done
