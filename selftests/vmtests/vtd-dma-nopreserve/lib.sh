# The vtd-dma-nopreserve stages use the vtd-dma-inflight helpers.
. /vmtests/vtd-dma-inflight/lib.sh
