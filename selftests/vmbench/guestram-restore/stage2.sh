# The new kernel restored the file at boot; its log line has the cost.
vm_plan 1
check "stage2: khofs restored the file" sh -c 'dmesg | grep -q "khofs: KHO: restored"'
dmesg | sed -n 's/.*khofs: KHO: restored .* in \([0-9]*\) us (claim \([0-9]*\) us).*/bench restore_us=\1 claim_us=\2/p' |
	while read -r l; do ktap_diag "$l"; done
vm_done
