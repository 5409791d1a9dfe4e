// SPDX-License-Identifier: GPL-2.0
/* Unit tests for drivers/pci/kho_node.c: the PCI KHO node. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/kho/blob.h>
#include <linux/kho/pci.h>

#include "harness_map.h"
#include "ktap.h"

#define BLOB_SIZE 65536
#define NDEVS 3

static char blob[BLOB_SIZE];
static struct kho_pci_state st;

/* One device as the test writes it. */
struct tdev {
	struct kho_pci_dev dev;
	struct kho_pci_res res[KHO_PCI_MAX_RES];
	size_t nres;
	struct kho_pci_bus bus;
	bool has_bus;
	const char *driver;
};

/*
 * The VM's shape: edu at 00:01.0 on the root bus, a pci-bridge at 00:03.0
 * with bus 1 below it, and edu at 01:00.0 behind it.
 */
static struct tdev devs[NDEVS];
#define EP0 (&devs[0])
#define BR (&devs[1])
#define EP1 (&devs[2])

static struct kho_pci_res res(u8 index, u64 start, u64 size, u8 flags)
{
	struct kho_pci_res r = {
		.start = start, .size = size, .index = index, .flags = flags,
	};
	return r;
}

static void reset(void)
{
	memset(devs, 0, sizeof(devs));
	EP0->dev = (struct kho_pci_dev){
		.sbdf = 0x0008, .vendor = 0x1234, .device = 0x11e8,
		.class = 0x00ff00, .hdr_type = 0,
		.flags = KHO_PCI_DEV_ENDPOINT, .command = 0x0406,
	};
	EP0->res[0] = res(0, 0xfea00000, 0x100000, 0);
	EP0->res[1] = res(2, 0xc000, 0x100, KHO_PCI_RES_IO);
	EP0->res[2] = res(KHO_PCI_RES_ROM, 0xfeb00000, 0x40000, 0);
	EP0->nres = 3;
	EP0->driver = "vtd-edu-test";

	BR->dev = (struct kho_pci_dev){
		.sbdf = 0x0018, .vendor = 0x1b36, .device = 0x0001,
		.class = 0x060400, .hdr_type = 1,
		.flags = KHO_PCI_DEV_BRIDGE, .command = 0x0407,
	};
	BR->res[0] = res(0, 0xfe000000, 0x100, 0);
	BR->res[1] = res(KHO_PCI_RES_WINDOW_IO, 0xd000, 0x1000, KHO_PCI_RES_IO);
	BR->res[2] = res(KHO_PCI_RES_WINDOW_MEM, 0xfd000000, 0x200000, 0);
	BR->res[3] = res(KHO_PCI_RES_WINDOW_PREF, 0x800000000ULL, 0x200000,
			 KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH);
	BR->nres = 4;
	BR->bus = (struct kho_pci_bus){ .primary = 0, .secondary = 1, .subordinate = 1 };
	BR->has_bus = true;

	EP1->dev = EP0->dev;
	EP1->dev.sbdf = 0x0100;
	EP1->res[0] = res(0, 0xfd000000, 0x100000, 0);
	EP1->nres = 1;
	EP1->driver = "vfio-pci";
}

static int find_node(void)
{
	return fdt_subnode_offset(blob, 0, KHO_PCI_NODE);
}

static struct kho_pci_out_dev out_dev(const struct tdev *d)
{
	struct kho_pci_out_dev o = {
		.dev = d->dev, .res = d->res, .nres = d->nres,
		.bus = d->has_bus ? &d->bus : NULL, .driver = d->driver,
	};
	return o;
}

/* The devs property of the blob, to edit records in place. */
static struct kho_pci_rec *recs_w(void)
{
	return fdt_getprop_w(blob, find_node(), KHO_PCI_DEVS_PROP, NULL);
}

/* Applied to the finished blob's records by build_and_parse(), if set. */
static void (*edit_recs)(struct kho_pci_rec *recs);

/* Build a blob with devs[] in order and parse its node. */
static enum kho_pci_err build_and_parse(struct kho_report *rep)
{
	struct kho_pci_out_dev out[NDEVS];
	struct kho_blob_report brep;
	size_t i;
	bool ok;

