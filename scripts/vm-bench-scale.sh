#!/bin/bash
# Preserved memory at host scale (issue 14): an 8 GiB VM hands over the
# test serializer's state laid out contiguous (4 MiB blocks) and as
# separate 2 MiB extents, 1 to 6 GiB, and every other 4 KiB page, 0.5 to
# 3 GiB, each next to a plain kexec -s. For each case: the map's size, the
# time echo 1 > active took, the new kernel's KHO early-boot work (the
# map check right after e820 plus the one-pass reservation at mem_init,
# both from its log), that work's share of the kexec blackout (TSC from
# kexec -e to the new /init, as make vmbench measures it), and the time
# the claim of the preserved pages took.
#
# One VM per sweep (contiguous, extents2m, fragmented), each a chain of
# kexecs starting with the plain one (selftests/vmbench/kho-scale).
#
# Usage: vm-bench-scale.sh [REPS]   (default 1: each sweep once)
#        vm-bench-scale.sh --report (the table of the last run again)
# Env:   VMBENCH_SCALE_SWEEPS (default "contiguous extents2m fragmented")
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

outdir=$KHO_BUILD/vmbench-scale
samples=$outdir/samples.txt
mem=8G

sweep_cases() {
	case $1 in
	contiguous | extents2m) echo "plain,$1:1024,$1:2048,$1:4096,$1:6144" ;;
	fragmented) echo "plain,$1:512,$1:1024,$1:2048,$1:3072" ;;
	*) die "unknown sweep $1" ;;
	esac
}

# collect SWEEP OUT [partial]: one line of key=value per case of the
# sweep's VM run; with "partial", cases without their figures are skipped
# (a run that failed part-way) instead of failing.
collect() {
	python3 - "$@" <<'PY'
import re, sys
from pathlib import Path
sweep, out = sys.argv[1], Path(sys.argv[2])
serial = out.joinpath('serial.log').read_text(errors='replace')
bench = {}
for m in re.finditer(r'^# bench stage=(\d+) (.*)$', serial, re.M):
    st = bench.setdefault(int(m.group(1)), {})
    for kv in m.group(2).split():
        k, v = kv.split('=', 1)
        st[k] = v

def klog(stage, pattern):
    f = out / f'dmesg-stage{stage}.txt'
    if not f.exists():
        return None
    m = re.search(pattern, f.read_text(errors='replace'))
    return m

for k in sorted(bench):
    st = bench[k]
    if 'case' not in st or 'tsc_exec' not in st:
        continue
    nxt = bench.get(k + 1, {})
    if 'tsc_init' not in nxt:
        sys.exit(f'stage {k + 1} of sweep {sweep} reported no tsc_init')
    hz = int(st['tsc_hz'])
    case = st['case']
    row = {'sweep': sweep, 'case': case,
           'layout': case.split(':')[0],
           'mb': int(case.split(':')[1]) if ':' in case else 0,
           'blackout_us': (int(nxt['tsc_init']) - int(st['tsc_exec'])) * 1e6 / hz}
    if nxt.get('map_used', '').isdigit():
        row['map_used'] = int(nxt['map_used'])
    if 'activate_tsc' in st:
        row['activate_us'] = int(st['activate_tsc']) * 1e6 / hz
    m = klog(k, r'KHO test: dumped layout=\S+ pages=(\d+) runs=(\d+) .*alloc_fill_us=(\d+) preserve_us=(\d+)')
    if m:
        row.update(pages=int(m[1]), test_runs=int(m[2]), fill_us=int(m[3]),
                   preserve_us=int(m[4]))
    m = klog(k + 1, r'KHO: incoming state: (\d+) nodes, map (\d+) chunks (\d+) bytes, (\d+) regions, (\d+) runs, (\d+) KiB preserved')
    if m:
        row.update(nodes=int(m[1]), chunks=int(m[2]), map_bytes=int(m[3]),
                   regions=int(m[4]), runs=int(m[5]), kib=int(m[6]))
    m = klog(k + 1, r'KHO: preserved memory kept from the allocator: (\d+) runs merged into (\d+) reserved regions')
    if m:
        row.update(kept_runs=int(m[1]), reserved_regions=int(m[2]))
    # Timed with the TSC before it is calibrated, printed once it is.
    m = klog(k + 1, r'KHO: boot work: map checked in (\d+) us, runs reserved in (\d+) us, grouped by owner in (\d+) us, nodes checked in (\d+) us')
    if m:
        row.update(check_us=int(m[1]), consume_us=int(m[2]),
                   group_us=int(m[3]), nodes_us=int(m[4]))
    m = klog(k + 1, r'KHO test: verified incoming state: .* claim_us=(\d+) verify=(\S+) .*verify_us=(\d+)')
    if m:
        row.update(claim_us=int(m[1]), verify=m[2], verify_us=int(m[3]))
    if row['layout'] != 'plain':
        need = ('map_bytes', 'check_us', 'consume_us', 'claim_us', 'activate_us')
        missing = [n for n in need if n not in row]
        if missing:
            msg = f'{case}: no {", ".join(missing)} in the logs of stages {k}, {k + 1}'
            if len(sys.argv) > 3:
                print(f'skipped {msg}', file=sys.stderr)
                continue
            sys.exit(msg)
    print(' '.join(f'{k}={v:.0f}' if isinstance(v, float) else f'{k}={v}'
                   for k, v in row.items()))
PY
}

