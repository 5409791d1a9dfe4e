# The vtd-dma-nokho stages use the vtd-dma-inflight helpers, and read the
# DMA target back through /dev/mem since nothing is handed over.
. /vmtests/vtd-dma-inflight/lib.sh

# edu_words PHYS: the 8 u32 words at PHYS, in hex (read(2): /dev/mem
# refuses an uncached mmap of RAM).
edu_words() {
	dd if=/dev/mem bs=4096 skip=$(($1 / 4096)) count=1 2>/dev/null |
		od -A n -t x4 -j $(($1 % 4096)) -N 32 | tr -s ' \n' ' '
}

# edu_pattern SEED: the first 8 words the test driver writes for SEED.
edu_pattern() {
	for i in 0 1 2 3 4 5 6 7; do
		printf ' %08x' $(( (($1 >> (i % 32)) ^ (i * 0x9e3779b9)) & 0xffffffff ))
	done
	echo ' '
}

# edu_half_matches PHYS SEED: the words at PHYS hold the pattern.
edu_half_matches() {
	[ "$(edu_words "$1")" = "$(edu_pattern "$2")" ]
}
