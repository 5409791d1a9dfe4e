# kaslr-chain: ten KHO kexecs in a row with physical KASLR on. Every
# stage runs kc_stage; stage1.sh ... stage11.sh only name their stage.
#
# Each kernel appends one line to /kaslr-chain.txt (the root filesystem is
# repacked into the next kernel's initrd, so the file travels on):
#   STAGE TEXT END SCRATCH_START SCRATCH_END
# TEXT and END: where this kernel's image starts and ends in /proc/iomem
# ("Kernel code" to "Kernel bss"), SCRATCH_*: the scratch range this
# kernel reserved for the next one (its "KHO: scratch:" line). All
# physical, hex, inclusive ends. The checks use these, not the kernel's
# own inside/outside verdict in its landing line.

KC_LAST=11
KC_REC=/kaslr-chain.txt

# kc_text: physical start of this kernel's image, from /proc/iomem.
kc_text() {
	sed -n 's/^ *\([0-9a-f]*\)-[0-9a-f]* : Kernel code$/\1/p' /proc/iomem | head -n1
}

# kc_bss_end: last byte of this kernel's bss, from /proc/iomem.
kc_bss_end() {
	sed -n 's/^ *[0-9a-f]*-\([0-9a-f]*\) : Kernel bss$/\1/p' /proc/iomem | head -n1
}

# kc_own_scratch: "START END" of the scratch range this kernel reserved.
kc_own_scratch() {
	dmesg | sed -n 's/.*KHO: scratch: 0x\([0-9a-f]*\)-0x\([0-9a-f]*\) .*/\1 \2/p' | head -n1
}

# kc_landing: "START END SCRATCH_START SCRATCH_END" from this kernel's
# landing line (only when a handover came in).
kc_landing() {
	dmesg | sed -n 's/.*KHO: kernel image at 0x\([0-9a-f]*\)-0x\([0-9a-f]*\), [a-z]* the old scratch range 0x\([0-9a-f]*\)-0x\([0-9a-f]*\)$/\1 \2 \3 \4/p' | head -n1
}

# kc_inside START END LO HI: [START, END] lies inside [LO, HI] (hex).
kc_inside() {
	[ $((0x$1)) -ge $((0x$3)) ] && [ $((0x$2)) -le $((0x$4)) ] && [ $((0x$1)) -le $((0x$2)) ]
}

# kc_layout STAGE: the layout stage STAGE preserves: random, fragmented, ...
kc_layout() {
	if [ $(($1 % 2)) = 1 ]; then echo random; else echo fragmented; fi
}

# kc_offsets: for each kexec'd kernel, its image start minus the start of
# the scratch range the kernel before it reserved (hex, one per line).
# The scratch range itself moves from stage to stage (the preserved
# layout changes), so distinct absolute addresses alone would also come
# from kexec's own placement with KASLR off; distinct offsets into the
# old scratch range come only from the decompressor's random slot.
kc_offsets() {
	prev_lo=
	while read -r stage text end lo hi; do
		if [ -n "$prev_lo" ] && [ -n "$text" ]; then
			printf '%x\n' $((0x$text - 0x$prev_lo))
		fi
		prev_lo=$lo
	done <$KC_REC
}

# Results per stage: stage 1: 1 (the dump). Stages 2..10: 9 in
# kho_check_incoming, 5 landing checks, 1 dump = 15. Stage 11: 9 + 5 + 4.
kc_plan() {
	if [ "$VM_STAGE" = 1 ]; then
		vm_plan 1
	elif [ "$VM_STAGE" -lt $KC_LAST ]; then
		vm_plan 15
	else
		vm_plan 18
	fi
}

kc_stage() {
	kc_plan
	text=$(kc_text)
	end=$(kc_bss_end)
	own=$(kc_own_scratch)
	if [ "$VM_STAGE" -gt 1 ]; then
		kho_check_incoming $((VM_STAGE - 1))
		landing=$(kc_landing)
		# Zeros when the line is missing (that check fails), so the
		# arithmetic below stays valid.
		set -- ${landing:-0 0 0 0}
		ktap_diag "stage$VM_STAGE: kernel image at 0x$1-0x$2, the old scratch range 0x$3-0x$4"
		check "stage$VM_STAGE: the kernel logged where it landed" test -n "$landing"
		check "stage$VM_STAGE: /proc/iomem Kernel code starts where the KHO line says" \
			test "$((0x${text:-0}))" = "$((0x$1))"
		prev=$(awk -v s=$((VM_STAGE - 1)) '$1 == s && NF == 5 { print $4, $5 }' $KC_REC)
		check "stage$VM_STAGE: the handover reported stage $((VM_STAGE - 1))'s scratch range" \
			test "$prev" = "$3 $4"
		# The decompressor's random slot is 2 MiB aligned (CONFIG_PHYSICAL_ALIGN).
		check "stage$VM_STAGE: the image start is 2 MiB aligned" test $((0x${text:-1} % 0x200000)) = 0
		# The test itself, from stage N-1's own record, not the kernel's verdict.
		set -- ${text:-1} ${end:-0} ${prev:-1 0}
		check "stage$VM_STAGE: the image 0x$1-0x$2 lies inside stage $((VM_STAGE - 1))'s scratch 0x$3-0x$4" \
			kc_inside "$@"
	fi
	echo "$VM_STAGE $text $end $own" >>$KC_REC
	ktap_diag "stage$VM_STAGE: image starts at 0x$text, this kernel's scratch ${own:+0x${own% *}-0x${own#* }}"
	if [ "$VM_STAGE" -lt $KC_LAST ]; then
		layout=$(kc_layout "$VM_STAGE")
		echo "$layout" >$KHO_TEST/layout
		echo 64 >$KHO_TEST/size_mb
		check "stage$VM_STAGE: echo 1 > active (layout $layout, 64 MiB)" kho_activate
		vm_kexec_next
	fi
	vm_copyout $KC_REC kaslr-chain.txt
	check "stage$VM_STAGE: $((KC_LAST - 1)) kexecs recorded" \
		test "$(awk '$1 > 1' $KC_REC | wc -l)" = $((KC_LAST - 1))
	distinct=$(awk '$1 > 1 { print $2 }' $KC_REC | sort -u | wc -l)
	ktap_diag "the kexec'd kernels landed at $distinct distinct addresses: $(awk '$1 > 1 { printf "0x%s ", $2 }' $KC_REC)"
	check "stage$VM_STAGE: the kexec'd kernels landed at 3 or more distinct addresses" \
		test "$distinct" -ge 3
	offsets=$(kc_offsets | sort -u | wc -l)
	ktap_diag "offsets into the old scratch range: $(kc_offsets | tr '\n' ' ')"
	check "stage$VM_STAGE: the kernels landed at 3 or more distinct offsets into the old scratch range" \
		test "$offsets" -ge 3
	check "stage$VM_STAGE: every kernel's scratch was recorded" \
		test "$(awk 'NF == 5' $KC_REC | wc -l)" = $KC_LAST
	vm_done
}
