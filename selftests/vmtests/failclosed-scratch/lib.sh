# failclosed: the old kernel's scratch is too small for the next kernel's
# early allocations (its 64 MiB memory map alone does not fit in 64 MiB
# of scratch that also holds the kexec segments). Until the preserved
# memory is reserved, the next kernel allocates only from scratch, so when
# scratch runs out it must refuse the whole handover, stop every function
# still mastering for it, and only then allocate elsewhere. See
# failclosed-lib.sh.
FC_CORRUPT=
FC_MOVE_BAR=0
FC_REFUSED=blob
FC_REASON="scratch is too small for this kernel's early allocations"
. /vmtests/failclosed-lib.sh