	for (i = 0; i < NDEVS; i++)
		out[i] = out_dev(&devs[i]);
	ok = !kho_blob_begin(blob, BLOB_SIZE, &hb) &&
	     !kho_node_begin(blob, KHO_PCI_NODE, KHO_PCI_COMPATIBLE) &&
	     !kho_pci_devs_write(blob, out, NDEVS);
	if (!ok || kho_node_end(blob) || kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHO_PCI_OK;
	}
	if (edit_recs)
		edit_recs(recs_w());
	edit_recs = NULL;
	if (harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, &brep)) {
		ktap_fail_at(__FILE__, __LINE__, "blob refused: %d", brep.why.err);
		return KHO_PCI_OK;
	}
	EXPECT_EQ(kho_pci_parse(blob, find_node(), &st, rep),
		  rep->err == KHO_PCI_OK ? 0 : -EINVAL);
	return rep->err;
}

static void struct_sizes(void)
{
	EXPECT_EQ(sizeof(struct kho_pci_dev), 16);
	EXPECT_EQ(sizeof(struct kho_pci_res), 24);
	EXPECT_EQ(sizeof(struct kho_pci_bus), 4);
	EXPECT_EQ(sizeof(struct kho_pci_rec), 56);
	EXPECT_EQ(offsetof(struct kho_pci_rec, nres), 20);
	EXPECT_EQ(offsetof(struct kho_pci_rec, driver), 24);
	/* kho_sbdf_find() reads each decoded record's first u32. */
	EXPECT_EQ(offsetof(struct kho_pci_in_dev, dev.sbdf), 0);
}

static void round_trip_decodes_every_field(void)
{
	struct kho_report rep;
	const struct kho_pci_in_dev *d;
	size_t i, j;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	EXPECT_EQ(rep.sbdf, ~0U);
	ASSERT_EQ(st.ndevs, NDEVS);
	for (i = 0; i < NDEVS; i++) {
		d = &st.devs[i];
		EXPECT_TRUE(!memcmp(&d->dev, &devs[i].dev, sizeof(d->dev)));
		ASSERT_EQ(d->nres, devs[i].nres);
		for (j = 0; j < d->nres; j++)
			EXPECT_TRUE(!memcmp(&d->res[j], &devs[i].res[j],
					    sizeof(d->res[j])));
		EXPECT_TRUE(!memcmp(&d->bus, &devs[i].bus, sizeof(d->bus)));
		EXPECT_TRUE(!strcmp(d->driver, devs[i].driver ?: ""));
	}
	EXPECT_EQ(st.devs[1].bus.secondary, 1);
	EXPECT_TRUE(!strcmp(st.devs[2].driver, "vfio-pci"));
	/* One record per device, their resources one after the other. */
	{
		int len;
		const struct kho_pci_rec *r;

		r = fdt_getprop(blob, find_node(), KHO_PCI_DEVS_PROP, &len);
		ASSERT_TRUE(r != NULL);
		EXPECT_EQ(len, NDEVS * (int)sizeof(*r));
		EXPECT_EQ(r[1].nres, 4);
		EXPECT_TRUE(!r[1].driver[0] && !r[0].bus.secondary);
		EXPECT_TRUE(fdt_getprop(blob, find_node(), KHO_PCI_RES_PROP, &len) != NULL);
		EXPECT_EQ(len, 8 * (int)sizeof(struct kho_pci_res));
		EXPECT_EQ(fdt_first_subnode(blob, find_node()), -FDT_ERR_NOTFOUND);
	}
	/* Resources are read in place, record after record. */
	EXPECT_TRUE(st.devs[1].res == st.devs[0].res + 3);
	EXPECT_TRUE(st.devs[2].res == st.devs[1].res + 4);
}

static void find_looks_up_by_sbdf(void)
{
	struct kho_report rep;
	size_t i;

	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	for (i = 0; i < NDEVS; i++)
		EXPECT_TRUE(kho_pci_find(&st, devs[i].dev.sbdf) == &st.devs[i]);
	EXPECT_TRUE(!kho_pci_find(&st, 0));
	EXPECT_TRUE(!kho_pci_find(&st, 0x10));
	EXPECT_TRUE(!kho_pci_find(&st, 0x101));
	EXPECT_TRUE(!kho_pci_find(&st, ~0U));
	st.ndevs = 0;
	EXPECT_TRUE(!kho_pci_find(&st, 0x8));
}

