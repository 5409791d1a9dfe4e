# The guest runs on khofs RAM. With the guest still running, the host
# dumps (khofs keeps taking writes through QEMU's mapping) and loads the
# next kernel; only then is the guest stopped and its device state written
# into a preallocated file, and the host kexecs right away.
vm_plan 7
check "stage1: the QEMU disk mounts" qg_mount || vm_halt
check "stage1: mount -t khofs" gr_mount
check "stage1: a timeline file and room for the device state, on khofs" \
	sh -c "fallocate -l 4096 $QR_TIMES && fallocate -l 4M $QG_STATE"
: >/tmp/qr-times
check "stage1: QEMU starts the guest, RAM in $QG_RAM_FILE (allocated whole)" qg_boot || vm_halt
check "stage1: the guest printed 5 lines" qg_wait_lines 5
ktap_diag "$(grep '^guest: start ' "$(qg_serial)")"
qr_time dump
check "stage1: echo 1 > active, the guest running" kho_activate
check "stage1: the RAM file and the state file are in the khofs node" qr_in_node
qr_time load
if ! vm_kexec_load; then
	ktap_fail "stage1: kexec -s load for stage 2"
	vm_halt
fi
# The count of results went to the next kernel with the load: the save's
# outcome goes in the times file and stage 2 reports it.
qr_time stop
qg_save
qr_put saved $?
qr_time exec
ktap_diag "save: $QG_SAVE_MS ms ($QG_SAVE_PHASES), quit $QG_QUIT_MS ms; QEMU: $QG_SAVE_QEMU"
ktap_diag "guest RAM $QG_RAM_MB MiB; QEMU wrote $(qg_migration_field transferred) bytes of state"
ktap_diag "last line before the stop: $(qg_lines | tail -n 1)"
# What the guest said before the stop, for the next kernel to compare.
qr_put start "$(grep '^guest: start ' "$(qg_serial)")"
qr_put starts "$(qg_starts)"
qr_put prev "$(qg_lines | tail -n 2 | head -n 1)"
qr_put last "$(qg_lines | tail -n 1)"
qr_put other_sums "$(qg_lines | grep -vc " sum=$(qg_field sum "$(grep '^guest: start ' "$(qg_serial)")")\$")"
vm_copyout_dmesg
sync
kexec -e -x
ktap_fail "kexec -e returned"
vm_halt
