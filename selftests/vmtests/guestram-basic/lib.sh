# guestram-basic: files on khofs keep their bytes, modes and owners over a
# chain of three KHO kexecs. See guestram-lib.sh.
. /vmtests/guestram-lib.sh

# gr_check_stage: the checks every later stage runs on what arrived.
gr_check_stage() {
	check "stage$VM_STAGE: khofs restored the tree at boot" gr_restored
	check "stage$VM_STAGE: mount -t khofs shows it" gr_mount
	check "stage$VM_STAGE: every file and directory: mode, owners, size, checksum" gr_verify
	check "stage$VM_STAGE: the write made through a mapping during the dump is there" \
		test "$(khofs-tool peek $GR_MNT/vms/vm0 12288)" = 4242424242
	pmd=$(khofs-tool pmd $GR_MNT/vms/vm0 | sed -n 's/^pmd_kib=//p')
	ktap_diag "vm0 mapped with PMDs: ${pmd:-?} KiB"
	check "stage$VM_STAGE: the restored 256 MiB file maps with 2 MiB pages" \
		test "${pmd:-0}" -ge 131072
}
