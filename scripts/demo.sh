#!/bin/bash
# make demo: boot the test VM and run live updates with KHO, narrating from
# the VM's logs what happened at each step. Each act is a vmtest run as
# scripts/vmtest.sh runs it (its qemu-args, timeout, parser, host check).
#  1. kho-basic: the old kernel serializes state (the test serializer's
#     64 MiB in >1000 ranges), kexec -s hands it over, the new kernel
#     reserves, claims and verifies it.
#  2. vfio-keepalive: a VMM keeps a vfio-pci device alive across the kexec
#     with a token; the new kernel gives it back, DMA and MSI intact.
#  3. qemu-guest-resume: Debian's QEMU runs a guest whose RAM is a khofs
#     file; the guest is stopped and saved (RAM not copied), the host
#     kexecs, and a new QEMU resumes the guest: its counter goes on.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

demo=$KHO_BUILD/demo
rm -rf "$demo"

# demo_vm TEST OUT: run vmtest TEST into OUT; sets elapsed (ms).
demo_vm() {
	local dir=selftests/vmtests/$1 extra=() status=0 start
	[ ! -f "$dir/qemu-args" ] || read -r -a extra <"$dir/qemu-args"
	[ ${#extra[@]} -eq 0 ] || extra=("${extra[@]//@BUILD@/$KHO_BUILD}")
	start=$(now_ms)
	KHO_VM_MEM=$(cat "$dir/mem" 2>/dev/null || echo "${KHO_VM_MEM:-1G}") \
		KHO_VM_SCRATCH=$(cat "$dir/scratch" 2>/dev/null || echo "${KHO_VM_SCRATCH:-}") \
		scripts/vm-run.sh "$2" "$(cat "$dir/timeout" 2>/dev/null || echo 180)" \
		"vmtest=$1 stage=1 ktap_n=0" "${extra[@]}" || status=$?
	elapsed=$(($(now_ms) - start))
	if ! scripts/vmtest-parse.py "$1" "$2" "$status" "$dir" >/dev/null; then
		cat "$2/result.ktap"
		die "demo failed; see ${2#"$KHO_ROOT"/}/serial.log"
	fi
}

# kmsg PATTERN FILE: kernel log lines of the current act, timestamps cut.
kmsg() { grep -ahE "$1" "$out/$2" | sed 's/^\[ *[0-9.]*\] /    /'; }
# results PATTERN: the act's KTAP results whose description matches.
results() { grep -aE "^(not ok|ok) [0-9]+ .*($1)" "$out/serial.log" | tr -d '\r' | sed 's/^/    /'; }
# diags PATTERN: the act's diagnostic lines that match.
diags() { grep -aE "^# .*($1)" "$out/serial.log" | tr -d '\r' | sed 's/^# /    /'; }

test=kho-basic
out=$demo
say "kernel: $(cat "$KHO_BUILD/kernel-version.txt"), image $(du -k "$KHO_BZIMAGE" | cut -f1) KiB"
say "act 1: a live update with KHO"
say "booting q35 + intel-iommu (intremap=on) + edu under QEMU with kho_scratch=${KHO_VM_SCRATCH:-$(vm_scratch_default "${KHO_VM_MEM:-1G}")}"
demo_vm $test "$out"

say "1. old kernel: echo 1 > /sys/kernel/kho/active runs every serializer"
kmsg 'KHO test: dumped|KHO: blob ready|KHO: scratch' dmesg-stage1.txt
say "   the blob (/sys/kernel/kho/dt) decoded by kho-dump (plain dtc -I dtb decodes it too):"
"$KHO_BUILD/tools/kho-dump" "$out/kho-out.dtb" | sed 's/^/    /'
say "2. kexec -s -l bzImage ... && kexec -e: segments placed in scratch, blob passed in setup_data"
kmsg 'KHO: handing over' dmesg-stage1.txt
say "3. new kernel: blob checked and every preserved range reserved before any allocation"
kmsg 'KHO: incoming state' dmesg-stage2.txt
say "4. new kernel: the test serializer claims its node and verifies every page"
kmsg 'KHO test: verified' dmesg-stage2.txt
if cmp -s "$out/kho-out.dtb" "$out/kho-in.dtb"; then
	say "   /sys/firmware/kho/dt in the new kernel is byte-identical to the old kernel's blob ($(wc -c <"$out/kho-in.dtb") bytes)"
else
	die "incoming blob differs from the outgoing one"
fi
say "VM tests results:"
grep -aE '^(not ok|ok) [0-9]+ ' "$out/serial.log" | tr -d '\r' | sed 's/^/    /'
say "whole run (QEMU start, boot, dump, kexec, boot, verify, power-off; $(cat "$out/accel")): $(fmt_ms $elapsed)"
say "files: build/demo/{serial.log,kho-out.dtb,kho-in.dtb,dmesg-stage1.txt,dmesg-stage2.txt}"
act1=$elapsed

test=vfio-keepalive
out=$demo/vfio
E=0000:01:00.0
echo
say "act 2: a VM's passthrough device kept alive across the live update (VFIO keepalive)"
say "booting again, with edu $E and a second edu behind PCIe root ports (selftests/vmtests/$test/qemu-args)"
demo_vm $test "$out"

say "5. old kernel: a VMM (vfio-vmm) opens $E through vfio-pci, maps 8 KiB at IOVA 0x100000,"
say "   runs DMA and an MSI, sets markers, then keeps the device alive with a random token"
results 'stage1: (dma: MAP_DMA|msi: edu interrupt|keepalive: SET KEEP|keepalive: GET)'
kmsg "$E: KHO: (kept across|DMA translation|keepalive set)" dmesg-stage1.txt | sort -u
say "   a first dump freezes the keepalive and the container (EBUSY); aborting it thaws them"
results 'stage1: (dumped|aborted): (SET KEEP|MAP_DMA)'
say "6. echo 1 > active: PCI, VT-d and VFIO serialize the kept device (the dump that is kept)"
kmsg 'PCI: KHO: recorded|DMAR: KHO: dumped|vfio: KHO: (dumped|dump took)|KHO: blob ready' \
	dmesg-stage1.txt | tail -5
say "   kho-dump in the VM on /sys/kernel/kho/dt: the pci, intel-iommu and vfio nodes"
awk '/^[^ \t]/ { show = $1 == "pci" || $1 == "intel-iommu" || $1 == "vfio" }
	show' "$out/kho-out.txt" | sed 's/^/    /'
say "7. the VMM starts one more DMA (edu to RAM, it runs ~100 ms later) and exits;"
say "   kexec -s -e right away, so the DMA lands while the kernels change"
diags 'DMA running right after|DUMPED at go'
kmsg 'KHO: handing over' dmesg-stage1.txt
say "8. new kernel: PCI keeps $E as found (no reset, no BAR move), VFIO holds it for its owner,"
say "   VT-d adopts its translation and interrupt remapping entry"
kmsg 'KHO: incoming state|PCI: KHO|KHO: bridge kept|KHO: kept as found|vfio: KHO|DMAR: KHO' dmesg-stage2.txt
say "9. the VMM comes back: refused without the token, refused with another, accepted with its own"
results 'reopen: (without|with another|with the token|GET reports RESTORED)'
kmsg "$E: KHO: (this device was kept|incorrect token|unparked|adopted|restored)" dmesg-stage2.txt
say "10. the DMA in flight at kexec landed; new DMA works; an interrupt arrives through the preserved IRTE"
results 'memory: the DMA started|dma: (round trip through the fresh|the device (reads|writes) the adopted)|msi: (a new eventfd|the MSI message)'
kmsg "$E: KHO: vector" dmesg-stage2.txt
total=$(grep -caE '^ok [0-9]+ ' "$out/serial.log" || true)
say "VM test results: $total ok, none failed (the full list: build/demo/vfio/result.ktap)"
say "whole run (QEMU start, boot, VMM, dump, kexec, boot, reclaim, power-off; $(cat "$out/accel")): $(fmt_ms $elapsed)"
say "files: build/demo/vfio/{serial.log,kho-out.dtb,kho-out.txt,dmesg-stage1.txt,dmesg-stage2.txt}"
act2=$elapsed

test=qemu-guest-resume
out=$demo/guest
echo
say "act 3: a real VM's RAM survives the live update (khofs), and the VM resumes"
say "booting again; Debian's qemu-system-x86_64 comes from a virtio disk (build/qemu-disk.img)"
demo_vm $test "$out"
say "11. old kernel: QEMU runs a bare-metal guest whose RAM is /mnt/khofs/vm0.ram (share=on);"
say "    the guest counts and prints a checksum of its RAM:"
diags 'guest: start'
say "12. with the guest still running: echo 1 > active (khofs dumps its tree in place; QEMU's"
say "    writes into the RAM file go on), then kexec -s -l loads the next kernel"
kmsg 'khofs: KHO: dumped' dmesg-stage1.txt
say "13. the pause starts: QEMU stops the guest, writes its device state into a preallocated"
say "    khofs file with x-ignore-shared (the RAM stays in its file) and quits; kexec -e"
diags 'save: [0-9]|state file:'
diags 'last line before the stop' | sed -n 1p
say "14. kexec; the new kernel puts the same pages back into the same files at boot"
kmsg 'khofs: KHO: restored' dmesg-stage2.txt
say "15. a new QEMU on the same file resumes the guest: no restart, the count goes on, the same checksum"
diags 'first line after the resume|restore:'
results 'stage2: (the guest did not restart|the count goes on|the guest started once|\.\.\. is the one after)'
say "16. the guest-visible pause, stop to running again, and where it went (TSC; TCG inflates it):"
diags 'pause: '
act3=$elapsed
say "whole run: $(fmt_ms $act3)"
say "all three acts: $(fmt_ms $((act1 + act2 + act3)))"
