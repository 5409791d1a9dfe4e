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

# vm_kexec_load [EXTRA_CMDLINE]: load this kernel image for the next stage
# with kexec_file_load (kexec -s). The command line is this one with the
# stage and KTAP count moved on.
vm_kexec_load() {
	cmdline=
	for arg in $(cat /proc/cmdline); do
		case $arg in stage=* | ktap_n=*) ;; *) cmdline="$cmdline $arg" ;; esac
	done
	cmdline="${cmdline# } stage=$((VM_STAGE + 1)) ktap_n=$KTAP_N $*"
	vm_pack_initrd /tmp/initrd.gz &&
		kexec -s -l /boot/bzImage --initrd=/tmp/initrd.gz --command-line="$cmdline"
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
	kexec -e
	ktap_fail "kexec -e returned"
	vm_halt
}
