// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO KHO, type1 part: dumping a container's DMA mappings and adopting
 * them after the kexec. type1's structures stay private to
 * vfio_iommu_type1.c; this file reaches them through
 * vfio_iommu_type1_kho_ops (the container lock, each mapping, recreating
 * mappings).
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
 * again. Its pages look pinned, so unmap and release free them as usual
 * (pages of khofs files: the core's boot reference becomes the pin, and
 * unpinning hands them back to their file). The mappings have no user
 * address until the VMM supplies one with VFIO_DMA_MAP_FLAG_VADDR, which
 * must map exactly the pages the IOMMU maps (vfio_kho_core_type1_check_vaddr()).
 */
#include <linux/iommu.h>
#include <linux/kho.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/kho/khofs.h>
#include <linux/kho/vfio.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vfio.h>
#include <linux/vmstat.h>
#include "kho.h"

/* Every device registered with a type1 container, and whether it is dumped. */
struct vfio_kho_type1_dev {
	struct list_head node;
	struct vfio_device *vdev;
	void *iommu;
	bool frozen;
};

static DEFINE_MUTEX(vfio_kho_type1_lock);
static LIST_HEAD(vfio_kho_type1_devs);
/*
 * type1's ops, as the last device registration passed them: type1 may be
 * a module of its own. Only a container with a registered device is ever
 * handled here, and that container holds type1 loaded.
 */
static const struct vfio_kho_type1_ops *vfio_kho_type1_cur;

