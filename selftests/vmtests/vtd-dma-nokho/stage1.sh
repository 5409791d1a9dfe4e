# Control for vtd-dma-inflight without KHO: the same DMA started at
# shutdown, a plain kexec -s. Translation goes off and bus mastering is
# cleared: the DMA must be lost. The new kernel reads the page back
# through /dev/mem at the address passed on the command line.
vm_plan 4
check "stage1: edu bound to the test driver" test -e $EDU/ctl
check "stage1: DMA mapped and first half copied into edu" \
	sh -c "echo setup >$EDU/ctl"
info=$(cat $EDU/info)
ktap_diag "$info"
check "stage1: DMA armed for shutdown" sh -c "echo arm >$EDU/ctl"
check "stage1: KHO not active" test "$(cat $KHO/active)" = 0
phys=$(echo "$info" | sed -n 's/.*phys=\([^ ]*\).*/\1/p')
# Nothing is handed over, so nothing reserves the page: keep the next
# kernel off it, or it may reuse the page before stage 2 reads it back.
vm_kexec_next edu_phys=$phys memmap=4K\$$phys \
	edu_seed=$(echo "$info" | sed -n 's/.*seed=\([^ ]*\).*/\1/p')
