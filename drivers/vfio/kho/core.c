// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO KHO serializer: a vfio-pci device kept alive across a KHO kexec and
 * handed back only to the VMM that holds its token.
 *
 * Old kernel: a VMM sets VFIO_DEVICE_FEATURE_KHO_KEEPALIVE with a 16-byte
 * token on an open device (include/uapi/linux/vfio_kho.h). The device is
 * marked for the PCI serializer (bus numbers, BARs, bus mastering) and its
 * translation parked for the VT-d serializer. When the VMM closes it, the
 * device file is kept open here instead: no disable, no reset, no unmap.
 * The KHO dump records each device (a salted SHA-256 of the token, never
 * the token), its container's DMA mappings and pinned pages, and its MSI
 * vectors with their IRTEs.
 *
 * New kernel: the node is checked and its pages claimed before any driver
 * binds; kept devices bind to vfio-pci only (the PCI serializer's doing).
 * VFIO_GROUP_GET_DEVICE_FD needs "<name> kho_token=<uuid>"; with the right
 * token, type1 adopts the mappings (kho/type1.c) and vfio-pci enables the
 * device without clearing bus mastering or resetting it.
 *
 * The node layout and its checker are in kho_node.c (portable).
 */
#define pr_fmt(fmt) "vfio: KHO: " fmt

#include <crypto/algapi.h>
#include <crypto/sha2.h>
#include <linux/debugfs.h>
#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/intel-iommu-mark.h>
#include <linux/kho/khofs.h>
#include <linux/kho/pci-keep.h>
#include <linux/kho/vfio.h>
#include <linux/module.h>
#include <linux/msi.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uuid.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>
#include <linux/vfio_kho.h>

#include "../vfio.h"
#include "../pci/vfio_pci_priv.h"
#include "kho.h"

#define VFIO_KHO_TOKEN_ARG	"kho_token="

static u32 vfio_kho_sbdf(struct pci_dev *pdev)
{
	return (u32)pci_domain_nr(pdev->bus) << 16 | pci_dev_id(pdev);
}

static void vfio_kho_hash(const u8 *salt, const u8 *token, u8 *hash)
{
	u8 buf[KHO_VFIO_SALT_LEN + KHO_VFIO_TOKEN_LEN];

	memcpy(buf, salt, KHO_VFIO_SALT_LEN);
	memcpy(buf + KHO_VFIO_SALT_LEN, token, KHO_VFIO_TOKEN_LEN);
	sha256(buf, sizeof(buf), hash);
	memzero_explicit(buf, sizeof(buf));
}

/* Outgoing: kept devices, their token hashes and, once closed, their file. */
struct vfio_kho_kept {
	struct vfio_device *vdev;
	u8 salt[KHO_VFIO_SALT_LEN];
	u8 hash[KHO_VFIO_HASH_LEN];
	struct vfio_device_file *stash;
	void *container;
};

/*
 * Two locks, for the two kernels' state, with opposite places in the lock
 * order:
 *
 * vfio_kho_lock guards the outgoing state (vfio_kho_kept, vfio_kho_frozen).
 * It is held across the KHO freeze and dump, which take each kept
 * container's type1 lock, so it is taken before type1's lock and,
 * through type1, before iommu group mutexes, the DMA API's locks, CPU
 * hotplug and dmar_global_lock.
 *
 * vfio_kho_in_lock guards the incoming state (vfio_kho_in's status and
 * returned). The device registry calls vfio_kho_step_stop() in whatever
 * context another step refuses a device, which includes VT-d's
 * init_dmars() under dmar_global_lock and a domain attach under an iommu
 * group's mutex; so nothing is called under it but the registry
 * (kho_dev_kept_by()) and the page allocator, and vfio_kho_lock is never
 * taken inside it nor it inside vfio_kho_lock.
 */
static DEFINE_MUTEX(vfio_kho_lock);
static DEFINE_MUTEX(vfio_kho_in_lock);
static struct vfio_kho_kept vfio_kho_kept[KHO_VFIO_MAX_DEVS];
static unsigned int vfio_kho_nkept;
static bool vfio_kho_frozen;

static struct vfio_kho_kept *vfio_kho_find_kept(struct vfio_device *vdev)
{
	unsigned int i;

	for (i = 0; i < vfio_kho_nkept; i++)
		if (vfio_kho_kept[i].vdev == vdev)
			return &vfio_kho_kept[i];
	return NULL;
}

static struct vfio_pci_core_device *vfio_kho_pci(struct vfio_device *vdev)
{
	return container_of(vdev, struct vfio_pci_core_device, vdev);
}

/* Mark the device for PCI and VT-d; the caller holds vfio_kho_lock. */
static int vfio_kho_keep(struct vfio_device *vdev, const u8 *token)
{
	struct vfio_pci_core_device *vpdev = vfio_kho_pci(vdev);
	struct pci_dev *pdev = vpdev->pdev;
	struct vfio_kho_kept *k = vfio_kho_find_kept(vdev);
	int err;

	if (!k) {
		if (vfio_kho_nkept == KHO_VFIO_MAX_DEVS)
			return -ENOSPC;
		if (!vfio_kho_type1_container(vdev)) {
			pci_err(pdev, "KHO: keepalive needs a type1 container (group interface)\n");
			return -EOPNOTSUPP;
		}
		/*
		 * The token check is vfio-pci's match; a variant driver of
		 * vfio-pci-core would open the kept device without one.
		 */
		if (strcmp(dev_driver_string(&pdev->dev), "vfio-pci")) {
			pci_err(pdev, "KHO: keepalive needs vfio-pci, not %s\n",
				dev_driver_string(&pdev->dev));
			return -EOPNOTSUPP;
		}
		if (vpdev->irq_type == VFIO_PCI_INTX_IRQ_INDEX || pdev->is_virtfn) {
			pci_err(pdev, "KHO: keepalive does not support INTx or SR-IOV VFs\n");
			return -EOPNOTSUPP;
		}
		err = pci_kho_keep(pdev, dev_driver_string(&pdev->dev));
		if (err)
			return err;
		err = intel_iommu_kho_park(&pdev->dev);
		if (err) {
			pci_kho_unkeep(pdev);
			return err;
		}
		k = &vfio_kho_kept[vfio_kho_nkept++];
		memset(k, 0, sizeof(*k));
		k->vdev = vdev;
	}
	do {
		get_random_bytes(k->salt, sizeof(k->salt));
	} while (!memchr_inv(k->salt, 0, sizeof(k->salt)));
	vfio_kho_hash(k->salt, token, k->hash);
	pci_info(pdev, "KHO: keepalive set\n");
	return 0;
}

static void vfio_kho_forget(struct vfio_kho_kept *k)
{
	struct pci_dev *pdev = vfio_kho_pci(k->vdev)->pdev;

	intel_iommu_kho_unpreserve(&pdev->dev);
	pci_kho_unkeep(pdev);
	*k = vfio_kho_kept[--vfio_kho_nkept];
	pci_info(pdev, "KHO: keepalive cleared\n");
}

/* Incoming: the decoded node and where each device stands. */
enum vfio_kho_in_status {
	VFIO_KHO_IN_ABANDONED,
	VFIO_KHO_IN_AWAITING,	/* kept; waiting for the token */
	VFIO_KHO_IN_ACCEPTED,	/* token matched; open in progress */
	VFIO_KHO_IN_ADOPTED,	/* type1 adopted the mappings */
	VFIO_KHO_IN_FAILED,	/* adoption failed, nothing committed; open fails, retry */
	VFIO_KHO_IN_REFUSED,	/* the preserved table is not what was recorded */
	VFIO_KHO_IN_RESTORED,
};

static struct {
	bool valid;
	struct kho_vfio_state st;
	u8 status[KHO_VFIO_MAX_DEVS];
	bool returned[KHO_VFIO_MAX_CONTAINERS];
} vfio_kho_in;

static int vfio_kho_in_index(struct pci_dev *pdev)
{
	const struct kho_vfio_in_dev *d;

	if (!vfio_kho_in.valid)
		return -1;
	d = kho_vfio_find(&vfio_kho_in.st, vfio_kho_sbdf(pdev));
	return d ? d - vfio_kho_in.st.devs : -1;
}

static int vfio_kho_feature_get(struct vfio_device *vdev, void __user *arg)
{
	struct vfio_device_feature_kho_keepalive ka = {};
	int i = vfio_kho_in_index(vfio_kho_pci(vdev)->pdev);

	mutex_lock(&vfio_kho_lock);
	if (vfio_kho_find_kept(vdev))
		ka.flags |= VFIO_KHO_KEEPALIVE_KEEP |
			    (vfio_kho_frozen ? VFIO_KHO_KEEPALIVE_DUMPED : 0);
	mutex_unlock(&vfio_kho_lock);
	mutex_lock(&vfio_kho_in_lock);
	if (i >= 0 && vfio_kho_in.status[i] == VFIO_KHO_IN_RESTORED)
		ka.flags |= VFIO_KHO_KEEPALIVE_RESTORED;
	mutex_unlock(&vfio_kho_in_lock);
	return copy_to_user(arg, &ka, sizeof(ka)) ? -EFAULT : 0;
}

/**
 * vfio_pci_kho_feature() - VFIO_DEVICE_FEATURE_KHO_KEEPALIVE
 * @core_vdev: an open vfio-pci device
 * @flags: the feature flags (PROBE, GET, SET)
 * @arg: user pointer to struct vfio_device_feature_kho_keepalive
 * @argsz: its size
 *
 * Return: 0, or -EINVAL (bad payload, zero token), -EBUSY (a KHO dump with
 * the device is active), -EOPNOTSUPP (the device cannot be kept; the log
 * says why), -ENOSPC, -EFAULT, or an error from the PCI or VT-d marking.
 */
int vfio_pci_kho_feature(struct vfio_device *core_vdev, u32 flags,
			 void __user *arg, size_t argsz)
{
	struct vfio_device_feature_kho_keepalive ka;
	struct vfio_kho_kept *k;
	int ret;

	ret = vfio_check_feature(flags, argsz,
				 VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_GET,
				 sizeof(ka));
	if (ret != 1)
		return ret;
	if (flags & VFIO_DEVICE_FEATURE_GET)
		return vfio_kho_feature_get(core_vdev, arg);
	if (copy_from_user(&ka, arg, sizeof(ka)))
		return -EFAULT;
	if (ka.reserved || (ka.flags & ~VFIO_KHO_KEEPALIVE_KEEP) ||
	    ((ka.flags & VFIO_KHO_KEEPALIVE_KEEP) &&
	     !memchr_inv(ka.token, 0, sizeof(ka.token))))
		return -EINVAL;

	mutex_lock(&vfio_kho_lock);
	k = vfio_kho_find_kept(core_vdev);
	if (vfio_kho_frozen)
		ret = -EBUSY;
	else if (ka.flags & VFIO_KHO_KEEPALIVE_KEEP)
		ret = vfio_kho_keep(core_vdev, ka.token);
	else if (k)
		vfio_kho_forget(k);
	mutex_unlock(&vfio_kho_lock);
	memzero_explicit(&ka, sizeof(ka));
	return ret;
}

/* A stashed device may still raise interrupts nobody handles: mask them. */
static void vfio_kho_mask_irqs(struct pci_dev *pdev)
{
	u16 ctrl;
	u32 mask;

	if (pdev->msix_cap) {
		pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &ctrl);
		pci_write_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS,
				      ctrl | PCI_MSIX_FLAGS_MASKALL);
	}
	if (pdev->msi_cap) {
		pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &ctrl);
		if (!(ctrl & PCI_MSI_FLAGS_MASKBIT))
			return;	/* nothing to mask with: see docs */
		mask = ctrl & PCI_MSI_FLAGS_64BIT ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32;
		pci_write_config_dword(pdev, pdev->msi_cap + mask, ~0U);
	}
}