static void e_driver_full(struct kho_pci_rec *r) { memset(r[2].driver, 'a', sizeof(r[2].driver)); }
static void e_reserved(struct kho_pci_rec *r) { r[0].reserved[2] = 1; }
static void e_driver_tail(struct kho_pci_rec *r) { r[2].driver[20] = 'x'; }
static void e_bridge_driver_tail(struct kho_pci_rec *r) { r[1].driver[31] = 'x'; }

/* Mutation i of the good state, and the error it must be refused with. */
static enum kho_pci_err mutate(size_t i)
{
	switch (i) {
	/* order */
	case 0: EP0->dev.sbdf = 0x20; return KHO_PCI_NOT_SORTED;
	case 1: EP0->dev.sbdf = 0x18; return KHO_PCI_NOT_SORTED;
	/* kind and header type */
	case 2: EP0->dev.flags = 0; return KHO_PCI_BAD_DEV;
	case 3: EP0->dev.flags = KHO_PCI_DEV_ENDPOINT | KHO_PCI_DEV_BRIDGE; return KHO_PCI_BAD_DEV;
	case 4: EP0->dev.flags |= 1 << 2; return KHO_PCI_BAD_DEV;
	case 5: EP0->dev.hdr_type = 1; return KHO_PCI_BAD_DEV;
	case 6: BR->dev.hdr_type = 0; return KHO_PCI_BAD_DEV;
	case 7: EP0->dev.hdr_type = 0x80; return KHO_PCI_BAD_DEV;	/* multi-function bit */
	case 8: EP0->dev.class = 0x01000000; return KHO_PCI_BAD_DEV;
	case 9: BR->dev.hdr_type = 2; BR->dev.flags = 1 << 2; return KHO_PCI_BAD_DEV;
	/* resources */
	case 10: EP0->res[1].reserved[5] = 1; return KHO_PCI_BAD_RES;
	case 11: EP0->res[2].index = 7; return KHO_PCI_BAD_RES;
	case 12: EP0->res[2].index = KHO_PCI_RES_WINDOW_MEM; return KHO_PCI_BAD_RES;
	case 13: BR->res[0].index = 2; return KHO_PCI_BAD_RES;
	case 14: BR->res[0].index = KHO_PCI_RES_ROM; return KHO_PCI_BAD_RES;
	case 15: EP0->res[1].index = 0; return KHO_PCI_BAD_RES;	/* repeated index */
	case 16: EP0->res[0].index = 3; return KHO_PCI_BAD_RES;	/* descending */
	case 17: EP1->res[0].size = 0; return KHO_PCI_BAD_RES;
	case 18: EP1->res[0].start = ~0ULL - 0xfffff; return KHO_PCI_BAD_RES;	/* wraps */
	case 19: EP1->res[0].flags = 1 << 3; return KHO_PCI_BAD_RES;
	case 20: EP0->res[1].flags |= KHO_PCI_RES_MEM64; return KHO_PCI_BAD_RES;
	case 21: EP0->res[1].flags |= KHO_PCI_RES_PREFETCH; return KHO_PCI_BAD_RES;
	case 22: BR->res[1].flags = 0; return KHO_PCI_BAD_RES;	/* I/O window as memory */
	case 23: BR->res[2].flags = KHO_PCI_RES_IO; return KHO_PCI_BAD_RES;
	case 24: BR->res[3].flags = KHO_PCI_RES_IO; return KHO_PCI_BAD_RES;
	case 25: EP0->res[2].flags = KHO_PCI_RES_IO; return KHO_PCI_BAD_RES;	/* I/O ROM */
	/* overlaps in one space */
	case 26: EP0->res[2].start = 0xfea40000; return KHO_PCI_RES_OVERLAP;
	case 27: BR->res[3].start = 0xfd100000; return KHO_PCI_RES_OVERLAP;
	case 28: BR->res[1].start = 0xd000; BR->res[0] = res(1, 0xd800, 8, KHO_PCI_RES_IO);
		return KHO_PCI_RES_OVERLAP;
	/* bus numbers */
	case 29: BR->has_bus = false; return KHO_PCI_BAD_BUS;
	case 30: EP0->has_bus = true; EP0->bus = BR->bus; return KHO_PCI_BAD_BUS;
	case 31: BR->bus.primary = 1; BR->bus.secondary = 2; BR->bus.subordinate = 2;
		return KHO_PCI_BAD_BUS;	/* not the bus it sits on */
	case 32: BR->bus.secondary = 0; return KHO_PCI_BAD_BUS;
	case 33: BR->bus.subordinate = 0; BR->bus.secondary = 1; return KHO_PCI_BAD_BUS;
	case 34: BR->bus.reserved = 1; return KHO_PCI_BAD_BUS;
	/* driver */
	case 35: EP1->driver = NULL; return KHO_PCI_BAD_DRIVER;
	case 36: EP1->driver = ""; return KHO_PCI_BAD_DRIVER;
	case 37: edit_recs = e_driver_full; return KHO_PCI_BAD_DRIVER;
	case 38: BR->driver = "pcieport"; return KHO_PCI_BAD_DRIVER;
	/* path to the root bus */
	case 39: EP1->dev.sbdf = 0x0200; return KHO_PCI_NO_PATH;
	case 40: BR->bus.secondary = 2; BR->bus.subordinate = 4; return KHO_PCI_NO_PATH;
	case 41: EP1->dev.sbdf = 0x10100; return KHO_PCI_NO_PATH;	/* other segment */
	/* a BAR decodes a naturally aligned power of two */
	case 42: EP1->res[0].size = 0x180000; return KHO_PCI_BAR_SIZE;
	case 43: EP1->res[0].start = 0xfd080000; return KHO_PCI_BAR_ALIGN;
	case 44: EP0->res[2].size = 0x30000; return KHO_PCI_BAR_SIZE;	/* ROM */
	case 45: EP0->res[1].start = 0xc080; return KHO_PCI_BAR_ALIGN;	/* I/O */
	/* the next kernel logs the driver name and makes it driver_override */
	case 46: EP1->driver = "vfio-pci\n<0>KHO: forged"; return KHO_PCI_BAD_DRIVER;
	case 47: EP1->driver = "vfio\x1b[2J"; return KHO_PCI_BAD_DRIVER;
	case 48: EP1->driver = "vfio pci"; return KHO_PCI_BAD_DRIVER;
	/* where a BAR or window can decode on x86 */
	case 49: EP0->res[1].start = 0x10000; return KHO_PCI_BAD_RES;	/* I/O past 64 KiB */
	case 50: EP0->res[0].start = 0x100000000ULL; return KHO_PCI_BAD_RES; /* 32-bit BAR */
	case 51: EP1->res[0].index = 5; EP1->res[0].flags = KHO_PCI_RES_MEM64;
		return KHO_PCI_BAD_RES;	/* a 64-bit BAR has no upper register */
	case 52: EP0->res[0].flags = KHO_PCI_RES_MEM64; EP0->res[1].index = 1;
		return KHO_PCI_BAD_RES;	/* BAR 1 is BAR 0's upper half */
	case 53: EP0->res[2].flags = KHO_PCI_RES_MEM64; return KHO_PCI_BAD_RES; /* ROM */
	case 54: BR->res[1].size = 0x100000; BR->res[1].start = 0xf00000;
		return KHO_PCI_BAD_RES;	/* I/O window past 64 KiB */
	/* pci-v2 records: reserved bytes, driver padding, a bridge's driver */
	case 55: edit_recs = e_reserved; return KHO_PCI_BAD_DEV;
	case 56: edit_recs = e_driver_tail; return KHO_PCI_BAD_DRIVER;
	case 57: edit_recs = e_bridge_driver_tail; return KHO_PCI_BAD_DRIVER;
	/* two records of one sbdf (pci-v1: two nodes of one name) */
	case 58: EP1->dev.sbdf = BR->dev.sbdf; return KHO_PCI_NOT_SORTED;
	}
	return KHO_PCI_OK;
}

