# A khofs inode's name broken: the node alone is refused.
vm_plan 3
check "stage1: files on khofs" gr_some_files
echo khofs-name >$KHO_TEST/corrupt
check "stage1: echo 1 > active (khofs name to be broken)" kho_activate
check "stage1: the blob has a khofs node" fdtget $KHO/dt /khofs compatible
vm_kexec_next
