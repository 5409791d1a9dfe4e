# Helpers for the kho-basic stages.

# blob_sha FILE: a hash of the blob as dtc decodes it, without the two
# properties kho-meta stamps again, in place, at kexec -e
# (handover-time-ns, uptime-ns): equal for the blob built and the blob
# the next kernel received.
blob_sha() {
	dtc -I dtb -O dts "$1" 2>/dev/null |
		sed -E '/^[[:space:]]*(handover-time-ns|uptime-ns) = /d' |
		sha256sum | cut -c1-16
}
