# VM-side library for vmtest stage scripts; /init sources it before the
# stage script. Results are KTAP lines on the console, numbered across the
# whole kexec chain (the count travels on the command line as ktap_n=).
# Files go to the host over the second serial port, base64 framed.

# vm_param NAME: value of NAME= on the kernel command line.
vm_param() {
	for arg in $(cat /proc/cmdline); do
		case $arg in "$1="*) echo "${arg#*=}"; return ;; esac
	done
}

KTAP_N=$(vm_param ktap_n)
KTAP_N=${KTAP_N:-0}
VM_STAGE=$(vm_param stage)

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $*"
}

ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	echo "not ok $KTAP_N $*"
}

ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	echo "ok $KTAP_N $1 # SKIP $2"
}

ktap_diag() {
	echo "# $*"
}

# vm_plan N: this stage reports N results. The host fails a stage that
# reports another number (a check skipped, an early exit) or declares no
# plan. A stage that sources another stage's script declares only its own
# results: the plans of one stage add up.
vm_plan() {
	echo "KHO-VMTEST-PLAN stage $VM_STAGE results $1"
}

# check DESCRIPTION COMMAND...: one result line from a command's status.
check() {
	desc=$1
	shift
	if "$@"; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc"
		return 1
	fi
}

# vm_copyout FILE [NAME]: send FILE to build/vmtest/<test>/NAME.
vm_copyout() {
	name=${2:-$(basename "$1")}
	if [ ! -r "$1" ]; then
		ktap_diag "copyout: cannot read $1"
		return 1
	fi
	{
		echo "@@KHO-FILE $name"
		base64 "$1"
		echo "@@KHO-END $name $(wc -c <"$1")"
	} >/dev/ttyS1
}

vm_copyout_dmesg() {
	dmesg >/tmp/dmesg.txt
	vm_copyout /tmp/dmesg.txt "dmesg-stage$VM_STAGE.txt"
}

vm_halt() {
	vm_copyout_dmesg
	sync
	poweroff -f
}

# vm_done: the last stage finished; the host only passes a test that got here.
vm_done() {
	echo "KHO-VMTEST-DONE stage $VM_STAGE"
	vm_halt
}

# vm_pack_initrd FILE: pack the running root filesystem back into a cpio,
# so the next kernel boots the same programs and stage scripts.
vm_pack_initrd() {
	(cd / && find . -xdev ! -path './tmp/*' | cpio -o -H newc -R 0:0 2>/dev/null) |
		gzip -1 >"$1"
}

# vm_kexec_load [EXTRA_CMDLINE]: load a kernel image for the next stage
# with kexec_file_load (kexec -s): /boot/bzImage (this build, A) unless
# VM_KEXEC_IMAGE names another (/boot/bzImage-b, /boot/bzImage-plain, in
# tests that list them in their "kernels" file). The command line is this
# one with the stage and KTAP count moved on.
vm_kexec_load() {
	cmdline=
	for arg in $(cat /proc/cmdline); do
		case $arg in stage=* | ktap_n=*) ;; *) cmdline="$cmdline $arg" ;; esac
	done
	cmdline="${cmdline# } stage=$((VM_STAGE + 1)) ktap_n=$KTAP_N $*"
	vm_pack_initrd /tmp/initrd.gz &&
		kexec -s -l "${VM_KEXEC_IMAGE:-/boot/bzImage}" --initrd=/tmp/initrd.gz \
			--command-line="$cmdline"
}

# vm_kexec_next [EXTRA_CMDLINE]: load and boot into the next stage. Does not
# return on success.
vm_kexec_next() {
	if ! vm_kexec_load "$@"; then
		ktap_fail "kexec -s load for stage $((VM_STAGE + 1))"
		vm_halt
	fi
	ktap_diag "kexec into stage $((VM_STAGE + 1))"
	vm_copyout_dmesg
	sync
	kexec -e -x
	ktap_fail "kexec -e returned"
	vm_halt
}

# vm_kexec_next_image IMAGE [EXTRA_CMDLINE]: vm_kexec_next into IMAGE.
vm_kexec_next_image() {
	VM_KEXEC_IMAGE=$1
	shift
	ktap_diag "next kernel: $VM_KEXEC_IMAGE"
	vm_kexec_next "$@"
}

# vm_load_vfio_modules: load vfio, vfio_iommu_type1 and vfio-pci, with
# what they need (busybox modprobe, from modules.dep), when this kernel
# has them as modules (build B); nothing to do when VFIO is built in
# (build A: no /proc/modules, or the modules are in modules.builtin).
# Fails when one is not loaded afterwards.
vm_load_vfio_modules() {
	[ -e /proc/modules ] || return 0
	for m in vfio vfio_iommu_type1 vfio-pci; do
		name=$(echo $m | tr - _)
		grep -q "^$name " /proc/modules && continue
		grep -q "/$m\.ko" "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null &&
			continue
		modprobe $m || return 1
		grep -q "^$name " /proc/modules || return 1
	done
}

