# release "AAAA" without NUL: refused; next, 43 records claimed.
vm_plan 11	# 8 in meta_refused, 3 in corrupt_and_kexec
meta_refused "property 'release': release not one NUL-terminated string of printable characters" 2
corrupt_and_kexec "set kho-meta history-count 2b000000"
