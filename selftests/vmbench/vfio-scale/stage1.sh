# The VMM keeps E with its 8 KiB buffer plus scale_mb MiB mapped at IOVA
# 0x10000000 (MAP_DMA timed: the baseline). Then echo 1 > active, timed
# with the TSC, and the kexec with the usual in-flight DMA.
mb=$(vm_param scale_mb)
mb=${mb:-0}
# vmm bind 4, vmm_start 36 and 5 for the big mapping, 4 checks
vm_plan $((44 + 5 * (mb != 0)))
TOKEN=$(cat /proc/sys/kernel/random/uuid)
bench mb "$mb"
bench mem_free_kb "$(sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
vmm stage1 bind $E
# The test serializer's smallest state (one page), and the largest blob.
echo 0 >$KHO_TEST/size_mb
echo 4194304 >$KHO/dt_max
export VFIO_VMM_MAP_MB=$mb
vmm_start stage1 "$TOKEN" || vm_halt
unset VFIO_VMM_MAP_MB
bench_vmm_times $VMM_OUT
hz=$(tsc hz)
t0=$(tsc)
check "stage1: echo 1 > active" sh -c "echo 1 >$KHO/active"
t1=$(tsc)
bench activate_us $(((t1 - t0) / (hz / 1000000)))
kho_copy_blob $KHO /tmp/kho-out.dtb
check "stage1: kho-check finds the blob valid" kho-check /tmp/kho-out.dtb
bench blob_bytes "$(wc -c </tmp/kho-out.dtb)"
bench vfio_node_bytes "$(bench_fdt_bytes /tmp/kho-out.dtb /vfio)"
bench vfio_maps_bytes "$(bench_prop_bytes /tmp/kho-out.dtb /vfio/container@0 maps)"
bench vfio_mem_bytes "$(bench_prop_bytes /tmp/kho-out.dtb /vfio mem)"
check "stage1: kho-dump decodes the blob" sh -c 'kho-dump /tmp/kho-out.dtb >/tmp/kho-out.txt'
bench blob_chunks "$(awk '/^vfio /{v=1} v && /^\t\tchunks = /{print $3; exit}' /tmp/kho-out.txt)"
bench vtd_node_bytes "$(bench_fdt_bytes /tmp/kho-out.dtb /intel-iommu)"
dmesg >/tmp/dmesg1.txt
bench dump_us "$(sed -n 's/.*vfio: KHO: dump took \([0-9]*\) us.*/\1/p' /tmp/dmesg1.txt | tail -n 1)"
bench mem_ranges "$(sed -n 's/.*vfio: KHO: dumped .* containers, \([0-9]*\) page ranges.*/\1/p' /tmp/dmesg1.txt | tail -n 1)"
bench blob_ranges "$(sed -n 's/.*KHO: blob ready: [0-9]* nodes, \([0-9]*\) ranges.*/\1/p' /tmp/dmesg1.txt | tail -n 1)"
vmm_go_kexec
