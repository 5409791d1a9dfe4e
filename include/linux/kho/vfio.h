/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encoding and checking the VFIO KHO node (abi/vfio.h). Portable: the
 * userspace harness and the fuzzer compile drivers/vfio/kho/kho_node.c as
 * it is.
 */
#ifndef _LINUX_KHO_VFIO_H
#define _LINUX_KHO_VFIO_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/abi/vfio.h>
#include <linux/kho/err.h>

#define KHO_VFIO_MAX_DEVS	64
#define KHO_VFIO_MAX_CONTAINERS	64
#define KHO_VFIO_MAX_VECTORS	64	/* per device */

/**
 * struct kho_vfio_in_dev - one kept device, decoded
 * @dev: the dev property
 * @vectors: its interrupt vectors, read in place from the blob
 * @nvectors: number of them
 */
struct kho_vfio_in_dev {
	struct kho_vfio_dev dev;
	const struct kho_vfio_vector *vectors;
	size_t nvectors;
};

/**
 * struct kho_vfio_in_container - one dumped container, decoded
 * @maps: its DMA chunks, read in place from the blob
 * @nmaps: number of chunks
 * @nborrowed: how many of them are borrowed (KHO_VFIO_MAP_KHOFS)
 * @ndma: number of VMM mappings (distinct dma numbers)
 */
struct kho_vfio_in_container {
	const struct kho_vfio_map *maps;
	size_t nmaps;
	size_t nborrowed;
	u32 ndma;
};

/**
 * struct kho_vfio_state - everything the vfio node describes
 * @mem: the node's preserved pages, in place
 * @nmem: number of ranges in @mem
 * @lender: offset of the root's ``khofs`` child when a chunk is borrowed,
 *	else -1
 * @ncontainers: number of entries in @containers
 * @containers: container@0 .. container@(ncontainers - 1)
 * @ndevs: number of entries in @devs
 * @devs: the devices, ascending by sbdf
 */
struct kho_vfio_state {
	const struct kho_mem *mem;
	size_t nmem;
	int lender;
	unsigned int ncontainers;
	struct kho_vfio_in_container containers[KHO_VFIO_MAX_CONTAINERS];
	unsigned int ndevs;
	struct kho_vfio_in_dev devs[KHO_VFIO_MAX_DEVS];
};

/*
 * Why kho_vfio_parse() refused the node; the report names the device
 * (sbdf) and the container when there are ones.
 */
#define KHO_VFIO_ERRORS(X) (						\
	X(KHO_VFIO_OK,		"ok")					\
	X(KHO_VFIO_BAD_STRUCTURE, "unexpected node or node name")	\
	X(KHO_VFIO_BAD_PROP_LEN, "property missing or of the wrong length") \
	X(KHO_VFIO_TOO_MANY,	"too many containers, devices or vectors") \
	X(KHO_VFIO_NOT_SORTED,	"devices not in ascending order")	\
	X(KHO_VFIO_BAD_DEV,	"bad flags, interrupt type, reserved field or salt") \
	X(KHO_VFIO_BAD_CONTAINER, "no such container")			\
	X(KHO_VFIO_BAD_VECTOR,	"bad interrupt vector list")		\
	X(KHO_VFIO_BAD_MAP,	"bad DMA chunk")			\
	X(KHO_VFIO_MAP_OVERLAP,	"DMA chunks overlap or are out of order") \
	X(KHO_VFIO_MAP_NOT_PRESERVED, "DMA chunk not in preserved memory") \
	X(KHO_VFIO_NO_KHOFS,	"DMA chunk borrowed from a khofs node the blob does not have") \
)

enum kho_vfio_err { KHO_ERR_CODES(KHO_VFIO_ERRORS) };
extern const struct kho_errors kho_vfio_errors;

int kho_vfio_parse(const void *fdt, int node, struct kho_vfio_state *st,
		   struct kho_report *rep);
const struct kho_vfio_in_dev *kho_vfio_find(const struct kho_vfio_state *st,
					    u32 sbdf);

/* Writing: containers first (numbered by the caller from 0), then devices. */
int kho_vfio_container_add(void *fdt, u32 n, const struct kho_vfio_map *maps,
			   size_t nmaps);
int kho_vfio_dev_add(void *fdt, const struct kho_vfio_dev *dev,
		     const struct kho_vfio_vector *vectors, size_t nvectors);

#endif /* _LINUX_KHO_VFIO_H */
