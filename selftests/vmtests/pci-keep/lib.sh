# The PCI side of a kept device: edu E behind PCIe root port RP (qemu-args),
# kept through the VFIO keepalive flow (the simplest way to have PCI record
# a device), is neither written nor renumbered nor re-BARed by the next
# kernel. QEMU traces every config write (host-check.sh reads the trace).
. /vmtests/vfio-keepalive/lib.sh
RP=0000:00:03.0
# Outside /tmp, so vm_pack_initrd carries them to the next stage.
E_CONFIG=/root/e-config.bin
RP_CONFIG=/root/rp-config.bin
E_RESOURCE=/root/e-resource
RP_RESOURCE=/root/rp-resource
