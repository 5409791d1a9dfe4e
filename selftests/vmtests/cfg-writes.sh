# Host side, sourced by host-check.sh scripts of tests whose qemu-args have
# `-trace pci_cfg_write`: QEMU then logs every config write to qemu.log as
# "pci_cfg_write <model> <bus>:<slot>.<fn> @0x<offset> <- 0x<value>".
#
# The second kernel of the chain starts where the root edu 00:01.0 (from
# the rig's QEMU command line) is sized for the third time: by the
# firmware, the first kernel, then the second kernel, which enumerates bus 0
# in slot order, so before any bridge at 00:03.0 or later and anything
# behind one.

# cfg_writes_second_boot LOG END DEVICE...: print every traced config
# write to a DEVICE ("<model> <bus>:<slot>.<fn>", as the trace names it,
# e.g. "edu 01:00.0") from the second kernel's boot until the first line
# matching the awk regular expression END (an empty END: to the end of
# LOG). Fails if it printed any, or if LOG does not show three sizings of
# the root edu (no trace, or not the chain this expects).
cfg_writes_second_boot() {
	log=$1 end=$2
	shift 2
	n=$(grep -c "pci_cfg_write edu 00:01.0 @0x10 <- 0xffffffff" "$log")
	if [ "$n" != 3 ]; then
		echo "$log: root edu sized $n times, expected 3: no config-write trace?"
		return 1
	fi
	awk -v end="$end" -v devs="$(printf '%s\n' "$@")" '
		BEGIN { ndev = split(devs, dev, "\n") }
		/pci_cfg_write edu 00:01.0 @0x10 <- 0xffffffff/ { boots++ }
		boots < 3 || !/pci_cfg_write / { next }
		end != "" && $0 ~ end { exit bad }
		{
			for (i = 1; i <= ndev; i++)
				if (index($0, "pci_cfg_write " dev[i] " @")) {
					print "config write to " dev[i] " in the second kernel: " $0
					bad = 1
				}
		}
		END { exit bad }' "$log"
}
