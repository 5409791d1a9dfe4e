#!/bin/bash
# Guest RAM restore cost: a khofs file of 1 GiB (and 256 MiB) handed over
# by KHO; the new kernel's restore (claim the pages, rebuild the large
# folios, put them back into the page cache) against one memcpy of the
# same bytes in the old kernel of the same run. Nothing is copied by the
# handover, so the ratio should stay well below 1. Prints the table and a
# summary line.
#
# Usage: vm-bench-guestram.sh [REPS]   (default 3)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

outdir=$KHO_BUILD/vmbench-guestram
reps=${1:-3}
rm -rf "$outdir"
mkdir -p "$outdir"
samples=$outdir/samples.txt
: >"$samples"

say "guest RAM restore: $reps samples each of a 256 MiB and a 1 GiB khofs file (VM with 3 GiB, tcg)"
for i in $(seq "$reps"); do
	for mib in 256 1024; do
		out=$outdir/$mib-$i
		status=0
		KHO_VM_MEM=3G scripts/vm-run.sh "$out" 300 \
			"vmtest=guestram-restore stage=1 ktap_n=0 bench_mib=$mib" || status=$?
		if ! scripts/vmtest-parse.py guestram-restore "$out" "$status" >/dev/null; then
			cat "$out/result.ktap"
			die "sample $i of $mib MiB failed; see $out/serial.log"
		fi
		val() { grep -aoE "bench .*$1=[0-9]+" "$out/serial.log" | sed "s/.*$1=\([0-9]*\).*/\1/" | head -n 1; }
		echo "$mib $(val memcpy_us) $(val restore_us) $(val claim_us) $(val extents) $(val ranges)" >>"$samples"
		printf '    sample %d, %d MiB: done\n' "$i" "$mib"
	done
done

python3 - "$samples" <<'PY'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1])]
by = {}
for mib, cp, rs, cl, ext, rng in rows:
    by.setdefault(mib, []).append((cp, rs, cl, ext, rng))
print(f"{'file':>8} | {'memcpy':>10} | {'restore':>10} | {'of which claim':>14} | {'restore/memcpy':>14} | {'extents/GiB':>11} | {'ranges/GiB':>10}")
for mib, v in sorted(by.items()):
    cp = statistics.median(x[0] for x in v)
    rs = statistics.median(x[1] for x in v)
    cl = statistics.median(x[2] for x in v)
    ext = statistics.median(x[3] for x in v) * 1024 / mib
    rng = statistics.median(x[4] for x in v) * 1024 / mib
    print(f"{mib:>5} MiB | {cp / 1000:7.1f} ms | {rs / 1000:7.1f} ms | {cl / 1000:11.1f} ms | {rs / cp:13.3f}x | {ext:11.1f} | {rng:10.1f}")
v = by[max(by)]
print(f"guestram: 1 GiB restore {statistics.median(x[1] for x in v) / 1000:.1f} ms = "
      f"{statistics.median(x[1] / x[0] for x in v):.3f}x a memcpy of it; "
      f"{statistics.median(x[3] for x in v) * 1024 / max(by):.0f} extents per GiB (medians of {len(v)})")
PY