/**
 * vfio_kho_core_keep_open() - keep a kept device open when its file is released
 * @df: the device file being released
 *
 * Return: true if the file was stashed: the caller must not close it.
 */
bool vfio_kho_core_keep_open(struct vfio_device_file *df)
{
	struct vfio_kho_kept *k;
	bool kept = false;

	mutex_lock(&vfio_kho_lock);
	k = vfio_kho_find_kept(df->device);
	if (k && !k->stash && df->group) {
		k->stash = df;
		vfio_kho_mask_irqs(vfio_kho_pci(df->device)->pdev);
		dev_info(df->device->dev, "KHO: kept alive after close\n");
		kept = true;
	}
	mutex_unlock(&vfio_kho_lock);
	return kept;
}

/* The MSI vectors of a device and the IRTE each one was routed through. */
static size_t vfio_kho_vectors(struct vfio_pci_core_device *vpdev,
			       struct kho_vfio_vector *vec, size_t max)
{
	struct msi_desc *desc;
	size_t n = 0;

	if (vpdev->irq_type != VFIO_PCI_MSI_IRQ_INDEX &&
	    vpdev->irq_type != VFIO_PCI_MSIX_IRQ_INDEX)
		return 0;
	msi_lock_descs(&vpdev->pdev->dev);
	msi_for_each_desc(desc, &vpdev->pdev->dev, MSI_DESC_ASSOCIATED) {
		u32 lo = desc->msg.address_lo;
		/* Remappable format: handle in bits 19:5 and 2, subhandle in data. */
		u32 irte = ((lo >> 5) & 0x7fff) | ((lo >> 2) & 1) << 15;

		if (n == max)
			break;
		if (lo & BIT(3))
			irte += desc->msg.data & 0xffff;
		vec[n].index = desc->msi_index;
		vec[n].irte = irte;
		n++;
	}
	msi_unlock_descs(&vpdev->pdev->dev);
	return n;
}

