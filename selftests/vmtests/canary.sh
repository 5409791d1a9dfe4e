# A canary: RAM that no kernel in the chain uses and that is not handed
# over, filled with random bytes in stage 1 and read back later, both
# through /dev/mem. A test that sources this has `memmap=SIZE$ADDR` in its
# `cmdline` file: the first kernel gets it from the rig, and vm_kexec_load
# carries it to every next kernel, so each one sees the range as reserved
# and neither allocates from it nor lets kexec or KHO place anything there.
# A DMA aimed at ADDR as a host physical address (an IOVA that the device's
# translation no longer covers, or covers with an identity map) lands here.

# The range from the command line (the first memmap= there).
CANARY_SPEC=$(vm_param memmap)
CANARY=$((${CANARY_SPEC#*\$}))
CANARY_HEX=$(printf 0x%x $CANARY)
case ${CANARY_SPEC%%\$*} in
*K) CANARY_SIZE=$((${CANARY_SPEC%%K*} * 1024)) ;;
*M) CANARY_SIZE=$((${CANARY_SPEC%%M*} * 1048576)) ;;
*) CANARY_SIZE=$((${CANARY_SPEC%%\$*})) ;;
esac
# Outside /tmp, so vm_pack_initrd carries it to the next stage.
CANARY_FILE=/root/canary.bin
CANARY_NOW=/tmp/canary.now

# canary_not_ram: the kernel does not count the range as System RAM.
canary_not_ram() {
	[ -n "$CANARY_SPEC" ] && [ $CANARY_SIZE -gt 0 ] || return 1
	sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1 \2/p' /proc/iomem |
		while read -r start end; do
			if [ $((0x$start)) -lt $((CANARY + CANARY_SIZE)) ] &&
				[ $CANARY -le $((0x$end)) ]; then
				echo "canary $CANARY_HEX overlaps System RAM $start-$end"
				exit 1
			fi
		done
}

# canary_fill: random bytes into the range, kept in CANARY_FILE.
canary_fill() {
	head -c $CANARY_SIZE /dev/urandom >$CANARY_FILE &&
		dd if=$CANARY_FILE of=/dev/mem bs=4096 seek=$((CANARY / 4096)) \
			count=$((CANARY_SIZE / 4096)) conv=notrunc 2>/dev/null &&
		canary_intact
}

# canary_intact: the range holds what canary_fill wrote; what changed is
# printed as diagnostics.
canary_intact() {
	dd if=/dev/mem of=$CANARY_NOW bs=4096 skip=$((CANARY / 4096)) \
		count=$((CANARY_SIZE / 4096)) 2>/dev/null || return 1
	cmp -s $CANARY_NOW $CANARY_FILE && return 0
	ktap_diag "canary $CANARY_HEX: $(cmp -l $CANARY_NOW $CANARY_FILE 2>/dev/null | wc -l) of $CANARY_SIZE bytes changed"
	cmp -l $CANARY_NOW $CANARY_FILE 2>/dev/null | head -4 | while read -r off now was; do
		ktap_diag "  byte $((off - 1)): now octal $now, was $was"
	done
	return 1
}
