# failclosed-blob with the default DMA domain in stage 2 instead of
# iommu=pt. See failclosed-blob and failclosed-lib.sh.
FC_DMA_DOMAIN=1
. /vmtests/failclosed-blob/lib.sh