static int vfio_kho_cmp_kept(const void *a, const void *b)
{
	u32 x = vfio_kho_sbdf(vfio_kho_pci(((const struct vfio_kho_kept *)a)->vdev)->pdev);
	u32 y = vfio_kho_sbdf(vfio_kho_pci(((const struct vfio_kho_kept *)b)->vdev)->pdev);

	return x < y ? -1 : x > y;
}

/* Every chunk's range (@borrowed: only those of khofs files, else only the others). */
static size_t vfio_kho_chunks(struct vfio_kho_maps *maps, unsigned int nc,
			      struct kho_mem *mem, size_t n, bool borrowed,
			      u64 *bytes)
{
	const struct kho_vfio_map *m;
	size_t i, j;

	for (i = 0; i < nc; i++)
		for (j = 0; j < maps[i].nmaps; j++) {
			m = &maps[i].maps[j];
			if (!!(m->flags & KHO_VFIO_MAP_KHOFS) != borrowed)
				continue;
			mem[n].addr = m->phys;
			mem[n].len = m->len;
			*bytes += m->len;
			n++;
		}
	return n;
}

/*
 * The node's mem: the pages of every chunk that is not borrowed from a
 * khofs file, sorted and merged. No page is in two chunks, borrowed or
 * not: the next kernel pins each page once.
 */
static int vfio_kho_mem(struct vfio_kho_maps *maps, unsigned int nc,
			struct kho_mem **out, size_t *nout)
{
	size_t n, i, total = 0;
	u64 bytes = 0, own = 0;
	struct kho_mem *mem;

	for (i = 0; i < nc; i++)
		total += maps[i].nmaps;
	mem = kvcalloc(total ? total : 1, sizeof(*mem), GFP_KERNEL);
	if (!mem)
		return -ENOMEM;
	n = vfio_kho_chunks(maps, nc, mem, 0, false, &bytes);
	n = vfio_kho_chunks(maps, nc, mem, n, true, &bytes);
	n = kho_ranges_merge(mem, n);
	/* Merging overlapping ranges loses bytes; adjacent ones do not. */
	if (kho_ranges_total(mem, n) != bytes) {
		pr_err("a page is mapped for DMA twice; cannot hand it over\n");
		kvfree(mem);
		return -EBUSY;
	}
	n = vfio_kho_chunks(maps, nc, mem, 0, false, &own);
	*out = mem;
	*nout = kho_ranges_merge(mem, n);
	return 0;
}

