# SPDX-License-Identifier: GPL-2.0
#
# make vmbench-scale: the new kernel's KHO boot work and the map's size
# against preserved GiB, one line per layout. Reads the table
# scripts/vm-bench-scale.sh writes (one gnuplot index per layout, in the
# order contiguous, extents2m, fragmented).
#
#   gnuplot -e "dat='build/vmbench-scale/scale.dat'; out='docs/perf-scale.png'" scripts/vm-bench-scale.gp

if (!exists("dat")) dat = 'build/vmbench-scale/scale.dat'
if (!exists("out")) out = 'build/vmbench-scale/perf-scale.png'

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 1100,500 font ",10"
} else {
	set terminal png size 1100,500
}
set output out

# Each block starts with a line naming its layout (the plots' titles)
# and the columns: 1 layout, 2 GiB, 3 pages, 4 runs, 5 regions, 6 map_bytes,
# 7 bytes_per_page, 8 used_bytes_per_page, 9 activate_ms, 10 fill_ms,
# 11 check_ms, 12 consume_ms, 13 boot_ms, 14 boot_ms_per_gib,
# 15 blackout_ms, 16 vs_plain, 17 share_pct, 18 claim_ms
stats dat using 0 nooutput
nblocks = STATS_blocks

set multiplot layout 1,2 title "KHO preserved-memory map in an 8 GiB VM (TCG)"

set title "new kernel's KHO boot work (map check + reservation)"
set xlabel "preserved GiB"
set ylabel "ms"
set grid xtics ytics
set key top left
set xrange [0:6.5]
set yrange [0:*]
plot for [i=0:nblocks-1] dat index i using 2:13 with linespoints lw 2 pt 7 \
	title columnheader(1)

set title "map size"
set ylabel "map bytes"
set logscale y 10
set yrange [*:*]
set key top left
plot for [i=0:nblocks-1] dat index i using 2:6 with linespoints lw 2 pt 7 \
	title columnheader(1)
unset multiplot