report() {
	python3 - "$samples" "$outdir/scale.dat" <<'PY'
import statistics, sys
rows = []
for line in open(sys.argv[1]):
    kv = dict(f.split('=', 1) for f in line.split())
    rows.append({k: (int(v) if v.lstrip('-').isdigit() else v) for k, v in kv.items()})
plain = [r['blackout_us'] for r in rows if r['layout'] == 'plain']
base = statistics.median(plain)
med = statistics.median
order = ['contiguous', 'extents2m', 'fragmented']
cases = sorted({(r['layout'], r['mb']) for r in rows if r['layout'] != 'plain'},
               key=lambda c: (order.index(c[0]) if c[0] in order else 9, c[1]))

def m(layout, mb, key):
    v = [r[key] for r in rows if r['layout'] == layout and r['mb'] == mb and key in r]
    return med(v) if v else None

print(f"plain kexec -s blackout: median {base / 1000:.1f} ms over {len(plain)} samples "
      f"({min(plain) / 1000:.1f}..{max(plain) / 1000:.1f} ms)")
hdr = ['layout', 'GiB', 'pages', 'map runs', 'regions', 'map bytes', 'B/page', 'used B/page',
       'echo 1 ms', 'of it: fill ms', 'check ms', 'consume ms', 'KHO boot ms',
       'ms/GiB', 'blackout ms', 'vs plain', 'share', 'claim ms', 'verify ms',
       'share with verify']
print('| ' + ' | '.join(hdr) + ' |')
print('| --- |' + '|'.join(' ---: ' for _ in hdr[1:]) + '|')
dat = open(sys.argv[2], 'w')
cols = ('GiB pages runs regions map_bytes bytes_per_page used_bytes_per_page activate_ms fill_ms '
        'check_ms consume_ms boot_ms boot_ms_per_gib blackout_ms vs_plain share_pct claim_ms '
        'verify_ms share_with_verify_pct')
dat.write(f'# one block per layout; its first line names the layout and the columns\n')
per_gib = {}
bpp = {}
ubpp = {}
for i, (layout, mb) in enumerate(cases):
    if not i or cases[i - 1][0] != layout:
        dat.write(('\n\n' if i else '') + f'{layout} {cols}\n')
    gib = mb / 1024
    pages, runs, regions = m(layout, mb, 'pages'), m(layout, mb, 'runs'), m(layout, mb, 'regions')
    mapb, used = m(layout, mb, 'map_bytes'), m(layout, mb, 'map_used')
    used_pp = f'{used / pages:.3f}' if used is not None else '-'
    act, fill = m(layout, mb, 'activate_us') / 1000, m(layout, mb, 'fill_us') / 1000
    check, cons = m(layout, mb, 'check_us') / 1000, m(layout, mb, 'consume_us') / 1000
    boot = med([r['check_us'] + r['consume_us'] for r in rows
                if r['layout'] == layout and r['mb'] == mb]) / 1000
    black = m(layout, mb, 'blackout_us') / 1000
    claim = m(layout, mb, 'claim_us') / 1000
    # Also in the blackout: the map grouped by owner and the node checks,
    # at the first reader or core_initcall.
    ver = [r['group_us'] + r['nodes_us'] for r in rows
           if r['layout'] == layout and r['mb'] == mb and 'nodes_us' in r]
    ver = med(ver) / 1000 if ver else None
    per_gib.setdefault(layout, []).append(boot / gib)
    bpp.setdefault(layout, []).append(mapb / pages)
    if used is not None:
        ubpp.setdefault(layout, []).append(used / pages)
    cells = [layout, f'{gib:g}', f'{pages:.0f}', f'{runs:.0f}', f'{regions:.0f}', f'{mapb:.0f}',
             f'{mapb / pages:.3f}', used_pp, f'{act:.0f}', f'{fill:.0f}', f'{check:.2f}', f'{cons:.2f}',
             f'{boot:.2f}', f'{boot / gib:.2f}', f'{black:.0f}', f'{black * 1000 / base:.3f}x',
             f'{boot / black * 100:.2f}%', f'{claim:.1f}',
             f'{ver:.1f}' if ver is not None else '-',
             f'{(boot + ver) / black * 100:.2f}%' if ver is not None else '-']
    print('| ' + ' | '.join(cells) + ' |')
    dat.write(' '.join([layout, f'{gib:g}', f'{pages:.0f}', f'{runs:.0f}', f'{regions:.0f}',
                        f'{mapb:.0f}', f'{mapb / pages:.4f}',
                        f'{used / pages:.4f}' if used is not None else '-', f'{act:.1f}', f'{fill:.1f}',
                        f'{check:.3f}', f'{cons:.3f}', f'{boot:.3f}', f'{boot / gib:.3f}',
                        f'{black:.1f}', f'{black * 1000 / base:.4f}', f'{boot / black * 100:.3f}',
                        f'{claim:.2f}', f'{ver:.2f}' if ver is not None else '-',
                        f'{(boot + ver) / black * 100:.3f}' if ver is not None else '-']) + '\n')
dat.close()
samples_per = {c: len([r for r in rows if (r['layout'], r['mb']) == c]) for c in cases}
print(f"samples per case: {min(samples_per.values())}..{max(samples_per.values())}; "
      f"raw data: {sys.argv[1]}; table: {sys.argv[2]}")
print("echo 1: the whole activation (test serializer allocating and filling its pages, "
      "then KHO building, encoding and checking the map); check: the map checked right "
      "after e820; consume: the one-pass reservation at mem_init; claim: kho_claim_node_mem(); "
      "verify: the runs grouped by owner and the node checks, later in boot")
if 'fragmented' in per_gib:
    f = per_gib['fragmented']
    if 'fragmented' in ubpp:
        print(f"fragmented map bytes the chunks use per preserved page: "
              f"{min(ubpp['fragmented']):.4f}..{max(ubpp['fragmented']):.4f} "
              f"(the summary counts whole chunks, as allocated)")
    print(f"scale: fragmented map bytes per preserved page {max(bpp['fragmented']):.3f}; "
          f"KHO boot work per GiB max/min {max(f) / min(f):.2f}")
else:
    print("scale: no fragmented sweep in this run")
PY
}