static int vfio_kho_write(void *fdt, struct vfio_kho_maps *maps, void **containers,
			  unsigned int nc)
{
	struct kho_vfio_vector *vec;
	struct kho_mem *mem;
	size_t nmem;
	unsigned int i, c;
	int err;

	err = vfio_kho_mem(maps, nc, &mem, &nmem);
	if (err)
		return err;
	vec = kcalloc(KHO_VFIO_MAX_VECTORS, sizeof(*vec), GFP_KERNEL);
	if (!vec) {
		kvfree(mem);
		return -ENOMEM;
	}
	err = kho_node_begin(fdt, KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	if (!err)
		err = kho_node_add_mem(fdt, mem, nmem);
	for (c = 0; !err && c < nc; c++)
		err = kho_vfio_container_add(fdt, c, maps[c].maps, maps[c].nmaps);
	for (i = 0; !err && i < vfio_kho_nkept; i++) {
		struct vfio_kho_kept *k = &vfio_kho_kept[i];
		struct vfio_pci_core_device *vpdev = vfio_kho_pci(k->vdev);
		struct kho_vfio_dev dev = {};
		size_t nvec = vfio_kho_vectors(vpdev, vec, KHO_VFIO_MAX_VECTORS);

		dev.sbdf = vfio_kho_sbdf(vpdev->pdev);
		for (c = 0; c < nc && containers[c] != k->container; c++)
			;
		dev.container = c;
		dev.irq_type = !nvec ? KHO_VFIO_IRQ_NONE :
			       vpdev->irq_type == VFIO_PCI_MSIX_IRQ_INDEX ?
			       KHO_VFIO_IRQ_MSIX : KHO_VFIO_IRQ_MSI;
		dev.flags = (vpdev->reset_works ? KHO_VFIO_DEV_RESET_WORKS : 0) |
			    (vpdev->pci_2_3 ? KHO_VFIO_DEV_PCI_2_3 : 0) |
			    (vpdev->nointx ? KHO_VFIO_DEV_NOINTX : 0);
		memcpy(dev.salt, k->salt, sizeof(dev.salt));
		memcpy(dev.hash, k->hash, sizeof(dev.hash));
		err = kho_vfio_dev_add(fdt, &dev, vec, nvec);
	}
	if (!err)
		err = kho_node_end(fdt);
	if (!err) {
		size_t nborrowed = 0;

		for (c = 0; c < nc; c++)
			nborrowed += maps[c].nborrowed;
		pr_info("dumped %u devices, %u containers, %zu page ranges, %zu chunks in khofs files\n",
			vfio_kho_nkept, nc, nmem, nborrowed);
	}
	kfree(vec);
	kvfree(mem);
	return err;
}

/* KHO_FREEZE: every kept device's container stops changing. */
static int vfio_kho_freeze(void)
{
	unsigned int i;

	for (i = 0; i < vfio_kho_nkept; i++) {
		struct vfio_kho_kept *k = &vfio_kho_kept[i];

		k->container = vfio_kho_type1_container(k->vdev);
		if (!k->container) {
			dev_err(k->vdev->dev, "KHO: no longer in a type1 container\n");
			return -ENODEV;
		}
		/* Several kept devices (groups) may share it: freezing is idempotent. */
		vfio_kho_type1_freeze(k->container);
	}
	return 0;
}

static void vfio_kho_thaw(void)
{
	unsigned int i;

	for (i = 0; i < vfio_kho_nkept; i++) {
		if (vfio_kho_kept[i].container)
			vfio_kho_type1_thaw(vfio_kho_kept[i].container);
		vfio_kho_kept[i].container = NULL;
	}
}

static int vfio_kho_dump(void *fdt)
{
	ktime_t start = ktime_get();
	void *containers[KHO_VFIO_MAX_DEVS];
	struct vfio_kho_maps *maps;
	unsigned int i, c, nc = 0;
	int err = 0;

	if (!vfio_kho_nkept)
		return 0;
	maps = kcalloc(KHO_VFIO_MAX_DEVS, sizeof(*maps), GFP_KERNEL);
	if (!maps)
		return -ENOMEM;
	sort(vfio_kho_kept, vfio_kho_nkept, sizeof(vfio_kho_kept[0]),
	     vfio_kho_cmp_kept, NULL);
	for (i = 0; !err && i < vfio_kho_nkept; i++) {
		struct vfio_kho_kept *k = &vfio_kho_kept[i];

		for (c = 0; c < nc && containers[c] != k->container; c++)
			;
		if (c < nc)
			continue;
		err = vfio_kho_type1_dump(k->container, &maps[nc]);
		if (err)
			dev_err(k->vdev->dev, "KHO: cannot dump its container (%d)\n", err);
		else
			containers[nc++] = k->container;
	}
	if (!err)
		err = vfio_kho_write(fdt, maps, containers, nc);
	if (!err)
		pr_info("dump took %lld us\n", ktime_us_delta(ktime_get(), start));
	for (c = 0; c < nc; c++)
		kfree(maps[c].maps);
	kfree(maps);
	return err;
}

/*
 * Freeze, then dump; an abort (sent to every serializer, whether it
 * froze or dumped or not) thaws. Keepalive changes fail with -EBUSY from
 * the freeze on.
 */
static int vfio_kho_notify(struct notifier_block *nb, unsigned long event,
			   void *data)
{
	int err = 0;

	mutex_lock(&vfio_kho_lock);
	switch (event) {
	case KHO_FREEZE:
		vfio_kho_frozen = true;
		err = vfio_kho_freeze();
		break;
	case KHO_DUMP:
		err = vfio_kho_dump(data);
		break;
	case KHO_ABORT:
		vfio_kho_thaw();
		vfio_kho_frozen = false;
		break;
	}
	mutex_unlock(&vfio_kho_lock);
	return notifier_from_errno(err);
}

static struct notifier_block vfio_kho_nb = {
	.notifier_call = vfio_kho_notify,
};

/* Close a stashed device file: what vfio_device_fops_release() skipped. */
static void vfio_kho_close_stash(struct vfio_device_file *df)
{
	vfio_df_group_close(df);
	vfio_device_put_registration(df->device);
	kfree(df);
}

/**
 * vfio_pci_kho_request() - vfio-pci's request, for a device being unbound
 * @core_vdev: the device
 * @count: how many times the core asked
 *
 * Unbinding waits until every user closed the device. A stashed device
 * has no user left to ask, so its keepalive is dropped and it is closed
 * the normal way, unless an active KHO dump holds it: then unbinding
 * waits until the dump is aborted (the core asks again every 10 s).
 */
void vfio_pci_kho_request(struct vfio_device *core_vdev, unsigned int count)
{
	struct vfio_device_file *df = NULL;
	struct vfio_kho_kept *k;

	mutex_lock(&vfio_kho_lock);
	k = vfio_kho_find_kept(core_vdev);
	if (k && k->stash && !vfio_kho_frozen) {
		df = k->stash;
		vfio_kho_forget(k);
	} else if (k && k->stash && !count) {
		dev_warn(core_vdev->dev, "KHO: kept device is in an active KHO dump; unbinding waits until it is aborted\n");
	}
	mutex_unlock(&vfio_kho_lock);
	if (df) {
		dev_info(core_vdev->dev, "KHO: keepalive dropped: the driver is being unbound\n");
		vfio_kho_close_stash(df);
		return;
	}
	vfio_pci_core_request(core_vdev, count);
}
EXPORT_SYMBOL_GPL(vfio_pci_kho_request);

/*
 * debugfs vfio_kho/release: write a device name to close a stashed device
 * the normal way (disable, reset, unmap) without a kexec.
 */
static ssize_t vfio_kho_release_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	struct vfio_device_file *df = NULL;
	struct vfio_kho_kept *k;
	char name[32];
	unsigned int i;

	if (len >= sizeof(name) || copy_from_user(name, ubuf, len))
		return -EINVAL;
	name[len] = 0;
	strim(name);
	mutex_lock(&vfio_kho_lock);
	for (i = 0; i < vfio_kho_nkept; i++) {
		k = &vfio_kho_kept[i];
		if (!k->stash || strcmp(dev_name(k->vdev->dev), name))
			continue;
		if (vfio_kho_frozen)
			break;
		df = k->stash;
		vfio_kho_forget(k);
		break;
	}
	mutex_unlock(&vfio_kho_lock);
	if (!df)
		return vfio_kho_frozen ? -EBUSY : -ENOENT;
	vfio_kho_close_stash(df);
	return len;
}

static const struct file_operations vfio_kho_release_fops = {
	.write = vfio_kho_release_write,
};

static int __init vfio_kho_init(void)
{
	struct dentry *dir;
	int err;

	err = register_kho_notifier(&vfio_kho_nb);
	if (err)
		return err;
	dir = debugfs_create_dir("vfio_kho", NULL);
	debugfs_create_file("release", 0200, dir, NULL, &vfio_kho_release_fops);
	return 0;
}