static void refuses_each_mutation(void)
{
	struct kho_report rep;
	enum kho_pci_err want;
	bool seen[KHO_PCI_BAR_ALIGN + 1] = { false };
	size_t i;

	for (i = 0; ; i++) {
		reset();
		want = mutate(i);
		if (want == KHO_PCI_OK)
			break;
		seen[want] = true;
		if (build_and_parse(&rep) != want)
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: want %s, got %s",
				     i, kho_strerror(&kho_pci_errors, want), kho_strerror(&kho_pci_errors, rep.err));
		else if (rep.sbdf == ~0U)
			ktap_fail_at(__FILE__, __LINE__, "mutation %zu: no device reported", i);
	}
	EXPECT_EQ(i, 59);
	for (i = KHO_PCI_NOT_SORTED; i <= KHO_PCI_BAR_ALIGN; i++)
		if (!seen[i] && i != KHO_PCI_TOO_MANY)
			ktap_fail_at(__FILE__, __LINE__, "no mutation for %s",
				     kho_strerror(&kho_pci_errors, i));
}

static void accepts_edge_cases(void)
{
	struct kho_report rep;

	/* The same address in I/O and memory space does not overlap. */
	reset();
	EP0->res[0].start = 0xc000;
	EP0->res[0].size = 0x1000;
	EXPECT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	/* Adjacent resources, a resource ending at the top, no resources. */
	reset();
	EP0->res[2].start = 0xfeb00000;
	EP0->res[0].start = 0xfea00000;
	BR->nres = 0;
	EXPECT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	/* A window (not a BAR: any size, any start) ending at the top. */
	reset();
	BR->res[3] = res(KHO_PCI_RES_WINDOW_PREF, ~0ULL - 0xfffff + 0, 0xfffff,
			 KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH);
	EXPECT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	/* A driver name of 31 characters, and bus numbers spanning several. */
	reset();
	EP1->driver = "0123456789abcdef0123456789abcde";
	BR->bus.subordinate = 9;
	EP1->dev.sbdf = 0x0900;
	EXPECT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	EXPECT_EQ(st.devs[2].driver[30], 'e');
	/* A 64-bit BAR on an endpoint uses two slots: 0 and 2 are fine. */
	reset();
	EP0->res[0].flags = KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH;
	EXPECT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	/* An empty node. */
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	kho_node_end(blob);
	kho_blob_finish(blob);
	EXPECT_EQ(kho_pci_parse(blob, find_node(), &st, NULL), 0);
	EXPECT_EQ(st.ndevs, 0);
}