static int vfio_kho_type1_prot(int prot)
{
	return (prot & IOMMU_READ ? KHO_VFIO_PROT_READ : 0) |
	       (prot & IOMMU_WRITE ? KHO_VFIO_PROT_WRITE : 0);
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
static void vfio_kho_type1_set_frozen(void *iommu, bool frozen)
{
	struct vfio_kho_type1_dev *d;

	READ_ONCE(vfio_kho_type1_cur)->lock(iommu);
	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry(d, &vfio_kho_type1_devs, node)
		if (d->iommu == iommu)
			d->frozen = frozen;
	mutex_unlock(&vfio_kho_type1_lock);
	READ_ONCE(vfio_kho_type1_cur)->unlock(iommu);
}

/**
 * vfio_kho_core_type1_frozen() - refuse to change a frozen container
 * @iommu_data: the container's type1 data; its lock is held
 *
 * Called by map and unmap under the container lock, the lock
 * vfio_kho_type1_freeze() takes to set the flag: a change either completes
 * before the freeze or fails with -EBUSY.
 *
 * Return: true while a KHO dump holds the container.
 */
bool vfio_kho_core_type1_frozen(void *iommu_data)
{
	struct vfio_kho_type1_dev *d;
	bool frozen = false;

	mutex_lock(&vfio_kho_type1_lock);
	list_for_each_entry(d, &vfio_kho_type1_devs, node)
		if (d->iommu == iommu_data && d->frozen)
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

struct vfio_kho_type1_dump_ctx {
	struct vfio_kho_maps *out;
	size_t cap;
	u32 index;
};

/*
 * One mapping as physically contiguous chunks, from the live page table.
 * A page of a khofs file is borrowed: the khofs node preserves it (the
 * filesystem froze at KHO_FREEZE, before any node is dumped, so its files
 * keep their pages while this runs); a chunk holds pages of one kind only.
 */
static int vfio_kho_type1_dump_dma(void *arg, struct iommu_domain *domain,
				   u64 start, u64 size, int prot)
{
	struct vfio_kho_type1_dump_ctx *ctx = arg;
	struct kho_vfio_map cur = {};
	u16 flags;
	u64 iova;
	int err;

	for (iova = start; iova < start + size; iova += PAGE_SIZE) {
		phys_addr_t phys = iommu_iova_to_phys(domain, iova);
		struct page *page;

		/* Only RAM the kernel could preserve. */
		if (!phys || !pfn_valid(PHYS_PFN(phys)))
			return -EFAULT;
		page = pfn_to_page(PHYS_PFN(phys));
		if (PageReserved(page))
			return -EFAULT;
		/* Pinned by type1: its folio cannot change under us. */
		flags = khofs_owns_folio(page_folio(page)) ? KHO_VFIO_MAP_KHOFS : 0;
		if (cur.len && cur.phys + cur.len == phys && cur.flags == flags) {
			cur.len += PAGE_SIZE;
			continue;
		}
		if (cur.len) {
			err = vfio_kho_type1_push(ctx->out, &ctx->cap, &cur);
			if (err)
				return err;
		}
		cur.iova = iova;
		cur.phys = phys;
		cur.len = PAGE_SIZE;
		cur.prot = vfio_kho_type1_prot(prot);
		cur.flags = flags;
		cur.dma = ctx->index;
		if (flags)
			ctx->out->nborrowed++;
	}
	ctx->index++;
	return cur.len ? vfio_kho_type1_push(ctx->out, &ctx->cap, &cur) : 0;
}

/**
 * vfio_kho_type1_dump() - record a frozen container's DMA mappings
 * @iommu_data: the container's type1 data, frozen by vfio_kho_type1_freeze()
 * @out: receives the chunks; the caller kvfree()s @out->maps
 *
 * A chunk of pages of a khofs file is marked KHO_VFIO_MAP_KHOFS
 * (borrowed): the khofs node preserves those pages, the vfio node's mem
 * does not hold them.
 *
 * Return: 0, -EOPNOTSUPP for a container KHO cannot hand over (several
 * domains, emulated devices, type1 v1), -EBUSY for mappings with external
 * pins or no user address, -EFAULT for a mapping of non-RAM, -ENOMEM.
 */
int vfio_kho_type1_dump(void *iommu_data, struct vfio_kho_maps *out)
{
	struct vfio_kho_type1_dump_ctx ctx = { .out = out };
	int err;

	out->maps = NULL;
	out->nmaps = 0;
	out->nborrowed = 0;
	err = READ_ONCE(vfio_kho_type1_cur)->for_each_dma(iommu_data, vfio_kho_type1_dump_dma,
						    &ctx);
	if (err) {
		kfree(out->maps);
		out->maps = NULL;
		out->nmaps = 0;
		out->nborrowed = 0;
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
 * A chunk of a khofs file: the reference the core took on each page at
 * boot becomes one FOLL_PIN pin, as try_grab_folio() counts it and
 * unpin_user_page() (gup_put_folio()) releases it: a large folio holds a
 * pin as one reference and one _pincount, an order-0 one as
 * GUP_PIN_COUNTING_BIAS references. A folio spans several pages of a
 * chunk: each page is its own pin, as type1 unpins page by page.
 */
static void vfio_kho_type1_pin_borrowed(const struct kho_vfio_map *m)
{
	u64 off;

	for (off = 0; off < m->len; off += PAGE_SIZE) {
		struct folio *folio = page_folio(pfn_to_page(PHYS_PFN(m->phys + off)));

		if (folio_test_large(folio))
			atomic_inc(&folio->_pincount);
		else
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

struct vfio_kho_type1_commit {
	struct vfio_device *vdev;
	const struct kho_vfio_map *maps;
	size_t nmaps;
};

/* Under the container lock, once everything else is ready: take it over. */
static int vfio_kho_type1_commit(void *arg)
{
	struct vfio_kho_type1_commit *c = arg;
	size_t i;
	int err;

	err = intel_iommu_kho_unpark(c->vdev->dev);
	if (err)
		return err;
	for (i = 0; i < c->nmaps; i++)
		if (c->maps[i].flags & KHO_VFIO_MAP_KHOFS)
			vfio_kho_type1_pin_borrowed(&c->maps[i]);
		else
			vfio_kho_type1_pin(&c->maps[i]);
	return 0;
}

static int vfio_kho_type1_adopt(void *iommu, struct vfio_device *vdev,
				const struct kho_vfio_map *maps, size_t nmaps)
{
	struct vfio_kho_type1_commit commit = { vdev, maps, nmaps };
	ktime_t start = ktime_get();
	struct vfio_kho_dma *dmas;
	size_t i, ndma = 0;
	u64 bytes = 0;
	int err;

	err = vfio_kho_type1_verify(vdev, maps, nmaps);
	if (err) {
		dev_err(vdev->dev, "KHO: the preserved page table does not map exactly the preserved pages\n");
		return err;
	}
	for (i = 0; i < nmaps; i++)
		if (!i || maps[i].dma != maps[i - 1].dma)
			ndma++;
	dmas = kcalloc(ndma, sizeof(*dmas), GFP_KERNEL);
	if (!dmas)
		return -ENOMEM;
	/* The chunks of one mapping are consecutive and in IOVA order. */
	for (i = 0, ndma = 0; i < nmaps; i++) {
		if (!i || maps[i].dma != maps[i - 1].dma) {
			dmas[ndma].iova = maps[i].iova;
			dmas[ndma].prot = (maps[i].prot & KHO_VFIO_PROT_READ ? IOMMU_READ : 0) |
					  (maps[i].prot & KHO_VFIO_PROT_WRITE ? IOMMU_WRITE : 0);
			ndma++;
		}
		dmas[ndma - 1].size = maps[i].iova + maps[i].len - dmas[ndma - 1].iova;
		bytes += maps[i].len;
	}
	err = READ_ONCE(vfio_kho_type1_cur)->adopt(iommu, dmas, ndma, vfio_kho_type1_commit,
					     &commit);
	kfree(dmas);
	if (err) {
		if (err == -EBUSY)
			dev_err(vdev->dev, "KHO: the container must be empty, type1 v2, one domain holding every kept group of it\n");
		return err;
	}
	dev_info(vdev->dev, "KHO: adopted %zu DMA mappings (%zu chunks, %llu KiB) in %lld us\n",
		 ndma, nmaps, bytes >> 10, ktime_us_delta(ktime_get(), start));
	return 0;
}

/* User pages looked up at a time: one page of pointers. */
#define VFIO_KHO_VADDR_BATCH	(PAGE_SIZE / sizeof(struct page *))

/**
 * vfio_kho_core_type1_check_vaddr() - does a user range map an adopted mapping's pages
 * @domain: the container's IOMMU domain
 * @iova: the adopted mapping's first I/O virtual address
 * @size: its size in bytes, page aligned
 * @vaddr: the user address the VMM gives it (VFIO_DMA_MAP_FLAG_VADDR)
 * @prot: its IOMMU_READ and IOMMU_WRITE
 *
 * Called by type1's map under the container lock for a mapping adopted
 * after a kexec, before anything changes. Type1 takes a new user address
 * on trust; an adopted mapping's pages were pinned by the old kernel for
 * the old VMM's memory, so the new address must map exactly those pages:
 * guest RAM the VMM mapped again from a file that survived the kexec (a
 * khofs file, MAP_SHARED, at the same offset). The user pages are looked
 * up, faulting them in, in batches, and each lookup's reference is
 * dropped again. The whole range must be shared mappings: in a private
 * one the VMM's next write would copy a page away from the device's, even
 * for a mapping the device only reads.
 *
 * Return: 0 if every page of [@vaddr, @vaddr + @size) is the page the
 * IOMMU maps at the same offset from @iova; -EINVAL if one is not or part
 * of the range cannot be looked up (one rate-limited line says where);
 * -ENOMEM.
 */
static bool vfio_kho_range_shared(unsigned long start, u64 len)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr = start, end = start + len;
	struct vm_area_struct *vma;
	bool shared = end > start;

	mmap_read_lock(mm);
	while (shared && addr < end) {
		vma = vma_lookup(mm, addr);
		shared = vma && (vma->vm_flags & VM_SHARED);
		if (shared)
			addr = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return shared;
}

int vfio_kho_core_type1_check_vaddr(struct iommu_domain *domain, u64 iova, u64 size,
			       unsigned long vaddr, int prot)
{
	unsigned int gup_flags = prot & IOMMU_WRITE ? FOLL_WRITE : 0;
	unsigned long npages = size >> PAGE_SHIFT, done = 0;
	struct page **pages;
	u64 bad = U64_MAX;
	int n, i;

	if (!vfio_kho_range_shared(vaddr, size)) {
		pr_warn_ratelimited("vfio: KHO: VFIO_DMA_MAP_FLAG_VADDR refused for adopted IOVA %#llx+%#llx: user range %#lx is not all shared mappings\n",
				    iova, size, vaddr);
		return -EINVAL;
	}
	pages = (struct page **)__get_free_page(GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	while (done < npages && bad == U64_MAX) {
		n = get_user_pages_fast(vaddr + (done << PAGE_SHIFT),
					min_t(unsigned long, npages - done,
					      VFIO_KHO_VADDR_BATCH),
					gup_flags, pages);
		if (n <= 0) {
			bad = (u64)done << PAGE_SHIFT;
			break;
		}
		for (i = 0; i < n; i++) {
			u64 off = (u64)(done + i) << PAGE_SHIFT;

			if (bad == U64_MAX &&
			    page_to_phys(pages[i]) != iommu_iova_to_phys(domain, iova + off))
				bad = off;
			put_page(pages[i]);
		}
		done += n;
		cond_resched();
	}
	free_page((unsigned long)pages);
	if (bad == U64_MAX)
		return 0;
	pr_warn_ratelimited("vfio: KHO: VFIO_DMA_MAP_FLAG_VADDR refused for adopted IOVA %#llx+%#llx: user address %#llx does not map the page the device uses\n",
			    iova, size, (u64)vaddr + bad);
	return -EINVAL;
}

/*
 * Another kept device of the same container (another iommu group) had its
 * mappings adopted, and the IOMMU handed @vdev over with it: @vdev joins
 * the container's adopted mappings if it still translates through the
 * preserved table there. Anything else means its table is no longer the
 * one its record describes: refused.
 */
static int vfio_kho_type1_join(struct vfio_device *vdev)
{
	if (intel_iommu_kho_joined(vdev->dev)) {
		dev_err(vdev->dev, "KHO: its container's mappings were adopted, but it no longer translates through them\n");
		return -EIO;
	}
	dev_info(vdev->dev, "KHO: joined its container's adopted DMA mappings\n");
	return 0;
}

/**
 * vfio_kho_core_type1_register() - a device was registered with a container
 * @iommu_data: the container's type1 data
 * @vdev: the device, being opened
 * @ops: type1's ops (vfio_iommu_type1_kho_ops)
 *
 * Remembers the pair for the dump. For a kept device whose owner just
 * presented the right token, adopts the preserved mappings into this
 * container, or joins them if another kept device of the same container
 * did already; the result goes back to the core, which fails the open on
 * an error.
 */
void vfio_kho_core_type1_register(void *iommu_data, struct vfio_device *vdev,
				  const struct vfio_kho_type1_ops *ops)
{
	struct vfio_kho_type1_dev *d = kzalloc(sizeof(*d), GFP_KERNEL);
	const struct kho_vfio_map *maps;
	bool join = false;
	size_t nmaps;
	int err;

	mutex_lock(&vfio_kho_type1_lock);
	WRITE_ONCE(vfio_kho_type1_cur, ops);
	mutex_unlock(&vfio_kho_type1_lock);
	if (d) {
		d->vdev = vdev;
		d->iommu = iommu_data;
		mutex_lock(&vfio_kho_type1_lock);
		list_add(&d->node, &vfio_kho_type1_devs);
		mutex_unlock(&vfio_kho_type1_lock);
	}
	if (!vfio_kho_accepted(vdev, &maps, &nmaps, &join))
		return;
	if (join)
		err = vfio_kho_type1_join(vdev);
	else
		err = d ? vfio_kho_type1_adopt(iommu_data, vdev, maps, nmaps) : -ENOMEM;
	vfio_kho_adopted(vdev, err);
}

/**
 * vfio_kho_core_type1_unregister() - undo vfio_kho_core_type1_register()
 * @iommu_data: the container's type1 data
 * @vdev: the device, being closed
 */
void vfio_kho_core_type1_unregister(void *iommu_data, struct vfio_device *vdev)
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
