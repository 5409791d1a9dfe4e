#!/bin/bash
# Boot the test VM once: q35 with a VT-d IOMMU (DMA and interrupt
# remapping) and the edu DMA device, our kernel and initramfs, console on
# the first serial port, file channel on the second. The whole kexec chain
# happens inside this one QEMU process; a hard timeout bounds it.
#
# Usage: vm-run.sh OUTDIR TIMEOUT_SECONDS "EXTRA KERNEL ARGS" [QEMU ARGS...]
# Env:   KHO_KVM=1 tries KVM (probed with a timeout, falls back to TCG)
#        KHO_VM_MEM (default 1G), KHO_VM_CPUS (default 2)
#        KHO_VM_KERNEL, KHO_VM_INITRD: what QEMU boots (default build A and
#        build/initramfs.cpio.gz)
#        KHO_VM_SCRATCH: kho_scratch= (default from KHO_VM_MEM: 128M up to
#        2G, then RAM/16 + 128M, see vm_scratch_default in lib.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$1 limit=$2 append=$3
shift 3
mkdir -p "$out"

mem=${KHO_VM_MEM:-1G}
scratch=${KHO_VM_SCRATCH:-$(vm_scratch_default "$mem")}
qemu=(qemu-system-x86_64 -nodefaults -display none -no-reboot
	-machine q35,kernel-irqchip=split -m "$mem"
	-smp "${KHO_VM_CPUS:-2}" -cpu max
	-device intel-iommu,intremap=on -device edu
	-kernel "${KHO_VM_KERNEL:-$KHO_BZIMAGE}" -initrd "${KHO_VM_INITRD:-$KHO_INITRAMFS}")

# KVM has been seen to hang at "Booting from ROM" on these machines, so it
# is opt-in and must show a kernel banner within 20 s before it is used.
pick_accel() {
	local probe=$KHO_BUILD/vmtest/.kvm-probe
	if [ "${KHO_KVM:-0}" != 1 ]; then
		echo tcg
		return
	fi
	if [ ! -f "$probe.result" ]; then
		mkdir -p "$(dirname "$probe")"
		rm -f "$probe.log"
		timeout --kill-after=5 20 "${qemu[@]}" -accel kvm \
			-append 'console=ttyS0 panic=-1' -serial "file:$probe.log" \
			>/dev/null 2>&1 || true
		if grep -q 'Linux version' "$probe.log" 2>/dev/null; then
			echo kvm >"$probe.result"
		else
			warn "KVM probe did not boot within 20 s; using TCG"
			echo tcg >"$probe.result"
		fi
	fi
	cat "$probe.result"
}

accel=$(pick_accel)
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can
# miss its few ticks and panic ("timer doesn't work through
# Interrupt-remapped IO-APIC") before any code under test runs.
cmdline="console=ttyS0,115200 intel_iommu=on kho_scratch=$scratch panic=-1 oops=panic no_timer_check $append"
echo "$accel" >"$out/accel"
echo "$cmdline" >"$out/cmdline"
status=0
timeout --kill-after=5 "$limit" "${qemu[@]}" -accel "$accel" \
	-append "$cmdline" -serial "file:$out/serial.log" \
	-serial "file:$out/data.log" "$@" >"$out/qemu.log" 2>&1 || status=$?
exit $status
