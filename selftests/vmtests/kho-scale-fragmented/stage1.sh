# Preserve 1.5 GiB, every other page, and kexec with it.
vm_plan 5

echo fragmented >$KHO_TEST/layout
echo $SCALE_MB >$KHO_TEST/size_mb
check "stage1: layout reads fragmented" test "$(cat $KHO_TEST/layout)" = fragmented
check "stage1: echo 1 > active ($SCALE_MB MiB, every other page)" kho_activate
line=$(dmesg | grep -m1 "KHO test: dumped")
ready=$(dmesg | grep -m1 "KHO: blob ready")
ktap_diag "${line#*] }"
ktap_diag "${ready#*] }"
check "stage1: test serializer holds $SCALE_PAGES pages" test "$(cat $KHO_TEST/pages)" = $SCALE_PAGES
check "stage1: every kept page is a run of its own" \
	test "$(echo "$line" | sed -n 's/.* runs=\([0-9]*\).*/\1/p')" = $SCALE_PAGES
check "stage1: /sys/kernel/kho/map holds the map's chunks" \
	test "$(wc -c <$KHO/map)" = "$(echo "$ready" | sed -n 's/.* chunks \([0-9]*\) bytes,.*/\1/p')"
vm_kexec_next
