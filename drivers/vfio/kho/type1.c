// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO KHO, type1 part: dumping a container's DMA mappings and adopting
 * them after the kexec. It needs type1's private structures (vfio_iommu,
 * vfio_dma and their helpers), so vfio_iommu_type1.c includes this file
 * at its end instead of exporting them; it is not built on its own.
 *
 * Old kernel: every device registered with a container is remembered, so
 * a kept device's container can be found and dumped: each mapping as
 * physically contiguous chunks read back from the IOMMU page table, the
 * only place type1 keeps physical addresses. A dumped container refuses
 * map and unmap until the dump is aborted.
 *
 * New kernel: when a kept device is opened with the right token, type1
 * registers it with the opener's container; the preserved page table
 * goes to the container's domain (intel_iommu_kho_unpark()), every chunk
 * is checked against it page by page, and each mapping becomes a vfio_dma
 * again. Its pages look pinned, so unmap and release free them as usual.
 * The mappings have no user address until the VMM supplies one with
 * VFIO_DMA_MAP_FLAG_VADDR.
 */
#include <linux/kho.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/kho/vfio.h>
#include <linux/mm.h>
#include <linux/vmstat.h>
#include "kho.h"

/* Every device registered with a type1 container, and whether it is dumped. */
struct vfio_kho_type1_dev {
	struct list_head node;
	struct vfio_device *vdev;
	struct vfio_iommu *iommu;
	bool frozen;
};

static DEFINE_MUTEX(vfio_kho_type1_lock);
static LIST_HEAD(vfio_kho_type1_devs);

static int vfio_kho_type1_prot(int prot)
{
	return (prot & IOMMU_READ ? KHO_VFIO_PROT_READ : 0) |
	       (prot & IOMMU_WRITE ? KHO_VFIO_PROT_WRITE : 0);
}

/* The single IOMMU domain of a container that KHO can hand over. */
static struct vfio_domain *vfio_kho_type1_domain(struct vfio_iommu *iommu)
{
	if (!iommu->v2 || !list_is_singular(&iommu->domain_list) ||
	    !list_empty(&iommu->emulated_iommu_groups))
		return NULL;
	return list_first_entry(&iommu->domain_list, struct vfio_domain, next);
}

/**
 * vfio_kho_type1_container() - the type1 container a device is registered with
 * @vdev: a VFIO device
 *
 * Return: the container's type1 data, NULL if @vdev is not registered with
 * a type1 container (not opened, or opened through iommufd).
 */
void *vfio_kho_type1_container(struct vfio_device *vdev)
{
	struct vfio_kho_type1_dev *d;
	void *iommu = NULL;

	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry(d, &vfio_kho_type1_devs, node)
		if (d->vdev == vdev)
			iommu = d->iommu;
	mutex_unlock(&vfio_kho_type1_lock);
	return iommu;
}

/* Set under iommu->lock, which map and unmap hold when they test it. */
static void vfio_kho_type1_set_frozen(struct vfio_iommu *iommu, bool frozen)
{
	struct vfio_kho_type1_dev *d;

	mutex_lock(&iommu->lock);
	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry(d, &vfio_kho_type1_devs, node)
		if (d->iommu == iommu)
			d->frozen = frozen;
	mutex_unlock(&vfio_kho_type1_lock);
	mutex_unlock(&iommu->lock);
}

/**
 * vfio_kho_type1_frozen() - refuse to change a frozen container
 * @iommu_data: the container's type1 data; its lock is held
 *
 * Called by map and unmap under the container lock, the lock
 * vfio_kho_type1_freeze() takes to set the flag: a change either completes
 * before the freeze or fails with -EBUSY.
 *
 * Return: true while a KHO dump holds the container.
 */
bool vfio_kho_type1_frozen(void *iommu_data)
{
	struct vfio_iommu *iommu = iommu_data;
	struct vfio_kho_type1_dev *d;
	bool frozen = false;

	lockdep_assert_held(&iommu->lock);
	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry(d, &vfio_kho_type1_devs, node)
		if (d->iommu == iommu && d->frozen)
			frozen = true;
	mutex_unlock(&vfio_kho_type1_lock);
	return frozen;
}

/**
 * vfio_kho_type1_freeze() - stop a container's mappings from changing
 * @iommu_data: the container's type1 data
 *
 * For the KHO freeze step, before any serializer reads the container's
 * page table.
 */
void vfio_kho_type1_freeze(void *iommu_data)
{
	vfio_kho_type1_set_frozen(iommu_data, true);
}

/**
 * vfio_kho_type1_thaw() - the dump holding a container was aborted
 * @iommu_data: the container's type1 data
 */
void vfio_kho_type1_thaw(void *iommu_data)
{
	vfio_kho_type1_set_frozen(iommu_data, false);
}

