#!/bin/bash
# Run each libFuzzer target for a bounded time on the seed corpus plus what
# earlier runs found; print one KTAP result per target with its figures.
# Usage: run-fuzzers.sh OUT SECONDS TARGET[=LAYOUT][:SECONDS]...
# (a target's own SECONDS overrides the default; fuzz_node=LAYOUT runs the
# generic node target on the registered layout of that compatible)
set -uo pipefail
out=$1 default_seconds=$2
shift 2

echo "KTAP version 1"
echo "1..$#"
n=0 failed=0
for arg in "$@"; do
	n=$((n + 1))
	spec=${arg%%:*}
	seconds=$default_seconds
	[ "$spec" = "$arg" ] || seconds=${arg#*:}
	bin=${spec%%=*} layout=
	[ "$bin" = "$spec" ] || layout=${spec#*=}
	t=$bin${layout:+-$layout}
	dir=$out/$t
	mkdir -p "$dir/corpus"
	log=$dir/fuzz.log
	# -timeout: an input that runs 10 s is a hang (libFuzzer's default
	# waits 20 minutes), reported as a failure with its timeout-* file.
	(cd "$dir" && KHO_FUZZ_NODE=$layout "$out/bin/$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
		-print_final_stats=1 corpus "$out/seeds") >"$log" 2>&1
	status=$?
	runs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+')
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+')
	if [ $status -eq 0 ] && [ -n "$runs" ]; then
		echo "ok $n $t # ${runs} runs in ${seconds}s, ${cov:-?} coverage points, corpus $(ls "$dir/corpus" | wc -l) inputs"
	else
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -n 5 | sed 's/^/# /'
		echo "not ok $n $t # crash or error, see ${log#$PWD/} and crash-* or timeout-* in $dir"
		failed=$((failed + 1))
	fi
done
echo "# fuzz: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
