# One sweep of make vmbench-scale, chained in one VM: scale_cases= on the
# command line lists the cases (plain, or LAYOUT:MiB), one per kexec.
# Stage K verifies what case K-1 handed over (the test serializer's
# verification is deferred, kho_test_defer, so it is not part of the
# blackout), then starts case K: sets the layout and size, times
# echo 1 > active with the TSC, copies its kernel log out and kexecs,
# printing the TSC right before kexec -e. The next kernel's /init reads
# the TSC first thing (TSC_INIT). The host (scripts/vm-bench-scale.sh)
# reads the "# bench" lines and the kernel logs.

# scale_case N: the Nth case (1-based), empty past the end.
scale_case() {
	vm_param scale_cases | tr , '\n' | sed -n "${1}p"
}

scale_step() {
	prev='' next=''
	[ "$VM_STAGE" -le 1 ] || prev=$(scale_case $((VM_STAGE - 1)))
	next=$(scale_case "$VM_STAGE")
	# Results: 1 for a plain kexec received, 6 for a KHO case received,
	# 1 for a KHO case started.
	n=0
	case $prev in '') ;; plain) n=1 ;; *) n=6 ;; esac
	case $next in '' | plain) ;; *) n=$((n + 1)) ;; esac
	vm_plan $n
	[ -z "$prev" ] || scale_received "$prev"
	if [ -z "$next" ]; then
		vm_done
	fi
	scale_start "$next"
}

# scale_received CASE: what the previous kernel handed over arrived.
scale_received() {
	ktap_diag "bench stage=$VM_STAGE tsc_init=$TSC_INIT"
	if [ "$1" = plain ]; then
		check "stage$VM_STAGE: booted by plain kexec (no KHO state)" test ! -e /sys/firmware/kho/dt
		return
	fi
	layout=${1%:*} mb=${1#*:}
	check "stage$VM_STAGE: $1 verified on request" sh -c "echo 1 >$KHO_TEST/verify"
	ktap_diag "kho_test: $(cat $KHO_TEST/result)"
	ktap_diag "bench stage=$VM_STAGE map_used=$(kho_map_used /sys/firmware/kho/map)"
	check "stage$VM_STAGE: $1: layout and pages" \
		test "$(kho_result layout) $(kho_result pages)" = "$layout $((mb * 256))"
	check "stage$VM_STAGE: $1: every page was still reserved" test "$(kho_result reserved)" = ok
	check "stage$VM_STAGE: $1: claimed" test "$(kho_result claim)" = 0
	check "stage$VM_STAGE: $1: every page holds its own pattern" test "$(kho_result pattern)" = ok
	check "stage$VM_STAGE: $1: checksum of the words read" test "$(kho_result checksum)" = ok
}

# scale_start CASE: preserve CASE's state (none for plain) and kexec.
scale_start() {
	if [ "$1" != plain ]; then
		echo "${1%:*}" >$KHO_TEST/layout
		echo "${1#*:}" >$KHO_TEST/size_mb
		t0=$(tsc)
		check "stage$VM_STAGE: echo 1 > active ($1)" sh -c "echo 1 >$KHO/active"
		t1=$(tsc)
		ktap_diag "bench stage=$VM_STAGE activate_tsc=$((t1 - t0))"
	fi
	vm_copyout_dmesg
	hz=$(tsc hz)
	ktap_diag "bench stage=$VM_STAGE case=$1 tsc_hz=$hz"
	# The kernels the chain kexecs into take the TSC frequency from the
	# command line (the first kernel's refined calibration, else the one
	# measured here): under TCG the early calibration often fails, and
	# KHO's early work is timed with the TSC.
	khz=
	if [ -z "$(vm_param tsc_early_khz)" ]; then
		khz=$(dmesg | sed -n 's/.*Refined TSC clocksource calibration: \([0-9]*\)\.\([0-9]*\) MHz.*/\1\2/p' | head -n 1)
		khz=tsc_early_khz=${khz:-$((hz / 1000))}
	fi
	if ! vm_kexec_load $khz; then
		ktap_fail "stage$VM_STAGE: kexec -s load"
		vm_halt
	fi
	ktap_diag "bench stage=$VM_STAGE tsc_exec=$(tsc)"
	kexec -e -x
	ktap_fail "kexec -e returned"
	vm_halt
}
