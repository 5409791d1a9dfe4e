# Shared by the failclosed-* vmtests: a handover the next kernel refuses,
# wholly or for one device, must fail closed. As in vfio-keepalive, a VMM
# (vfio-vmm) keeps edu E alive with a token, but its 8 KiB buffer is mapped
# at IOVA CANARY, which as a host physical address is the canary
# (canary.sh, each test's `cmdline`: memmap=8K$0xf000000, inside edu's
# 28-bit DMA mask). Stage 1 fills the canary, breaks the handover at one
# layer and kexecs while E's DMA to CANARY + 2 KiB is in flight. Stage 2
# boots with iommu=pt, so a device without its preserved translation
# reaches physical memory untranslated, and with no driver for E (the
# built-in edu test driver's and vfio-pci's initcalls are blacklisted), so
# only the refusal itself can have stopped E. It proves:
#   - the DMA in flight across the kexec did not reach the canary,
#   - E's bus mastering is off,
#   - the refusal is one clear log line and the system is up,
#   - a DMA E is told to run now (registers poked through BAR0) does not
#     reach the canary either.
#
# Each test's lib.sh sets these, then sources this file:
#   FC_CORRUPT   written to the test serializer's corrupt knob in stage 1
#                (kernel/kho/test.c), empty for none
#   FC_MOVE_BAR  1: move E's BAR0 after the dump (vfio-keepalive-hostile)
#   FC_EXTRA_LEAF  an IOVA: before the dump, E's domain maps it onto a page
#                nobody preserves (kho_test/extra_leaf), empty for none
#   FC_DMA_DOMAIN  1: stage 2 keeps the default DMA domain instead of
#                iommu=pt (where a device that escaped would fault, or hit
#                another device's new mapping at the old IOVA)
#   FC_IOMMU_OFF  1: stage 2 boots with intel_iommu=off (the IOMMU is turned
#                off without init_dmars(); DMA would reach memory untranslated)
#   FC_REFUSED   "blob": the whole blob is refused; else the layer named in
#                E's refusal line: PCI, IOMMU or owner
#   FC_REASON    an extended regex the whole blob's refusal line must
#                match (FC_REFUSED=blob only), empty for any reason
#   FC_NODE_REFUSED  a node the blob verification must refuse on its own
#                (its layout's check fails), empty for none
#   FC_NODE_WHY  an extended regex that node's refusal reason must match,
#                empty for any reason
#   FC_VERSION_REFUSED  "NODE COMPAT ACCEPTED": the version policy refuses
#                NODE, whose compatible COMPAT this kernel does not accept
#                (it accepts ACCEPTED), in exactly one line; empty for none

# fc_stage1 and fc_stage2 declare their own plans (vm_plan), computed from
# what the test breaks.
. /vmtests/vfio-keepalive-hostile/lib.sh
. /vmtests/canary.sh

# Stage 2's extra command line: identity-mapped DMA, and no driver for E.
FC_NEXT_CMDLINE="initcall_blacklist=edu_driver_init,vfio_pci_init"
if [ "${FC_IOMMU_OFF:-0}" = 1 ]; then
	FC_NEXT_CMDLINE="intel_iommu=off $FC_NEXT_CMDLINE"
elif [ "${FC_DMA_DOMAIN:-0}" != 1 ]; then
	FC_NEXT_CMDLINE="iommu=pt $FC_NEXT_CMDLINE"
fi
ROOT_EDU=0000:00:01.0

