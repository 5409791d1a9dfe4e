# Save and restore a VM with QEMU's own migration, in one kernel: Debian's
# QEMU (from the virtio disk) runs the test guest with its RAM on a tmpfs
# file, stops it and saves its device state with x-ignore-shared (the RAM
# stays in the file), exits; a new QEMU on the same file loads the state
# with -incoming and the guest goes on where it stopped: no second start,
# its counter on from the last value, the same checksum of its RAM, and a
# state file far smaller than the RAM.
#
# qg_break=WHAT on the command line (for trying that the test fails):
#   noshared  save and restore without x-ignore-shared (the RAM is copied)
#   ram       overwrite 1 MiB of the guest's pattern in the RAM file
#             between the save and the restore
#   restart   boot the guest again instead of restoring it
vm_plan 16

QG_BREAK=$(vm_param qg_break)
[ "$QG_BREAK" != noshared ] || QG_IGNORE_SHARED=off
[ -z "$QG_BREAK" ] || ktap_diag "breaking the flow on purpose: qg_break=$QG_BREAK"

check "stage1: the QEMU disk mounts" qg_mount || vm_halt
ktap_diag "$(head -n 1 $QG_MNT/VERSION)"
check "stage1: QEMU from the disk runs" \
	sh -c "$QG_QEMU --version | grep -q '^QEMU emulator version'"
mkdir -p /dev/shm
check "stage1: tmpfs on /dev/shm" mount -t tmpfs -o size=$((QG_RAM_MB + 8))m tmpfs /dev/shm

# 1. The guest boots and prints.
t0=$(qg_now)
check "stage1: QEMU starts the guest (QMP answers)" qg_boot || vm_halt
t1=$(qg_now)
check "stage1: the guest printed 3 lines" qg_wait_lines 3
t2=$(qg_now)
ktap_diag "first QEMU: QMP up $(qg_ms "$t0" "$t1") ms after the start, 3 guest lines $(qg_ms "$t1" "$t2") ms later"
start=$(grep '^guest: start ' "$(qg_serial)")
ktap_diag "$start"

# 2. Stop, save the device state, quit.
check "stage1: stop, save (x-ignore-shared $QG_IGNORE_SHARED), quit" qg_save
ktap_diag "save: $QG_SAVE_MS ms from stop to the state in its file ($QG_SAVE_PHASES), then quit $QG_QUIT_MS ms"
ktap_diag "save as QEMU counts it: $QG_SAVE_QEMU"
last=$(qg_lines 1 | tail -n 1)
ktap_diag "last line before the stop: $last"
size=$(stat -c %s "$QG_STATE" 2>/dev/null || echo 0)
ktap_diag "state file: $size bytes, guest RAM $QG_RAM_MB MiB"
# The RAM holds 8 MiB of random pattern: a state with the RAM is larger.
check "stage1: the state file is small (under 1 MiB, the RAM not in it)" \
	test "$size" -gt 0 -a "$size" -lt 1048576

case $QG_BREAK in
ram)
	dd if=/dev/urandom of="$QG_RAM_FILE" bs=1M seek=5 count=1 conv=notrunc 2>/dev/null
	;;
esac

# 3. A new QEMU on the same RAM file resumes the guest.
if [ "$QG_BREAK" = restart ]; then
	check "stage1: QEMU restored the guest" qg_start
else
	check "stage1: QEMU restored the guest" qg_restore
	ktap_diag "restore: $QG_RESTORE_MS ms from QEMU's start to the guest running" \
		"($QG_RESTORE_PHASES); paused after the load: $QG_PAUSED"
fi
t0=$(qg_now)
check "stage1: the restored guest printed 3 lines" qg_wait_lines 3
ktap_diag "first line after the resume $(qg_ms "$t0" "$(qg_now)") ms after cont" \
	"(3 lines: $(qg_nlines) by now)"
first=$(qg_lines | head -n 1)
ktap_diag "first line after the resume: $first"
check "stage1: the guest started once (one start line before the save)" \
	test "$(qg_starts 1)" = 1
check "stage1: no start line after the restore" test "$(qg_starts 2)" = 0
before=$(qg_field count "$last")
after=$(qg_field count "$first")
check "stage1: the count goes on from the last before the stop ($before <= $after)" \
	test -n "$before" -a -n "$after" -a "$after" -ge "$before"
sum=$(qg_field sum "$start")
check "stage1: every sum before the stop is the start's ($sum)" \
	test -n "$sum" -a "$(qg_lines 1 | grep -vc " sum=$sum\$")" = 0
check "stage1: every sum after the restore is the one before the stop" \
	test -n "$sum" -a "$(qg_lines 2 | grep -vc " sum=$sum\$")" = 0
check "stage1: QEMU quits" qg_quit
qg_diag_serial 1
qg_diag_serial 2
check "stage1: QEMU printed no error" \
	sh -c "! grep -i error $QG_DIR/qemu-1.log $QG_DIR/qemu-2.log"
vm_done
