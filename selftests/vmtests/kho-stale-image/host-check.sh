#!/bin/sh
# In QEMU's config-write trace: the last write to E's command register
# before each kexec (the second and third kernels start where the root edu
# 00:01.0 is sized for the third and fourth time, see cfg-writes.sh) must
# have turned bus mastering off: the old kernel stopped E at shutdown
# because the image it ran did not carry the blob.
out=$1
log=$out/qemu.log
n=$(grep -c "pci_cfg_write edu 00:01.0 @0x10 <- 0xffffffff" "$log")
if [ "$n" != 4 ]; then
	echo "$log: root edu sized $n times, expected 4: no config-write trace?"
	exit 1
fi
awk '
	function hex(s,  v, i, c) {
		v = 0
		s = tolower(s)
		sub(/^0x/, "", s)
		for (i = 1; i <= length(s); i++) {
			c = index("0123456789abcdef", substr(s, i, 1)) - 1
			v = v * 16 + c
		}
		return v
	}
	/pci_cfg_write edu 00:01.0 @0x10 <- 0xffffffff/ {
		boots++
		if (boots >= 3) {
			ok = last != "" && int(hex(last) / 4) % 2 == 0
			printf "kernel %d: last write to E'"'"'s command register before its kexec: %s (%s)\n",
				boots - 2, last == "" ? "none" : last,
				ok ? "bus mastering off" : "bus mastering NOT turned off"
			if (!ok)
				bad = 1
			last = ""
		}
		next
	}
	/pci_cfg_write edu 01:00.0 @0x4 <- / { last = $NF }
	END { exit bad }' "$log"
