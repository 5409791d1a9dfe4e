# history-count 43: refused. The chain ends.
vm_plan 8	# meta_refused
meta_refused "history-count above the page's capacity" 3
vm_done