/* A pci node by hand: @fn writes the children (or anything) inside it. */
static enum kho_pci_err parse_raw(void (*fn)(void), struct kho_report *rep)
{
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	fn();
	kho_node_end(blob);
	if (kho_blob_finish(blob)) {
		ktap_fail_at(__FILE__, __LINE__, "building the blob failed");
		return KHO_PCI_OK;
	}
	/* Attach the map when the blob passes (some raw nodes do not). */
	harness_blob_check(blob, BLOB_SIZE, NULL, 0, NULL, 0, NULL);
	EXPECT_EQ(kho_pci_parse(blob, find_node(), &st, rep),
		  rep->err == KHO_PCI_OK ? 0 : -EINVAL);
	return rep->err;
}

/* A record of EP1 as kho_pci_devs_write() would write it, @nres resources. */
static struct kho_pci_rec raw_rec(u32 sbdf, unsigned int nres)
{
	struct kho_pci_rec r;

	memset(&r, 0, sizeof(r));
	r.dev = EP0->dev;
	r.dev.sbdf = sbdf;
	r.nres = nres;
	strcpy(r.driver, "edu");
	return r;
}

static void raw_devs(const struct kho_pci_rec *r, int len)
{
	fdt_property(blob, KHO_PCI_DEVS_PROP, r, len);
}

static void raw_res(unsigned int n)
{
	struct kho_pci_res r[KHO_PCI_MAX_RES + 2];
	unsigned int i;

	for (i = 0; i < n; i++)
		r[i] = res(0, 0x1000 * i, 0x1000, 0);
	fdt_property(blob, KHO_PCI_RES_PROP, r, n * sizeof(r[0]));
}

