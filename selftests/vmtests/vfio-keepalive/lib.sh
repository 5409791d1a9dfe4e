# Shared by the vfio-keepalive stages and its controls: a VMM (vfio-vmm)
# keeps edu E alive across the kexec; edu C is a device nobody keeps. Each
# sits behind its own PCIe root port (qemu-args); the root edu at 00:01.0
# stays with the vtd-edu-test driver.
E=0000:01:00.0
C=0000:02:00.0
# Outside /tmp, so vm_pack_initrd carries it to the next stage.
VMM_STATE=/root/vfio-vmm.state
VMM_FIFO=/tmp/vfio-vmm.fifo
VMM_OUT=/tmp/vfio-vmm.out
VMM_ERR=/tmp/vfio-vmm.err

# e_command: E's PCI command register, in hex.
e_command() {
	od -An -tx2 -j4 -N2 /sys/bus/pci/devices/$E/config | tr -d ' '
}

e_not_mastering() {
	[ $((0x$(e_command) & 4)) = 0 ]
}

# no_oops: no panic, oops, BUG, warning (lockdep's included) in the log.
no_oops() {
	! dmesg | grep -E "Kernel panic|Oops|BUG:|WARNING:|Call Trace|circular locking"
}

# vmm_diag FILE: each line of FILE as a diagnostic.
vmm_diag() {
	while read -r line; do
		ktap_diag "$line"
	done <"$1"
}

# vmm_ktap PREFIX FILE: each "CHECK <0|1> <what>" line of FILE as a result.
vmm_ktap() {
	while read -r tag status what; do
		[ "$tag" = CHECK ] || continue
		if [ "$status" = 0 ]; then
			ktap_ok "$1: $what"
		else
			ktap_fail "$1: $what"
		fi
	done <"$2"
}

# vmm PREFIX ARGS...: run vfio-vmm ARGS, one result per check it made and
# one for its exit status (a crash mid-way fails it too). A command in
# VMM_WRAP (unset: none) runs vfio-vmm, e.g. "nolock KIB" (memlock test).
vmm() {
	prefix=$1
	shift
	$VMM_WRAP vfio-vmm "$@" >/tmp/vmm.out 2>/tmp/vmm.err
	rc=$?
	vmm_diag /tmp/vmm.err
	vmm_ktap "$prefix" /tmp/vmm.out
	check "$prefix: vfio-vmm $1 $2 exited 0" test $rc = 0
}

# vmm_start MODE TOKEN [BDF STATE FIFO OUT ERR]: start "vfio-vmm MODE"
# (stage1 or nokeep-stage1) in the background, on E with the default files
# unless given, and wait until it has set everything up. Sets VMM_PID.
# VMM_RAM (unset: none), for stage1: the file guest RAM lives in.
vmm_start() {
	bdf=${3:-$E} state=${4:-$VMM_STATE} fifo=${5:-$VMM_FIFO}
	out=${6:-$VMM_OUT} err=${7:-$VMM_ERR}
	rm -f "$fifo" "$state"
	mkfifo "$fifo"
	: >"$out"
	vfio-vmm "$1" "$bdf" "$state" "$2" "$fifo" ${VMM_RAM:+"$VMM_RAM"} >"$out" 2>"$err" &
	VMM_PID=$!
	i=0
	while ! grep -qx ready "$out" && kill -0 $VMM_PID 2>/dev/null &&
		[ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	vmm_diag "$err"
	vmm_ktap stage1 "$out"
	check "stage1: vfio-vmm $1 on $bdf is set up and waiting" grep -qx ready "$out"
}

# vmm_go_kexec: load the next kernel, let the VMM start its DMA and exit,
# and kexec right away, so edu runs the DMA (~100 ms later) during the
# kexec. The load puts the result count on the next command line, so the
# one result after it is counted ahead.
vmm_go_kexec() {
	n=$KTAP_N
	KTAP_N=$((n + 1))
	if ! vm_kexec_load "$@"; then
		KTAP_N=$n
		ktap_fail "stage1: kexec -s load for stage 2"
		vm_halt
	fi
	KTAP_N=$n
	vm_copyout_dmesg
	echo go >$VMM_FIFO
	wait $VMM_PID
	rc=$?
	check "stage1: the VMM started the DMA and exited" test $rc = 0
	while read -r line; do
		case $line in
		run_after_start=*) ktap_diag "DMA running right after its start: ${line#*=}" ;;
		dumped_at_go=*) ktap_diag "keepalive GET says DUMPED at go: ${line#*=}" ;;
		esac
	done <$VMM_OUT
	kexec -e -x
	ktap_fail "kexec -e returned"
	vm_halt
}

