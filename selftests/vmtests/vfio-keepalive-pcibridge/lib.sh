# vfio-keepalive with each edu behind a conventional PCI bridge instead of
# a PCIe root port: edu's DMA and MSIs carry the bridge's requester ID, so
# the VT-d node has an alias record for it. Same stages, same checks.
. /vmtests/vfio-keepalive/lib.sh
