/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hooks from VFIO into its KHO serializer (drivers/vfio/kho/), and the
 * interface between the serializer's core and its type1 part.
 */
#ifndef _VFIO_KHO_H
#define _VFIO_KHO_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/vfio_kho.h>

struct vfio_device;
struct vfio_device_file;
struct vfio_pci_core_device;
struct kho_vfio_map;

#ifdef CONFIG_VFIO_KHO
struct iommu_domain;
struct vfio_kho_type1_ops;

/**
 * struct vfio_kho_hooks - the serializer, as vfio.ko and type1 call it
 * @keep_open: vfio_main.c: keep a kept device's file open on release
 * @type1_register: a device joins a type1 container; @ops are type1's
 * @type1_unregister: it leaves
 * @type1_frozen: is the container frozen for a dump
 * @type1_check_vaddr: may an adopted mapping take this user address
 *
 * The serializer is linked into vfio-pci-core (drivers/vfio/pci/Makefile)
 * because it extends vfio-pci and needs its internals. vfio.ko and
 * vfio_iommu_type1.ko reach it only through this table, which it sets
 * once when it initializes (drivers/vfio/kho/hooks.c), so neither module
 * depends on vfio-pci-core. Unset, every hook does nothing: no vfio-pci
 * device, hence no kept device, can exist yet.
 */
struct vfio_kho_hooks {
	bool (*keep_open)(struct vfio_device_file *df);
	void (*type1_register)(void *iommu_data, struct vfio_device *vdev,
			       const struct vfio_kho_type1_ops *ops);
	void (*type1_unregister)(void *iommu_data, struct vfio_device *vdev);
	bool (*type1_frozen)(void *iommu_data);
	int (*type1_check_vaddr)(struct iommu_domain *domain, u64 iova, u64 size,
				 unsigned long vaddr, int prot);
};

/* hooks.c, in vfio.ko */
extern const struct vfio_kho_hooks *vfio_kho_hooks;
void vfio_kho_set_hooks(const struct vfio_kho_hooks *hooks);

static inline const struct vfio_kho_hooks *vfio_kho_get_hooks(void)
{
	return READ_ONCE(vfio_kho_hooks);
}

/* vfio_main.c: a kept device is not closed when its file is released. */
static inline bool vfio_kho_keep_open(struct vfio_device_file *df)
{
	const struct vfio_kho_hooks *h = vfio_kho_get_hooks();

	return h && h->keep_open(df);
}

#if defined(MODULE) && IS_MODULE(CONFIG_VFIO_PCI_CORE)
/* vfio-pci-core's module_init: the serializer's initcalls, at load. */
int vfio_pci_kho_module_init(void);
#else
static inline int vfio_pci_kho_module_init(void)
{
	return 0;
}
#endif

/* vfio-pci */
int vfio_pci_kho_match(struct vfio_device *core_vdev, char *buf);
void vfio_pci_kho_request(struct vfio_device *core_vdev, unsigned int count);
int vfio_pci_kho_feature(struct vfio_device *core_vdev, u32 flags,
			 void __user *arg, size_t argsz);
bool vfio_pci_kho_restoring(struct vfio_pci_core_device *vdev);
int vfio_pci_kho_enable(struct vfio_pci_core_device *vdev);

/* type1: vfio_iommu_type1.c's side, for kho/type1.c */

/**
 * struct vfio_kho_dma - a mapping to recreate in a container
 * @iova: its I/O virtual address
 * @size: bytes
 * @prot: IOMMU_READ | IOMMU_WRITE
 */
struct vfio_kho_dma {
	u64 iova;
	u64 size;
	int prot;
};

/**
 * struct vfio_kho_type1_ops - what type1 lets kexec handover do
 * @lock: take the container lock (map and unmap hold it)
 * @unlock: release it
 * @for_each_dma: under the container lock, call @fn for each mapping of
 *	a container with one domain (-EOPNOTSUPP otherwise); a mapping with
 *	external pins or no user address fails with -EBUSY
 * @adopt: recreate @n mappings, without user address, in an empty
 *	container with one domain: allocate and charge locked memory, then
 *	call @commit under the container lock and link the mappings only if
 *	it returned 0; on any error nothing is left behind
 */
struct vfio_kho_type1_ops {
	void (*lock)(void *iommu_data);
	void (*unlock)(void *iommu_data);
	int (*for_each_dma)(void *iommu_data,
			    int (*fn)(void *arg, struct iommu_domain *domain,
				      u64 iova, u64 size, int prot),
			    void *arg);
	int (*adopt)(void *iommu_data, const struct vfio_kho_dma *dmas, size_t n,
		     int (*commit)(void *arg), void *arg);
};

