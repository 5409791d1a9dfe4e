# SPDX-License-Identifier: GPL-2.0
#
# ns per range against preserved ranges, log-log, for the dump and the
# incoming path, with their baselines. Reads kho-bench's data file.
#
#   gnuplot -e "dat='build/bench/bench.dat'; out='build/bench/perf.png'" plot.gp

if (!exists("dat")) dat = 'build/bench/bench.dat'
if (!exists("out")) out = 'build/bench/perf.png'

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
	set terminal pngcairo size 900,600 font ",10"
} else {
	set terminal png size 900,600
}
set output out

set title "KHO portable code in userspace: cost per preserved range (one node)"
set xlabel "preserved ranges"
set ylabel "ns per range"
set logscale xy 10
set format x "10^{%L}"
set grid xtics ytics
set key top right
set xrange [0.5:2e6]

# index 0 columns: ranges nodes blob_bytes dump_ns dump_ns_per_range
# memcpy_ns incoming_ns incoming_ns_per_range sum_ns check_ns
plot dat index 0 using 1:5 with linespoints lw 2 pt 7 title "dump (build + outgoing check)", \
     dat index 0 using 1:8 with linespoints lw 2 pt 5 title "incoming (check + reserve stand-in)", \
     dat index 0 using 1:($6/$1) with linespoints dt 2 pt 6 title "baseline: memcpy of the blob", \
     dat index 0 using 1:($9/$1) with linespoints dt 2 pt 4 title "baseline: loop over the ranges", \
     20 with lines dt 3 lc rgb "gray40" title "dump target: 20 ns per range"