/* Is the device of record @i still waiting for (or being opened by) its VMM? */
static bool vfio_kho_in_waiting(unsigned int i)
{
	return (vfio_kho_in.status[i] == VFIO_KHO_IN_AWAITING ||
		vfio_kho_in.status[i] == VFIO_KHO_IN_ACCEPTED) &&
	       kho_dev_kept_by(vfio_kho_in.st.devs[i].dev.sbdf, KHO_STEP_OWNER);
}

/*
 * Guest RAM in khofs files (borrowed chunks, KHO_VFIO_MAP_KHOFS): the
 * pages are the restored files' page cache, owned by the filesystem. Each
 * borrowed page gets a reference of vfio's own at boot, taken before any
 * user can truncate or unlink the file, and held while a device may still
 * DMA into the page: it keeps the page allocated when the filesystem lets
 * go of it. Adoption turns it into type1's pin (type1.c); otherwise it is
 * dropped once the device is stopped. vfio never frees a borrowed page:
 * dropping its reference frees the page only if the file no longer has it.
 */

/* How far vfio_kho_borrow() got: container, chunk, byte offset in the chunk. */
struct vfio_kho_borrow_pos {
	unsigned int c;
	size_t i;
	u64 off;
};

static bool vfio_kho_borrowed(const struct kho_vfio_map *m)
{
	return m->flags & KHO_VFIO_MAP_KHOFS;
}

/* One reference on a page of a restored khofs file, or false. */
static bool vfio_kho_borrow_page(phys_addr_t phys)
{
	unsigned long pfn = PHYS_PFN(phys);
	struct folio *folio;
	struct page *page;

	if (!pfn_valid(pfn))
		return false;
	page = pfn_to_page(pfn);
	/* Still reserved: nobody restored it into a file. */
	if (PageReserved(page))
		return false;
	folio = page_folio(page);
	if (!folio_try_get(folio))
		return false;
	if (page_folio(page) != folio || !khofs_owns_folio(folio)) {
		/* Our own reference: the page stays its owner's. */
		folio_put(folio);
		return false;
	}
	return true;
}

/* Drop the references of the first @len bytes of a borrowed chunk. */
static void vfio_kho_unborrow_chunk(const struct kho_vfio_map *m, u64 len)
{
	u64 off;

	for (off = 0; off < len; off += PAGE_SIZE)
		folio_put(page_folio(pfn_to_page(PHYS_PFN(m->phys + off))));
}

/*
 * Every borrowed page of the node, all or nothing: the khofs tree is
 * restored first. On failure @pos says how far references were taken;
 * the caller drops them with vfio_kho_unborrow() once every kept device
 * is stopped.
 */
static int vfio_kho_borrow(const struct kho_vfio_state *st,
			   struct vfio_kho_borrow_pos *pos)
{
	const struct kho_vfio_map *m;
	size_t nborrowed = 0;
	u64 bytes = 0;
	int err;

	memset(pos, 0, sizeof(*pos));
	for (pos->c = 0; pos->c < st->ncontainers; pos->c++)
		nborrowed += st->containers[pos->c].nborrowed;
	pos->c = 0;
	if (!nborrowed)
		return 0;
	err = khofs_restore();
	if (err) {
		pr_err("incoming state refused: %zu DMA chunks are in khofs files, and khofs was not restored (%d)\n",
		       nborrowed, err);
		return err;
	}
	for (; pos->c < st->ncontainers; pos->c++) {
		const struct kho_vfio_in_container *ct = &st->containers[pos->c];

		for (pos->i = 0; pos->i < ct->nmaps; pos->i++) {
			m = &ct->maps[pos->i];
			if (!vfio_kho_borrowed(m))
				continue;
			for (pos->off = 0; pos->off < m->len; pos->off += PAGE_SIZE)
				if (!vfio_kho_borrow_page(m->phys + pos->off)) {
					pr_err("incoming state refused: container %u: page %#llx is not a page of a khofs file\n",
					       pos->c, m->phys + pos->off);
					return -EINVAL;
				}
			bytes += m->len;
		}
		pos->i = 0;
	}
	pr_info("%zu DMA chunks (%llu KiB) are in khofs files; kept allocated for their devices\n",
		nborrowed, bytes >> 10);
	return 0;
}

/* Undo vfio_kho_borrow() up to @pos (exclusive). */
static void vfio_kho_unborrow(const struct kho_vfio_state *st,
			      const struct vfio_kho_borrow_pos *pos)
{
	const struct kho_vfio_map *m;
	unsigned int c;
	size_t i;

	for (c = 0; c <= pos->c && c < st->ncontainers; c++)
		for (i = 0; i < st->containers[c].nmaps; i++) {
			m = &st->containers[c].maps[i];
			if (c == pos->c && i > pos->i)
				break;
			if (!vfio_kho_borrowed(m))
				continue;
			vfio_kho_unborrow_chunk(m, c == pos->c && i == pos->i ?
						pos->off : m->len);
		}
}

/*
 * Container @c's pages go back if no device wants them: its own pages to
 * the allocator, the borrowed ones to their files (vfio's references are
 * dropped). Called only once the devices that could DMA into them are
 * stopped.
 */
static void vfio_kho_return_container(unsigned int c)
{
	const struct kho_vfio_state *st = &vfio_kho_in.st;
	const struct kho_vfio_map *m;
	unsigned int i;
	size_t j;

	if (vfio_kho_in.returned[c])
		return;
	/* Pages a device still waits for, or uses since its adoption, stay. */
	for (i = 0; i < st->ndevs; i++)
		if (st->devs[i].dev.container == c &&
		    vfio_kho_in.status[i] != VFIO_KHO_IN_ABANDONED &&
		    vfio_kho_in.status[i] != VFIO_KHO_IN_REFUSED)
			return;
	for (j = 0; j < st->containers[c].nmaps; j++) {
		m = &st->containers[c].maps[j];
		if (vfio_kho_borrowed(m))
			vfio_kho_unborrow_chunk(m, m->len);
		else
			kho_return_mem(m->phys, m->len);
	}
	vfio_kho_in.returned[c] = true;
}

