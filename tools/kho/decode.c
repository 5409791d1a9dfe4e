// SPDX-License-Identifier: GPL-2.0
/*
 * The decoders kho-dump knows, one table entry per node compatible. To add
 * one: write its prop function from the layout in include/linux/kho/abi/,
 * add an emit_*() helper if a value needs its own format (a PCI BDF as
 * 0000:00:03.0, say), and add a line to kho_decoders[]. Older versions of
 * a node keep their entry, so blobs from older kernels still decode.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/array_size.h>
#include <linux/libfdt.h>
#include <linux/kho/khofs.h>
#include <linux/kho/abi/kho-meta.h>
#include <linux/kho/abi/intel-iommu.h>
#include <linux/kho/abi/pci.h>
#include <linux/kho/abi/vfio.h>

#include "decode.h"

/* Fixed-size values in the CPU's byte order, read from unaligned bytes. */
static bool get_u64(const void *val, int len, u64 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

static bool get_u32(const void *val, int len, u32 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

/* kernel/kho/test.c: seed, checksum, bytes (u64) and generation (u32). */
static bool kho_test_prop(struct kho_emit *e, const char *name,
			  const void *val, int len)
{
	u64 v64;
	u32 v32;

	if ((!strcmp(name, "seed") || !strcmp(name, "checksum")) &&
	    get_u64(val, len, &v64)) {
		emit_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, "bytes") && get_u64(val, len, &v64)) {
		emit_size(e, name, v64);
		return true;
	}
	if (!strcmp(name, "generation") && get_u32(val, len, &v32)) {
		emit_u64(e, name, v32);
		return true;
	}
	return false;
}

/* One flag name per bit, NULL where a bit has none. */
struct flag_name {
	u32 bit;
	const char *name;
};

/*
 * Flags as "a, b", unknown bits appended in hex, "none" without any: for
 * fields that are read by people more than by scripts.
 */
static void emit_flags(struct kho_emit *e, const char *name, u32 flags,
		       const struct flag_name *names, size_t n)
{
	char buf[256];
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < n && used < sizeof(buf) / 2; i++) {
		if (!(flags & names[i].bit))
			continue;
		used += snprintf(buf + used, sizeof(buf) - used, "%s%s",
				 used ? ", " : "", names[i].name);
		flags &= ~names[i].bit;
	}
	if (flags)
		snprintf(buf + used, sizeof(buf) - used, "%s0x%x",
			 used ? ", " : "", flags);
	emit_str(e, name, buf[0] ? buf : "none");
}

static const struct flag_name vtd_dev_flags[] = {
	{ KHO_VTD_DEV_PARKED, "parked" },
	{ KHO_VTD_DEV_ALIAS, "alias" },
};

/* intel-iommu-v1 had no flags and no owner_sbdf in the device record. */
#define KHO_VTD_DEV_V1_SIZE	offsetof(struct kho_vtd_dev, flags)

/*
 * drivers/iommu/intel/kho_out.c: the intel-iommu node and its dmar@ and dev@
 * children, which have no compatible of their own and so use this one.
 * @v2: the device record has flags and owner_sbdf (intel-iommu-v2): an
 * alias record shows its owner as alias_of, any other record shows
 * owner_sbdf only when it is not the record's own sbdf (the kernel
 * refuses that).
 */
