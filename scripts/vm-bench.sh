#!/bin/bash
# Kexec blackout with and without KHO: time from kexec -e in the old
# kernel to /init in the new one, read from the TSC (which survives kexec),
# for a plain kexec -s and for KHO handovers of 1 and 64 MiB of test state.
# Runs REPS samples of each, interleaved, and prints medians and ratios.
# Also reports how long echo 1 > /sys/kernel/kho/active took.
#
# Usage: vm-bench.sh [REPS]   (default 5)
#        vm-bench.sh --report (the table of the last run again)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

outdir=$KHO_BUILD/vmbench
samples=$outdir/samples.txt

report() {
	python3 - "$samples" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
res = {}
for label, hz, t0, t1, act, rsv in rows:
    ms = (int(t1) - int(t0)) / float(hz) * 1000
    res.setdefault(label, []).append((ms, act, rsv))
base = statistics.median(ms for ms, *_ in res['plain'])
print(f"{'state':>14} | {'blackout median':>15} | {'min':>9} | {'max':>9} | {'vs plain':>8} | "
      f"{'KHO boot work':>13} | {'share':>6} | echo 1 > active")
for name in res:
    v = [ms for ms, _, _ in res[name]]
    acts = [float(a) for _, a, _ in res[name] if a != '-']
    rsv = [int(r) / 1000 for _, _, r in res[name] if r != '-']
    med = statistics.median(v)
    act = f"{statistics.median(acts):.2f} s" if acts else "-"
    work = f"{statistics.median(rsv):10.2f} ms" if rsv else f"{'-':>13}"
    share = f"{statistics.median(rsv) / med * 100:5.2f}%" if rsv else f"{'-':>6}"
    print(f"{name:>14} | {med:12.1f} ms | {min(v):6.1f} ms | {max(v):6.1f} ms | "
          f"{med / base:7.3f}x | {work} | {share} | {act}")
print("KHO boot work: the new kernel's kho_reserve_incoming() (check + memblock_reserve), from its TSC")
print(f"samples per row: {len(res['plain'])}; raw data: {sys.argv[1]}")
PY
}

# --report: print the table again from the samples of the last run.
if [ "${1:-}" = --report ]; then
	report
	exit
fi

reps=${1:-5}
# label:test-state-MiB:vtd
modes=(plain:0:0 kho-1MiB:1:0 kho-64MiB:64:0 kho-8MiB+vtd:8:1)
rm -rf "$outdir"
mkdir -p "$outdir"
: >"$samples"

say "kexec blackout: $reps samples each of plain kexec -s, KHO with 1 and 64 MiB, and 8 MiB + VT-d ($(KHO_KVM=${KHO_KVM:-0}; [ "$KHO_KVM" = 1 ] && echo kvm || echo tcg))"
for i in $(seq "$reps"); do
	for mode in "${modes[@]}"; do
		IFS=: read -r label mb vtd <<<"$mode"
		out=$outdir/$label-$i
		status=0
		scripts/vm-run.sh "$out" 180 \
			"vmtest=kexec-blackout stage=1 ktap_n=0 bench_mb=$mb bench_vtd=$vtd" || status=$?
		if ! scripts/vmtest-parse.py kexec-blackout "$out" "$status" >/dev/null; then
			cat "$out/result.ktap"
			die "sample $i of $label failed; see $out/serial.log"
		fi
		val() { grep -aoE "bench $1=[0-9]+" "$out/serial.log" | cut -d= -f2; }
		act=$(sed -n 's/.*echo 1 > active: \([0-9.]*\)s.*/\1/p' "$out/serial.log" | head -n 1)
		reserve=$(sed -n 's/.*checked and reserved in \([0-9]*\) us.*/\1/p' \
			"$out/dmesg-stage2.txt" | head -n 1)
		echo "$label $(val tsc_hz) $(val tsc_exec) $(val tsc_init) ${act:--} ${reserve:--}" >>"$samples"
		printf '    sample %d, %s: done\n' "$i" "$label"
	done
done

report
