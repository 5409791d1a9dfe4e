# Helpers for kho-scale-fragmented: 1.5 GiB preserved as every other 4 KiB
# page (393,216 runs: more than the old 4 MiB blob could list, 262,133),
# handed over in the out-of-line map and verified page by page.

SCALE_MB=1536
SCALE_PAGES=$((SCALE_MB * 256))

# klog_field PATTERN SED: the first kernel log line matching PATTERN,
# through a sed expression printing the wanted field.
klog_field() {
	dmesg | grep -m1 -e "$1" | sed -n "$2"
}

# le N M: N <= M, both integers.
le() { test "$1" -le "$2"; }

# ratio_le A B MAX: A / B <= MAX (decimals), with B > 0.
ratio_le() {
	awk -v a="$1" -v b="$2" -v m="$3" 'BEGIN { exit !(b > 0 && a / b <= m) }'
}