#define RECLEN ((int)sizeof(struct kho_pci_rec))
static void w_stray(void) { fdt_begin_node(blob, "dev@100"); fdt_end_node(blob); }
static void w_devs_len(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 0);

	raw_devs(&r, RECLEN - 1);
}
static void w_res_len(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 0);

	raw_devs(&r, RECLEN);
	fdt_property(blob, KHO_PCI_RES_PROP, EP0->res, 25);
}
static void w_mem(void)
{
	struct kho_mem m = { 0x1000000, 0x1000 };

	/* The pci node owning memory in the map. */
	if (kho_node_add_mem(blob, &m, 1))
		ktap_fail_at(__FILE__, __LINE__, "adding memory failed");
}
static void w_17_res(void)
{
	struct kho_pci_rec r = raw_rec(0x100, KHO_PCI_MAX_RES + 1);

	r.dev.sbdf = 0x8;
	raw_devs(&r, RECLEN);
	raw_res(KHO_PCI_MAX_RES + 1);
}
/* 16 is not too many: the count passes and the entries are checked. */
static void w_16_res(void)
{
	struct kho_pci_rec r = raw_rec(0x8, KHO_PCI_MAX_RES);

	raw_devs(&r, RECLEN);
	raw_res(KHO_PCI_MAX_RES);	/* all BAR 0: a repeated index */
}
static void w_res_short(void)
{
	struct kho_pci_rec r = raw_rec(0x100, 2);

	r.dev.sbdf = 0x8;
	raw_devs(&r, RECLEN);
	raw_res(1);
}
static void w_res_extra(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 1);

	raw_devs(&r, RECLEN);
	raw_res(2);
}
static void w_n_devs(unsigned int n)
{
	static struct kho_pci_rec r[KHO_PCI_MAX_DEVS + 1];
	unsigned int i;

	for (i = 0; i < n; i++)
		r[i] = raw_rec(i, 0);	/* all on bus 0 */
	raw_devs(r, n * RECLEN);
}
static void w_max_devs(void) { w_n_devs(KHO_PCI_MAX_DEVS); }
static void w_max_devs_plus_1(void) { w_n_devs(KHO_PCI_MAX_DEVS + 1); }
static void w_driver_unterminated(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 0);

	memset(r.driver, 'a', sizeof(r.driver));
	raw_devs(&r, RECLEN);
}
static void w_driver_embedded_nul(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 0);

	memcpy(r.driver, "ab\0c", 5);
	raw_devs(&r, RECLEN);
}
static void w_driver_empty(void)
{
	struct kho_pci_rec r = raw_rec(0x8, 0);

	memset(r.driver, 0, sizeof(r.driver));
	raw_devs(&r, RECLEN);
}
static void w_empty_props(void)
{
	fdt_property(blob, KHO_PCI_DEVS_PROP, NULL, 0);
	fdt_property(blob, KHO_PCI_RES_PROP, NULL, 0);
}

static void refuses_hand_made_nodes(void)
{
	static const struct {
		void (*fn)(void);
		enum kho_pci_err want;
		const char *line;
	} cases[] = {
		{ w_stray, KHO_PCI_BAD_STRUCTURE, "unexpected node or node name" },
		{ w_devs_len, KHO_PCI_BAD_PROP_LEN,
		  "property missing or of the wrong length" },
		{ w_res_len, KHO_PCI_BAD_PROP_LEN, NULL },
		{ w_mem, KHO_PCI_BAD_PROP_LEN, NULL },
		{ w_17_res, KHO_PCI_TOO_MANY,
		  "device 0000:00:01.0: too many devices or resources" },
		{ w_16_res, KHO_PCI_BAD_RES, "device 0000:00:01.0: bad BAR or window record" },
		{ w_res_short, KHO_PCI_BAD_PROP_LEN,
		  "device 0000:00:01.0: property missing or of the wrong length" },
		{ w_res_extra, KHO_PCI_BAD_PROP_LEN,
		  "property missing or of the wrong length" },
		{ w_max_devs, KHO_PCI_OK, "ok" },
		{ w_max_devs_plus_1, KHO_PCI_TOO_MANY, "too many devices or resources" },
		{ w_driver_unterminated, KHO_PCI_BAD_DRIVER,
		  "device 0000:00:01.0: bad driver name" },
		{ w_driver_embedded_nul, KHO_PCI_BAD_DRIVER, NULL },
		{ w_driver_empty, KHO_PCI_BAD_DRIVER, NULL },
		{ w_empty_props, KHO_PCI_OK, "ok" },
	};
	struct kho_report rep;
	char line[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reset();
		if (parse_raw(cases[i].fn, &rep) != cases[i].want) {
			ktap_fail_at(__FILE__, __LINE__, "case %zu: want %s, got %s", i,
				     kho_strerror(&kho_pci_errors, cases[i].want),
				     kho_strerror(&kho_pci_errors, rep.err));
			continue;
		}
		kho_report_describe(line, sizeof(line), NULL, &rep);
		if (cases[i].line && strcmp(line, cases[i].line))
			ktap_fail_at(__FILE__, __LINE__, "case %zu: '%s'", i, line);
	}
}

