# failclosed-vtd-unit with the default DMA domain in stage 2 instead of
# iommu=pt. See failclosed-vtd-unit and failclosed-lib.sh.
FC_DMA_DOMAIN=1
. /vmtests/failclosed-vtd-unit/lib.sh
