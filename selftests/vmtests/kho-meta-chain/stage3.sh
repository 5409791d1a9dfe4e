# Build A again after B: generation 2, B's release, 2 records (A, B);
# the history page came in claimed and goes out again.
vm_plan 14	# 1 here, 9 in meta_check_previous, 4 in meta_handover
check "stage3: this is build A" sh -c 'case $(uname -r) in *-kho-b) exit 1 ;; esac'
meta_check_previous 2
meta_handover 3 /boot/bzImage-b
