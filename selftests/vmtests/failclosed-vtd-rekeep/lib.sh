# failclosed-vtd-rekeep: a device the IOMMU layer refused in one boot is
# kept again, by a new VMM, in that same boot.
#
# Stage 1: a VMM keeps edu E with a token (as in vfio-keepalive); E's VT-d
# record is made to disagree with the live context entry (corrupt=vtd-did).
# Stage 2 (default DMA domain, no edu test driver): the unit is refused in
# init_dmars(), under dmar_global_lock, which stops E through the device
# registry and runs the PCI and VFIO steps' stop callbacks. Then a new VMM
# binds E to vfio-pci, keeps it with a new token and `echo 1 > active`
# runs: the VFIO freeze takes the container lock. Both happen in one boot,
# so lockdep sees every lock order the two paths take (a stop callback
# under dmar_global_lock, the freeze under the VFIO keepalive lock, and
# type1's and the DMA API's own orders between them); a cycle among them is
# a WARNING that fails the test.
# Stage 3: E is reclaimed with its new token, with every vfio-keepalive
# stage 2 check of vfio-vmm.
. /vmtests/vfio-keepalive/lib.sh

# No driver for E after the refusal until stage 2 binds it to vfio-pci.
RK_NEXT_CMDLINE="initcall_blacklist=edu_driver_init"

rk_refusal_of_e() {
	dmesg | grep -F "KHO: $E: handover refused by "
}
