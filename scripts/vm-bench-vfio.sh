#!/bin/bash
# How the VFIO keepalive handover scales with the guest memory a VMM has
# mapped: vfio-vmm keeps edu (as in the vfio-keepalive test) with N MiB
# more mapped through type1 (VFIO_VMM_MAP_MB), KHO dumps, the host kexecs
# and the VMM reopens with its token, which adopts the mappings. For each
# N it reports the chunks and blob bytes, echo 1 > active, the VFIO dump,
# the type1 adoption, the VMM's GET_DEVICE_FD with the token, and as the
# baseline the VMM's MAP_DMA of the same N MiB in the old kernel (pin and
# map). Also UNMAP_DMA of the adopted mapping and, in the new kernel, a
# fresh MAP_DMA and UNMAP_DMA of the same size. One VM boot per sample,
# sizes interleaved within each round.
#
# Usage: vm-bench-vfio.sh [REPS]   (default 3; sizes: VMBENCH_VFIO_MB,
#                                   default "0 16 64 256")
#        vm-bench-vfio.sh --report (the table of the last run again)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

outdir=$KHO_BUILD/vmbench-vfio
samples=$outdir/samples.txt

report() {
	python3 - "$samples" <<'PY'
import statistics, sys

rows = []
for line in open(sys.argv[1]):
    kv = dict(f.split('=', 1) for f in line.split())
    rows.append({k: int(v) for k, v in kv.items() if v.lstrip('-').isdigit()})
sizes = sorted({r['mb'] for r in rows})
by = {mb: [r for r in rows if r['mb'] == mb] for mb in sizes}

def med(mb, key):
    v = [r[key] for r in by[mb] if key in r]
    return statistics.median(v) if v else None

def spread(mb, key):
    v = [r[key] for r in by[mb] if key in r]
    return (min(v), max(v)) if v else (None, None)

def ms(us):
    return '-' if us is None else f'{us / 1000:.2f}'

print(f"samples per size: {', '.join(f'{mb} MiB: {len(by[mb])}' for mb in sizes)} "
      f"(medians; raw data: {sys.argv[1]})")
hdr = ['N MiB', 'chunks', 'blob B', 'vfio node B', 'echo 1 ms', 'dump ms', 'adopt ms',
       'GET_DEVICE_FD ms', 'fresh MAP_DMA ms', 'adopt/map']
print('| ' + ' | '.join(hdr) + ' |')
print('|' + '|'.join(' ---: ' for _ in hdr) + '|')
for mb in sizes:
    adopt, fmap = med(mb, 'adopt_us'), med(mb, 'map_dma_big_us')
    ratio = f'{adopt / fmap:.3f}x' if adopt is not None and fmap else '-'
    print(f"| {mb} | {med(mb, 'chunks'):.0f} | {med(mb, 'blob_bytes'):.0f} | "
          f"{med(mb, 'vfio_node_bytes'):.0f} | {ms(med(mb, 'activate_us'))} | "
          f"{ms(med(mb, 'dump_us'))} | {ms(adopt)} | {ms(med(mb, 'get_device_fd_us'))} | "
          f"{ms(fmap)} | {ratio} |")

print()
print('Spread (min..max over the samples, ms):')
keys = [('activate_us', 'echo 1'), ('dump_us', 'dump'), ('adopt_us', 'adopt'),
        ('get_device_fd_us', 'GET_DEVICE_FD'), ('map_dma_big_us', 'fresh MAP_DMA'),
        ('chunks', 'chunks (count)')]
print('| N MiB | ' + ' | '.join(n for _, n in keys) + ' |')
print('| ---: |' + '|'.join(' ---: ' for _ in keys) + '|')
for mb in sizes:
    cells = []
    for k, _ in keys:
        lo, hi = spread(mb, k)
        if lo is None:
            cells.append('-')
        elif k == 'chunks':
            cells.append(f'{lo}..{hi}')
        else:
            cells.append(f'{lo / 1000:.2f}..{hi / 1000:.2f}')
    print(f"| {mb} | " + ' | '.join(cells) + ' |')

print()
print('Per MiB and per chunk (N > 0; marginal = minus the N = 0 median):')
hdr = ['N MiB', 'chunks/MiB', 'B/chunk (vfio node)', 'dump us/MiB', 'dump marginal us/MiB',
       'adopt ns/chunk', 'adopt us/MiB', 'adopt marginal us/MiB', 'MAP_DMA us/MiB',
       'unmap adopted ms', 'new-kernel MAP_DMA ms', 'new-kernel UNMAP_DMA ms']
print('| ' + ' | '.join(hdr) + ' |')
print('|' + '|'.join(' ---: ' for _ in hdr) + '|')
base = 0 if 0 in sizes else None
for mb in sizes:
    if not mb:
        continue
    ch = med(mb, 'chunks')
    node = med(mb, 'vfio_node_bytes')
    node0 = med(base, 'vfio_node_bytes') if base is not None else None
    ch0 = med(base, 'chunks') if base is not None else 0
    adopt = med(mb, 'adopt_us')
    dump = med(mb, 'dump_us')
    marg = (f"{(adopt - med(base, 'adopt_us')) / mb:.1f}" if base is not None else '-')
    dmarg = (f"{(dump - med(base, 'dump_us')) / mb:.1f}" if base is not None else '-')
    bpc = f'{(node - node0) / (ch - ch0):.1f}' if node0 is not None and ch > ch0 else '-'
    print(f"| {mb} | {ch / mb:.1f} | {bpc} | {dump / mb:.1f} | {dmarg} | "
          f"{adopt * 1000 / ch:.0f} | {adopt / mb:.1f} | {marg} | "
          f"{med(mb, 'map_dma_big_us') / mb:.1f} | {ms(med(mb, 'unmap_dma_big_us'))} | "
          f"{ms(med(mb, 'map_dma_fresh_us'))} | {ms(med(mb, 'unmap_dma_fresh_us'))} |")
print()
print('chunks: physically contiguous pieces of the mappings (kernel log at adoption, equal to')
print('the blob\'s). vfio node B: its bytes in the blob\'s structure block. echo 1: the whole')
print('KHO dump seen from the shell (TSC), every serializer. dump: vfio\'s notifier (its log).')
print('adopt: type1\'s adoption (its log); GET_DEVICE_FD: the VMM\'s open with the token, which')
print('contains it. fresh MAP_DMA: the VMM mapping the same N MiB in the old kernel (pin + map')
print('of populated memory); adopt/map compares the two. Timed in one kernel each, so the')
print('columns of a row come from the same boot chain.')
PY
}