# sbdf BDF: the node name suffix of a device, segment << 16 | bus << 8 | devfn.
sbdf() {
	IFS=:. read -r seg bus dev fn <<-EOF
	$1
	EOF
	printf '%x' $(((0x$seg << 16) | (0x$bus << 8) | (0x$dev << 3) | fn))
}

# bridge_of BDF: the bridge above BDF, nothing on a root bus.
bridge_of() {
	up=$(basename "$(dirname "$(readlink -f /sys/bus/pci/devices/$1)")")
	case $up in pci*) ;; *) echo "$up" ;; esac
}

# blob_has PATH: the outgoing blob has the node PATH. The pci node keeps
# its records in one property (pci-v2): /pci/dev@SBDF means the record of
# SBDF, which kho-dump shows as a group of that name.
blob_has() {
	case $1 in
	/pci/dev@*)
		kho-dump /tmp/kho-out.dtb 2>/dev/null |
			grep -qx "$(printf '\t')${1#/pci/}:"
		;;
	*) fdtget -p /tmp/kho-out.dtb "$1" >/dev/null ;;
	esac
}

blob_lacks() {
	! blob_has "$1"
}

# check_blob_nodes BDF: one result for each node the outgoing blob needs to
# keep BDF: pci, vfio, intel-iommu, BDF's records in vfio and pci, and its
# bridge's in pci (none on a root bus): 5 or 6 results.
check_blob_nodes() {
	nodes="/pci /vfio /intel-iommu /vfio/dev@$(sbdf $1) /pci/dev@$(sbdf $1)"
	bridge=$(bridge_of $1)
	[ -z "$bridge" ] || nodes="$nodes /pci/dev@$(sbdf $bridge)"
	for node in $nodes; do
		check "stage1: the blob has $node" blob_has $node
	done
}

# driver_of BDF, group_of BDF: the device's driver and iommu group.
driver_of() {
	basename "$(readlink /sys/bus/pci/devices/$1/driver)"
}

group_of() {
	basename "$(readlink /sys/bus/pci/devices/$1/iommu_group)"
}

# vmm_phase NAME: have the waiting VMM run its checks for the dump state
# NAME ("dumped": container and keepalive frozen; "aborted": thawed).
vmm_phase() {
	before=$(wc -l <$VMM_OUT)
	echo "$1" >$VMM_FIFO
	i=0
	while ! grep -qx "phase-done $1" $VMM_OUT && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	tail -n +$((before + 1)) $VMM_OUT >/tmp/vmm.phase
	vmm_ktap stage1 /tmp/vmm.phase
	check "stage1: the VMM ran its '$1' checks" grep -qx "phase-done $1" /tmp/vmm.phase
}

# kho_out: activate KHO and check the blob it built.
kho_out() {
	echo 8 >$KHO_TEST/size_mb
	check "stage1: echo 1 > active" kho_activate || return 1
	kho_copy_blob $KHO /tmp/kho-out.dtb
	vm_copyout /tmp/kho-out.dtb kho-out.dtb
	check "stage1: kho-check finds the blob valid" kho-check /tmp/kho-out.dtb
	check "stage1: kho-dump decodes the blob" \
		sh -c 'kho-dump /tmp/kho-out.dtb >/tmp/kho-out.txt'
	vm_copyout /tmp/kho-out.txt kho-out.txt
}

# cfg_hex FILE OFF LEN: LEN bytes at OFF of a config space dump, as hex.
cfg_hex() {
	od -An -tx1 -v -j $(($2)) -N $(($3)) "$1" | tr -d ' \n'
}

# cfg_check WHAT OLD NEW OFF LEN: one result: bytes [OFF, OFF + LEN) of two
# config space dumps (sysfs config files or copies) are equal; both are
# shown when they are not.
cfg_check() {
	a=$(cfg_hex "$2" "$4" "$5")
	b=$(cfg_hex "$3" "$4" "$5")
	[ "$a" = "$b" ] || ktap_diag "$1: at $4: $a, now $b"
	check "$1" test -n "$a" -a "$a" = "$b"
}

# bus_master_on BDF: the command register in sysfs has memory and bus master.
bus_master_on() {
	[ $((0x$(cfg_hex /sys/bus/pci/devices/$1/config 4 1) & 6)) = 6 ]
}

dmar_faults() {
	dmesg | grep -E "DMAR: \[DMA|DRHD: handling fault|DMAR: .*fault" || true
}