static void describe_says_where(void)
{
	struct kho_report rep;
	char line[128];

	kho_report_init(&rep, &kho_pci_errors);
	rep.err = KHO_PCI_BAD_RES;
	rep.sbdf = 0x12345a;
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "device 0012:34:0b.2: bad BAR or window record"));
	reset();
	EP1->dev.sbdf = 0x0200;
	ASSERT_EQ(build_and_parse(&rep), KHO_PCI_NO_PATH);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "device 0000:02:00.0: not below a recorded bridge"));
	reset();
	ASSERT_EQ(build_and_parse(&rep), KHO_PCI_OK);
	kho_report_describe(line, sizeof(line), NULL, &rep);
	EXPECT_TRUE(!strcmp(line, "ok"));
	/* Truncated, still terminated. */
	rep.err = KHO_PCI_BAD_BUS;
	rep.sbdf = 0x18;
	EXPECT_EQ(kho_report_describe(line, 8, NULL, &rep), strlen("device 0000:00:03.0: bad bridge bus numbers"));
	EXPECT_TRUE(!strcmp(line, "device "));
}

static void writer_refuses_what_it_cannot_write(void)
{
	static char small[512];
	static struct kho_pci_out_dev many_devs[KHO_PCI_MAX_DEVS + 1];
	struct kho_pci_res many[KHO_PCI_MAX_RES + 1] = { };
	struct kho_pci_out_dev d;
	unsigned int i;

	reset();
	d = out_dev(EP0);
	kho_blob_begin(blob, BLOB_SIZE, &hb);
	kho_node_begin(blob, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	d.res = many;
	d.nres = KHO_PCI_MAX_RES + 1;
	EXPECT_EQ(kho_pci_devs_write(blob, &d, 1), -E2BIG);
	d.nres = KHO_PCI_MAX_RES;
	d.driver = "0123456789abcdef0123456789abcdef";	/* no room for the NUL */
	EXPECT_EQ(kho_pci_devs_write(blob, &d, 1), -EINVAL);
	for (i = 0; i <= KHO_PCI_MAX_DEVS; i++) {
		many_devs[i] = out_dev(EP0);
		many_devs[i].dev.sbdf = i;
		many_devs[i].nres = 0;
	}
	EXPECT_EQ(kho_pci_devs_write(blob, many_devs, KHO_PCI_MAX_DEVS + 1), -E2BIG);
	/* Nothing was written by the refusals; the limit itself fits. */
	EXPECT_EQ(kho_pci_devs_write(blob, many_devs, KHO_PCI_MAX_DEVS), 0);
	EXPECT_EQ(kho_node_end(blob), 0);
	EXPECT_EQ(kho_blob_finish(blob), 0);
	EXPECT_EQ(kho_pci_parse(blob, find_node(), &st, NULL), 0);
	EXPECT_EQ(st.ndevs, KHO_PCI_MAX_DEVS);
	EXPECT_TRUE(kho_pci_find(&st, KHO_PCI_MAX_DEVS - 1) == &st.devs[KHO_PCI_MAX_DEVS - 1]);
	d = out_dev(EP0);
	d.res = many;
	kho_blob_begin(small, sizeof(small), &hb);
	kho_node_begin(small, KHO_PCI_NODE, KHO_PCI_COMPATIBLE);
	d.nres = KHO_PCI_MAX_RES;
	EXPECT_EQ(kho_pci_devs_write(small, &d, 1), -ENOSPC);
}

static void strerror_names_every_error(void)
{
	int e;

	for (e = KHO_PCI_OK; e <= KHO_PCI_BAR_ALIGN; e++)
		EXPECT_TRUE(strcmp(kho_strerror(&kho_pci_errors, e), "unknown error"));
	EXPECT_FALSE(strcmp(kho_strerror(&kho_pci_errors, KHO_PCI_BAR_ALIGN + 1), "unknown error"));
}

/* The size a BAR reports: the lowest address bit that read back as one. */
static u64 bar_size(u32 lo, u32 hi, u32 flag_bits)
{
	u64 v = (u64)hi << 32 | (lo & ~flag_bits);

	return v & ~(v - 1);
}

static void bar_readback_sizes_like_hardware(void)
{
	struct kho_pci_in_dev d = { .dev = { .hdr_type = 0 } };
	struct kho_pci_res r[4];
	u32 lo;

	r[0] = (struct kho_pci_res){ .start = 0xfe400000, .size = 1 << 20, .index = 0 };
	r[1] = (struct kho_pci_res){ .start = 0x800000000ULL, .size = 8ULL << 30,
		.index = 2, .flags = KHO_PCI_RES_MEM64 | KHO_PCI_RES_PREFETCH };
	r[2] = (struct kho_pci_res){ .start = 0xc000, .size = 32, .index = 4,
		.flags = KHO_PCI_RES_IO };
	r[3] = (struct kho_pci_res){ .start = 0xfeb00000, .size = 64 << 10,
		.index = KHO_PCI_RES_ROM };
	d.res = r;
	d.nres = 4;

	/* 32-bit memory BAR: size bits, and the type bits of the live value. */
	lo = kho_pci_bar_readback(&d, 0x10, 0xfe400008);
	EXPECT_EQ(lo, 0xfff00008);
	EXPECT_EQ(bar_size(lo, 0, 0xf), 1ULL << 20);
	/* 64-bit prefetchable BAR of 8 GiB: the size lives in the upper dword. */
	lo = kho_pci_bar_readback(&d, 0x18, 0x0000000c);
	EXPECT_EQ(lo, 0x0000000c);
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x1c, 0x8), 0xfffffffe);
	EXPECT_EQ(bar_size(lo, kho_pci_bar_readback(&d, 0x1c, 0x8), 0xf), 8ULL << 30);
	/* I/O BAR */
	lo = kho_pci_bar_readback(&d, 0x20, 0xc001);
	EXPECT_EQ(lo, 0xffffffe1);
	EXPECT_EQ(bar_size(lo, 0, 0x3), 32);
	/* Expansion ROM: the enable bit is not part of the read-back. */
	lo = kho_pci_bar_readback(&d, 0x30, 0xfeb00001);
	EXPECT_EQ(lo, 0xffff0000);
	EXPECT_EQ(bar_size(lo, 0, 0x7ff), 64 << 10);
	/* Unrecorded BARs read as unimplemented; other offsets are not BARs. */
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x14, 0xfe500000), 0);
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x24, 0), 0);
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x11, 0), 0);
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x38, 0), 0);
	/* A bridge's ROM register is at 0x38; 0x30 is its I/O upper half. */
	d.dev.hdr_type = 1;
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x38, 0), 0xffff0000);
	EXPECT_EQ(kho_pci_bar_readback(&d, 0x30, 0), 0);
}

KTAP_SUITE(pci_node,
	   KTAP_CASE(bar_readback_sizes_like_hardware),
	   KTAP_CASE(struct_sizes),
	   KTAP_CASE(round_trip_decodes_every_field),
	   KTAP_CASE(find_looks_up_by_sbdf),
	   KTAP_CASE(refuses_each_mutation),
	   KTAP_CASE(accepts_edge_cases),
	   KTAP_CASE(refuses_hand_made_nodes),
	   KTAP_CASE(describe_says_where),
	   KTAP_CASE(writer_refuses_what_it_cannot_write),
	   KTAP_CASE(strerror_names_every_error));
