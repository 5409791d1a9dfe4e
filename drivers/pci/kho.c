// SPDX-License-Identifier: GPL-2.0
/*
 * PCI KHO serializer: devices kept alive across a KHO kexec stay as the old
 * kernel left them. The old kernel records every kept endpoint and every
 * bridge above it (ids, bus numbers, BARs, windows, command) and leaves
 * their bus mastering on at shutdown. The new kernel matches each device
 * against its record as it is enumerated, skips the config-space writes
 * that would change or disturb it (BAR sizing, MSI/MSI-X disable, the _HPX
 * and PCIe tuning writes), and once the resource survey is done checks that
 * every recorded BAR and window was claimed where it was. A device that
 * passes may bind only its recorded driver; one that does not is logged,
 * stopped (bus mastering off) and initialized normally.
 *
 * The node layout and its checker are in kho_node.c (portable).
 */
#define pr_fmt(fmt) "PCI: KHO: " fmt

#include <linux/kho.h>
#include <linux/kho/device.h>
#include <linux/kho/pci.h>
#include <linux/kho/pci-keep.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#define PCI_KHO_MAX_KEPT	64

/* Each kept endpoint brings at least itself to the node. */
static_assert(PCI_KHO_MAX_KEPT <= KHO_PCI_MAX_DEVS);

/* Outgoing: kept endpoints, their drivers, and whether a dump holds them. */
static DEFINE_MUTEX(pci_kho_lock);
static struct {
	struct pci_dev *pdev;
	char driver[KHO_PCI_MAX_DRIVER];
} pci_kho_kept[PCI_KHO_MAX_KEPT];
static unsigned int pci_kho_nkept;
static bool pci_kho_dumped;

static int pci_kho_find_kept(struct pci_dev *pdev)
{
	unsigned int i;

	for (i = 0; i < pci_kho_nkept; i++)
		if (pci_kho_kept[i].pdev == pdev)
			return i;
	return -1;
}

/**
 * pci_kho_keep() - keep an endpoint as it is across the next KHO kexec
 * @pdev: a non-bridge PCI function
 * @driver: the only driver the next kernel may bind to it
 *
 * From the next KHO dump on, @pdev and every bridge above it are recorded,
 * keep bus mastering during the kexec, and keep their bus numbers, BARs
 * and windows in the next kernel. Marking again replaces @driver.
 *
 * Return: 0, -EINVAL for a bridge or a bad driver name, -ENOSPC if too
 * many are kept, -EBUSY while a KHO dump is active.
 */
int pci_kho_keep(struct pci_dev *pdev, const char *driver)
{
	int i, err = 0;

	if (pdev->hdr_type != PCI_HEADER_TYPE_NORMAL || !driver || !*driver ||
	    strlen(driver) >= KHO_PCI_MAX_DRIVER)
		return -EINVAL;
	mutex_lock(&pci_kho_lock);
	if (pci_kho_dumped) {
		err = -EBUSY;
		goto out;
	}
	i = pci_kho_find_kept(pdev);
	if (i < 0) {
		if (pci_kho_nkept == PCI_KHO_MAX_KEPT) {
			err = -ENOSPC;
			goto out;
		}
		err = kho_dev_mark(pdev, KHO_STEP_PCI);
		if (err)
			goto out;
		i = pci_kho_nkept++;
		pci_kho_kept[i].pdev = pci_dev_get(pdev);
	}
	strscpy(pci_kho_kept[i].driver, driver, sizeof(pci_kho_kept[i].driver));
	pci_info(pdev, "KHO: kept across the next kexec for %s\n", driver);
out:
	mutex_unlock(&pci_kho_lock);
	return err;
}
EXPORT_SYMBOL_GPL(pci_kho_keep);

/**
 * pci_kho_unkeep() - undo pci_kho_keep()
 * @pdev: the endpoint
 *
 * Has no effect on a dump that is already active; the caller refuses to
 * unkeep then (pci_kho_keep() returns -EBUSY in that state).
 */
