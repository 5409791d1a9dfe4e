# Kernel A: the version policy refuses kho-test-v2 on its own, with one
# line, and adopts everything else: the VMM reclaims E with its token and
# finds the DMA that ran during the kexec.
# Plan: 6 checks, vmm stage2 49, 2 checks
vm_plan 57
ktap_diag "kernel A: $(uname -r)"
dmesg | grep "KHO: node" | while read -r line; do ktap_diag "$line"; done
check "stage2: this is build A" sh -c 'case $(uname -r) in *-kho-b) exit 1 ;; esac'
check "stage2: A refused kho-test for its version, in one line" \
	test "$(dmesg | grep -c 'KHO: node kho-test refused: compatible kho-test-v2 is not accepted (this kernel accepts: kho-test-v1)')" = 1
check "stage2: no other node was refused" \
	test "$(dmesg | grep -c 'KHO: node .* refused')" = 1
check "stage2: the test serializer found no state it reads" \
	test "$(cat $KHO_TEST/result)" = none
check "stage2: E is bound to vfio-pci at boot (its handover was kept)" \
	test "$(driver_of $E)" = vfio-pci
check "stage2: E still masters" bus_master_on $E
vmm stage2 stage2 $E $VMM_STATE
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
check "stage2: no oops or warning" no_oops
vm_done
