# The guest runs on khofs RAM, is stopped and saved, the host hands over.
vm_plan 9
check "stage1: the QEMU disk mounts" qg_mount || vm_halt
check "stage1: mount -t khofs" gr_mount
check "stage1: a timeline file on khofs" fallocate -l 4096 $QR_TIMES
: >/tmp/qr-times
check "stage1: QEMU starts the guest, RAM in $QG_RAM_FILE" qg_boot || vm_halt
check "stage1: the guest printed 5 lines" qg_wait_lines 5
ktap_diag "$(grep '^guest: start ' "$(qg_serial)")"
qr_time stop
check "stage1: stop, save the device state to khofs (x-ignore-shared), quit" qg_save
qr_time saved
ktap_diag "save: $QG_SAVE_MS ms ($QG_SAVE_PHASES), quit $QG_QUIT_MS ms; QEMU: $QG_SAVE_QEMU"
ktap_diag "state file: $(stat -c %s $QG_STATE) bytes for $QG_RAM_MB MiB of guest RAM"
ktap_diag "last line before the stop: $(qg_lines | tail -n 1)"
cp "$(qg_serial)" $QR_BEFORE
check "stage1: echo 1 > active" kho_activate
qr_time active
check "stage1: the RAM file and the state are in the khofs node" \
	sh -c 'kho-dump $KHO/dt | grep -q "/vm0.state"'
if ! vm_kexec_load; then
	ktap_fail "stage1: kexec -s load for stage 2"
	vm_halt
fi
check "stage1: kexec -s loaded" true
qr_time exec
vm_copyout_dmesg
sync
kexec -e -x
ktap_fail "kexec -e returned"
vm_halt
