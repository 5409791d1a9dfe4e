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
# executable fails the test). A test that needs more kernels than build A
# lists them in "kernels" (b: build B with its modules, plain: Debian's
# kernel without KHO; see scripts/extra-kernels.sh; the VM then has
# /boot/bzImage-b, /boot/bzImage-plain) and may name the one QEMU boots
# first in "first-kernel" (a or b; default a).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	for d in selftests/vmtests/*/; do
		tests+=("$(basename "$d")")
	done
fi

# Build the extra kernels the selected tests need, once for the run.
extras=$(for t in "${tests[@]}"; do
	cat "selftests/vmtests/$t/kernels" 2>/dev/null || true
done | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -u | tr '\n' ' ')
if [ -n "$extras" ]; then
	# shellcheck disable=SC2086
	scripts/extra-kernels.sh $extras >&2 || die "extra kernels ($extras) failed to build"
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
	initrd=$KHO_INITRAMFS kernel=$KHO_BZIMAGE
	if [ -f "$dir/kernels" ]; then
		initrd=$out/initrd.cpio.gz
		cat "$KHO_INITRAMFS" >"$initrd"
		for k in $(cat "$dir/kernels"); do
			cat "$KHO_BUILD/initramfs-$k.cpio.gz" >>"$initrd"
		done
	fi
	case $(cat "$dir/first-kernel" 2>/dev/null || echo a) in
	a) ;;
	b) kernel=$KHO_BUILD/kernel-b/arch/x86/boot/bzImage ;;
	*) die "$t: first-kernel must be a or b" ;;
	esac
	start=$(now_ms)
	status=0
	KHO_VM_MEM=$mem KHO_VM_SCRATCH=$scratch KHO_VM_KERNEL=$kernel KHO_VM_INITRD=$initrd \
		scripts/vm-run.sh "$out" "$limit" "$append" \
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
