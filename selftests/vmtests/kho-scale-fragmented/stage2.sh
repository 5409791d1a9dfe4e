# The next kernel: the map was consumed, every page kept and verified.
vm_plan 18

early=$(dmesg | grep -m1 "KHO: incoming state:")
late=$(dmesg | grep -m1 "KHO: preserved memory kept from the allocator")
ktap_diag "${early#*] }"
ktap_diag "${late#*] }"
ktap_diag "kho_test: $(cat $KHO_TEST/result)"
ktap_diag "$(dmesg | grep -m1 "KHO test: sampled verification" | sed 's/^\[[^]]*\] //')"
# incoming state: N nodes, map C chunks B bytes, R regions, U runs, K KiB preserved, checked in T us
map_bytes=$(echo "$early" | sed -n 's/.* chunks \([0-9]*\) bytes,.*/\1/p')
map_runs=$(echo "$early" | sed -n 's/.* regions, \([0-9]*\) runs,.*/\1/p')
map_kib=$(echo "$early" | sed -n 's/.* runs, \([0-9]*\) KiB preserved.*/\1/p')
kept_runs=$(echo "$late" | sed -n 's/.*allocator: \([0-9]*\) runs merged.*/\1/p')
pages=$(kho_result pages)
# Other serializers (kho-meta's history page) preserve a little memory
# too: the map holds kho-test's runs plus theirs, from kho-dump's owner
# lines ("	owner NAME: R regions, U runs, P pages, ...").
kho-dump >/tmp/kho-in.txt 2>&1
other_runs=$(awk -F'[:,] *' '/^\towner / && $1 != "\towner kho-test" { sub(/ runs/, "", $3); s += $3 } END { print s + 0 }' /tmp/kho-in.txt)
other_pages=$(awk -F'[:,] *' '/^\towner / && $1 != "\towner kho-test" { sub(/ pages/, "", $4); s += $4 } END { print s + 0 }' /tmp/kho-in.txt)
ktap_diag "other owners in the map: $other_runs runs, $other_pages pages"

check "stage2: early check logged the map, kho-test among its nodes" \
	kho_incoming_has kho-test
check "stage2: map holds $SCALE_MB MiB and the other owners' pages" \
	test "${map_kib:-0}" = $((SCALE_MB * 1024 + other_pages * 4))
check "stage2: map runs equal preserved pages ($SCALE_PAGES and the other owners')" \
	test "${map_runs:-0}" = $((SCALE_PAGES + other_runs))
# The encoding's cost: what the chunks use. Chunks are allocated whole
# (64 KiB), so only the last one may have room left over.
map_used=$(kho_map_used /sys/firmware/kho/map)
chunk=$(od -A n -t u4 -j 24 -N 4 /sys/firmware/kho/map | tr -d ' ')
ktap_diag "map: ${map_bytes:-?} bytes in chunks of ${chunk:-?}, ${map_used:-?} used: $(awk -v u="${map_used:-0}" -v b="${map_bytes:-0}" -v p=$SCALE_PAGES 'BEGIN { printf "%.4f used, %.4f allocated B per preserved page", u / p, b / p }')"
check "stage2: map bytes used per preserved page <= 0.26 (${map_used:-?} B)" \
	ratio_le "${map_used:-999999999}" $SCALE_PAGES 0.26
check "stage2: only the last chunk has room left" \
	test $((${map_bytes:-0} - ${map_used:-0})) -lt "${chunk:-0}"
check "stage2: every run kept from the allocator at mem_init" \
	test "${kept_runs:-0}" = $((SCALE_PAGES + other_runs))
check "stage2: /sys/firmware/kho/map is the map (${map_bytes:-?} bytes)" \
	test "$(wc -c </sys/firmware/kho/map)" = "${map_bytes:-x}"
check "stage2: state generation 1 arrived, layout fragmented" \
	test "$(kho_result generation) $(kho_result layout)" = "1 fragmented"
check "stage2: all $SCALE_PAGES pages came back" test "$pages" = $SCALE_PAGES
check "stage2: the node's memory is $SCALE_PAGES separate runs" test "$(kho_result runs)" = $SCALE_PAGES
check "stage2: every preserved page was still reserved" test "$(kho_result reserved)" = ok
check "stage2: claim succeeded" test "$(kho_result claim)" = 0
check "stage2: a second claim is refused (-EBUSY)" test "$(kho_result reclaim)" = -16
check "stage2: sampled verification (3 words of every page, some pages whole)" \
	test "$(kho_result verify)" = sampled
check "stage2: more than 1/128 of the pages read whole" test "$(kho_result full_pages)" -gt $((SCALE_PAGES / 128))
check "stage2: every page holds its own pattern (identity of each page)" test "$(kho_result pattern)" = ok
check "stage2: checksum of every word read matches" test "$(kho_result checksum)" = ok
ktap_diag "claim took $(kho_result claim_us) us, verification $(kho_result verify_us) us"
if kho-dump --help 2>&1 | grep -q -e '--map'; then
	check "stage2: kho-dump decodes the blob and its map" \
		grep -q "valid: .*, $((SCALE_PAGES + other_runs)) runs, $((SCALE_PAGES + other_pages)) pages" /tmp/kho-in.txt
	ktap_diag "kho-dump: $(grep -m1 -e "valid: " /tmp/kho-in.txt)"
else
	ktap_skip "stage2: kho-dump decodes the blob and its map" "kho-dump has no --map yet"
fi
vm_done
