vm_plan 6	# refused 5, corrupt_and_kexec 1
# The map's only chunk links to itself: a loop in the chain.
refused "map: chunk [0-9]*, .*chunk address not page aligned, not ascending or wrapping"
corrupt_and_kexec map-over-chunk
