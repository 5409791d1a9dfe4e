# generation of 4 bytes: refused; next, a release without its NUL.
vm_plan 11	# 8 in meta_refused, 3 in corrupt_and_kexec
meta_refused "property 'generation': generation missing or not a u64" 1
corrupt_and_kexec "set kho-meta release 41414141"
