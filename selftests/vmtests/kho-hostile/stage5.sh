vm_plan 6	# refused 5, corrupt_and_kexec 1
# kho-test-twin's page moved onto kho-test's: one page, two owners.
refused "map: .*owner [0-9]* 'kho-test-twin', other owner [0-9]* 'kho-test', .*(two owners of one page)"
corrupt_and_kexec map-loop