static bool intel_iommu_prop(struct kho_emit *e, const char *name,
			     const void *val, int len, bool v2)
{
	struct kho_vtd_unit unit;
	struct kho_vtd_dev dev = { };
	int dev_len = v2 ? (int)sizeof(dev) : (int)KHO_VTD_DEV_V1_SIZE;

	if (!strcmp(name, "unit") && len == sizeof(unit)) {
		memcpy(&unit, val, sizeof(unit));
		emit_hex64(e, "reg_base", unit.reg_base);
		emit_hex64(e, "root_table", unit.rtaddr);
		emit_hex64(e, "irta", unit.irta);
		emit_hex64(e, "cap", unit.cap);
		emit_hex64(e, "ecap", unit.ecap);
		emit_u64(e, "agaw", unit.agaw);
		emit_hex64(e, "flags", unit.flags);
		return true;
	}
	if (!strcmp(name, "irtes") && len % sizeof(u32) == 0) {
		emit_u64(e, "preserved_irtes", len / sizeof(u32));
		return true;
	}
	if (!strcmp(name, "dev") && len == dev_len) {
		memcpy(&dev, val, dev_len);
		emit_bdf(e, "bdf", dev.sbdf);
		emit_u64(e, "domain_id", dev.domain_id);
		emit_u64(e, "agaw", dev.agaw);
		emit_hex64(e, "page_table", dev.pgd);
		emit_hex64(e, "context_lo", dev.context_lo);
		emit_hex64(e, "context_hi", dev.context_hi);
		if (v2) {
			emit_flags(e, "flags", dev.flags, vtd_dev_flags,
				   ARRAY_SIZE(vtd_dev_flags));
			if (dev.flags & KHO_VTD_DEV_ALIAS)
				emit_bdf(e, "alias_of", dev.owner_sbdf);
			else if (dev.owner_sbdf != dev.sbdf)
				emit_bdf(e, "owner", dev.owner_sbdf);
		}
		return true;
	}
	if (!strcmp(name, "iova") && len % sizeof(struct kho_mem) == 0) {
		const struct kho_mem *r = val;
		u64 total = 0;
		int i;

		for (i = 0; i < len / (int)sizeof(*r); i++) {
			struct kho_mem m;

			memcpy(&m, &r[i], sizeof(m));
			total += m.len;
		}
		emit_u64(e, "iova_ranges", len / sizeof(*r));
		emit_size(e, "iova_mapped", total);
		return true;
	}
	return false;
}

static bool intel_iommu_v1_prop(struct kho_emit *e, const char *name,
				const void *val, int len)
{
	return intel_iommu_prop(e, name, val, len, false);
}

static bool intel_iommu_v2_prop(struct kho_emit *e, const char *name,
				const void *val, int len)
{
	return intel_iommu_prop(e, name, val, len, true);
}

