# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own libfdt for the userspace builds (tools/kho, the harness,
# the fuzzers, the benchmarks): scripts/dtc/libfdt of the pinned
# linux-source-6.12, compiled in place from the tree scripts/libfdt-src.sh
# unpacks under build/ (never copied into the repository), once per
# flavour with that flavour's compiler and flags, sanitizers included.
# Debian's libfdt (/usr/include/libfdt.h, -lfdt) is not used.
#
# Include after setting ROOT, put $(LIBFDT_INCLUDES) first on the include
# path of everything that uses libfdt, and for each flavour
#
#	$(eval $(call libfdt_lib,DIR,COMPILER,CFLAGS))
#
# gives DIR/libfdt.a to link (DIR must not hold other objects).

ifneq ($(MAKECMDGOALS),clean)
LIBFDT_TREE := $(shell $(ROOT)/scripts/libfdt-src.sh)
ifeq ($(wildcard $(LIBFDT_TREE)/scripts/dtc/libfdt/libfdt.h),)
$(error no kernel libfdt source: scripts/libfdt-src.sh failed)
endif
endif
LIBFDT_DIR := $(LIBFDT_TREE)/scripts/dtc/libfdt

# The files the kernel's lib/fdt*.c wrap; it builds no fdt_overlay.c.
LIBFDT_SRCS := fdt.c fdt_addresses.c fdt_empty_tree.c fdt_ro.c fdt_rw.c \
	fdt_strerror.c fdt_sw.c fdt_wip.c

# The tree root for the shim's <scripts/dtc/libfdt/libfdt.h> (as the
# kernel's <linux/libfdt.h> includes it), the directory for libfdt's own
# <fdt.h> and <libfdt.h> and for test code that includes <libfdt.h>.
LIBFDT_INCLUDES := -I$(LIBFDT_TREE) -I$(LIBFDT_DIR)

# Two UBSan checks are off for libfdt alone; ASan and every other UBSan
# check stay on. Both are about where libfdt's userspace libfdt_env.h
# differs from the kernel it was written for:
# - alignment: libfdt reads each field byte by byte (fdt64_ld_()), but
#   takes the address of a member of a struct fdt_reserve_entry at whatever
#   offset the header names, only 4-byte aligned in a hostile blob. The
#   kernel builds it without that check too (UBSAN_ALIGNMENT defaults to
#   off where unaligned access is efficient, as on x86).
# - nonnull-attribute: fdt_property(fdt, name, NULL, 0), which our writers
#   do for an empty list, ends in memcpy(p, NULL, 0); glibc declares
#   memcpy's pointers nonnull, the kernel's memcpy does not.
LIBFDT_NOSANITIZE := -fno-sanitize=alignment,nonnull-attribute

define libfdt_lib
$(1)/libfdt.a: $(addprefix $(1)/,$(LIBFDT_SRCS:.c=.o))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(1)/%.o: $(LIBFDT_DIR)/%.c $(ROOT)/scripts/libfdt.mk
	@mkdir -p $$(dir $$@)
	$(2) $(3) $(LIBFDT_NOSANITIZE) $(LIBFDT_INCLUDES) -MMD -MP -c -o $$@ $$<

-include $(wildcard $(1)/*.d)
endef
