# Helpers for the kho-meta-chain stages: builds A (cold) -> B -> A -> B,
# three KHO kexecs; each new kernel reads the handover metadata of the
# kernel before it (/sys/firmware/kho/previous/, history). What the old
# kernel knew travels on the next command line: its release, its build id
# (from its own ELF notes), the wall clock before kexec -e, and the times
# its dump stamped (the next kernel must see them stamped again). The
# command line keeps every earlier stage's arguments, so each is named
# after the stage that wrote it (meta1_release=...).

PREV=/sys/firmware/kho/previous
HISTORY=/sys/firmware/kho/history

# prev_param NAME: what the previous stage put on the command line as NAME.
prev_param() {
	vm_param "meta$((VM_STAGE - 1))_$1"
}

# own_build_id: this kernel's GNU build id, in hex, from /sys/kernel/notes
# (namesz 4, descsz 20, type 3 NT_GNU_BUILD_ID, "GNU\0", the id).
own_build_id() {
	od -A n -t x1 -v /sys/kernel/notes | tr -d ' \n' |
		sed -n 's/.*040000001400000003000000474e5500\([0-9a-f]\{40\}\).*/\1/p'
}

# meta_field FILE NAME: a field of the kho-meta node in kho-dump's output.
meta_field() {
	sed -n '/^kho-meta (kho-meta-v1)$/,/^$/p' "$1" | sed -n "s/^\t$2 = //p"
}

# meta_handover GENERATION IMAGE: dump (the node says GENERATION, and
# has GENERATION records), then kexec into IMAGE. 4 results.
meta_handover() {
	echo 1 >$KHO_TEST/size_mb
	check "stage$VM_STAGE: echo 1 > active" kho_activate || vm_halt
	kho_copy_blob $KHO /tmp/kho-out.dtb
	kho-dump /tmp/kho-out.dtb >/tmp/kho-out.txt
	vm_copyout /tmp/kho-out.txt "kho-out-stage$VM_STAGE.txt"
	check "stage$VM_STAGE: kho-dump decodes kho-meta: generation $1" \
		test "$(meta_field /tmp/kho-out.txt generation)" = "$1"
	check "stage$VM_STAGE: kho-meta names this kernel ($(uname -r))" \
		test "$(meta_field /tmp/kho-out.txt release)" = "$(uname -r)"
	check "stage$VM_STAGE: kho-meta holds $1 history records" \
		test "$(meta_field /tmp/kho-out.txt history-count)" = "$1"
	# B's kho-test-v2 node is a version A does not read: the pre-flight
	# would refuse loading A. Overridden, A refuses that node alone and
	# adopts kho-meta.
	case $(uname -r) in *-kho-b) echo override >$KHO/preflight ;; esac
	m=meta$VM_STAGE
	vm_kexec_next_image "$2" ${m}_release="$(uname -r)" \
		${m}_bid="$(own_build_id)" ${m}_t0="$(date +%s)" \
		${m}_dump_ns="$(meta_field /tmp/kho-out.txt handover-time-ns)" \
		${m}_dump_up="$(meta_field /tmp/kho-out.txt uptime-ns)"
}

# The handover time: stamped again at kexec -e (after the dump's stamp),
# within a minute of the old kernel's clock just before, not in the future.
meta_time_sane() {
	ns=$(cat $PREV/handover_time_ns)
	s=$((ns / 1000000000))
	ktap_diag "handover at $s s, old kernel's clock before kexec -e $(prev_param t0) s, now $(date +%s) s"
	[ "$ns" -gt "$(prev_param dump_ns)" ] &&
		[ "$(cat $PREV/uptime_ns)" -gt "$(prev_param dump_up)" ] &&
		[ "$s" -ge "$(($(prev_param t0) - 1))" ] &&
		[ "$s" -le "$(($(prev_param t0) + 60))" ] &&
		[ "$s" -le "$(($(date +%s) + 2))" ]
}

# Record I (from 0) was written by kernel I of the chain: A for even I,
# B for odd I. This kernel is kernel GENERATION, the previous one
# GENERATION - 1; the others alternate with them.
meta_history_ok() {
	gen=$1 i=0
	[ "$(wc -l <$HISTORY)" = "$gen" ] || return 1
	while read -r g t u rel; do
		if [ $((i % 2)) = $((gen % 2)) ]; then
			want=$(uname -r)
		else
			want=$(prev_param release)
		fi
		[ "$g" = "$i" ] && [ "$rel" = "$want" ] || return 1
		i=$((i + 1))
	done <$HISTORY
	# The last record is the previous kernel, stamped as the node.
	tail -n 1 $HISTORY | {
		read -r g t u rel
		[ "$t" = "$(cat $PREV/handover_time_ns)" ] &&
			[ "$u" = "$(cat $PREV/uptime_ns)" ]
	}
}

# meta_check_previous GENERATION: what the previous kernel handed over.
# 9 results.
meta_check_previous() {
	ktap_diag "previous: release $(cat $PREV/release 2>&1), build id $(cat $PREV/build_id 2>&1), generation $(cat $PREV/generation 2>&1)"
	ktap_diag "history: $(tr '\n' ';' <$HISTORY 2>&1)"
	check "stage$VM_STAGE: /sys/firmware/kho/previous exists" test -d $PREV
	check "stage$VM_STAGE: previous/generation is $1" \
		test "$(cat $PREV/generation)" = "$1"
	check "stage$VM_STAGE: previous/release is the kernel before ($(prev_param release))" \
		test "$(cat $PREV/release)" = "$(prev_param release)"
	check "stage$VM_STAGE: previous/release is not this kernel's ($(uname -r))" \
		test "$(cat $PREV/release)" != "$(uname -r)"
	check "stage$VM_STAGE: previous/build_id is the previous kernel's own" \
		test "$(cat $PREV/build_id)" = "$(prev_param bid)"
	check "stage$VM_STAGE: previous/build_id is not this kernel's" \
		test "$(cat $PREV/build_id)" != "$(own_build_id)"
	check "stage$VM_STAGE: handover time and uptime stamped at kexec -e, within a sane window" \
		meta_time_sane
	check "stage$VM_STAGE: history has $1 records, oldest first, alternating A and B" \
		meta_history_ok "$1"
	check "stage$VM_STAGE: the boot log says where this kernel came from" \
		sh -c "dmesg | grep -q 'KHO meta: previous kernel $(prev_param release), this kernel is live-update generation $1'"
}
