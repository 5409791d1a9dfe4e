/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-lib: the VFIO helpers of the keepalive test VMM (vfio-vmm): a
 * vfio-pci device through a type1 v2 container and the legacy group
 * interface, its regions and config space, DMA map/unmap, MSI with an
 * eventfd, and the KHO keepalive device feature
 * (include/uapi/linux/vfio_kho.h). No device model here: see vfio-edu.h.
 *
 * Reporting: every verified step prints "CHECK <status> <description>" on
 * stdout (expect(), require()), status 0 when it passed and 1 when it
 * failed, details on stderr as "FAIL: ...". The library's own steps report
 * that way too, so a caller's output is one list of checks.
 */
#ifndef KHO_VM_VFIO_LIB_H
#define KHO_VM_VFIO_LIB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>
#include <linux/vfio.h>
#include <linux/vfio_kho.h>

#define SYSFS_PCI	"/sys/bus/pci/devices"
#define CONFIG_SIZE	256

/* --- reporting ------------------------------------------------------ */

/* The number of failed checks so far. */
extern int failures;

/* expect: one CHECK line; the details of a failure go to stderr. */
bool __attribute__((format(printf, 3, 4)))
expect(bool ok, const char *what, const char *fmt, ...);

/* finish: the exit status, the number of failed checks (at most 100). */
int finish(void);

/* require: like expect, but later steps cannot run without this one. */
#define require(ok, what, ...)						\
	do {								\
		if (!expect(ok, what, __VA_ARGS__))			\
			exit(finish() ? finish() : 1);			\
	} while (0)

/* --- sysfs ---------------------------------------------------------- */

/* sysfs_read: a device attribute, at most LEN - 1 bytes, NUL-terminated. */
ssize_t sysfs_read(const char *bdf, const char *attr, void *buf, size_t len);
int sysfs_write(const char *path, const char *val);
/* link_name: last component of the symlink ATTR of a device ("" if none). */
void link_name(const char *bdf, const char *attr, char *out, size_t len);
/* group_of: the device's iommu group number, -1 if none. */
int group_of(const char *bdf);
/* parent_bridge: the bridge above BDF, "" on the root bus. */
void parent_bridge(const char *bdf, char *out, size_t len);
/* config_hex: the device's config space through sysfs, as hex. */
int config_hex(const char *bdf, char *out);
/* resource_line: the sysfs resource file, lines joined with ';'. */
int resource_line(const char *bdf, char *out, size_t len);
/* vfio_bind: BDF bound to vfio-pci (driver_override), with checks. */
void vfio_bind(const char *bdf);

/* --- memory --------------------------------------------------------- */

/* virt_to_phys: the physical address behind VADDR, from /proc/self/pagemap. */
uint64_t virt_to_phys(const void *vaddr);
int read_phys(uint64_t phys, void *buf, size_t len);

/* --- the keepalive token -------------------------------------------- */

/* parse_token: a UUID string into 16 bytes, in string order (uuid_t). */
int parse_token(const char *s, uint8_t tok[16]);
void format_token(const uint8_t tok[16], char out[37]);

/* --- container, group, device --------------------------------------- */

struct region {
	uint64_t offset;
	uint64_t size;
	uint32_t flags;
};

struct vmm {
	const char *bdf;
	int group_nr;
	int container;
	int group;
	int device;
	struct region bar0;
	struct region config;
	volatile uint8_t *bar;
	int efd;
};

/* open_container: /dev/vfio/vfio, API version and type1v2 checked. */
void open_container(struct vmm *v);
/* open_group: the device's group, viable. */
void open_group(struct vmm *v);
/* attach_group: SET_CONTAINER, then SET_IOMMU type1v2. */
void attach_group(struct vmm *v);
/* get_device: a device fd for NAME, or -errno. */
int get_device(struct vmm *v, const char *name);
/* get_device_with: the device opened as "BDF kho_token=UUID". */
int get_device_with(struct vmm *v, const uint8_t tok[16]);
int region_info(struct vmm *v, unsigned int index, struct region *r);
int cfg_read(struct vmm *v, unsigned int off, void *buf, size_t len);
int cfg_write(struct vmm *v, unsigned int off, const void *buf, size_t len);
/* enable_device: memory decoding and bus mastering, through vfio's config. */
void enable_device(struct vmm *v);

/* --- DMA mappings --------------------------------------------------- */

/* dma_map_len: VFIO_IOMMU_MAP_DMA read/write; the ioctl's return value. */
int dma_map_len(struct vmm *v, void *buf, uint64_t iova, uint64_t size);
/*
 * dma_map_vaddr: VFIO_IOMMU_MAP_DMA with only VFIO_DMA_MAP_FLAG_VADDR, the
 * new user address of a mapping that has none; the ioctl's return value.
 */
int dma_map_vaddr(struct vmm *v, void *buf, uint64_t iova, uint64_t size);
/* dma_unmap: the number of bytes unmapped, or -1 (errno set). */
int64_t dma_unmap(struct vmm *v, uint64_t iova, uint64_t size);

/* --- interrupts ----------------------------------------------------- */

/* msi_enable: MSI vector 0 signals a new eventfd (v->efd). */
void msi_enable(struct vmm *v);

/* --- the keepalive feature ------------------------------------------ */

/* keepalive: VFIO_DEVICE_FEATURE with FLAGS (GET/SET/PROBE); 0 or -errno. */
int keepalive(struct vmm *v, uint32_t flags, struct vfio_device_feature_kho_keepalive *ka);

#endif
