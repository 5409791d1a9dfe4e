# Build A, cold-booted: no previous kernel. It writes generation 1 and
# hands over to build B.
vm_plan 7	# 3 here, 4 in meta_handover
ktap_diag "kernel A: $(uname -r), build id $(own_build_id)"
check "stage1: this is build A" sh -c 'case $(uname -r) in *-kho-b) exit 1 ;; esac'
check "stage1: cold boot: no /sys/firmware/kho/previous" test ! -e $PREV
check "stage1: this kernel's build id is readable" test -n "$(own_build_id)"
meta_handover 1 /boot/bzImage-b
