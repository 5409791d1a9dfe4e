# One sample of the kexec blackout: bench_mb=0 is a plain kexec -s,
# bench_mb=N preserves N MiB with the KHO test serializer first. Reports
# TSC readings right before kexec -e and at the new kernel's /init.

mb=$(vm_param bench_mb)
if [ "${mb:-0}" != 0 ]; then
	echo "$mb" >$KHO_TEST/size_mb
	check "stage1: echo 1 > active ($mb MiB)" kho_activate
fi
ktap_diag "bench tsc_hz=$(tsc hz)"
if ! vm_kexec_load; then
	ktap_fail "stage1: kexec -s load"
	vm_halt
fi
ktap_diag "bench tsc_exec=$(tsc)"
kexec -e -x
ktap_fail "kexec -e returned"
vm_halt
