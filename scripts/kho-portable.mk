# SPDX-License-Identifier: GPL-2.0
#
# The portable kernel sources every userspace build compiles in place
# (never copied): the harness, the fuzzers, the benchmarks and the tools.
# Include after setting ROOT; paths are relative to it.
#
# KHO_CORE_SRCS: the blob, map, claims and node-table checks.
# KHO_NODE_SRCS: each serializer's portable file, the one that defines its
# struct kho_node_type (its check, decoder and example writer). A new
# serializer adds its file here; its KHO_NODE() entry in
# include/linux/kho/accept.h does the rest.

KHO_CORE_SRCS := kernel/kho/ranges.c kernel/kho/report.c kernel/kho/blob.c \
	kernel/kho/map.c kernel/kho/claims.c kernel/kho/nodes.c

KHO_NODE_SRCS := kernel/kho/test_node.c
KHO_NODE_SRCS += drivers/iommu/intel/kho_node.c
KHO_NODE_SRCS += drivers/pci/kho_node.c
KHO_NODE_SRCS += drivers/vfio/kho/kho_node.c
KHO_NODE_SRCS += fs/khofs/node.c
KHO_NODE_SRCS += kernel/kho/meta_node.c

# The decoders' output side (text or JSON), which every node file's
# decoder links against in userspace.
KHO_SHOW_SRCS := tools/kho/emit.c

KHO_PORTABLE_SRCS := $(KHO_CORE_SRCS) $(KHO_NODE_SRCS) $(KHO_SHOW_SRCS)
