# The vtd-hostile stages use the vtd-dma-inflight helpers, and a canary
# (cmdline: memmap=4K$0xffff000) at the physical address equal to the IOVA
# edu's page gets in stage 1 (the first IOVA of a 28-bit DMA mask): once
# the node is refused, no DMA through that IOVA may land there.
. /vmtests/vtd-dma-inflight/lib.sh
. /vmtests/canary.sh