/*
 * Another step stopped a kept device (bus mastering is off and the IOMMU
 * step cleared its parked translation): its DMA state is dropped, and its
 * container's pages are freed unless another waiting device shares them.
 * The registry calls this in the refusing step's context (VT-d's under
 * dmar_global_lock or an iommu group's mutex), so it takes only
 * vfio_kho_in_lock, never vfio_kho_lock.
 */
static void vfio_kho_step_stop(u32 sbdf, struct pci_dev *pdev)
{
	const struct kho_vfio_in_dev *d;
	unsigned int i;

	mutex_lock(&vfio_kho_in_lock);
	d = vfio_kho_in.valid ? kho_vfio_find(&vfio_kho_in.st, sbdf) : NULL;
	if (d) {
		i = d - vfio_kho_in.st.devs;
		if (vfio_kho_in.status[i] != VFIO_KHO_IN_RESTORED &&
		    vfio_kho_in.status[i] != VFIO_KHO_IN_ADOPTED) {
			vfio_kho_in.status[i] = VFIO_KHO_IN_ABANDONED;
			vfio_kho_return_container(d->dev.container);
		}
	}
	mutex_unlock(&vfio_kho_in_lock);
}

/*
 * After the PCI verdict: check the node, keep its borrowed pages (khofs
 * restored first), claim its own pages, and refuse every kept device
 * without a usable record (the device registry stops it before the IOMMU
 * step touches its translation). Any of these failing refuses the whole
 * node: every kept device is stopped, and only then are the borrowed
 * pages' references dropped.
 */
static void vfio_kho_incoming(void)
{
	struct vfio_kho_borrow_pos pos = {};
	struct kho_report rep;
	struct pci_dev *pdev = NULL;
	unsigned int i, awaiting = 0;
	bool borrowed = false;
	char why[96];
	int node, err, idx;

	node = kho_find_node(KHO_VFIO_NODE, KHO_VFIO_COMPATIBLE);
	if (node >= 0) {
		err = kho_vfio_parse(kho_incoming_fdt(), node, &vfio_kho_in.st, &rep);
		if (err) {
			kho_report_describe(why, sizeof(why), kho_incoming_fdt(), &rep);
			pr_err("incoming state refused: %s\n", why);
		} else {
			err = vfio_kho_borrow(&vfio_kho_in.st, &pos);
			borrowed = true;
		}
		if (!err) {
			err = kho_claim_node_mem(node);
			if (err) {
				pr_err("cannot claim the preserved pages (%d)\n", err);
				/* All taken: drop them all. */
				pos.c = vfio_kho_in.st.ncontainers;
			}
		}
		vfio_kho_in.valid = !err;
	}
	for (i = 0; i < vfio_kho_in.st.ndevs && vfio_kho_in.valid; i++) {
		u32 sbdf = vfio_kho_in.st.devs[i].dev.sbdf;

		if (kho_dev_kept_by(sbdf, KHO_STEP_PCI)) {
			vfio_kho_in.status[i] = VFIO_KHO_IN_AWAITING;
			kho_dev_incoming(sbdf, KHO_STEP_OWNER);
			awaiting++;
		} else {
			kho_dev_stop(sbdf, KHO_STEP_OWNER, "not kept by PCI; its DMA state is dropped");
		}
	}
	for (i = 0; vfio_kho_in.valid && i < vfio_kho_in.st.ncontainers; i++)
		vfio_kho_return_container(i);
	/* A device PCI kept for vfio-pci that this node does not describe. */
	for_each_pci_dev(pdev) {
		if (pdev->hdr_type != PCI_HEADER_TYPE_NORMAL ||
		    !kho_dev_kept_by(kho_dev_sbdf(pdev), KHO_STEP_PCI))
			continue;
		idx = vfio_kho_in_index(pdev);
		if (idx < 0 || vfio_kho_in.status[idx] != VFIO_KHO_IN_AWAITING)
			kho_dev_stop(kho_dev_sbdf(pdev), KHO_STEP_OWNER, "no usable VFIO record");
		else
			pci_info(pdev, "KHO: kept device awaits its owner's token\n");
	}
	/* Every device that could DMA into them is stopped now. */
	if (borrowed && !vfio_kho_in.valid)
		vfio_kho_unborrow(&vfio_kho_in.st, &pos);
	if (vfio_kho_in.st.ndevs)
		pr_info("%u of %u kept devices await their owner\n", awaiting,
			vfio_kho_in.st.ndevs);
}

static const struct kho_dev_step_ops vfio_kho_step_ops = {
	.incoming = vfio_kho_incoming,
	.stop = vfio_kho_step_stop,
};

static const struct vfio_kho_hooks vfio_kho_hooks_impl = {
	.keep_open = vfio_kho_core_keep_open,
	.type1_register = vfio_kho_core_type1_register,
	.type1_unregister = vfio_kho_core_type1_unregister,
	.type1_frozen = vfio_kho_core_type1_frozen,
	.type1_check_vaddr = vfio_kho_core_type1_check_vaddr,
};

/*
 * The registry runs vfio_kho_incoming() after PCI's verdict: at
 * fs_initcall_sync when built in, at once when registered later (from
 * vfio-pci-core's module_init).
 */
static int __init vfio_kho_register_step(void)
{
	vfio_kho_set_hooks(&vfio_kho_hooks_impl);
	kho_dev_register_step(KHO_STEP_OWNER, &vfio_kho_step_ops);
	return 0;
}

#if defined(MODULE) && IS_MODULE(CONFIG_VFIO_PCI_CORE)
/**
 * vfio_pci_kho_module_init() - start the serializer when vfio-pci-core loads
 *
 * The dump notifier, the registry step and the hooks vfio and type1 call
 * into this module, and none is ever unregistered: the module pins
 * itself so that it cannot be unloaded once they are set.
 *
 * Return: 0, or the error of registering the dump notifier (nothing is
 * registered then).
 */
int __init vfio_pci_kho_module_init(void)
{
	int err = vfio_kho_init();

	if (err)
		return err;
	__module_get(THIS_MODULE);
	return vfio_kho_register_step();
}
#else
postcore_initcall(vfio_kho_register_step);
device_initcall(vfio_kho_init);
#endif

