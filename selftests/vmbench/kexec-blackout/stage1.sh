# One sample of the kexec blackout: bench_mb=0 is a plain kexec -s,
# bench_mb=N preserves N MiB with the KHO test serializer first, and
# bench_vtd=1 adds edu's VT-d state. Reports
# TSC readings right before kexec -e and at the new kernel's /init.

mb=$(vm_param bench_mb)
vtd=$(vm_param bench_vtd)
vm_plan $(((${vtd:-0} == 1) + (${mb:-0} != 0)))	# one check for each below
# bench_vtd=1: also hand over edu's IOMMU translation (VT-d serializer).
if [ "$vtd" = 1 ]; then
	check "stage1: edu DMA mapped and marked for preservation" \
		sh -c 'echo setup >/sys/kernel/debug/vtd_edu_test/ctl'
fi
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