static int vfio_kho_type1_push(struct vfio_kho_maps *out, size_t *cap,
			       const struct kho_vfio_map *m)
{
	if (out->nmaps == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct kho_vfio_map *p;

		p = krealloc_array(out->maps, ncap, sizeof(*p), GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		out->maps = p;
		*cap = ncap;
	}
	out->maps[out->nmaps++] = *m;
	return 0;
}

/* One mapping as physically contiguous chunks, from the live page table. */
static int vfio_kho_type1_dump_dma(struct vfio_domain *domain,
				   struct vfio_dma *dma, u32 index,
				   struct vfio_kho_maps *out, size_t *cap)
{
	struct kho_vfio_map cur = {};
	dma_addr_t iova;
	int err;

	if (!RB_EMPTY_ROOT(&dma->pfn_list) || dma->vaddr_invalid ||
	    !dma->iommu_mapped)
		return -EBUSY;
	for (iova = dma->iova; iova < dma->iova + dma->size; iova += PAGE_SIZE) {
		phys_addr_t phys = iommu_iova_to_phys(domain->domain, iova);

		if (!phys || !pfn_valid(PHYS_PFN(phys)) ||
		    is_invalid_reserved_pfn(PHYS_PFN(phys)))
			return -EFAULT;	/* not RAM the kernel could preserve */
		if (cur.len && cur.phys + cur.len == phys) {
			cur.len += PAGE_SIZE;
			continue;
		}
		if (cur.len) {
			err = vfio_kho_type1_push(out, cap, &cur);
			if (err)
				return err;
		}
		cur.iova = iova;
		cur.phys = phys;
		cur.len = PAGE_SIZE;
		cur.prot = vfio_kho_type1_prot(dma->prot);
		cur.dma = index;
	}
	return cur.len ? vfio_kho_type1_push(out, cap, &cur) : 0;
}

/**
 * vfio_kho_type1_dump() - record a frozen container's DMA mappings
 * @iommu_data: the container's type1 data, frozen by vfio_kho_type1_freeze()
 * @out: receives the chunks; the caller kvfree()s @out->maps
 *
 * Return: 0, -EOPNOTSUPP for a container KHO cannot hand over (several
 * domains, emulated devices, type1 v1), -EBUSY for mappings with external
 * pins or no user address, -EFAULT for a mapping of non-RAM, -ENOMEM.
 */
int vfio_kho_type1_dump(void *iommu_data, struct vfio_kho_maps *out)
{
	struct vfio_iommu *iommu = iommu_data;
	struct vfio_domain *domain;
	struct rb_node *n;
	size_t cap = 0;
	u32 index = 0;
	int err = 0;

	out->maps = NULL;
	out->nmaps = 0;
	mutex_lock(&iommu->lock);
	domain = vfio_kho_type1_domain(iommu);
	if (!domain)
		err = -EOPNOTSUPP;
	for (n = rb_first(&iommu->dma_list); !err && n; n = rb_next(n))
		err = vfio_kho_type1_dump_dma(domain, rb_entry(n, struct vfio_dma, node),
					      index++, out, &cap);
	mutex_unlock(&iommu->lock);
	if (err) {
		kfree(out->maps);
		out->maps = NULL;
		out->nmaps = 0;
	}
	return err;
}

/* Each page pinned exactly once, as pin_user_pages() leaves an order-0 page. */
static void vfio_kho_type1_pin(const struct kho_vfio_map *m)
{
	u64 off;

	for (off = 0; off < m->len; off += PAGE_SIZE) {
		struct folio *folio = page_folio(pfn_to_page(PHYS_PFN(m->phys + off)));

		WARN_ON_ONCE(folio_test_large(folio) || folio_ref_count(folio) != 1);
		folio_ref_add(folio, GUP_PIN_COUNTING_BIAS - 1);
		node_stat_mod_folio(folio, NR_FOLL_PIN_ACQUIRED, 1);
	}
}

/*
 * Before anything is committed: the parked table maps every preserved
 * chunk where it was recorded, and nothing else (the chunks, in IOVA
 * order without overlap, add up to all the table maps).
 */
static int vfio_kho_type1_verify(struct vfio_device *vdev,
				 const struct kho_vfio_map *maps, size_t nmaps)
{
	u64 off, bytes = 0;
	size_t i;

	for (i = 0; i < nmaps; i++) {
		if (i && maps[i].iova < maps[i - 1].iova + maps[i - 1].len)
			return -EINVAL;
		for (off = 0; off < maps[i].len; off += PAGE_SIZE)
			if (intel_iommu_kho_parked_lookup(vdev->dev, maps[i].iova + off) !=
			    maps[i].phys + off)
				return -EIO;
		bytes += maps[i].len;
	}
	return bytes == intel_iommu_kho_parked_mapped(vdev->dev) ? 0 : -EIO;
}

static int vfio_kho_type1_adopt(struct vfio_iommu *iommu, struct vfio_device *vdev,
				const struct kho_vfio_map *maps, size_t nmaps)
{
	ktime_t start = ktime_get();
	struct vfio_domain *domain;
	struct vfio_dma **dmas;
	size_t i, first, ndma = 0;
	u64 bytes = 0;
	int err;

	for (i = 0; i < nmaps; i++)
		if (!i || maps[i].dma != maps[i - 1].dma)
			ndma++;
	dmas = kcalloc(ndma, sizeof(*dmas), GFP_KERNEL);
	if (!dmas)
		return -ENOMEM;

	mutex_lock(&iommu->lock);
	domain = vfio_kho_type1_domain(iommu);
	err = -EBUSY;
	if (!domain || !RB_EMPTY_ROOT(&iommu->dma_list) || iommu->dma_avail < ndma) {
		dev_err(vdev->dev, "KHO: the container must be empty, type1 v2, one domain\n");
		goto out_unlock;
	}
	err = vfio_kho_type1_verify(vdev, maps, nmaps);
	if (err) {
		dev_err(vdev->dev, "KHO: the preserved page table does not map exactly the preserved pages\n");
		goto out_unlock;
	}

	for (i = 0, first = 0; nmaps && i <= nmaps; i++) {
		struct vfio_dma *dma;

		if (i < nmaps && (i == first || maps[i].dma == maps[first].dma))
			continue;
		dma = kzalloc(sizeof(*dma), GFP_KERNEL);
		if (!dma) {
			err = -ENOMEM;
			goto out_free;
		}
		dma->iova = maps[first].iova;
		dma->size = maps[i - 1].iova + maps[i - 1].len - dma->iova;
		dma->prot = (maps[first].prot & KHO_VFIO_PROT_READ ? IOMMU_READ : 0) |
			    (maps[first].prot & KHO_VFIO_PROT_WRITE ? IOMMU_WRITE : 0);
		dma->iommu_mapped = true;
		dma->vaddr_invalid = true;
		dma->pfn_list = RB_ROOT;
		dma->task = current->group_leader;
		dma->mm = current->mm;
		dma->lock_cap = capable(CAP_IPC_LOCK);
		dmas[maps[first].dma] = dma;
		first = i;
	}
	/* Charge the opener's locked memory as a fresh pin would. */
	for (i = 0; i < ndma; i++) {
		err = vfio_lock_acct(dmas[i], dmas[i]->size >> PAGE_SHIFT, false);
		if (err)
			goto out_unacct;
	}
	/* The last step that can fail; nothing before it touched the device. */
	err = intel_iommu_kho_unpark(vdev->dev);
	if (err) {
		i = ndma;
		goto out_unacct;
	}
	for (i = 0; i < ndma; i++) {
		get_task_struct(dmas[i]->task);
		mmgrab(dmas[i]->mm);
		vfio_link_dma(iommu, dmas[i]);
		iommu->dma_avail--;
		iommu->vaddr_invalid_count++;
	}
	for (i = 0; i < nmaps; i++) {
		vfio_kho_type1_pin(&maps[i]);
		bytes += maps[i].len;
	}
	mutex_unlock(&iommu->lock);
	kfree(dmas);
	dev_info(vdev->dev, "KHO: adopted %zu DMA mappings (%zu chunks, %llu KiB) in %lld us\n",
		 ndma, nmaps, bytes >> 10, ktime_us_delta(ktime_get(), start));
	return 0;

out_unacct:
	while (i--)
		vfio_lock_acct(dmas[i], -(long)(dmas[i]->size >> PAGE_SHIFT), false);
out_free:
	for (i = 0; i < ndma; i++)
		kfree(dmas[i]);
out_unlock:
	mutex_unlock(&iommu->lock);
	kfree(dmas);
	return err;
}

/**
 * vfio_kho_type1_register() - a device was registered with a container
 * @iommu_data: the container's type1 data
 * @vdev: the device, being opened
 *
 * Remembers the pair for the dump. For a kept device whose owner just
 * presented the right token, adopts the preserved mappings into this
 * container; the result goes back to the core, which fails the open on
 * an error.
 */
void vfio_kho_type1_register(void *iommu_data, struct vfio_device *vdev)
{
	struct vfio_kho_type1_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	const struct kho_vfio_map *maps;
	size_t nmaps;

	if (d) {
		d->vdev = vdev;
		d->iommu = iommu_data;
		mutex_lock(&vfio_kho_type1_lock);
		list_add(&d->node, &vfio_kho_type1_devs);
		mutex_unlock(&vfio_kho_type1_lock);
	}
	if (vfio_kho_accepted(vdev, &maps, &nmaps))
		vfio_kho_adopted(vdev, d ? vfio_kho_type1_adopt(iommu_data, vdev, maps, nmaps) :
				 -ENOMEM);
}

/**
 * vfio_kho_type1_unregister() - undo vfio_kho_type1_register()
 * @iommu_data: the container's type1 data
 * @vdev: the device, being closed
 */
void vfio_kho_type1_unregister(void *iommu_data, struct vfio_device *vdev)
{
	struct vfio_kho_type1_dev *d, *tmp;

	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry_safe(d, tmp, &vfio_kho_type1_devs, node)
		if (d->vdev == vdev && d->iommu == iommu_data) {
			list_del(&d->node);
			kfree(d);
		}
	mutex_unlock(&vfio_kho_type1_lock);
}
