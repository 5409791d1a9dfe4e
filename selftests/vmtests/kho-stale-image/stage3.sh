vm_plan 16
si_check_after
si_echo1_during_load
# The outgoing blob is root-only: it holds physical addresses and token
# salts and hashes.
check "stage3: /sys/kernel/kho/dt is mode 0400" test "$(stat -c %a $KHO/dt)" = 400
check "stage3: a user other than root cannot read it" \
	sh -c "! setpriv --reuid 1000 --regid 1000 --clear-groups cat $KHO/dt >/dev/null 2>&1"
vm_done
