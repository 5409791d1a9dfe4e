# Build B after A: generation 1, A's release and build id, 1 record.
vm_plan 14	# 1 here, 9 in meta_check_previous, 4 in meta_handover
check "stage2: this is build B" sh -c 'case $(uname -r) in *-kho-b) ;; *) exit 1 ;; esac'
meta_check_previous 1
meta_handover 2 /boot/bzImage