# --- KHO helpers -------------------------------------------------------

KHO=/sys/kernel/kho
KHO_TEST=/sys/kernel/debug/kho_test

# kho_result FIELD: a field of the test serializer's verdict on the state
# this kernel received ("generation=1 ranges=... pattern=ok ...").
kho_result() {
	tr ' ' '\n' <$KHO_TEST/result | sed -n "s/^$1=//p"
}

# kho_check_incoming GENERATION: the test serializer's state arrived intact.
kho_check_incoming() {
	ktap_diag "kho_test: $(cat $KHO_TEST/result)"
	check "stage$VM_STAGE: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
	check "stage$VM_STAGE: state generation $1 arrived" test "$(kho_result generation)" = "$1"
	check "stage$VM_STAGE: every preserved page was still reserved" test "$(kho_result reserved)" = ok
	check "stage$VM_STAGE: claim succeeded" test "$(kho_result claim)" = 0
	check "stage$VM_STAGE: a second claim is refused (-EBUSY)" test "$(kho_result reclaim)" = -16
	check "stage$VM_STAGE: every word of every page matches" test "$(kho_result pattern)" = ok
	check "stage$VM_STAGE: checksum matches" test "$(kho_result checksum)" = ok
	check "stage$VM_STAGE: at least 64 MiB came back" test "$(kho_result pages)" -ge 16384
	# Touching blocks merge into one run of the map; every other page
	# preserved (layout fragmented) keeps each page a run of its own.
	if [ "$(kho_result layout)" = fragmented ]; then
		check "stage$VM_STAGE: more than 1000 runs" test "$(kho_result runs)" -gt 1000
	else
		check "stage$VM_STAGE: at least one run" test "$(kho_result runs)" -ge 1
	fi
}

# kho_incoming_has NODE: this kernel logged its early check of the blob it
# received ("KHO: incoming state: N nodes, map C chunks B bytes, R regions,
# U runs, K KiB preserved"), N is at least 1 and the number of subsystem
# nodes of that blob (/sys/firmware/kho/dt), and NODE is one of them. For
# tests about one serializer's node: it holds whatever other nodes a
# kernel adds to every blob.
kho_incoming_has() {
	cp /sys/firmware/kho/dt /tmp/kho-incoming-has.dtb || return 1
	n=$(dmesg | sed -n 's/.*KHO: incoming state: \([0-9]*\) nodes, map [0-9]* chunks [0-9]* bytes, [0-9]* regions, [0-9]* runs, [0-9]* KiB preserved.*/\1/p' | head -n 1)
	[ -n "$n" ] && [ "$n" -ge 1 ] &&
		[ "$n" = "$(fdtget -l /tmp/kho-incoming-has.dtb / | wc -l)" ] &&
		fdtget -l /tmp/kho-incoming-has.dtb / | grep -qx "$1"
}

# free_kib: free memory in KiB, counting the pages freed into the per-CPU
# lists too (MemFree leaves those out, and pages freed one by one,
# or a freed 2 MiB block, often land there).
free_kib() {
	awk '/^MemFree:/ { kib += $2 } $1 == "count:" { kib += $2 * 4 } END { print kib }' \
		/proc/meminfo /proc/zoneinfo
}

# kho_copy_blob DIR DEST: copy the blob DIR/dt to DEST and the map DIR/map
# beside it (DEST's directory, named map), where kho-check and kho-dump
# look for it.
kho_copy_blob() {
	cp "$1/dt" "$2" && cp "$1/map" "$(dirname "$2")/map"
}

# kho_activate: build the blob; prints how long echo 1 took.
kho_activate() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	echo 1 >$KHO/active || return 1
	t1=$(cut -d' ' -f1 /proc/uptime)
	ktap_diag "echo 1 > active: $(echo "$t1 $t0" | awk '{printf "%.2f", $1 - $2}')s, blob $(wc -c <$KHO/dt) bytes"
}

# kho_map_used FILE: bytes the chunks of a map dump (/sys/kernel/kho/map,
# /sys/firmware/kho/map: the chunks in chain order) use, headers, owner
# table and regions, summed over the chunks (struct kho_map_chunk: size
# at byte 24, used at byte 28). The rest of each chunk is zero.
kho_map_used() {
	total=$(wc -c <"$1") off=0 used=0
	while [ "$off" -lt "$total" ]; do
		set -- "$1" $(od -A n -t u4 -j $((off + 24)) -N 8 "$1")
		[ "${2:-0}" -gt 0 ] || return 1
		used=$((used + $3))
		off=$((off + $2))
	done
	echo $used
}
