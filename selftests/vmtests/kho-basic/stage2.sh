# The next kernel: the blob arrived byte for byte and the state is intact.
vm_plan 15	# 6 here, 9 in kho_check_incoming

kho_copy_blob /sys/firmware/kho /tmp/kho-in.dtb
vm_copyout /tmp/kho-in.dtb kho-in.dtb
vm_copyout /tmp/map kho-in.map
check "stage2: incoming blob has the outgoing one's size" \
	test "$(wc -c </tmp/kho-in.dtb)" = "$(vm_param kho_out_len)"
check "stage2: incoming blob is the outgoing one but for kho-meta's times stamped at kexec -e" \
	test "$(blob_sha /tmp/kho-in.dtb)" = "$(vm_param kho_out_sha)"
check "stage2: incoming map is byte-identical to the outgoing one" \
	test "$(sha256sum /tmp/map | cut -c1-16)" = "$(vm_param kho_map_sha)"
check "stage2: incoming blob decodes with dtc" sh -c 'dtc -I dtb -O dts -o /tmp/kho-in.dts /tmp/kho-in.dtb'
check "stage2: kho-dump decodes /sys/firmware/kho/dt as valid" \
	sh -c 'kho-dump --node kho-test >/tmp/kho-in.txt && grep -q "generation = 1" /tmp/kho-in.txt'
check "stage2: reservation logged at boot, kho-test among the incoming nodes" \
	kho_incoming_has kho-test
kho_check_incoming 1
vm_done
