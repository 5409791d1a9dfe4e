# vfio-keepalive with a VMM that cannot lock enough memory in stage 2: the
# adoption of the preserved mappings charges the opener's RLIMIT_MEMLOCK
# (vfio_lock_acct(), as a fresh pin would), unless it has CAP_IPC_LOCK.
. /vmtests/vfio-keepalive/lib.sh
# Stage 1's VMM maps this much beside its 8 KiB buffer (VFIO_VMM_MAP_MB),
# so the adopted mappings need more than the low limit and a leak would
# show in MemFree.
MEMLOCK_MB=16
MEMLOCK_LOW_KIB=8192
MEMLOCK_OK_KIB=65536

# nolock KIB CMD...: CMD with RLIMIT_MEMLOCK at KIB KiB and without
# CAP_IPC_LOCK, like an unprivileged VMM: dropped from the bounding set,
# so root's exec does not get it back (util-linux setpriv, by its path:
# busybox's shell would run its own setpriv applet, which cannot).
nolock() {
	(ulimit -l "$1" && shift && exec /usr/bin/setpriv --bounding-set -ipc_lock "$@")
}

# nolock_works: a command run by nolock has no CAP_IPC_LOCK (bit 14).
nolock_works() {
	eff=$(nolock $MEMLOCK_LOW_KIB sed -n 's/^CapEff:\t*//p' /proc/self/status)
	lim=$(nolock $MEMLOCK_LOW_KIB sh -c 'ulimit -l')
	ktap_diag "under nolock: CapEff $eff, ulimit -l $lim"
	[ -n "$eff" ] && [ $((0x$eff & (1 << 14))) = 0 ] && [ "$lim" = $MEMLOCK_LOW_KIB ]
}

memfree_kb() {
	sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo
}
