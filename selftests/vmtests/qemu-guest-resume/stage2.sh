# The new kernel: a new QEMU resumes the guest from the same RAM file.
vm_plan 12
t_init=$TSC_INIT
check "stage2: khofs restored the guest's RAM file" gr_restored
check "stage2: the QEMU disk mounts again" qg_mount || vm_halt
check "stage2: mount -t khofs" gr_mount
check "stage2: stage 1 stopped the guest, saved its device state into its file (x-ignore-shared) and quit" \
	test "$(qr_get saved)" = 0
t_up=$(qg_now)
check "stage2: a new QEMU restored the guest from $QG_STATE" qg_restore
t_cont=$(qg_now)
ktap_diag "restore: $QG_RESTORE_MS ms ($QG_RESTORE_PHASES)"
check "stage2: the resumed guest printed 3 lines" qg_wait_lines 3

last=$(qr_get last)
prev=$(qr_get prev)
first=$(qg_lines | head -n 1)
ktap_diag "last line before the stop: $last"
ktap_diag "first line after the resume: $first"
before=$(qg_field count "$last")
step=$(($(qg_field count "$last") - $(qg_field count "$prev")))
after=$(qg_field count "$first")
sum=$(qg_field sum "$(qr_get start)")
check "stage2: the guest did not restart (no start line after the resume)" \
	test "$(qg_starts)" = 0
check "stage2: the count goes on from where it stopped ($before <= $after)" \
	test -n "$before" -a -n "$after" -a "$after" -ge "$before"
check "stage2: ... with no gap (less than 3 lines' worth, $step a line)" \
	test $((after - before)) -le $((3 * step))
check "stage2: the guest started once, and its checksum of its RAM before the stop ($sum)" \
	test -n "$sum" -a "$(qr_get starts)" = 1 -a "$(qr_get other_sums)" = 0
check "stage2: ... is the one after the resume (every line of at least 3)" \
	test "$(qg_nlines)" -ge 3 -a "$(qg_lines | grep -vc " sum=$sum\$")" = 0
check "stage2: QEMU quits" qg_quit

ms() { qg_ms "$1" "$2"; }
t_dump=$(qr_get dump) t_load=$(qr_get load) t_stop=$(qr_get stop) t_exec=$(qr_get exec)
ktap_diag "before the pause, the guest running: echo 1 $(ms "$t_dump" "$t_load") ms," \
	"kexec -s load $(ms "$t_load" "$t_stop") ms"
ktap_diag "pause: guest stopped to guest running $(ms "$t_stop" "$t_cont") ms (TSC):"
ktap_diag "pause: QEMU stop + save + quit $(ms "$t_stop" "$t_exec") ms;" \
	"kexec -e to the new kernel's /init $(ms "$t_exec" "$t_init") ms;" \
	"/init to QEMU start (mounts) $(ms "$t_init" "$t_up") ms;" \
	"QEMU start + load + cont $(ms "$t_up" "$t_cont") ms"
ktap_diag "bench pause_ms=$(ms "$t_stop" "$t_cont") save_ms=$(ms "$t_stop" "$t_exec")" \
	"boot_ms=$(ms "$t_exec" "$t_init") init_ms=$(ms "$t_init" "$t_up")" \
	"restore_ms=$(ms "$t_up" "$t_cont") active_ms=$(ms "$t_dump" "$t_load")" \
	"load_ms=$(ms "$t_load" "$t_stop")"
vm_done
