vm_plan 1
ktap_diag "bench tsc_init=$TSC_INIT"
mb=$(vm_param bench_mb)
if [ "${mb:-0}" != 0 ]; then
	check "stage2: preserved state verified" test "$(kho_result checksum)" = ok
else
	check "stage2: booted by plain kexec" test ! -e /sys/firmware/kho/dt
fi
vm_done