/* Take "kho_token=<uuid>" out of a device name string. */
static int vfio_kho_take_token(char *buf, uuid_t *token, bool *found)
{
	char *opt = strstr(buf, " " VFIO_KHO_TOKEN_ARG);
	char *val;

	*found = false;
	if (!opt)
		return 0;
	val = opt + 1 + strlen(VFIO_KHO_TOKEN_ARG);
	if (strlen(val) < UUID_STRING_LEN || uuid_parse(val, token) ||
	    (val[UUID_STRING_LEN] && val[UUID_STRING_LEN] != ' '))
		return -EINVAL;
	memmove(opt, val + UUID_STRING_LEN, strlen(val + UUID_STRING_LEN) + 1);
	*found = true;
	return 0;
}

/**
 * vfio_pci_kho_match() - vfio-pci's match, with the KHO token check
 * @core_vdev: a device of the group being opened
 * @buf: the name string passed to VFIO_GROUP_GET_DEVICE_FD
 *
 * Return: as vfio_pci_core_match(), or -EPERM (a kept device opened
 * without a token), -EACCES (with another token), -EINVAL (a token for a
 * device that is not awaiting one, or a malformed token).
 */
int vfio_pci_kho_match(struct vfio_device *core_vdev, char *buf)
{
	struct pci_dev *pdev = vfio_kho_pci(core_vdev)->pdev;
	const struct kho_vfio_dev *rec;
	u8 hash[KHO_VFIO_HASH_LEN];
	bool has_token = false;
	uuid_t token;
	char *name;
	int ret, i;

	/*
	 * The core matches every device of the group against the same
	 * buffer: read the token from a copy, never strip it from @buf. The
	 * copy holds the token's plaintext, so it is wiped when freed.
	 */
	name = kstrdup(buf, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	ret = vfio_kho_take_token(name, &token, &has_token);
	if (!ret)
		ret = vfio_pci_core_match(core_vdev, name);
	kfree_sensitive(name);
	if (ret != 1)
		goto out_wipe;

	mutex_lock(&vfio_kho_in_lock);
	i = vfio_kho_in_index(pdev);
	if (i < 0 || !vfio_kho_in_waiting(i)) {
		ret = has_token ? -EINVAL : 1;
		goto out;
	}
	if (!has_token) {
		pci_warn(pdev, "KHO: this device was kept alive; opening it needs its token\n");
		ret = -EPERM;
		goto out;
	}
	rec = &vfio_kho_in.st.devs[i].dev;
	vfio_kho_hash(rec->salt, token.b, hash);
	if (crypto_memneq(hash, rec->hash, sizeof(hash))) {
		dev_warn_ratelimited(&pdev->dev, "KHO: incorrect token; device left as it is\n");
		ret = -EACCES;
		goto out;
	}
	vfio_kho_in.status[i] = VFIO_KHO_IN_ACCEPTED;
	ret = 1;
out:
	mutex_unlock(&vfio_kho_in_lock);
out_wipe:
	memzero_explicit(&token, sizeof(token));
	return ret;
}
EXPORT_SYMBOL_GPL(vfio_pci_kho_match);

/* Has a device of recorded container @c had its mappings adopted? */
static bool vfio_kho_container_taken(u32 c)
{
	const struct kho_vfio_state *st = &vfio_kho_in.st;
	unsigned int i;

	for (i = 0; i < st->ndevs; i++)
		if (st->devs[i].dev.container == c &&
		    (vfio_kho_in.status[i] == VFIO_KHO_IN_ADOPTED ||
		     vfio_kho_in.status[i] == VFIO_KHO_IN_RESTORED))
			return true;
	return false;
}

/**
 * vfio_kho_accepted() - is this device being opened with its token
 * @vdev: a device being registered with a type1 container
 * @maps: set to its container's preserved mappings
 * @nmaps: set to their number
 * @join: set if another kept device of the same container (another iommu
 *	group) already had them adopted: @vdev joins instead, through the
 *	table the IOMMU handed over with the other device
 *
 * Return: true if type1 should adopt @maps for @vdev now, or join them.
 */
bool vfio_kho_accepted(struct vfio_device *vdev, const struct kho_vfio_map **maps,
		       size_t *nmaps, bool *join)
{
	const struct kho_vfio_in_container *c;
	bool accepted;
	u32 n;
	int i;

	mutex_lock(&vfio_kho_in_lock);
	i = vfio_kho_in_index(vfio_kho_pci(vdev)->pdev);
	accepted = i >= 0 && vfio_kho_in.status[i] == VFIO_KHO_IN_ACCEPTED;
	if (accepted) {
		n = vfio_kho_in.st.devs[i].dev.container;
		c = &vfio_kho_in.st.containers[n];
		*maps = c->maps;
		*nmaps = c->nmaps;
		*join = vfio_kho_container_taken(n);
	}
	mutex_unlock(&vfio_kho_in_lock);
	return accepted;
}

/**
 * vfio_kho_adopted() - type1's result for an accepted device
 * @vdev: the device
 * @err: 0 if the mappings were adopted
 */
void vfio_kho_adopted(struct vfio_device *vdev, int err)
{
	struct pci_dev *pdev = vfio_kho_pci(vdev)->pdev;
	/* -ENOENT: the IOMMU no longer holds its table for it. */
	bool refused = err == -EIO || err == -EINVAL || err == -ENOENT;
	u32 peers[KHO_VFIO_MAX_DEVS];
	unsigned int j, npeers = 0;
	const char *why = "its preserved page table does not map exactly its recorded pages";
	bool refused_table;
	int i;

	mutex_lock(&vfio_kho_in_lock);
	i = vfio_kho_in_index(pdev);
	refused_table = refused && i >= 0;
	if (i >= 0)
		vfio_kho_in.status[i] = !err ? VFIO_KHO_IN_ADOPTED :
					refused ? VFIO_KHO_IN_REFUSED : VFIO_KHO_IN_FAILED;
	/*
	 * A refused table is every waiting device's of the container (each
	 * kept iommu group of it translates through the same one): they
	 * stop too, before its pages can go back. Once another device of
	 * the container adopted the table, it was verified: a device failing
	 * to join it (it left the domain) is refused on its own.
	 */
	if (refused_table &&
	    vfio_kho_container_taken(vfio_kho_in.st.devs[i].dev.container)) {
		refused_table = false;
		why = "it no longer translates through its container's adopted page table";
	}
	for (j = 0; refused_table && j < vfio_kho_in.st.ndevs; j++)
		if (j != i && vfio_kho_in.st.devs[j].dev.container ==
			      vfio_kho_in.st.devs[i].dev.container &&
		    (vfio_kho_in_waiting(j) ||
		     vfio_kho_in.status[j] == VFIO_KHO_IN_FAILED)) {
			vfio_kho_in.status[j] = VFIO_KHO_IN_ABANDONED;
			peers[npeers++] = vfio_kho_in.st.devs[j].dev.sbdf;
		}
	mutex_unlock(&vfio_kho_in_lock);
	if (!err)
		return;
	if (refused) {
		/* Not retryable: stopped, its translation blocked, its pages freed. */
		kho_dev_stop(kho_dev_sbdf(pdev), KHO_STEP_OWNER, why);
		for (j = 0; j < npeers; j++)
			kho_dev_stop(peers[j], KHO_STEP_OWNER,
				     "a device of its container was refused its preserved page table");
		return;
	}
	dev_err(vdev->dev, "KHO: cannot adopt the preserved DMA mappings (%d); nothing changed, the open may be retried\n",
		err);
}

/**
 * vfio_pci_kho_restoring() - does this open restore a kept device
 * @vdev: a vfio-pci device being enabled
 *
 * Return: true if vfio_pci_kho_enable() must enable it instead of the
 * normal path (which would clear bus mastering and reset it).
 */
bool vfio_pci_kho_restoring(struct vfio_pci_core_device *vdev)
{
	bool restoring;
	int i;

	mutex_lock(&vfio_kho_in_lock);
	i = vfio_kho_in_index(vdev->pdev);
	restoring = i >= 0 && (vfio_kho_in.status[i] == VFIO_KHO_IN_ADOPTED ||
			       vfio_kho_in.status[i] == VFIO_KHO_IN_FAILED ||
			       vfio_kho_in.status[i] == VFIO_KHO_IN_REFUSED);
	mutex_unlock(&vfio_kho_in_lock);
	return restoring;
}

/* The VMM's next SET_IRQS gets each vector its preserved IRTE back. */
static void vfio_kho_stage_vectors(struct pci_dev *pdev,
				   const struct kho_vfio_in_dev *d)
{
	size_t i;

	for (i = 0; i < d->nvectors; i++)
		if (intel_ir_kho_stage(&pdev->dev, d->vectors[i].index,
				       d->vectors[i].irte))
			pci_warn(pdev, "KHO: vector %u cannot reuse IRTE %u\n",
				 d->vectors[i].index, d->vectors[i].irte);
}

/**
 * vfio_pci_kho_enable() - enable a kept device without touching it
 * @vdev: the device, its mappings adopted
 *
 * Does what vfio_pci_core_enable() does, minus the writes: no bus-master
 * clear, no enable, no reset, no INTx probing (the old kernel's findings
 * come from the node). The saved state has bus mastering off, so a later
 * normal close does not turn it back on.
 *
 * Return: 0, or -EBUSY if the adoption failed (the open fails; the device
 * keeps waiting), or an error from the config setup.
 */
int vfio_pci_kho_enable(struct vfio_pci_core_device *vdev)
{
	struct pci_dev *pdev = vdev->pdev;
	const struct kho_vfio_dev *rec;
	int i = vfio_kho_in_index(pdev);
	int ret;

	rec = &vfio_kho_in.st.devs[i].dev;
	if (vfio_kho_in.status[i] == VFIO_KHO_IN_FAILED) {
		mutex_lock(&vfio_kho_in_lock);
		vfio_kho_in.status[i] = VFIO_KHO_IN_AWAITING;
		mutex_unlock(&vfio_kho_in_lock);
		return -EBUSY;
	}
	if (vfio_kho_in.status[i] == VFIO_KHO_IN_REFUSED) {
		mutex_lock(&vfio_kho_in_lock);
		vfio_kho_in.status[i] = VFIO_KHO_IN_ABANDONED;
		vfio_kho_return_container(rec->container);
		mutex_unlock(&vfio_kho_in_lock);
		return -EIO;
	}
	if (!vdev->disable_idle_d3) {
		ret = pm_runtime_resume_and_get(&pdev->dev);
		if (ret < 0)
			return ret;
	}
	/* PCI left the device enabled and mastering; account for it. */
	if (atomic_inc_return(&pdev->enable_cnt) == 1)
		pdev->is_busmaster = 1;
	vdev->reset_works = !!(rec->flags & KHO_VFIO_DEV_RESET_WORKS);
	vdev->pci_2_3 = !!(rec->flags & KHO_VFIO_DEV_PCI_2_3);
	vdev->nointx = !!(rec->flags & KHO_VFIO_DEV_NOINTX);
	pci_save_state(pdev);
	pdev->saved_config_space[PCI_COMMAND / 4] &= ~PCI_COMMAND_MASTER;
	vdev->pci_saved_state = pci_store_saved_state(pdev);

	ret = vfio_config_init(vdev);
	if (ret) {
		kfree(vdev->pci_saved_state);
		vdev->pci_saved_state = NULL;
		atomic_dec(&pdev->enable_cnt);
		if (!vdev->disable_idle_d3)
			pm_runtime_put(&pdev->dev);
		return ret;
	}
	if (pdev->msix_cap) {
		u16 flags;
		u32 table;

		pci_read_config_word(pdev, pdev->msix_cap + PCI_MSIX_FLAGS, &flags);
		pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_TABLE, &table);
		vdev->msix_bar = table & PCI_MSIX_TABLE_BIR;
		vdev->msix_offset = table & PCI_MSIX_TABLE_OFFSET;
		vdev->msix_size = ((flags & PCI_MSIX_FLAGS_QSIZE) + 1) * 16;
		vdev->has_dyn_msix = pci_msix_can_alloc_dyn(pdev);
	} else {
		vdev->msix_bar = 0xFF;
		vdev->has_dyn_msix = false;
	}
	vfio_kho_stage_vectors(pdev, &vfio_kho_in.st.devs[i]);
	vfio_kho_in.status[i] = VFIO_KHO_IN_RESTORED;
	kho_dev_adopted(kho_dev_sbdf(pdev));
	pci_info(pdev, "KHO: restored to its owner: no reset, bus mastering kept\n");
	return 0;
}