extern const struct vfio_kho_type1_ops vfio_iommu_type1_kho_ops;

/*
 * type1 (kho/type1.c): hooks called from vfio_iommu_type1.c, through
 * struct vfio_kho_hooks (the wrappers pass type1's ops along).
 */
void vfio_kho_core_type1_register(void *iommu_data, struct vfio_device *vdev,
				  const struct vfio_kho_type1_ops *ops);
void vfio_kho_core_type1_unregister(void *iommu_data, struct vfio_device *vdev);
bool vfio_kho_core_type1_frozen(void *iommu_data);
int vfio_kho_core_type1_check_vaddr(struct iommu_domain *domain, u64 iova, u64 size,
				    unsigned long vaddr, int prot);

static inline void vfio_kho_type1_register(void *iommu_data, struct vfio_device *vdev)
{
	const struct vfio_kho_hooks *h = vfio_kho_get_hooks();

	if (h)
		h->type1_register(iommu_data, vdev, &vfio_iommu_type1_kho_ops);
}

static inline void vfio_kho_type1_unregister(void *iommu_data, struct vfio_device *vdev)
{
	const struct vfio_kho_hooks *h = vfio_kho_get_hooks();

	if (h)
		h->type1_unregister(iommu_data, vdev);
}

static inline bool vfio_kho_type1_frozen(void *iommu_data)
{
	const struct vfio_kho_hooks *h = vfio_kho_get_hooks();

	return h && h->type1_frozen(iommu_data);
}

/* Only an adopted mapping asks, and adoption needs the serializer. */
static inline int vfio_kho_type1_check_vaddr(struct iommu_domain *domain, u64 iova,
					     u64 size, unsigned long vaddr, int prot)
{
	const struct vfio_kho_hooks *h = vfio_kho_get_hooks();

	return h ? h->type1_check_vaddr(domain, iova, size, vaddr, prot) : -EINVAL;
}

/**
 * struct vfio_kho_maps - a container's DMA mappings, as dumped
 * @maps: physically contiguous chunks, ascending by IOVA
 * @nmaps: number of chunks
 * @nborrowed: how many are pages of khofs files (KHO_VFIO_MAP_KHOFS)
 */
struct vfio_kho_maps {
	struct kho_vfio_map *maps;
	size_t nmaps;
	size_t nborrowed;
};

void *vfio_kho_type1_container(struct vfio_device *vdev);
int vfio_kho_type1_dump(void *iommu_data, struct vfio_kho_maps *out);
void vfio_kho_type1_freeze(void *iommu_data);
void vfio_kho_type1_thaw(void *iommu_data);

/* core.c, for type1.c */
bool vfio_kho_accepted(struct vfio_device *vdev,
		       const struct kho_vfio_map **maps, size_t *nmaps,
		       bool *join);
void vfio_kho_adopted(struct vfio_device *vdev, int err);
bool vfio_kho_core_keep_open(struct vfio_device_file *df);
#else
static inline bool vfio_kho_keep_open(struct vfio_device_file *df)
{
	return false;
}

static inline int vfio_pci_kho_module_init(void)
{
	return 0;
}

#define vfio_pci_kho_match vfio_pci_core_match
#define vfio_pci_kho_request vfio_pci_core_request

static inline int vfio_pci_kho_feature(struct vfio_device *core_vdev, u32 flags,
				       void __user *arg, size_t argsz)
{
	return -ENOTTY;
}

static inline bool vfio_pci_kho_restoring(struct vfio_pci_core_device *vdev)
{
	return false;
}

static inline int vfio_pci_kho_enable(struct vfio_pci_core_device *vdev)
{
	return -EINVAL;
}

static inline void vfio_kho_type1_register(void *iommu_data,
					   struct vfio_device *vdev) { }
static inline void vfio_kho_type1_unregister(void *iommu_data,
					     struct vfio_device *vdev) { }

static inline bool vfio_kho_type1_frozen(void *iommu_data)
{
	return false;
}

struct iommu_domain;

static inline int vfio_kho_type1_check_vaddr(struct iommu_domain *domain,
					     u64 iova, u64 size,
					     unsigned long vaddr, int prot)
{
	return 0;
}
#endif

#endif /* _VFIO_KHO_H */
