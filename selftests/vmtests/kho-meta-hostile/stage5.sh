# generation U64_MAX: refused (its reader could write no node of its
# own: generation + 1 would be 0, and every dump would fail). The chain
# ends.
vm_plan 8	# meta_refused
meta_refused "generation is the largest u64: no handover can follow" 4
vm_done
