#!/bin/bash
# Guest RAM across a live update, two figures:
# 1. restore cost: a khofs file of 1 GiB (and 256 MiB) handed over by KHO;
#    the new kernel's restore (claim the pages, rebuild the large folios,
#    put them back into the page cache) against one memcpy of the same
#    bytes in the old kernel of the same run. Nothing is copied by the
#    handover, so the ratio should stay well below 1.
# 2. the guest-visible pause of the qemu-guest-resume vmtest (QEMU guest
#    on khofs RAM, host kexec between save and restore) and its split,
#    against the same save and restore without a kexec (qemu-guest-local)
#    in the same run.
# Prints the tables and summary lines.
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

# The pause: qemu-guest-resume against qemu-guest-local, as vmtests.
pauses=$outdir/pauses.txt
: >"$pauses"
for i in $(seq "$reps"); do
	for t in qemu-guest-local qemu-guest-resume; do
		out=$outdir/$t-$i
		dir=selftests/vmtests/$t
		read -r -a extra <"$dir/qemu-args"
		extra=("${extra[@]//@BUILD@/$KHO_BUILD}")
		status=0
		scripts/vm-run.sh "$out" "$(cat "$dir/timeout")" "vmtest=$t stage=1 ktap_n=0" \
			"${extra[@]}" || status=$?
		if ! scripts/vmtest-parse.py "$t" "$out" "$status" "$dir" >/dev/null; then
			cat "$out/result.ktap"
			die "sample $i of $t failed; see $out/serial.log"
		fi
		if [ $t = qemu-guest-local ]; then
			save=$(sed -n 's/.*# save: \([0-9]*\) ms.*quit \([0-9]*\) ms.*/\1 \2/p' "$out/serial.log" | head -n 1)
			restore=$(sed -n 's/.*# restore: \([0-9]*\) ms.*/\1/p' "$out/serial.log" | head -n 1)
			set -- $save
			echo "local $(($1 + $2)) $restore" >>"$pauses"
		else
			grep -aoE 'bench pause_ms=.*' "$out/serial.log" | tr -d '\r' | head -n 1 |
				sed 's/^bench /resume /' >>"$pauses"
		fi
		printf '    sample %d, %s: done\n' "$i" "$t"
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

python3 - "$pauses" <<'PY'
import statistics, sys
local, resume = [], []
for l in open(sys.argv[1]):
    f = l.split()
    if f[0] == 'local':
        local.append((int(f[1]), int(f[2])))
    else:
        resume.append({k: int(v) for k, v in (x.split('=') for x in f[1:])})
m = lambda xs: statistics.median(xs)
base = m(s + r for s, r in local)
p = {k: m(d[k] for d in resume) for k in resume[0]}
print()
print("guest-visible pause of qemu-guest-resume (stop to running again), medians, ms:")
print(f"  QEMU stop + save + quit {p['save_ms']:.0f} | kexec -e to /init {p['boot_ms']:.0f} | "
      f"/init to QEMU start {p['init_ms']:.0f} | QEMU start + load + cont {p['restore_ms']:.0f} | "
      f"total {p['pause_ms']:.0f}")
print(f"  outside the pause, guest running: echo 1 {p['active_ms']:.0f}, kexec -s load {p['load_ms']:.0f}")
print(f"  baseline, same run: save + quit + restore without a kexec (qemu-guest-local) {base:.0f}")
print(f"pause: {p['pause_ms']:.0f} ms = {p['pause_ms'] / base:.2f}x a save and restore without kexec; "
      f"kexec and boot {p['boot_ms'] / p['pause_ms'] * 100:.0f}% of it (medians of {len(resume)})")
PY