# --report: print the table again from the samples of the last run.
if [ "${1:-}" = --report ]; then
	report
	exit
fi

reps=${1:-3}
read -r -a sizes <<<"${VMBENCH_VFIO_MB:-0 16 64 256}"
extra=()
read -r -a extra <selftests/vmtests/vfio-keepalive/qemu-args
rm -rf "$outdir"
mkdir -p "$outdir"
: >"$samples"

say "VFIO handover scaling: $reps samples each of ${sizes[*]} MiB mapped ($(KHO_KVM=${KHO_KVM:-0}; [ "$KHO_KVM" = 1 ] && echo kvm || echo tcg))"
for i in $(seq "$reps"); do
	for mb in "${sizes[@]}"; do
		out=$outdir/$mb-$i
		status=0
		scripts/vm-run.sh "$out" 300 \
			"vmtest=vfio-scale stage=1 ktap_n=0 scale_mb=$mb" "${extra[@]}" || status=$?
		if ! scripts/vmtest-parse.py vfio-scale "$out" "$status" >/dev/null; then
			grep -a '^not ok' "$out/result.ktap" || true
			die "sample $i of $mb MiB failed; see $out/serial.log"
		fi
		line=$(grep -aoE '^# bench [a-z0-9_]+=[0-9]*' "$out/serial.log" |
			sed 's/^# bench //' | tr '\n' ' ')
		# The adoption must cover the whole big mapping plus the 8 KiB one,
		# and the blob must hold the chunks the kernel adopted.
		kib=$(sed -n 's/.*adopted_kib=\([0-9]*\).*/\1/p' <<<"$line")
		chunks=$(sed -n 's/.* chunks=\([0-9]*\).*/\1/p' <<<" $line")
		blob_chunks=$(sed -n 's/.*blob_chunks=\([0-9]*\).*/\1/p' <<<"$line")
		[ "$kib" = $((mb * 1024 + 8)) ] ||
			die "sample $i of $mb MiB: adopted ${kib:-?} KiB, want $((mb * 1024 + 8)); see $out"
		[ "$chunks" = "$blob_chunks" ] ||
			die "sample $i of $mb MiB: adopted ${chunks:-?} chunks, the blob has ${blob_chunks:-?}"
		echo "$line" >>"$samples"
		printf '    sample %d, %d MiB: %s chunks, adopted in %s us\n' "$i" "$mb" "$chunks" \
			"$(sed -n 's/.*adopt_us=\([0-9]*\).*/\1/p' <<<"$line")"
	done
done

report
