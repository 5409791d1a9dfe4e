# KHO: Kexec HandOver for Linux. Top-level entry points; the work is done
# by scripts/ so each step can also be run on its own. See README.md.

SHELL := /bin/bash
VMTESTS ?=

.PHONY: all deps kernel kernel-b initramfs check tools fuzz vmtest vmbench vmbench-vfio vmbench-guestram vmbench-scale bench test demo checkpatch clean help

FUZZ_SECONDS ?= 60

all: kernel initramfs check

help:
	@echo "make demo        build, boot, kexec round trip, show the result"
	@echo "make test        every test (installs what it needs)"
	@echo "make check       userspace harness and rig self-tests (fast)"
	@echo "make tools       build build/tools/kho-check, kho-dump (+ -static)"
	@echo "make fuzz        fuzz every parser (blob: FUZZ_SECONDS, default 60; nodes: 2/3 of it)"
	@echo "make vmtest      VM tests only; VMTESTS='a b' picks some"
	@echo "make bench       userspace benchmarks of the portable code (docs/perf.md)"
	@echo "make vmbench     kexec blackout with and without KHO (VMBENCH_REPS=5)"
	@echo "make vmbench-vfio  VFIO handover against mapped MiB (VMBENCH_VFIO_REPS=3)"
	@echo "make vmbench-guestram  restore of a khofs file against a memcpy (VMBENCH_GUESTRAM_REPS=3)"
	@echo "make vmbench-scale  preserved-memory map, 1 to 6 GiB in an 8 GiB VM (VMBENCH_SCALE_REPS=1)"
	@echo "make kernel      build build/kernel/arch/x86/boot/bzImage"
	@echo "make kernel-b    the second kernel (B): build/kernel-b, modules in build/kernel-b.modules"
	@echo "make initramfs   build build/initramfs.cpio.gz"
	@echo "make checkpatch  kernel style check of our kernel files"
	@echo "make clean       remove build/"

deps:
	@scripts/deps.sh all

kernel:
	@scripts/deps.sh kernel
	@scripts/kernel-build.sh

kernel-b:
	@scripts/deps.sh kernel
	@scripts/kernel-build.sh b

initramfs: kernel
	@scripts/deps.sh vm
	@scripts/initramfs.sh

check:
	@scripts/deps.sh harness
	@$(MAKE) -s -C selftests/userspace
	@$(MAKE) -s -C tools/kho check
	@selftests/rig/test-vmtest-parse.sh

tools:
	@scripts/deps.sh harness
	@$(MAKE) -s -C tools/kho

fuzz:
	@scripts/deps.sh harness fuzz
	@$(MAKE) -s -C selftests/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

vmtest: initramfs
	@scripts/vmtest.sh $(VMTESTS)

bench:
	@scripts/deps.sh harness bench
	@$(MAKE) -s -C selftests/bench

VMBENCH_REPS ?= 5
vmbench: initramfs
	@scripts/vm-bench.sh $(VMBENCH_REPS)

VMBENCH_VFIO_REPS ?= 3
vmbench-vfio: initramfs
	@scripts/vm-bench-vfio.sh $(VMBENCH_VFIO_REPS)

vmbench-guestram: initramfs
	@scripts/vm-bench-guestram.sh $(VMBENCH_GUESTRAM_REPS)

VMBENCH_SCALE_REPS ?= 1
vmbench-scale: initramfs
	@scripts/vm-bench-scale.sh $(VMBENCH_SCALE_REPS)

test:
	@scripts/test.sh

demo: initramfs
	@scripts/demo.sh

checkpatch: kernel
	@scripts/checkpatch.sh

clean:
	rm -rf build
