vm_plan 5	# refused
# The kho-test node's page moved onto the map's own chunk.
refused "map: .*owner [0-9]* 'kho-test', .*preserved range overlaps a chunk of the map"
vm_done