void pci_kho_unkeep(struct pci_dev *pdev)
{
	int i;

	mutex_lock(&pci_kho_lock);
	i = pci_kho_find_kept(pdev);
	if (i >= 0 && !pci_kho_dumped) {
		kho_dev_unmark(pdev, KHO_STEP_PCI);
		pci_dev_put(pdev);
		pci_kho_kept[i] = pci_kho_kept[--pci_kho_nkept];
	}
	mutex_unlock(&pci_kho_lock);
}
EXPORT_SYMBOL_GPL(pci_kho_unkeep);

static int pci_kho_cmp_sbdf(const void *a, const void *b)
{
	u32 x = kho_dev_sbdf(*(struct pci_dev * const *)a);
	u32 y = kho_dev_sbdf(*(struct pci_dev * const *)b);

	return x < y ? -1 : x > y;
}

/*
 * The node numbers a bridge's windows 13-15 whatever the kernel config;
 * this kernel's windows start at PCI_BRIDGE_RESOURCES (7 without SR-IOV).
 */
static struct resource *pci_kho_resource(struct pci_dev *pdev, unsigned int index)
{
	if (index <= KHO_PCI_RES_ROM)
		return pci_resource_n(pdev, index);
	if (index >= KHO_PCI_RES_WINDOW_IO && index <= KHO_PCI_RES_WINDOW_PREF)
		return pci_resource_n(pdev, PCI_BRIDGE_RESOURCES + index -
					    KHO_PCI_RES_WINDOW_IO);
	return NULL;
}

/* The bus address of a resource, as the next kernel will see it. */
static void pci_kho_res(struct pci_dev *pdev, int index, struct kho_pci_res *out)
{
	struct resource *r = pci_kho_resource(pdev, index);
	struct pci_bus_region region;

	pcibios_resource_to_bus(pdev->bus, &region, r);
	memset(out, 0, sizeof(*out));
	out->start = region.start;
	out->size = resource_size(r);
	out->index = index;
	if (r->flags & IORESOURCE_IO)
		out->flags |= KHO_PCI_RES_IO;
	if (r->flags & IORESOURCE_MEM_64)
		out->flags |= KHO_PCI_RES_MEM64;
	if (r->flags & IORESOURCE_PREFETCH)
		out->flags |= KHO_PCI_RES_PREFETCH;
}

/* Resource indices the node records for a header type, in order. */
static const u8 pci_kho_endpoint_res[] = { 0, 1, 2, 3, 4, 5, KHO_PCI_RES_ROM };
static const u8 pci_kho_bridge_res[] = { 0, 1, KHO_PCI_RES_WINDOW_IO,
					 KHO_PCI_RES_WINDOW_MEM,
					 KHO_PCI_RES_WINDOW_PREF };

/* @pdev's record; @res has room for KHO_PCI_MAX_RES entries. */
static int pci_kho_dump_dev(struct pci_dev *pdev, const char *driver,
			    struct kho_pci_out_dev *out, struct kho_pci_res *res,
			    struct kho_pci_bus *bus)
{
	bool bridge = pdev->hdr_type == PCI_HEADER_TYPE_BRIDGE;
	const u8 *idx = bridge ? pci_kho_bridge_res : pci_kho_endpoint_res;
	unsigned int nidx = bridge ? ARRAY_SIZE(pci_kho_bridge_res) :
				     ARRAY_SIZE(pci_kho_endpoint_res);
	struct kho_pci_dev *dev = &out->dev;
	unsigned int i, nres = 0;
	u32 busregs;

