# One sample of the guest RAM restore cost: a bench_mib MiB khofs file
# (fallocate, so each block is as large as the allocator gives), a memcpy
# of the same bytes as the baseline of this run, then a KHO kexec.
mib=$(vm_param bench_mib)
vm_plan 3
check "stage1: mount -t khofs" sh -c 'mkdir -p /mnt/khofs && mount -t khofs none /mnt/khofs'
check "stage1: ${mib} MiB file" fallocate -l "${mib}M" /mnt/khofs/ram
ktap_diag "bench $(khofs-tool memcpy /mnt/khofs/ram | cut -d' ' -f1)"
echo 1 >$KHO_TEST/size_mb
check "stage1: echo 1 > active" kho_activate
dmesg | sed -n 's/.*khofs: KHO: dumped .* \([0-9]*\) extents (\([0-9]*\) ranges).*/bench extents=\1 ranges=\2/p' |
	tail -n 1 | while read -r l; do ktap_diag "$l"; done
vm_kexec_next
