# The VMM reopens E with its token (the adoption happens inside that
# GET_DEVICE_FD, timed), runs vfio-keepalive's stage 2 checks, then
# unmaps the adopted big mapping and maps and unmaps one afresh, timed.
mb=$(vm_param scale_mb)
vm_plan $((52 + 6 * (${mb:-0} != 0)))	# vmm stage2 49 and 6 for the big mapping, 3 checks
check "stage2: incoming blob at /sys/firmware/kho/dt" test -s /sys/firmware/kho/dt
bench mem_free_kb_stage2 "$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
vmm stage2 stage2 $E $VMM_STATE
bench_vmm_times /tmp/vmm.out
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
dmesg >/tmp/dmesg2.txt
adopted=$(sed -n 's/.*KHO: adopted \([0-9]*\) DMA mappings (\([0-9]*\) chunks, \([0-9]*\) KiB) in \([0-9]*\) us.*/\1 \2 \3 \4/p' /tmp/dmesg2.txt)
check "stage2: type1 logged the adoption" test -n "$adopted"
set -- $adopted
bench adopted_maps "$1"
bench chunks "$2"
bench adopted_kib "$3"
bench adopt_us "$4"
bench reserve_us "$(sed -n 's/.*incoming state: .* checked and reserved in \([0-9]*\) us.*/\1/p' /tmp/dmesg2.txt)"
vm_done
