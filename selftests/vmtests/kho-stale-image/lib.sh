# kho-stale-image: only the image that kexec_file_load built with the blob
# hands over. KHO stays active, E is kept by a VMM (as in vfio-keepalive)
# with its DMA in flight, but the image that runs is a legacy kexec_load
# (kexec -c) one, loaded after the image that carried the blob was
# unloaded: the next kernel must find no blob, and the old kernel must
# have stopped E at shutdown (bus mastering off) and turned translation
# off, as for any kexec without KHO. The old code remembered the freed
# image's address and took a legacy image allocated there for it.
#
# Stage 1: echo 1, kexec -s -l, kexec -s -u, kexec -c -l, kexec -e.
# Stage 2: the checks, then the same with a failed kexec -s -l (an initrd
# larger than scratch) between the load and the unload.
# Stage 3: the checks; echo 1 while a kexec -s load runs fails with EBUSY;
# /sys/kernel/kho/dt is root-only.
# host-check.sh: in QEMU's config-write trace, the last write to E's
# command register before each kexec turned bus mastering off.
. /vmtests/vfio-keepalive/lib.sh

# No driver for E in the next kernels until a stage binds it (vfio-pci).
SI_NEXT_CMDLINE="initcall_blacklist=edu_driver_init"

# si_load FLAGS [EXTRA_CMDLINE]: vm_kexec_load with kexec's FLAGS: -s
# (kexec_file_load) or -c (the kexec_load syscall). Every kexec of a
# stage runs on CPU 0 (taskset 1), so the next image tends to get the
# freed one's struct kimage from the slab's per-CPU freelist: the case the
# old code got wrong.
si_load() {
	flags=$1
	shift
	cmdline=
	for arg in $(cat /proc/cmdline); do
		case $arg in stage=* | ktap_n=* | initcall_blacklist=*) ;;
		*) cmdline="$cmdline $arg" ;;
		esac
	done
	cmdline="${cmdline# } stage=$((VM_STAGE + 1)) ktap_n=$KTAP_N $SI_NEXT_CMDLINE $*"
	vm_pack_initrd /tmp/initrd.gz &&
		taskset 1 kexec $flags -l /boot/bzImage --initrd=/tmp/initrd.gz --command-line="$cmdline"
}

# si_failed_load: a kexec -s load that fails: its initrd does not fit in
# the 128 MiB of scratch. 2 results.
si_failed_load() {
	truncate -s 160M /tmp/big.img
	check "stage$VM_STAGE: kexec -s -l with a 160 MiB initrd fails (no room in scratch)" \
		sh -c "! taskset 1 kexec -s -l /boot/bzImage --initrd=/tmp/big.img --command-line=x 2>/tmp/kexec.err"
	rm -f /tmp/big.img
	ktap_diag "kexec: $(tail -1 /tmp/kexec.err); $(dmesg | grep "KHO: no room" | tail -1)"
	check "stage$VM_STAGE: the image loaded before is still loaded" \
		test "$(cat /sys/kernel/kexec_loaded)" = 1
}

# si_stage FAILED_LOAD: keep E, echo 1, kexec -s -l, [a failed kexec -s
# -l,] kexec -s -u, kexec -c -l, kexec -e. Does not return.
si_stage() {
	s=stage$VM_STAGE
	# vmm bind 4 + vmm_start 36 + kho_out 3 + 3 nodes + 5 own + 3 with
	# the failed load + si_go_kexec 2
	vm_plan $((53 + 3 * $1))
	TOKEN=$(cat /proc/sys/kernel/random/uuid)
	vmm $s bind $E
	vmm_start stage1 "$TOKEN" || vm_halt
	kho_out || vm_halt
	for node in /pci/dev@$(sbdf $E) /vfio/dev@$(sbdf $E) /intel-iommu; do
		check "$s: the blob has $node" blob_has $node
	done
	check "$s: kexec -s -l loads an image carrying the blob" si_load -s
	check "$s: echo 0 is refused while it is loaded" \
		sh -c "! echo 0 2>/dev/null >$KHO/active"
	if [ "$1" = 1 ]; then
		si_failed_load
		check "$s: echo 0 is still refused: the loaded image still carries the blob" \
			sh -c "! echo 0 2>/dev/null >$KHO/active"
	fi
	check "$s: kexec -s -u unloads it" taskset 1 kexec -s -u
	check "$s: no image is loaded" test "$(cat /sys/kernel/kexec_loaded)" = 0
	check "$s: KHO is still active" test "$(cat $KHO/active)" = 1
	ktap_diag "E's command register before the kexec: 0x$(e_command)"
	si_go_kexec
}