plot() {
	if ! command -v gnuplot >/dev/null; then
		warn "gnuplot not installed (apt-get install gnuplot-nox); no plot"
		return
	fi
	gnuplot -e "dat='$outdir/scale.dat'; out='$outdir/perf-scale.png'" \
		scripts/vm-bench-scale.gp
	say "plot: ${outdir#"$KHO_ROOT"/}/perf-scale.png"
}

if [ "${1:-}" = --report ]; then
	report
	plot
	exit
fi

reps=${1:-1}
read -r -a sweeps <<<"${VMBENCH_SCALE_SWEEPS:-contiguous extents2m fragmented}"
rm -rf "$outdir"
mkdir -p "$outdir"
: >"$samples"
start=$(now_ms)
failed=0
say "host-scale map: $reps run(s) of the sweeps ${sweeps[*]} in a $mem VM, kho_scratch=$(vm_scratch_default $mem) ($([ "${KHO_KVM:-0}" = 1 ] && echo kvm || echo tcg))"
for i in $(seq "$reps"); do
	for sweep in "${sweeps[@]}"; do
		out=$outdir/$sweep-$i
		status=0
		t0=$(now_ms)
		KHO_VM_MEM=$mem scripts/vm-run.sh "$out" 2400 \
			"vmtest=kho-scale stage=1 ktap_n=0 kho_test_defer scale_cases=$(sweep_cases "$sweep")" ||
			status=$?
		if ! scripts/vmtest-parse.py kho-scale "$out" "$status" >/dev/null; then
			grep -a '^not ok' "$out/result.ktap" || true
			warn "run $i of sweep $sweep failed; see ${out#"$KHO_ROOT"/}/serial.log; its complete cases are kept"
			failed=1
			collect "$sweep" "$out" partial >>"$samples" || true
			continue
		fi
		collect "$sweep" "$out" >>"$samples"
		printf '    run %d, %s: %s\n' "$i" "$sweep" "$(fmt_ms $(($(now_ms) - t0)))"
	done
done
say "all VM runs: $(fmt_ms $(($(now_ms) - start)))"
report
plot
[ $failed = 0 ] || die "some sweeps failed (above); the table has their complete cases only"
