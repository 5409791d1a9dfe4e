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
# expect NAME WANT_STATUS QEMU_STATUS [DIAG]: serial log on stdin; data.log
# from $data, the test directory (host-check.sh) from $testdir. DIAG, when
# given, must be in result.ktap: the run fails for the reason under test.
expect() {
	local name=$1 want=$2 qemu=$3 diag=${4:-} dir=$tmp/$1 got=0
	mkdir -p "$dir"
	cat >"$dir/serial.log"
	printf '%s' "${data:-}" >"$dir/data.log"
	"$parse" "$name" "$dir" "$qemu" ${testdir:+"$testdir"} >"$dir/out" || got=$?
	n=$((n + 1))
	if [ "$got" = "$want" ] && [ -s "$dir/result.ktap" ] &&
		{ [ -z "$diag" ] || grep -qF -- "$diag" "$dir/result.ktap"; }; then
		echo "ok $n $name"
	else
		sed 's/^/# /' "$dir/out"
		echo "not ok $n $name (exit $got, wanted $want${diag:+ with \"$diag\"})"
		failed=$((failed + 1))
	fi
}

# stage N RESULTS: /init's line before stage N and the stage's vm_plan.
stage() {
	printf '# vmtest t stage %s (kernel 6.12, up 1.0s)\nKHO-VMTEST-PLAN stage %s results %s\n' "$1" "$1" "$2"
}
done=$'KHO-VMTEST-DONE stage 2\n'
good=$'[    0.1] Linux version 6.12\r\n# vmtest t stage 1 (kernel 6.12, up 1.0s)\r\nKHO-VMTEST-PLAN stage 1 results 1\r\nok 1 stage1: a\r\n'
good+=$'[    0.2] Linux version 6.12\n'$(stage 2 1)$'\nok 2 stage2: b\n'$done
# with LINE...: the good log with LINEs before the done marker.
with() {
	printf '%s' "${good%"$done"}"
	printf '%s\n' "$@"
	printf '%s' "$done"
}
# file NAME CONTENT: a data.log block sending CONTENT as NAME.
file() {
	printf '@@KHO-FILE %s\n%s\n@@KHO-END %s %s\n' "$1" "$(printf '%s' "$2" | base64)" \
		"$1" "${#2}"
}
# host_check MODE BODY: a test directory whose host-check.sh has BODY.
host_check() {
	testdir=$tmp/testdir-$((n + 1))
	mkdir -p "$testdir"
	printf '#!/bin/sh\n%s\n' "$2" >"$testdir/host-check.sh"
	chmod "$1" "$testdir/host-check.sh"
}

echo "KTAP version 1"
echo "1..27"
data= testdir=
expect passes_a_complete_chain 0 0 <<<"$good"
expect fails_a_not_ok 1 0 'not ok 2 b' <<<"$(stage 1 2)"$'\nok 1 a\nnot ok 2 b\n'"$done"
expect fails_without_done_marker 1 0 'never reported done' <<<"$(stage 1 2)"$'\nok 1 a\nok 2 b'
expect fails_a_gap_in_numbering 1 0 'numbered 3, expected 2' \
	<<<"$(stage 1 2)"$'\nok 1 a\nok 3 b\n'"$done"
expect fails_no_results 1 0 'no results reported' <<<"$(stage 1 0)"$'\n'"$done"
expect fails_on_timeout 1 124 'timed out' <<<"$good"
expect fails_on_kernel_panic 1 0 'Kernel panic' <<<"$(with 'Kernel panic - not syncing: x')"

# Kernel bug reports, anywhere in the chain, fail any test.
expect fails_a_kernel_warning 1 0 'kernel (serial.log): [    5.100000] WARNING: CPU: 0' \
	<<<"$(with '[    5.100000] WARNING: CPU: 0 PID: 1 at kernel/kho/core.c:12 kho_dump+0x1/0x2')"
