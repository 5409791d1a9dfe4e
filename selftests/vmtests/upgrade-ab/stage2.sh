# Build B: its VFIO modules load after boot, the owner step registers
# then and finds E still waiting (INCOMING, mastering, behind its
# verified translation); the VMM reclaims E with its token and finds the
# DMA that ran during the kexec; the test serializer reads A's v1 state
# after deferred struct page init; B's own dump is kho-test-v2.
# Plan: 10 checks, kho_check_incoming 9, vmm stage2 49, 6 checks
vm_plan 74
ktap_diag "kernel B: $(uname -r)"
check "stage2: this is build B (uname -r ends in -kho-b)" \
	sh -c 'case $(uname -r) in *-kho-b) ;; *) exit 1 ;; esac'
check "stage2: B initialized its struct pages deferred" \
	sh -c 'dmesg | grep -q "deferred pages initialised"'
kho_check_incoming 1
check "stage2: B read A's test node at version 1" test "$(kho_result version)" = 1
check "stage2: no 'state is not used' warning for the v1 node" \
	sh -c '! dmesg | grep -q "node kho-test .*its state is not used"'
check "stage2: E awaits its owner with VFIO not loaded yet" \
	test ! -e /sys/bus/pci/devices/$E/driver
check "stage2: E still masters while it waits" bus_master_on $E
check "stage2: vm_load_vfio_modules" vm_load_vfio_modules
ktap_diag "modules: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
check "stage2: vfio_pci is a loaded module" grep -q "^vfio_pci " /proc/modules
check "stage2: the owner step checked its records at module load" \
	sh -c 'dmesg | grep -q "owner step registered after boot"'
check "stage2: vfio-pci bound E when it loaded" test "$(driver_of $E)" = vfio-pci
vmm stage2 stage2 $E $VMM_STATE
check "stage2: no DMAR fault logged" test -z "$(dmar_faults)"
# B's own handover: the test node at its newer version.
echo 8 >$KHO_TEST/size_mb
check "stage2: echo 1 > active on B" kho_activate
kho_copy_blob $KHO /tmp/kho-b.dtb
vm_copyout /tmp/kho-b.dtb kho-b.dtb
check "stage2: B writes the test node at v2" \
	test "$(fdtget /tmp/kho-b.dtb /kho-test compatible)" = kho-test-v2
check "stage2: kho-dump shows kho-test-v2" sh -c 'kho-dump /tmp/kho-b.dtb | grep -q kho-test-v2'
check "stage2: kho-check finds B's blob valid" kho-check /tmp/kho-b.dtb
check "stage2: no oops or warning" no_oops
vm_done