/* A NUL-terminated printable string filling the whole property. */
static const char *get_string(const void *val, int len)
{
	const char *s = val;
	int i;

	if (len < 1 || s[len - 1])
		return NULL;
	for (i = 0; i < len - 1; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return NULL;
	return s;
}

static const char *pci_res_name(u8 index, char *buf, size_t len)
{
	switch (index) {
	case KHO_PCI_RES_ROM:
		return "rom";
	case KHO_PCI_RES_WINDOW_IO:
		return "io_window";
	case KHO_PCI_RES_WINDOW_MEM:
		return "mem_window";
	case KHO_PCI_RES_WINDOW_PREF:
		return "pref_window";
	}
	snprintf(buf, len, index < 6 ? "bar%u" : "res%u", index);
	return buf;
}

static void pci_res(struct kho_emit *e, const struct kho_pci_res *r)
{
	static const struct flag_name mem_flags[] = {
		{ KHO_PCI_RES_MEM64, "64-bit" },
		{ KHO_PCI_RES_PREFETCH, "prefetchable" },
	};
	char name[16];

	emit_group_begin(e, pci_res_name(r->index, name, sizeof(name)));
	emit_str(e, "space", r->flags & KHO_PCI_RES_IO ? "io" : "mem");
	emit_hex64(e, "start", r->start);
	emit_size(e, "size", r->size);
	emit_flags(e, "flags", r->flags & ~KHO_PCI_RES_IO, mem_flags,
		   ARRAY_SIZE(mem_flags));
	emit_group_end(e);
}

static void pci_dev_fields(struct kho_emit *e, const struct kho_pci_dev *dev)
{
	emit_bdf(e, "bdf", dev->sbdf);
	emit_str(e, "kind", dev->flags == KHO_PCI_DEV_ENDPOINT ? "endpoint" :
		 dev->flags == KHO_PCI_DEV_BRIDGE ? "bridge" : "invalid");
	emit_hex(e, "vendor", dev->vendor, 4);
	emit_hex(e, "device", dev->device, 4);
	emit_hex(e, "class", dev->class, 6);
	emit_u64(e, "header_type", dev->hdr_type);
	emit_hex(e, "command", dev->command, 4);
}

static void pci_bus_fields(struct kho_emit *e, const struct kho_pci_bus *bus)
{
	emit_hex(e, "primary_bus", bus->primary, 2);
	emit_hex(e, "secondary_bus", bus->secondary, 2);
	emit_hex(e, "subordinate_bus", bus->subordinate, 2);
}

/* pci-v1 (drivers/pci/kho.c before 256 records): the pci node's dev@ children. */
static bool pci_prop(struct kho_emit *e, const char *name, const void *val,
		     int len)
{
	struct kho_pci_dev dev;
	struct kho_pci_res res;
	struct kho_pci_bus bus;
	const char *s;
	int i;

	if (!strcmp(name, "dev") && len == sizeof(dev)) {
		memcpy(&dev, val, sizeof(dev));
		pci_dev_fields(e, &dev);
		return true;
	}
	if (!strcmp(name, "res") && len % sizeof(res) == 0) {
		emit_u64(e, "resources", len / sizeof(res));
		for (i = 0; i < len / (int)sizeof(res); i++) {
			memcpy(&res, (const char *)val + i * sizeof(res),
			       sizeof(res));
			pci_res(e, &res);
		}
		return true;
	}
	if (!strcmp(name, "bus") && len == sizeof(bus)) {
		memcpy(&bus, val, sizeof(bus));
		pci_bus_fields(e, &bus);
		return true;
	}
	s = get_string(val, len);
	if (!strcmp(name, "driver") && s) {
		emit_str(e, "driver", s);
		return true;
	}
	return false;
}

/* pci-v2: the devs and res arrays; the node callback pairs them up. */
static bool pci_v2_prop(struct kho_emit *e, const char *name, const void *val,
			int len)
{
	(void)val;
	if (!strcmp(name, KHO_PCI_DEVS_PROP) && len % sizeof(struct kho_pci_rec) == 0) {
		emit_u64(e, "devices", len / sizeof(struct kho_pci_rec));
		return true;
	}
	if (!strcmp(name, KHO_PCI_RES_PROP) && len % sizeof(struct kho_pci_res) == 0) {
		emit_u64(e, "resources", len / sizeof(struct kho_pci_res));
		return true;
	}
	return false;
}

/*
 * One group per record, named dev@<sbdf> as pci-v1's children were, with
 * its share of res (records take their nres entries in turn); a count
 * past the end of res shows what there is.
 */
static void pci_v2_node(struct kho_emit *e, const void *fdt, int node)
{
	const char *recs, *res;
	int rlen, slen, i, used = 0;
	char name[24];

	recs = fdt_getprop(fdt, node, KHO_PCI_DEVS_PROP, &rlen);
	res = fdt_getprop(fdt, node, KHO_PCI_RES_PROP, &slen);
	if (!recs || rlen % sizeof(struct kho_pci_rec))
		return;
	if (!res || slen % sizeof(struct kho_pci_res))
		slen = 0;
	for (i = 0; i < rlen / (int)sizeof(struct kho_pci_rec); i++) {
		struct kho_pci_rec r;
		struct kho_pci_res x;
		unsigned int j;

		memcpy(&r, recs + i * sizeof(r), sizeof(r));
		snprintf(name, sizeof(name), "dev@%x", r.dev.sbdf);
		emit_group_begin(e, name);
		pci_dev_fields(e, &r.dev);
		emit_u64(e, "resources", r.nres);
		for (j = 0; j < r.nres &&
			    (used + 1) * (int)sizeof(x) <= slen; j++, used++) {
			memcpy(&x, res + used * sizeof(x), sizeof(x));
			pci_res(e, &x);
		}
		if (r.dev.flags != KHO_PCI_DEV_ENDPOINT)
			pci_bus_fields(e, &r.bus);
		if (r.driver[0] || r.dev.flags == KHO_PCI_DEV_ENDPOINT) {
			if (memchr(r.driver, 0, sizeof(r.driver)) &&
			    get_string(r.driver, strlen(r.driver) + 1))
				emit_str(e, "driver", r.driver);
			else
				emit_raw(e, "driver", r.driver, sizeof(r.driver));
		}
		emit_group_end(e);
	}
}

static const char *const vfio_irq_types[] = {
	[KHO_VFIO_IRQ_NONE] = "none",
	[KHO_VFIO_IRQ_MSI] = "msi",
	[KHO_VFIO_IRQ_MSIX] = "msix",
};

static const struct flag_name vfio_dev_flags[] = {
	{ KHO_VFIO_DEV_RESET_WORKS, "reset-works" },
	{ KHO_VFIO_DEV_PCI_2_3, "pci-2.3" },
	{ KHO_VFIO_DEV_NOINTX, "nointx" },
};

static const struct flag_name vfio_prot_flags[] = {
	{ KHO_VFIO_PROT_READ, "read" },
	{ KHO_VFIO_PROT_WRITE, "write" },
};

/* Hash bytes shown: enough to tell two apart, not the whole digest. */
#define VFIO_HASH_SHOWN	8

/*
 * One VMM mapping: the run of chunks from @first with its dma number,
 * summed up; the bytes of chunks borrowed from the khofs node (vfio-v2),
 * and flags nobody knows, only when there are any. Returns the number of
 * chunks in the run.
 */
static int vfio_mapping(struct kho_emit *e, const struct kho_vfio_map *maps,
			int first, int n)
{
	struct kho_vfio_map m, start;
	u64 bytes = 0, khofs = 0, end = 0;
	unsigned int unknown = 0;
	char name[32];
	int i;

	memcpy(&start, &maps[first], sizeof(start));
	for (i = first; i < n; i++) {
		memcpy(&m, &maps[i], sizeof(m));
		if (m.dma != start.dma)
			break;
		bytes += m.len;
		if (m.flags & KHO_VFIO_MAP_KHOFS)
			khofs += m.len;
		unknown |= m.flags & ~KHO_VFIO_MAP_KHOFS;
		end = m.iova + m.len;
	}
	snprintf(name, sizeof(name), "dma%u", start.dma);
	emit_group_begin(e, name);
	emit_hex64(e, "iova_start", start.iova);
	emit_hex64(e, "iova_end", end);
	emit_flags(e, "prot", start.prot, vfio_prot_flags,
		   ARRAY_SIZE(vfio_prot_flags));
	emit_size(e, "bytes", bytes);
	if (khofs)
		emit_size(e, "khofs_bytes", khofs);
	if (unknown)
		emit_hex(e, "unknown_flags", unknown, 4);
	emit_u64(e, "chunks", i - first);
	emit_group_end(e);
	return i - first;
}

/*
 * drivers/vfio/kho/: the vfio node's container@ and dev@ children. The
 * owner's token is never in the blob; its salted hash is shown cut short.
 */
static bool vfio_prop(struct kho_emit *e, const char *name, const void *val,
		      int len)
{
	const struct kho_vfio_map *maps = val;
	struct kho_vfio_vector v;
	struct kho_vfio_dev dev;
	char key[16];
	int i, n;

	if (!strcmp(name, "dev") && len == sizeof(dev)) {
		memcpy(&dev, val, sizeof(dev));
		emit_bdf(e, "bdf", dev.sbdf);
		emit_u64(e, "container", dev.container);
		emit_str(e, "irq_type", dev.irq_type < ARRAY_SIZE(vfio_irq_types) ?
			 vfio_irq_types[dev.irq_type] : "invalid");
		emit_flags(e, "flags", dev.flags, vfio_dev_flags,
			   ARRAY_SIZE(vfio_dev_flags));
		emit_hexbytes(e, "salt", dev.salt, sizeof(dev.salt),
			      sizeof(dev.salt));
		emit_hexbytes(e, "hash", dev.hash, sizeof(dev.hash),
			      VFIO_HASH_SHOWN);
		return true;
	}
	if (!strcmp(name, "vectors") && len % sizeof(v) == 0) {
		/* Vector number -> interrupt remapping entry. */
		emit_u64(e, "nvectors", len / sizeof(v));
		emit_group_begin(e, "vector_irtes");
		for (i = 0; i < len / (int)sizeof(v); i++) {
			memcpy(&v, (const char *)val + i * sizeof(v), sizeof(v));
			snprintf(key, sizeof(key), "%u", v.index);
			emit_u64(e, key, v.irte);
		}
		emit_group_end(e);
		return true;
	}
	if (!strcmp(name, "maps") && len % sizeof(*maps) == 0) {
		u64 total = 0, khofs = 0;
		struct kho_vfio_map m;

		n = len / sizeof(*maps);
		for (i = 0; i < n; i++) {
			memcpy(&m, &maps[i], sizeof(m));
			total += m.len;
			if (m.flags & KHO_VFIO_MAP_KHOFS)
				khofs += m.len;
		}
		emit_u64(e, "chunks", n);
		emit_size(e, "mapped", total);
		if (khofs)
			emit_size(e, "borrowed_from_khofs", khofs);
		for (i = 0; i < n; )
			i += vfio_mapping(e, maps, i, n);
		return true;
	}
	return false;
}

/* A khofs page: the kernel's, 4 KiB on x86-64 (abi/khofs.h). */
#define KHOFS_PAGE	4096ULL
/* Longest path shown whole; a longer one is shown as "..." and its end. */
#define KHOFS_PATH_SHOWN	1024

static bool khofs_is_dir(u32 mode)
{
	return (mode & KHOFS_S_IFMT) == KHOFS_S_IFDIR;
}

/*
 * fs/khofs: counts from each property alone, so that a node the kernel
 * refuses still shows what it holds; the tree comes from khofs_node().
 */
static bool khofs_prop(struct kho_emit *e, const char *name, const void *val,
		       int len)
{
	struct khofs_inode_rec r;
	struct khofs_extent_rec x;
	u64 dirs = 0, bytes = 0;
	int i, n;

	if (!strcmp(name, "inodes") && len && len % sizeof(r) == 0) {
		n = len / sizeof(r);
		for (i = 0; i < n; i++) {
			memcpy(&r, (const char *)val + i * sizeof(r), sizeof(r));
			dirs += khofs_is_dir(r.mode);
		}
		emit_u64(e, "inodes", n);
		emit_u64(e, "directories", dirs);
		emit_u64(e, "files", n - dirs);
		return true;
	}
	if (!strcmp(name, "names")) {
		emit_size(e, "names", len);
		return true;
	}
	if (!strcmp(name, "extents") && len % sizeof(x) == 0) {
		n = len / sizeof(x);
		for (i = 0; i < n; i++) {
			memcpy(&x, (const char *)val + i * sizeof(x), sizeof(x));
			if (x.order <= KHOFS_MAX_ORDER)
				bytes += KHOFS_PAGE << x.order;
		}
		emit_u64(e, "extents", n);
		emit_size(e, "extent_bytes", bytes);
		return true;
	}
	return false;
}

/* What khofs_walk() needs per inode, filled in one pass over each array. */
struct khofs_view {
	const struct khofs_state *st;
	u32 *first;		/* index of a directory's first entry */
	u32 *nchildren;		/* its number of entries */
	u32 *nextents;		/* a file's extents */
	u64 *bytes;		/* and their bytes */
	u32 *dir;		/* the walk: the directory open at each depth */
	u32 *pos;		/* and the next of its entries to show */
};

/*
 * Prepend @len bytes at @*start, from the end of a buffer of
 * KHOFS_PATH_SHOWN bytes; false when they no longer fit.
 */
static bool khofs_prepend(char *buf, size_t *start, const char *s, size_t len)
{
	if (len > *start)
		return false;
	*start -= len;
	memcpy(buf + *start, s, len);
	return true;
}

/*
 * Entry @i, at @depth below the root (the directories above it are
 * v->dir[1..depth - 1]). Its path is built backwards from its own name,
 * at most KHOFS_PATH_SHOWN bytes of it: a longer one starts with "...".
 */
static void khofs_entry(struct kho_emit *e, const struct khofs_view *v,
			u32 i, size_t depth)
{
	char buf[KHOFS_PATH_SHOWN + 1], mode[8];
	size_t start = KHOFS_PATH_SHOWN - 3, d = depth;
	struct khofs_inode_rec r, a;
	u32 cur = i;

	buf[KHOFS_PATH_SHOWN] = 0;
	if (!depth)
		khofs_prepend(buf, &start, "/", 1);
	while (d) {
		khofs_inode_get(v->st, cur, &a);
		if (!khofs_prepend(buf, &start, v->st->names + a.name_off,
				   a.name_len) ||
		    !khofs_prepend(buf, &start, "/", 1))
			break;
		cur = v->dir[--d];
	}
	/* The path runs on from the end of buf - 3: move it there. */
	memmove(buf + start + 3, buf + start, KHOFS_PATH_SHOWN - 3 - start);
	start += 3;
	if (d)
		khofs_prepend(buf, &start, "...", 3);

	khofs_inode_get(v->st, i, &r);
	snprintf(mode, sizeof(mode), "%04o", r.mode & KHOFS_MODE_PERM);
	emit_group_begin(e, buf + start);
	emit_str(e, "type", khofs_is_dir(r.mode) ? "dir" : "file");
	emit_str(e, "mode", mode);
	emit_u64(e, "uid", r.uid);
	emit_u64(e, "gid", r.gid);
	emit_u64(e, "mtime_ns", r.mtime_ns);
	if (khofs_is_dir(r.mode)) {
		emit_u64(e, "entries", v->nchildren[i]);
	} else {
		emit_size(e, "size", r.size);
		emit_u64(e, "extents", v->nextents[i]);
		emit_size(e, "extent_bytes", v->bytes[i]);
	}
	emit_group_end(e);
}

/*
 * Depth first from the root, each directory's entries in name order (the
 * order of the records): the way find(1) lists a tree. No recursion: the
 * stack holds, per depth, the open directory and its next entry.
 */
static void khofs_walk(struct kho_emit *e, const struct khofs_view *v)
{
	struct khofs_inode_rec r;
	size_t depth = 0;

	khofs_entry(e, v, 0, 0);
	v->dir[0] = 0;
	v->pos[0] = 0;
	while (1) {
		u32 d = v->dir[depth], i;

		if (v->pos[depth] == v->nchildren[d]) {
			if (!depth)
				break;
			depth--;
			continue;
		}
		i = v->first[d] + v->pos[depth]++;
		khofs_entry(e, v, i, depth + 1);
		khofs_inode_get(v->st, i, &r);
		if (khofs_is_dir(r.mode) && v->nchildren[i]) {
			v->dir[++depth] = i;
			v->pos[depth] = 0;
		}
	}
}

/* The tree with paths, when the node passes khofs_parse(). */
static void khofs_node(struct kho_emit *e, const void *fdt, int node)
{
	struct khofs_state st;
	struct khofs_view v = { .st = &st };
	struct khofs_extent_rec x;
	struct khofs_inode_rec r;
	size_t i, n;

	if (khofs_parse(fdt, node, &st, NULL)) {
		emit_str(e, "tree", "not shown: the node is refused");
		return;
	}
	n = st.ninodes;
	v.first = calloc(n, sizeof(*v.first));
	v.nchildren = calloc(n, sizeof(*v.nchildren));
	v.nextents = calloc(n, sizeof(*v.nextents));
	v.bytes = calloc(n, sizeof(*v.bytes));
	v.dir = calloc(n, sizeof(*v.dir));
	v.pos = calloc(n, sizeof(*v.pos));
	if (!v.first || !v.nchildren || !v.nextents || !v.bytes || !v.dir ||
	    !v.pos) {
		emit_str(e, "tree", "not shown: out of memory");
		goto out;
	}
	/* Records 1..n-1 are sorted by parent: a directory's entries are a run. */
	for (i = n - 1; i >= 1; i--) {
		khofs_inode_get(&st, i, &r);
		v.first[r.parent] = i;
		v.nchildren[r.parent]++;
	}
	for (i = 0; i < st.nextents; i++) {
		khofs_extent_get(&st, i, &x);
		v.nextents[x.inode]++;
		v.bytes[x.inode] += KHOFS_PAGE << x.order;
	}
	emit_group_begin(e, "tree");
	khofs_walk(e, &v);
	emit_group_end(e);
out:
	free(v.first);
	free(v.nchildren);
	free(v.nextents);
	free(v.bytes);
	free(v.dir);
	free(v.pos);
}

/* abi/kho-meta.h: the previous kernel and the live-update generation. */
static bool kho_meta_prop(struct kho_emit *e, const char *name,
			  const void *val, int len)
{
	const char *str;
	u64 v64;
	u32 v32;

	if (!strcmp(name, KHO_META_RELEASE_PROP) &&
	    (str = get_string(val, len)) && len <= KHO_META_RELEASE_LEN) {
		emit_str(e, name, str);
		return true;
	}
	if (!strcmp(name, KHO_META_BUILD_ID_PROP) && len >= 1 &&
	    len <= KHO_META_BUILD_ID_MAX) {
		emit_hexbytes(e, name, val, len, len);
		return true;
	}
	if ((!strcmp(name, KHO_META_GENERATION_PROP) ||
	     !strcmp(name, KHO_META_TIME_PROP) ||
	     !strcmp(name, KHO_META_UPTIME_PROP)) && get_u64(val, len, &v64)) {
		emit_u64(e, name, v64);
		return true;
	}
	if (!strcmp(name, KHO_META_HISTORY_PROP) && get_u64(val, len, &v64)) {
		emit_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, KHO_META_COUNT_PROP) && get_u32(val, len, &v32)) {
		emit_u64(e, name, v32);
		return true;
	}
	return false;
}

static const struct kho_decoder kho_decoders[] = {
	{ "kho-test-v1", kho_test_prop, NULL },
	{ "intel-iommu-v1", intel_iommu_v1_prop, NULL },
	{ "intel-iommu-v2", intel_iommu_v2_prop, NULL },
	{ "pci-v1", pci_prop, NULL },
	{ "pci-v2", pci_v2_prop, pci_v2_node },
	/* v1's u32 prot is v2's prot and flags, flags always zero. */
	{ "vfio-v1", vfio_prop, NULL },
	{ "vfio-v2", vfio_prop, NULL },
	{ KHOFS_COMPATIBLE, khofs_prop, khofs_node },
	{ KHO_META_COMPATIBLE, kho_meta_prop, NULL },
};

/**
 * kho_decoder_find() - the decoder for a node's compatible
 * @compatible: the node's compatible string
 *
 * Return: the decoder, or NULL for the generic listing.
 */
const struct kho_decoder *kho_decoder_find(const char *compatible)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kho_decoders); i++)
		if (!strcmp(compatible, kho_decoders[i].compatible))
			return &kho_decoders[i];
	return NULL;
}
