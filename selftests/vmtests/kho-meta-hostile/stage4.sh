# history-count 43: refused; next, generation U64_MAX.
vm_plan 11	# 8 in meta_refused, 3 in corrupt_and_kexec
meta_refused "history-count above the page's capacity" 3
corrupt_and_kexec "set kho-meta generation ffffffffffffffff"
