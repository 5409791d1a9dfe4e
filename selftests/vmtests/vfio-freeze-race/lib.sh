# vfio-freeze-race: a VMM (vfio-vmm, as in vfio-keepalive) keeps edu E
# alive with a token, then races the freeze of KHO: one thread maps and
# unmaps a scratch range of E's container, another sets E's keepalive with
# the same token, while stage 1 cycles echo 1 / echo 0 > active. Every
# call must succeed or fail with EBUSY (vfio-vmm-race.c); both outcomes
# must show up for each call. Then the real handover, as vfio-keepalive's.
. /vmtests/vfio-keepalive/lib.sh

RACE_CYCLES=64

# race_cycles N: N dumps, each aborted right away; fails if a write failed.
race_cycles() {
	t0=$(cut -d' ' -f1 /proc/uptime)
	i=0 bad=0
	while [ $i -lt "$1" ]; do
		echo 1 >$KHO/active || bad=$((bad + 1))
		echo 0 >$KHO/active || bad=$((bad + 1))
		i=$((i + 1))
	done
	t1=$(cut -d' ' -f1 /proc/uptime)
	ktap_diag "$i cycles of echo 1/echo 0 in $(echo "$t1 $t0" | awk '{printf "%.1f", $1 - $2}')s, $bad writes failed"
	[ $bad = 0 ]
}

# race_numbers: the VMM's counts of the race, as diagnostics.
race_numbers() {
	sed -n 's/^RACE //p' $VMM_OUT | tr ' ' '\n' | while read -r count; do
		ktap_diag "race: $count"
	done
}

no_kernel_bug() {
	! dmesg | grep -E "WARNING:|BUG:|Oops|Kernel panic|Call Trace"
}
