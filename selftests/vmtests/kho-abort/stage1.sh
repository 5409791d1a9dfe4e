# Abort and failure paths, in one kernel: 1/0 cycles leak nothing, a
# failing serializer fails the write and rolls back everyone, and the blob
# cannot be freed under a loaded kexec image.
vm_plan 20

blob_summary() { fdtget -l /tmp/blob.dtb / | tr '\n' ' '; cat $KHO_TEST/pages; }

check "stage1: first echo 1 > active" kho_activate
cp $KHO/dt /tmp/blob.dtb
single=$(blob_summary)
check "stage1: echo 0 > active" sh -c "echo 0 > $KHO/active"
check "stage1: abort freed the test serializer's pages" test "$(cat $KHO_TEST/pages)" = 0
check "stage1: dt is empty while inactive" test "$(wc -c <$KHO/dt)" = 0

free_before=$(free_kib)
cycles=0
for i in $(seq 20); do
	echo 1 >$KHO/active && echo 0 >$KHO/active && cycles=$((cycles + 1))
done
free_after=$(free_kib)
ktap_diag "free (MemFree and per-CPU lists) before 20 cycles ${free_before} kB, after ${free_after} kB"
check "stage1: 20 cycles of 1/0 all succeeded" test $cycles = 20
check "stage1: no pages held after the cycles" test "$(cat $KHO_TEST/pages)" = 0
# 64 MiB per cycle would show as 1.25 GiB lost; allow 2 MiB of noise.
check "stage1: free memory within 2 MiB after 20 cycles" \
	test $((free_before - free_after)) -lt 2048

check "stage1: echo 1 after the cycles" kho_activate
cp $KHO/dt /tmp/blob.dtb
check "stage1: same nodes and preserved pages as after a single 1" \
	test "$(blob_summary)" = "$single"
echo 0 >$KHO/active

echo 28 >$KHO_TEST/fail_dump
if echo 1 2>/tmp/err >$KHO/active; then failed=no; else failed=yes; fi
ktap_diag "failing dump: $(cat /tmp/err)"
check "stage1: a failing serializer fails the write" test $failed = yes
check "stage1: ... with its errno (ENOSPC)" grep -q "No space left" /tmp/err
check "stage1: ... leaves KHO inactive" test "$(cat $KHO/active)" = 0
check "stage1: ... and the serializers dumped before it were aborted" \
	test "$(cat $KHO_TEST/pages)" = 0
echo 0 >$KHO_TEST/fail_dump
check "stage1: KHO usable again after the failure" kho_activate

vm_kexec_load
check "stage1: echo 0 refused while a kexec image carries the blob" \
	sh -c "! echo 0 2>/dev/null >$KHO/active"
check "stage1: still active" test "$(cat $KHO/active)" = 1
kexec -s -u
check "stage1: echo 0 works after kexec -u" sh -c "echo 0 >$KHO/active"
check "stage1: dt_max can be changed while inactive" sh -c "echo 2097152 >$KHO/dt_max"
echo 1 >$KHO/active
check "stage1: dt_max cannot be changed while active" \
	sh -c "! echo 1048576 2>/dev/null >$KHO/dt_max"
echo 0 >$KHO/active
# Preserved memory lives in the map, not the blob: grow a node instead
# (khofs records every file, 200 long names are well over a page).
echo 4096 >$KHO/dt_max
mkdir -p /mnt/khofs && mount -t khofs none /mnt/khofs
for i in $(seq 200); do
	: >/mnt/khofs/a-file-name-long-enough-to-fill-the-blob-quickly-$i
done
check "stage1: a blob larger than dt_max fails with ENOSPC" \
	sh -c "! echo 1 2>/tmp/err >$KHO/active && grep -q 'No space left' /tmp/err && test \$(cat $KHO_TEST/pages) = 0"
rm -f /mnt/khofs/a-file-name-*
vm_done
