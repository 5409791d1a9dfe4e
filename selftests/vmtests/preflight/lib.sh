# The vfio-keepalive helpers and devices.
. /vmtests/vfio-keepalive/lib.sh

# load_img IMAGE: kexec -s -l IMAGE with a small initrd; its stderr in
# /tmp/kexec.err.
load_img() {
	[ -f /tmp/small.gz ] || echo x | gzip >/tmp/small.gz
	kexec -s -l "$1" --initrd=/tmp/small.gz --command-line=console=ttyS0 \
		2>/tmp/kexec.err
}

# load_refused IMAGE: the load fails with EPROTO ("Protocol error").
load_refused() {
	dmesg -C
	! load_img "$1" && grep -q "Protocol error" /tmp/kexec.err
}

# logged TEXT: the kernel log since the last load has TEXT (fixed string).
logged() {
	dmesg | grep -qF "$1"
}
