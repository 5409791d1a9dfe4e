# Build B again: generation 3, A's release, 3 records (A, B, A).
vm_plan 12	# 2 here, 9 in meta_check_previous, 1 below
check "stage4: this is build B" sh -c 'case $(uname -r) in *-kho-b) ;; *) exit 1 ;; esac'
meta_check_previous 3
kho_copy_blob /sys/firmware/kho /tmp/kho-in.dtb
kho-dump /tmp/kho-in.dtb >/tmp/kho-in.txt
check "stage4: kho-dump decodes the incoming kho-meta node: generation 3" \
	test "$(meta_field /tmp/kho-in.txt generation)" = 3
check "stage4: no oops, BUG or kernel warning" \
	sh -c '! dmesg | grep -qE "Oops|BUG:|WARNING:"'
vm_done
