# A kept device with another vfio-pci device in its iommu group: two edus,
# E and F, behind one conventional PCI bridge (qemu-args), which puts both
# in the bridge's group (their DMA carries the bridge's requester ID). The
# VMM keeps E; F is only bound to vfio-pci, as the group's viability
# requires, in stage 1 before E is opened and in stage 2 after E came up
# awaiting its token. The VFIO core matches the name given to
# GET_DEVICE_FD against every device of the group, F (bound last) first.
. /vmtests/vfio-keepalive/lib.sh
F=0000:01:01.0
