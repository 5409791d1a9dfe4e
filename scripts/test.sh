#!/bin/bash
# make test: every test layer, installing what it needs first. Prints KTAP
# (one subtest per layer) and a closing "test: N passed, N failed" line;
# exits non-zero if anything failed or could not be built.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

scripts/deps.sh all || die "could not install dependencies"

layers=(userspace tools rig fuzz kernel-build checkpatch vmtest)
total_pass=0 total_fail=0 n=0
log_dir=$KHO_BUILD/logs
mkdir -p "$log_dir"

run_userspace() { make -s -C selftests/userspace; }
run_tools() { make -s -C tools/kho check; }
run_rig() { selftests/rig/test-vmtest-parse.sh; }
# Bounded: a smoke run of every fuzz target; make fuzz runs longer.
run_fuzz() { make -s -C selftests/fuzz FUZZ_SECONDS="${KHO_TEST_FUZZ_SECONDS:-30}"; }
run_kernel_build() { scripts/kernel-build.sh && scripts/initramfs.sh; }
run_checkpatch() { scripts/checkpatch.sh; }
run_vmtest() { scripts/vmtest.sh; }

echo "KTAP version 1"
echo "1..${#layers[@]}"
for layer in "${layers[@]}"; do
	n=$((n + 1))
	log=$log_dir/test-$layer.log
	start=$(now_ms)
	"run_${layer//-/_}" 2>&1 | tee "$log" | sed -u 's/^/    /'
	status=${PIPESTATUS[0]}
	elapsed=$(fmt_ms $(($(now_ms) - start)))
	# Layers that run several tests end with "# <name>: P passed, F failed".
	counts=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$counts" ]; then
		p=${counts%% passed*}
		f=${counts#*, }
		f=${f%% failed*}
	else
		p=$((status == 0)) f=$((status != 0))
	fi
	[ "$status" = 0 ] || [ "$f" -gt 0 ] || f=1
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	if [ "$status" = 0 ]; then
		echo "ok $n $layer # $elapsed"
	else
		echo "not ok $n $layer # $elapsed, log: build/logs/test-$layer.log"
	fi
done
echo "test: $total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
