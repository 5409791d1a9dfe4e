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

#define KHO_VFIO_MAX_DEVS	16
#define KHO_VFIO_MAX_CONTAINERS	16
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
 * @ndma: number of VMM mappings (distinct dma numbers)
 */
struct kho_vfio_in_container {
	const struct kho_vfio_map *maps;
	size_t nmaps;
	u32 ndma;
};

/**
 * struct kho_vfio_state - everything the vfio node describes
 * @mem: the node's preserved pages, in place
 * @nmem: number of ranges in @mem
 * @ncontainers: number of entries in @containers
 * @containers: container@0 .. container@(ncontainers - 1)
 * @ndevs: number of entries in @devs
 * @devs: the devices, ascending by sbdf
 */
struct kho_vfio_state {
	const struct kho_mem *mem;
	size_t nmem;
	unsigned int ncontainers;
	struct kho_vfio_in_container containers[KHO_VFIO_MAX_CONTAINERS];
	unsigned int ndevs;
	struct kho_vfio_in_dev devs[KHO_VFIO_MAX_DEVS];
};

enum kho_vfio_err {
	KHO_VFIO_OK,
	KHO_VFIO_BAD_STRUCTURE,	/* unexpected child or name, containers not numbered 0.. */
	KHO_VFIO_BAD_PROP_LEN,	/* a property missing or of the wrong size */
	KHO_VFIO_TOO_MANY,	/* over one of the KHO_VFIO_MAX_* limits */
	KHO_VFIO_NOT_SORTED,	/* devices not strictly ascending by sbdf */
	KHO_VFIO_BAD_DEV,	/* flags, irq type, reserved or zero salt */
	KHO_VFIO_BAD_CONTAINER,	/* a device names a container that does not exist */
	KHO_VFIO_BAD_VECTOR,	/* vectors not ascending, or vectors without irq type */
	KHO_VFIO_BAD_MAP,	/* alignment, zero length, prot, overflow, dma order */
	KHO_VFIO_MAP_OVERLAP,	/* chunks not ascending or overlapping in IOVA */
	KHO_VFIO_MAP_NOT_PRESERVED, /* a chunk's pages are not in mem */
};

/**
 * struct kho_vfio_report - where kho_vfio_parse() stopped
 * @err: first problem found
 * @sbdf: device it was found in, ~0 if none
 * @container: container it was found in, ~0 if none
 */
struct kho_vfio_report {
	enum kho_vfio_err err;
	u32 sbdf;
	u32 container;
};

int kho_vfio_parse(const void *fdt, int node, struct kho_vfio_state *st,
		   struct kho_vfio_report *rep);
const struct kho_vfio_in_dev *kho_vfio_find(const struct kho_vfio_state *st,
					    u32 sbdf);
const char *kho_vfio_strerror(enum kho_vfio_err err);
int kho_vfio_describe(char *buf, size_t len, const struct kho_vfio_report *rep);

/* Writing: containers first (numbered by the caller from 0), then devices. */
int kho_vfio_container_add(void *fdt, u32 n, const struct kho_vfio_map *maps,
			   size_t nmaps);
int kho_vfio_dev_add(void *fdt, const struct kho_vfio_dev *dev,
		     const struct kho_vfio_vector *vectors, size_t nvectors);

#endif /* _LINUX_KHO_VFIO_H */
