# The VMM (vfio-vmm stage1 with a RAMFILE) keeps its guest RAM in a 4 MiB
# khofs file mapped MAP_SHARED: the 8 KiB buffer (file offset 0, IOVA
# 0x100000) and the file's last 2 MiB (IOVA 0x800000) are mapped for DMA;
# edu E goes into keepalive and a DMA into the buffer lands during the
# kexec. The dump must mark every chunk borrowed from the khofs node.
# A kernel without khofs skips the whole test (one SKIP result).
# Plan: mount 1, vmm bind 4, vmm_start 39, kho_out 3, 6 nodes (E behind a
# root port), 4 checks, the kexec 1.
if ! grep -qw khofs /proc/filesystems; then
	# Until fs/khofs merges: one skipped result, and nothing else runs.
	vm_plan 1
	ktap_skip "stage1: guest RAM on khofs" "this kernel has no khofs filesystem"
	vm_done
fi
vm_plan 58
TOKEN=$(cat /proc/sys/kernel/random/uuid)
check "stage1: mount -t khofs none $KHOFS" khofs_mount || vm_halt
vmm stage1 bind $E
vmm_start stage1 "$TOKEN" || vm_halt
kho_out || vm_halt
check_blob_nodes $E
check "stage1: the blob has the khofs node" blob_has /khofs
check "stage1: vfio counted its chunks in khofs files at the dump" \
	sh -c 'dmesg | grep -Eq "vfio: KHO: dumped .*, [1-9][0-9]* chunks in khofs files"'
check "stage1: kho-dump shows guest RAM borrowed from khofs" \
	grep -q "borrowed_from_khofs = 2105344 bytes" /tmp/kho-out.txt
# Every mapped page is in the file: vfio's own mem is empty.
check "stage1: vfio's mem holds none of the guest RAM (empty)" \
	test -z "$(fdtget -t x /tmp/kho-out.dtb /vfio mem)"
vmm_go_kexec