expect fails_a_null_dereference 1 0 'BUG: kernel NULL pointer dereference' \
	<<<"$(with '[    5.1] BUG: kernel NULL pointer dereference, address: 0000000000000008')"
expect fails_an_oops 1 0 'Oops: 0000' <<<"$(with '[    5.1] Oops: 0000 [#1] PREEMPT SMP NOPTI')"
expect fails_a_bad_page_state 1 0 'BUG: Bad page state in process' \
	<<<"$(with '[    5.1] BUG: Bad page state in process swapper/0  pfn:12345')"
expect fails_a_soft_lockup 1 0 'watchdog: BUG: soft lockup' \
	<<<"$(with '[   30.0] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [sh:1]')"
expect fails_a_kernel_bug_at 1 0 'kernel BUG at mm/slub.c' \
	<<<"$(with '[    5.1] kernel BUG at mm/slub.c:1234!')"
data=$(file dmesg-stage2.txt $'[    0.1] Linux version 6.12\n[    9.9] WARNING: CPU: 1 PID: 77 at drivers/iommu/intel/kho.c:40 x+0x1/0x2') \
	expect fails_a_warning_only_in_a_stage_dmesg 1 0 'kernel (dmesg-stage2.txt): [    9.9] WARNING: CPU: 1' <<<"$good"
# ... but the stages' own words about them do not.
expect passes_diagnostics_that_name_warnings 0 0 <<<"$(with \
	'# stage2: no WARNING: or BUG: lines, no Oops: 0000, no Bad page state' \
	'# kernel BUG at none; Call Trace: none')"

# Each stage declares its results (vm_plan) and reports that many.
expect fails_a_stage_without_plan 1 0 'stage 2 declares no plan: it must call vm_plan N (it reported 1 results)' \
	<<<"$(printf '%s' "$good" | grep -v 'PLAN stage 2')"
expect fails_a_stage_short_of_its_plan 1 0 'stage 1 planned 2 results, reported 1' \
	<<<"$(printf '%s' "$good" | sed 's/stage 1 results 1/stage 1 results 2/')"
expect fails_a_stage_over_its_plan 1 0 'stage 2 planned 1 results, reported 2' \
	<<<"$(with 'ok 3 stage2: c')"
expect passes_plans_of_one_stage_adding_up 0 0 \
	<<<"$(with 'KHO-VMTEST-PLAN stage 2 results 1' 'ok 3 stage2: c')"

# The test's host-check.sh.
host_check 644 'exit 0'
expect fails_a_host_check_that_is_not_executable 1 0 'host-check.sh is not executable' <<<"$good"
host_check 755 'echo "boom in $(basename "$1")"; exit 3'
expect fails_a_failing_host_check 1 0 'host-check: boom in fails_a_failing_host_check' <<<"$good"
host_check 755 'test -s "$1/serial.log"'
expect passes_a_passing_host_check 0 0 <<<"$good"
# vtd-dma-inflight's: no DMA fault where none is expected.
testdir=$root/selftests/vmtests/vtd-dma-inflight
mkdir -p "$tmp/passes_vtd_dma_inflight_without_faults" "$tmp/fails_a_dma_fault_in_vtd_dma_inflight"
: >"$tmp/passes_vtd_dma_inflight_without_faults/qemu.log"
echo 'qemu-system-x86_64: vtd_iommu_translate: detected translation failure (dev=00:01:00, iova=0x100000)' \
	>"$tmp/fails_a_dma_fault_in_vtd_dma_inflight/qemu.log"
expect passes_vtd_dma_inflight_without_faults 0 0 <<<"$good"
expect fails_a_dma_fault_in_vtd_dma_inflight 1 0 'host-check: qemu.log: detected translation failure' \
	<<<"$good"
testdir=

data=$'@@KHO-FILE blob.bin\naGVsbG8=\n' \
	expect fails_a_cut_off_file 1 0 'transfer cut off' <<<"$good"
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
