#!/bin/bash
# Run vmtests (default: every directory in selftests/vmtests) and print one
# KTAP result per test. Each test leaves build/vmtest/<test>/serial.log,
# result.ktap and the files its stages copied out.
#
# A vmtest directory holds stage1.sh, stage2.sh, ... (see docs/testing.md)
# and optionally "timeout" (seconds, default 180), "qemu-args" (@BUILD@
# stands for the build directory, e.g. for build/qemu-disk.img), "cmdline"
# (extra arguments for the first kernel's command line, which the stages
# carry on to the next kernels), "mem" (the VM's RAM, KHO_VM_MEM, e.g. 4G;
# default 1G), "scratch" (kho_scratch=, KHO_VM_SCRATCH; default computed
# from the RAM by vm_scratch_default in lib.sh), and an executable "host-check.sh OUTDIR"
# that checks the copied-out files (run by vmtest-parse.py; one that is not
# executable fails the test).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	for d in selftests/vmtests/*/; do
		tests+=("$(basename "$d")")
	done
fi

echo "KTAP version 1"
echo "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	dir=selftests/vmtests/$t
	out=$KHO_BUILD/vmtest/$t
	if [ ! -f "$dir/stage1.sh" ]; then
		echo "not ok $n $t # no $dir/stage1.sh"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$out"
	mkdir -p "$out"
	limit=$(cat "$dir/timeout" 2>/dev/null || echo 180)
	extra=()
	[ ! -f "$dir/qemu-args" ] || read -r -a extra <"$dir/qemu-args"
	[ ${#extra[@]} -eq 0 ] || extra=("${extra[@]//@BUILD@/$KHO_BUILD}")
	append="vmtest=$t stage=1 ktap_n=0"
	[ ! -f "$dir/cmdline" ] || append="$append $(cat "$dir/cmdline")"
	mem=$(cat "$dir/mem" 2>/dev/null || echo "${KHO_VM_MEM:-1G}")
	scratch=$(cat "$dir/scratch" 2>/dev/null || echo "${KHO_VM_SCRATCH:-}")
	start=$(now_ms)
	status=0
	KHO_VM_MEM=$mem KHO_VM_SCRATCH=$scratch scripts/vm-run.sh "$out" "$limit" "$append" \
		"${extra[@]}" || status=$?
	elapsed=$(($(now_ms) - start))
	echo "$elapsed" >"$out/elapsed-ms"
	if scripts/vmtest-parse.py "$t" "$out" "$status" "$dir"; then
		echo "ok $n $t # $(fmt_ms $elapsed) ($(cat "$out/accel"))"
	else
		echo "not ok $n $t # $(fmt_ms $elapsed), logs in build/vmtest/$t/"
		failed=$((failed + 1))
	fi
done
echo "# vmtest: $((n - failed)) passed, $failed failed"
[ $failed -eq 0 ]
