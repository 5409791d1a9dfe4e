# KHO round trip: the test serializer preserves 64 MiB, every other page
# (>1000 runs in the map), the blob goes over kexec -s, the next kernel
# verifies every page.
vm_plan 8

echo fragmented >$KHO_TEST/layout

check "stage1: scratch area reserved" test "$(cat $KHO/scratch_len)" != 0x0
check "stage1: inactive at boot" test "$(cat $KHO/active)" = 0
check "stage1: echo 1 > active" kho_activate
check "stage1: active reads 1" test "$(cat $KHO/active)" = 1
check "stage1: test serializer holds 64 MiB" test "$(cat $KHO_TEST/pages)" -ge 16384
kho_copy_blob $KHO /tmp/kho-out.dtb
check "stage1: blob decodes with dtc" sh -c 'dtc -I dtb -O dts -o /tmp/kho-out.dts /tmp/kho-out.dtb'
check "stage1: blob has the kho-test node" fdtget /tmp/kho-out.dtb /kho-test compatible
check "stage1: kho-check finds the outgoing blob valid" kho-check /tmp/kho-out.dtb
vm_copyout /tmp/kho-out.dtb kho-out.dtb
vm_copyout /tmp/map kho-out.map
# kho-meta stamps its two times again at kexec -e, in place: the blob
# the next kernel reads differs from this copy there, and only there.
vm_kexec_next kho_out_sha=$(blob_sha /tmp/kho-out.dtb) kho_out_len=$(wc -c </tmp/kho-out.dtb) \
	kho_map_sha=$(sha256sum /tmp/map | cut -c1-16)
