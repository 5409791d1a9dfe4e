#!/bin/bash
# Tests of scripts/vmtest-parse.py on synthetic VM logs: the host side must
# fail a vmtest for every way a run can go wrong, not only pass good ones.
# Prints KTAP.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
parse=$root/scripts/vmtest-parse.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 failed=0
# expect NAME WANT_STATUS QEMU_STATUS: serial log on stdin; data.log from $data
expect() {
	local name=$1 want=$2 qemu=$3 dir=$tmp/$1 got=0
	mkdir -p "$dir"
	cat >"$dir/serial.log"
	printf '%s' "${data:-}" >"$dir/data.log"
	"$parse" "$name" "$dir" "$qemu" >"$dir/out" || got=$?
	n=$((n + 1))
	if [ "$got" = "$want" ] && [ -s "$dir/result.ktap" ]; then
		echo "ok $n $name"
	else
		sed 's/^/# /' "$dir/out"
		echo "not ok $n $name (exit $got, wanted $want)"
		failed=$((failed + 1))
	fi
}

good=$'[    0.1] Linux version 6.12\r\nok 1 stage1: a\r\n[    0.2] Linux version 6.12\nok 2 stage2: b\nKHO-VMTEST-DONE stage 2\n'

echo "KTAP version 1"
echo "1..10"
data= expect passes_a_complete_chain 0 0 <<<"$good"
data= expect fails_a_not_ok 1 0 <<<$'ok 1 a\nnot ok 2 b\nKHO-VMTEST-DONE stage 2'
data= expect fails_without_done_marker 1 0 <<<$'ok 1 a\nok 2 b'
data= expect fails_a_gap_in_numbering 1 0 <<<$'ok 1 a\nok 3 b\nKHO-VMTEST-DONE stage 2'
data= expect fails_no_results 1 0 <<<$'KHO-VMTEST-DONE stage 1'
data= expect fails_on_timeout 1 124 <<<"$good"
data= expect fails_on_kernel_panic 1 0 <<<$'ok 1 a\nKernel panic - not syncing: x\nKHO-VMTEST-DONE stage 2'
data=$'@@KHO-FILE blob.bin\naGVsbG8=\n' \
	expect fails_a_cut_off_file 1 0 <<<"$good"
data=$'@@KHO-FILE blob.bin\naGVs\nbG8=\n@@KHO-END blob.bin 5\n' \
	expect extracts_a_file 0 0 <<<"$good"
n=$((n + 1))
if cmp -s <(printf hello) "$tmp/extracts_a_file/blob.bin"; then
	echo "ok $n extracted_file_has_the_sent_bytes"
else
	echo "not ok $n extracted_file_has_the_sent_bytes"
	failed=$((failed + 1))
fi
echo "# rig: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