# si_go_kexec: load the next stage with kexec -c (kexec_load, no blob),
# let the VMM start its DMA and exit, kexec -e. The load puts the result
# count on the next command line, so the two results after it are
# counted ahead.
si_go_kexec() {
	n=$KTAP_N
	KTAP_N=$((n + 2))
	if ! si_load -c; then
		KTAP_N=$n
		ktap_fail "stage$VM_STAGE: kexec -c -l (kexec_load) for the next stage"
		vm_halt
	fi
	KTAP_N=$n
	ktap_ok "stage$VM_STAGE: kexec -c -l (kexec_load) loaded the next stage, no blob"
	vm_copyout_dmesg
	echo go >$VMM_FIFO
	wait $VMM_PID
	rc=$?
	check "stage$VM_STAGE: the VMM started the DMA and exited" test $rc = 0
	kexec -e -x
	ktap_fail "kexec -e returned"
	vm_halt
}

# si_check_after: the kernel a legacy image started. 9 results.
si_check_after() {
	s=stage$VM_STAGE
	ktap_diag "E=$E: command 0x$(e_command), driver '$(driver_of $E)'"
	dmesg | grep -E "KHO|DMAR: Translation was enabled" | while read -r line; do
		ktap_diag "$line"
	done
	check "$s: started by kexec_load: no blob at /sys/firmware/kho" \
		test ! -e /sys/firmware/kho
	check "$s: the log has no incoming state and no KHO setup_data" \
		sh -c '! dmesg | grep -E "KHO: (incoming state|.*setup_data)"'
	check "$s: the IOMMU was found with translation off (turned off at shutdown)" \
		sh -c '! dmesg | grep -q "Translation was enabled for dmar0"'
	check "$s: no KHO refusal or stop for E: nothing of the old kernel arrived" \
		sh -c "! dmesg | grep -qE 'KHO: ($E|.*handover refused|.*stopped)'"
	check "$s: no driver is bound to E" test -z "$(driver_of $E)"
	check "$s: E has bus mastering off" e_not_mastering
	check "$s: E has no driver_override" \
		test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
	check "$s: no oops, BUG or warning in the kernel log" no_oops
	check "$s: the system is up: the root edu answers over MMIO" edu check 0000:00:01.0
}

# si_echo1_during_load: echo 1 while a kexec -s load (a 64 MiB initrd,
# which the kernel reads and hashes) holds the kexec lock fails with
# EBUSY; after it, echo 1 works and warns that the loaded image has no
# blob. The load runs in the background; echo 1 is tried once kexec has
# opened the initrd, until the load is over; an attempt where echo 1 came
# before the load took the lock is undone and tried again (3 at most).
# 5 results.
si_echo1_during_load() {
	s=stage$VM_STAGE
	truncate -s 64M /tmp/big.img
	busy=0 other=0 attempt=0 rc=1
	while [ $busy = 0 ] && [ $attempt -lt 3 ]; do
		attempt=$((attempt + 1))
		taskset 2 kexec -s -l /boot/bzImage --initrd=/tmp/big.img --command-line=x &
		pid=$!
		# kexec opens the initrd right before it calls kexec_file_load.
		i=0
		while kill -0 $pid 2>/dev/null && [ $i -lt 2000 ] &&
			! ls -l /proc/$pid/fd 2>/dev/null | grep -q big.img; do
			i=$((i + 1))
		done
		tries=0
		while kill -0 $pid 2>/dev/null; do
			tries=$((tries + 1))
			if echo 1 2>/tmp/echo.err >$KHO/active; then
				break
			fi
			if grep -q "busy" /tmp/echo.err; then
				busy=$((busy + 1))
			else
				other=$((other + 1))
				ktap_diag "echo 1: $(cat /tmp/echo.err)"
			fi
		done
		wait $pid
		rc=$?
		ktap_diag "attempt $attempt: echo 1 tried $tries times during the load: $busy EBUSY, $other other errors; the load exited $rc"
		if [ $busy = 0 ]; then
			kexec -s -u
			echo 0 >$KHO/active
		fi
	done
	rm -f /tmp/big.img
	check "$s: echo 1 during the load failed with EBUSY" test $busy -gt 0 -a $other = 0
	check "$s: the kexec -s load succeeded" test $rc = 0
	[ "$(cat $KHO/active)" = 1 ] || echo 1 >$KHO/active
	check "$s: echo 1 works after the load" test "$(cat $KHO/active)" = 1
	check "$s: ... and says the loaded image does not carry the blob" \
		sh -c 'dmesg | grep -q "KHO: the loaded kexec image does not carry the blob"'
	check "$s: echo 0 works: that image does not point at the blob" \
		sh -c "echo 0 >$KHO/active"
	kexec -s -u
}
