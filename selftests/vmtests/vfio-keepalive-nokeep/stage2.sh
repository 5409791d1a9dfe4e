vm_plan 39	# vmm nokeep-stage2 7, bind 4, cold 27, 1 check
check "stage2: E was not kept (no driver_override)" \
	test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
vmm stage2 nokeep-stage2 $E $VMM_STATE
vmm stage2 bind $E
vmm stage2 cold $E
vm_done
