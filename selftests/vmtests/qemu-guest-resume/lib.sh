# qemu-guest-resume: Debian's QEMU runs the test guest with its RAM in a
# khofs file; the VM is saved (x-ignore-shared: the RAM stays in the
# file), the host kexecs with KHO, and a new QEMU in the new kernel resumes
# the guest from the same file. See qemu-guest-lib.sh and guestram-lib.sh.
QG_RAM_FILE=/mnt/khofs/vm0.ram
QG_STATE=/mnt/khofs/vm0.state
QG_RAM_MB=64
QG_INPLACE=1
. /vmtests/qemu-guest-lib.sh
. /vmtests/guestram-lib.sh

# The stop-to-cont timeline crosses the kexec: TSC readings go into a
# khofs file made before the dump (writing inside it is allowed while
# dumped; creating a file is not) and come back with it.
QR_TIMES=/mnt/khofs/vm0.times

# qr_put NAME VALUE: a line NAME=VALUE into the times file.
qr_put() {
	printf '%s=%s\n' "$1" "$2" >>/tmp/qr-times
	dd if=/tmp/qr-times of=$QR_TIMES conv=notrunc 2>/dev/null
}

qr_time() { qr_put "$1" "$(qg_now)"; }

# qr_in_node: kho-dump of the outgoing blob lists the RAM file and the state.
qr_in_node() {
	kho-dump $KHO/dt >/tmp/qr-dump.txt &&
		grep -q '/vm0.ram' /tmp/qr-dump.txt && grep -q '/vm0.state' /tmp/qr-dump.txt
}

# qr_get NAME: a reading from the times file.
qr_get() { tr -d '\000' <$QR_TIMES | sed -n "s/^$1=//p" | tail -n 1; }