	if (!bridge && pdev->hdr_type != PCI_HEADER_TYPE_NORMAL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	dev->sbdf = kho_dev_sbdf(pdev);
	dev->vendor = pdev->vendor;
	dev->device = pdev->device;
	dev->class = pdev->class;
	dev->hdr_type = pdev->hdr_type;
	dev->flags = bridge ? KHO_PCI_DEV_BRIDGE : KHO_PCI_DEV_ENDPOINT;
	pci_read_config_word(pdev, PCI_COMMAND, &dev->command);
	for (i = 0; i < nidx; i++) {
		struct resource *r = pci_kho_resource(pdev, idx[i]);

		if (r->flags && resource_size(r) && r->parent)
			pci_kho_res(pdev, idx[i], &res[nres++]);
	}
	out->res = res;
	out->nres = nres;
	if (bridge) {
		pci_read_config_dword(pdev, PCI_PRIMARY_BUS, &busregs);
		memset(bus, 0, sizeof(*bus));
		bus->primary = busregs & 0xff;
		bus->secondary = (busregs >> 8) & 0xff;
		bus->subordinate = (busregs >> 16) & 0xff;
		out->bus = bus;
	} else {
		out->driver = driver;
	}
	return 0;
}

static const char *pci_kho_driver_of(struct pci_dev *pdev)
{
	int i = pci_kho_find_kept(pdev);

	return i < 0 ? NULL : pci_kho_kept[i].driver;
}

static int pci_kho_dump(void *fdt)
{
	struct kho_pci_out_dev *out = NULL;
	struct kho_pci_res *res = NULL;
	struct kho_pci_bus *bus = NULL;
	struct pci_dev **devs;
	unsigned int i, n = 0;
	int err;

	if (!pci_kho_nkept)
		return 0;
	/* A path has at most 256 bridges; a tree of kept paths far fewer. */
	devs = kcalloc(KHO_PCI_MAX_DEVS, sizeof(*devs), GFP_KERNEL);
	if (!devs)
		return -ENOMEM;
	for (i = 0; i < pci_kho_nkept; i++) {
		struct pci_dev *p;
		unsigned int j;

		for (p = pci_kho_kept[i].pdev; p; p = pci_upstream_bridge(p)) {
			for (j = 0; j < n && devs[j] != p; j++)
				;
			if (j < n)
				continue;
			if (n == KHO_PCI_MAX_DEVS) {
				pr_err("more than %u kept devices and bridges\n",
				       KHO_PCI_MAX_DEVS);
				err = -ENOSPC;
				goto out;
			}
			devs[n++] = p;
		}
	}
	sort(devs, n, sizeof(*devs), pci_kho_cmp_sbdf, NULL);

	out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
	res = kvcalloc(n * KHO_PCI_MAX_RES, sizeof(*res), GFP_KERNEL);
	bus = kvcalloc(n, sizeof(*bus), GFP_KERNEL);
	err = out && res && bus ? 0 : -ENOMEM;
	for (i = 0; !err && i < n; i++) {
		err = pci_kho_dump_dev(devs[i], pci_kho_driver_of(devs[i]), &out[i],
				       &res[i * KHO_PCI_MAX_RES], &bus[i]);
		if (err)
			pci_err(devs[i], "KHO: cannot record (%d)\n", err);
	}
	if (!err)
		err = kho_node_begin(fdt, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	if (!err)
		err = kho_pci_devs_write(fdt, out, n);
	if (!err)
		err = kho_node_end(fdt);
	if (!err)
		pr_info("recorded %u kept endpoints and %u bridges\n",
			pci_kho_nkept, n - pci_kho_nkept);
out:
	kvfree(bus);
	kvfree(res);
	kvfree(out);
	kfree(devs);
	return err;
}

static int pci_kho_notify(struct notifier_block *nb, unsigned long event,
			  void *data)
{
	int err = 0;

	mutex_lock(&pci_kho_lock);
	switch (event) {
	case KHO_DUMP:
		err = pci_kho_dump(data);
		pci_kho_dumped = !err && pci_kho_nkept;
		break;
	case KHO_ABORT:
		pci_kho_dumped = false;
		break;
	}
	mutex_unlock(&pci_kho_lock);
	return notifier_from_errno(err);
}

static struct notifier_block pci_kho_nb = {
	.notifier_call = pci_kho_notify,
};

static int __init pci_kho_init(void)
{
	return register_kho_notifier(&pci_kho_nb);
}
device_initcall(pci_kho_init);

/*
 * Incoming. Each record goes through these states: the early fixup finds
 * the device and matches its ids and bus numbers (MATCHED), the verdict
 * after the resource survey checks BARs and windows (KEPT); from then on the
 * device's handover record (linux/kho/device.h) decides its fate. Any
 * mismatch, or a stop by another step, ends in ABANDONED.
 */
enum pci_kho_in_status {
	PCI_KHO_IN_PENDING,
	PCI_KHO_IN_MATCHED,
	PCI_KHO_IN_KEPT,
	PCI_KHO_IN_ABANDONED,
};

static struct {
	bool parsed;
	bool valid;
	struct kho_pci_state st;
	u8 status[KHO_PCI_MAX_DEVS];
} pci_kho_in;

static void pci_kho_in_parse(void)
{
	struct kho_report rep;
	char why[96];
	int node;

	if (pci_kho_in.parsed)
		return;
	pci_kho_in.parsed = true;
	node = kho_find_node(KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	if (node < 0)
		return;
	if (kho_pci_parse(kho_incoming_fdt(), node, &pci_kho_in.st, &rep)) {
		kho_report_describe(why, sizeof(why), kho_incoming_fdt(), &rep);
		pr_err("incoming state refused: %s; every device initializes normally\n",
		       why);
		return;
	}
	pci_kho_in.valid = true;
}

static int pci_kho_in_index(u32 sbdf)
{
	const struct kho_pci_in_dev *d;

	if (!pci_kho_in.valid)
		return -1;
	d = kho_pci_find(&pci_kho_in.st, sbdf);
	return d ? d - pci_kho_in.st.devs : -1;
}

static bool pci_kho_in_is(struct pci_dev *pdev, enum pci_kho_in_status s)
{
	int i = pci_kho_in_index(kho_dev_sbdf(pdev));

	return i >= 0 && pci_kho_in.status[i] == s;
}

/* Enumeration: does this device match its record? */
static void pci_kho_fixup_early(struct pci_dev *pdev)
{
	const struct kho_pci_in_dev *d;
	const char *why = NULL;
	u32 busregs;
	int i;

	pci_kho_in_parse();
	i = pci_kho_in_index(kho_dev_sbdf(pdev));
	if (i < 0)
		return;
	d = &pci_kho_in.st.devs[i];
	if (d->dev.vendor != pdev->vendor || d->dev.device != pdev->device ||
	    d->dev.class != pdev->class || d->dev.hdr_type != pdev->hdr_type) {
		why = "ids or header type differ";
	} else if (pdev->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
		pci_read_config_dword(pdev, PCI_PRIMARY_BUS, &busregs);
		if ((busregs & 0xff) != d->bus.primary ||
		    ((busregs >> 8) & 0xff) != d->bus.secondary ||
		    ((busregs >> 16) & 0xff) != d->bus.subordinate)
			why = "bus numbers differ";
	}
	if (why) {
		pci_err(pdev, "KHO: %s; normal init\n", why);
		pci_kho_in.status[i] = PCI_KHO_IN_ABANDONED;
		return;
	}
	pci_kho_in.status[i] = PCI_KHO_IN_MATCHED;
	/* Not sized (pci_kho_bar_sizing()): decoding stays on until the verdict. */
	pdev->mmio_always_on = 1;
	/*
	 * A bridge is forwarding and mastering already: counting it enabled
	 * keeps resource assignment from rewriting its windows (with the same
	 * values, but the I/O window is closed meanwhile).
	 */
	if (pdev->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
		atomic_inc(&pdev->enable_cnt);
		pdev->is_busmaster = !!(d->dev.command & PCI_COMMAND_MASTER);
	}
}
DECLARE_PCI_FIXUP_EARLY(PCI_ANY_ID, PCI_ANY_ID, pci_kho_fixup_early);

/**
 * pci_kho_bar_sizing() - size a kept device's BAR from its record
 * @pdev: a device being enumerated
 * @pos: config offset of the BAR dword being sized (a BAR, the upper half
 *	of a 64-bit BAR, or the expansion ROM)
 * @l: the dword's current value
 * @sz: set to what writing all ones to it would have read back
 *
 * Sizing writes all ones to a live BAR; a kept device keeps decoding and
 * doing DMA, so its BARs are sized from the record instead. A BAR the
 * record does not have (it was not assigned) reads as unimplemented.
 *
 * Return: true for a device that matched its record: the caller must not
 * write the BAR.
 */
bool pci_kho_bar_sizing(struct pci_dev *pdev, int pos, u32 l, u32 *sz)
{
	int i = pci_kho_in_index(kho_dev_sbdf(pdev));

	if (i < 0 || pci_kho_in.status[i] != PCI_KHO_IN_MATCHED)
		return false;
	*sz = kho_pci_bar_readback(&pci_kho_in.st.devs[i], pos, l);
	return true;
}

/**
 * pci_kho_keeps_config() - leave this device's config space as it is
 * @pdev: a device being enumerated
 *
 * For the enumeration hooks that would otherwise turn MSI/MSI-X off or
 * apply PCIe and _HPX settings.
 *
 * Return: true for a device that matched its KHO record so far.
 */
bool pci_kho_keeps_config(struct pci_dev *pdev)
{
	return pci_kho_in_is(pdev, PCI_KHO_IN_MATCHED) ||
	       pci_kho_in_is(pdev, PCI_KHO_IN_KEPT);
}

static const char *pci_kho_check_res(struct pci_dev *pdev,
				     const struct kho_pci_in_dev *d)
{
	unsigned int i;

	for (i = 0; i < d->nres; i++) {
		const struct kho_pci_res *rec = &d->res[i];
		struct resource *r;
		struct kho_pci_res now;

		r = pci_kho_resource(pdev, rec->index);
		if (!r)
			return "a recorded resource does not exist";
		if (!r->parent)
			return "a recorded BAR or window was not claimed";
		pci_kho_res(pdev, rec->index, &now);
		if (now.start != rec->start || now.size != rec->size)
			return "a BAR or window moved";
	}
	return NULL;
}

/* Lift PCI's hold on a record: the device initializes like any other. */
static void pci_kho_release(struct pci_dev *pdev, int i)
{
	if (pci_kho_in.status[i] == PCI_KHO_IN_MATCHED) {
		pdev->mmio_always_on = 0;
		if (pdev->hdr_type == PCI_HEADER_TYPE_BRIDGE) {
			atomic_dec(&pdev->enable_cnt);
			pdev->is_busmaster = 0;
		}
	}
	pci_kho_in.status[i] = PCI_KHO_IN_ABANDONED;
	/* An empty string clears it (NULL is refused). */
	if ((pci_kho_in.st.devs[i].dev.flags & KHO_PCI_DEV_ENDPOINT) &&
	    device_set_driver_override(&pdev->dev, ""))
		pci_warn(pdev, "KHO: cannot lift the driver restriction\n");
}

/*
 * Refuse a record. An endpoint is stopped through the device registry
 * (bus mastering and MSI off before anyone touches its translation); a
 * bridge only stops being special: the endpoints below it are stopped.
 */
static void pci_kho_drop(struct pci_dev *pdev, int i, const char *why)
{
	if (pci_kho_in.st.devs[i].dev.flags & KHO_PCI_DEV_ENDPOINT)
		kho_dev_stop(kho_dev_sbdf(pdev), KHO_STEP_PCI, why);
	else
		pci_err(pdev, "KHO: %s; normal init\n", why);
	pci_kho_release(pdev, i);
}

/* Another step stopped a device: PCI lets go of it too. */
static void pci_kho_step_stop(u32 sbdf, struct pci_dev *pdev)
{
	int i = pci_kho_in_index(sbdf);

	if (i >= 0 && pdev && pci_kho_in.status[i] != PCI_KHO_IN_ABANDONED)
		pci_kho_release(pdev, i);
}

static bool pci_kho_path_kept(struct pci_dev *pdev)
{
	struct pci_dev *p;

	for (p = pci_upstream_bridge(pdev); p; p = pci_upstream_bridge(p))
		if (!pci_kho_in_is(p, PCI_KHO_IN_KEPT))
			return false;
	return true;
}

/*
 * After the resource survey claimed what it found and before any driver
 * or the IOMMU initializes: keep what matched, drop the rest. Bridges
 * first (ascending sbdf puts a bridge before the buses below it on the
 * usual topologies; an endpoint also checks its whole path).
 */
static void pci_kho_verdict(void)
{
	unsigned int i, kept = 0;

	for (i = 0; i < pci_kho_in.st.ndevs; i++) {
		const struct kho_pci_in_dev *d = &pci_kho_in.st.devs[i];
		u32 sbdf = d->dev.sbdf;
		struct pci_dev *pdev;
		const char *why;

		pdev = pci_get_domain_bus_and_slot(sbdf >> 16, (sbdf >> 8) & 0xff,
						   sbdf & 0xff);
		if (!pdev) {
			/* Its record is refused everywhere; nothing to stop here. */
			if (d->dev.flags & KHO_PCI_DEV_ENDPOINT)
				kho_dev_stop(sbdf, KHO_STEP_PCI, "kept device not found");
			else
				pr_err("%04x:%02x:%02x.%d: kept bridge not found\n",
				       sbdf >> 16, (sbdf >> 8) & 0xff, PCI_SLOT(sbdf & 0xff),
				       PCI_FUNC(sbdf & 0xff));
			pci_kho_in.status[i] = PCI_KHO_IN_ABANDONED;
			continue;
		}
		if (pci_kho_in.status[i] != PCI_KHO_IN_MATCHED)
			why = "did not match its record at enumeration";
		else if ((d->dev.flags & KHO_PCI_DEV_ENDPOINT) && !pci_kho_path_kept(pdev))
			why = "a bridge above it was not kept";
		else
			why = pci_kho_check_res(pdev, d);
		if (!why && (d->dev.flags & KHO_PCI_DEV_ENDPOINT) &&
		    device_set_driver_override(&pdev->dev, d->driver))
			why = "cannot restrict binding to its driver";
		if (why) {
			pci_kho_drop(pdev, i, why);
		} else {
			/* Enumeration and its BAR sizing are over. */
			pdev->mmio_always_on = 0;
			pci_kho_in.status[i] = PCI_KHO_IN_KEPT;
			if (d->dev.flags & KHO_PCI_DEV_ENDPOINT)
				kho_dev_incoming(sbdf, KHO_STEP_PCI);
			kept++;
			if (d->dev.flags & KHO_PCI_DEV_ENDPOINT)
				pci_info(pdev, "KHO: kept as found: %u BARs, only %s may bind\n",
					 d->nres, d->driver);
			else
				pci_info(pdev, "KHO: bridge kept: buses %02x-%02x, %u windows and BARs\n",
					 d->bus.secondary, d->bus.subordinate, d->nres);
		}
		pci_dev_put(pdev);
	}
	if (pci_kho_in.st.ndevs)
		pr_info("%u of %u recorded devices kept\n", kept, pci_kho_in.st.ndevs);
}

static const struct kho_dev_step_ops pci_kho_step_ops = {
	.incoming = pci_kho_verdict,
	.stop = pci_kho_step_stop,
};

/* Before enumeration: the registry runs the verdict at its point. */
static int __init pci_kho_register_step(void)
{
	kho_dev_register_step(KHO_STEP_PCI, &pci_kho_step_ops);
	return 0;
}
postcore_initcall(pci_kho_register_step);