fc_stage1() {
	# 2 canary + vmm bind 4 + vmm_start 36 + IOVA 1 + kho_out 3 + 3 nodes
	# + canary 1 + vmm_go_kexec 1, and one per breakage asked for.
	vm_plan $((51 + (${#FC_CORRUPT} > 0) + (FC_MOVE_BAR == 1) + (${#FC_EXTRA_LEAF} > 0)))
	TOKEN=$(cat /proc/sys/kernel/random/uuid)
	ktap_diag "canary $CANARY_HEX, $CANARY_SIZE bytes (memmap=$CANARY_SPEC)"
	check "stage1: the canary is reserved, not System RAM" canary_not_ram || vm_halt
	check "stage1: the canary is filled through /dev/mem" canary_fill || vm_halt
	vmm stage1 bind $E
	VFIO_VMM_IOVA=$CANARY_HEX
	export VFIO_VMM_IOVA
	vmm_start stage1 "$TOKEN" || vm_halt
	check "stage1: the VMM's buffer is at IOVA $CANARY_HEX (the canary's address)" \
		grep -qx "iova=$CANARY_HEX" $VMM_STATE
	if [ -n "$FC_EXTRA_LEAF" ]; then
		check "stage1: E's domain maps $FC_EXTRA_LEAF onto an unpreserved page" \
			sh -c "echo $E $FC_EXTRA_LEAF >$KHO_TEST/extra_leaf"
	fi
	kho_out || vm_halt
	for node in /pci/dev@$(sbdf $E) /vfio/dev@$(sbdf $E) /intel-iommu; do
		check "stage1: the blob has $node" blob_has $node
	done
	if [ -n "$FC_CORRUPT" ]; then
		check "stage1: the handover is to be broken: corrupt=$FC_CORRUPT" \
			sh -c "echo $FC_CORRUPT >$KHO_TEST/corrupt"
	fi
	if [ "$FC_MOVE_BAR" = 1 ]; then
		check "stage1: E's BAR0 moved inside the root port's window (sysfs config)" \
			bar0_move || vm_halt
	fi
	check "stage1: the canary is intact before the kexec" canary_intact
	vmm_go_kexec $FC_NEXT_CMDLINE
}

fc_no_driver() {
	[ -z "$(readlink /sys/bus/pci/devices/$E/driver)" ]
}

# fc_refused_blob: the whole blob refused, and the functions that were
# still mastering for it stopped (N >= 1).
fc_refused_blob() {
	check "stage2: no incoming blob exposed" test ! -e /sys/firmware/kho/dt
	check "stage2: the refusal of the whole blob is logged" \
		sh -c 'dmesg | grep -q "KHO: incoming state refused, booting without it: "'
	stopped=$(dmesg | sed -n 's/.*KHO: stopped \([0-9]*\) PCI function[s]* still mastering for the refused handover$/\1/p')
	check "stage2: one line says the PCI functions still mastering were stopped" \
		test "$(echo "$stopped" | grep -c .)" = 1
	check "stage2: it stopped at least one (E)" test "${stopped:-0}" -ge 1 2>/dev/null
	if [ -n "${FC_REASON:-}" ]; then
		check "stage2: the refusal says why: $FC_REASON" \
			sh -c 'dmesg | grep -E "KHO: incoming state refused, booting without it: $1"' _ "$FC_REASON"
	fi
}

fc_refusal_of_e() {
	dmesg | grep -F "KHO: $E: handover refused by "
}

# fc_refused_device LAYER: E alone refused, by LAYER, in one line.
fc_refused_device() {
	check "stage2: the rest of the blob was accepted" test -s /sys/firmware/kho/dt
	check "stage2: exactly one refusal line for E" \
		test "$(fc_refusal_of_e | grep -c .)" = 1
	check "stage2: it says: refused by $1, device stopped" \
		sh -c "dmesg | grep -qE 'KHO: $E: handover refused by $1: .+; device stopped\$'"
}

# fc_translation_dropped: no context entry of the old kernel survived for
# E: the unit was reset cold, adopted with no device kept, or turned off.
fc_translation_dropped() {
	dmesg | grep -q "DMAR: Translation was enabled for dmar0 but we are not in kdump mode" ||
		dmesg | grep -q "DMAR: KHO: dmar0: adopted translation: 0 devices kept" ||
		dmesg | grep -q "DMAR: KHO: dmar0: the IOMMU is turned off in this kernel; cold init"
}

# fc_set_master: turn E's bus mastering back on through sysfs config, as a
# driver binding it later would.
fc_set_master() {
	cmd=$((0x$(e_command) | 4))
	printf "\\$(printf %03o $((cmd & 255)))\\$(printf %03o $((cmd >> 8)))" |
		dd of=/sys/bus/pci/devices/$E/config bs=1 seek=4 conv=notrunc 2>/dev/null
	! e_not_mastering
}

# fc_faulted: the IOMMU refused a DMA write of E to the canary's address.
fc_faulted() {
	dmesg | grep -q "Request device \[01:00.0\] fault addr $CANARY_HEX"
}

fc_stage2() {
	# 11 own checks, the refusal's (4 for the blob, 3 for a device), and 4
	# more with the default DMA domain.
	if [ "$FC_REFUSED" = blob ]; then n=$((15 + (${#FC_REASON} > 0))); else n=14; fi
	n=$((n + (${#FC_NODE_REFUSED} > 0)))
	n=$((n + (${#FC_VERSION_REFUSED} > 0)))
	[ "${FC_DMA_DOMAIN:-0}" = 1 ] && n=$((n + 4))
	vm_plan $n
	ktap_diag "E=$E: command 0x$(e_command), driver '$(basename "$(readlink /sys/bus/pci/devices/$E/driver)")', override '$(cat /sys/bus/pci/devices/$E/driver_override)'"
	dmesg | grep -E "KHO: .*(refused|stopped|cold init|dropped)|KHO: $E" | while read -r line; do
		ktap_diag "$line"
	done
	if [ "${FC_IOMMU_OFF:-0}" = 1 ]; then
		check "stage2: intel_iommu=off is on the command line" \
			grep -qw intel_iommu=off /proc/cmdline
	elif [ "${FC_DMA_DOMAIN:-0}" = 1 ]; then
		check "stage2: the default DMA domain (no iommu=pt)" \
			sh -c '! grep -qw iommu=pt /proc/cmdline'
	else
		check "stage2: iommu=pt is on the command line" grep -qw iommu=pt /proc/cmdline
	fi
	check "stage2: neither the edu test driver nor vfio-pci registered" \
		test ! -e /sys/bus/pci/drivers/vtd-edu-test -a ! -e /sys/bus/pci/drivers/vfio-pci
	check "stage2: no driver is bound to E" fc_no_driver
	check "stage2: E has bus mastering off" e_not_mastering
	check "stage2: E's driver_override was lifted" \
		test "$(cat /sys/bus/pci/devices/$E/driver_override)" = "(null)"
	check "stage2: no translation of the old kernel was kept for E" \
		fc_translation_dropped
	check "stage2: the canary is untouched by the DMA in flight across the kexec" \
		canary_intact
	if [ "$FC_REFUSED" = blob ]; then
		fc_refused_blob
	else
		fc_refused_device "$FC_REFUSED"
	fi
	if [ -n "${FC_NODE_REFUSED:-}" ]; then
		check "stage2: node $FC_NODE_REFUSED refused on its own when the blob was verified" \
			sh -c 'dmesg | grep -qE "KHO: node $1 refused, its subsystem starts cold: .*$2"' \
			_ "$FC_NODE_REFUSED" "${FC_NODE_WHY:-}"
	fi
	if [ -n "${FC_VERSION_REFUSED:-}" ]; then
		vnode=${FC_VERSION_REFUSED%% *}
		vrest=${FC_VERSION_REFUSED#* }
		check "stage2: one line refuses node $vnode for its version ${vrest%% *} (accepted: ${vrest#* })" \
			sh -c 'dmesg | grep -F "KHO: node $1 " >/tmp/fc-node.txt
				test "$(grep -c . /tmp/fc-node.txt)" = 1 &&
				grep -qF "KHO: node $1 refused: compatible $2 is not accepted (this kernel accepts: $3); its memory stays reserved" /tmp/fc-node.txt' \
			_ "$vnode" "${vrest%% *}" "${vrest#* }"
	fi
	check "stage2: no oops, BUG or warning in the kernel log" no_oops
	check "stage2: the system is up: the root edu answers over MMIO" edu check $ROOT_EDU
	# After the IOMMU's init: E is told to write its buffer to the canary's
	# address. Only E's bus mastering (or a translation that blocks it)
	# can keep it out of the canary under iommu=pt.
	check "stage2: E ran a DMA to $CANARY_HEX, its registers poked through BAR0" \
		edu dma $E $CANARY_HEX
	check "stage2: the canary is untouched by that DMA" canary_intact
	if [ "${FC_DMA_DOMAIN:-0}" = 1 ]; then
		# As if a driver took E: its DMA now goes through E's new,
		# empty DMA domain, so it must fault, not reach old memory.
		check "stage2: E's bus mastering is on again (sysfs config)" fc_set_master
		check "stage2: E ran a DMA to $CANARY_HEX with bus mastering on" \
			edu dma $E $CANARY_HEX
		check "stage2: the IOMMU faulted it: E's new domain maps nothing" fc_faulted
		check "stage2: the canary is untouched by it" canary_intact
	fi
	vm_done
}
