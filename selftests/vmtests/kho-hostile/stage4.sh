vm_plan 6	# refused 5, corrupt_and_kexec 1
# The kho-test node's page moved onto the new kernel image in the map.
refused "map: .*owner [0-9]* 'kho-test', .*bad preserved range (overlaps a forbidden region)"
corrupt_and_kexec map-two-owners
