// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm stage2 and nokeep-stage2: reclaim the kept edu with its token
 * and check that everything stage 1 left (sysfs, config, markers, DMA
 * mappings, memory, the DMA in flight, MSI) came through the kexec; or,
 * for the control, that the DMA in flight was lost.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/pci_regs.h>

#include "vfio-vmm.h"

/*
 * config_same: two hex dumps agree on bytes [from, to), the status register
 * aside; the offsets that differ go to DIFF.
 */
static bool config_same(const char *a, const char *b, unsigned int from, unsigned int to,
			char *diff, size_t len)
{
	unsigned int i;
	size_t p = 0;
	bool same = true;

	diff[0] = 0;
	if (strlen(a) < 2 * to || strlen(b) < 2 * to) {
		snprintf(diff, len, "short dump");
		return false;
	}
	for (i = from; i < to; i++) {
		if (i == PCI_STATUS || i == PCI_STATUS + 1)
			continue;
		if (strncmp(a + 2 * i, b + 2 * i, 2)) {
			same = false;
			if (p + 16 < len)
				p += snprintf(diff + p, len - p, " 0x%02x:%.2s->%.2s", i,
					      a + 2 * i, b + 2 * i);
		}
	}
	return same;
}

/* check_sysfs: driver, override, config and resources as stage 1 left them. */
static void check_sysfs(const struct state *st, const char *bdf)
{
	char drv[64], ovr[64] = "", now[2 * CONFIG_SIZE + 1], res[2048], diff[512];
	const char *bridge = state_get(st, "bridge");

	link_name(bdf, "driver", drv, sizeof(drv));
	expect(!strcmp(drv, "vfio-pci"), "sysfs: bound to vfio-pci", "driver '%s'", drv);
	sysfs_read(bdf, "driver_override", ovr, sizeof(ovr));
	ovr[strcspn(ovr, "\n")] = 0;
	expect(!strcmp(ovr, "vfio-pci"), "sysfs: driver_override is vfio-pci", "'%s'", ovr);
	if (config_hex(bdf, now)) {
		expect(false, "sysfs: config space as in stage 1", "cannot read: %m");
	} else {
		expect(config_same(state_get(st, "config"), now, 0, 64, diff, sizeof(diff)),
		       "sysfs: config header as in stage 1 (status excluded)", "%s", diff);
		expect(config_same(state_get(st, "config"), now, 64, CONFIG_SIZE, diff, sizeof(diff)),
		       "sysfs: capabilities (MSI) as in stage 1", "%s", diff);
	}
	expect(!resource_line(bdf, res, sizeof(res)) && !strcmp(res, state_get(st, "resource")),
	       "sysfs: resource file as in stage 1", "now '%s'", res);
	if (!bridge[0])
		return;
	if (config_hex(bridge, now)) {
		expect(false, "sysfs: bridge bus numbers as in stage 1", "%s: %m", bridge);
		return;
	}
	expect(config_same(state_get(st, "bridge_config"), now, PCI_PRIMARY_BUS,
			   PCI_SEC_LATENCY_TIMER, diff, sizeof(diff)),
	       "sysfs: bridge bus numbers as in stage 1", "%s:%s", bridge, diff);
	expect(config_same(state_get(st, "bridge_config"), now, PCI_IO_BASE,
			   PCI_CAPABILITY_LIST, diff, sizeof(diff)),
	       "sysfs: bridge windows as in stage 1", "%s:%s", bridge, diff);
	expect(config_same(state_get(st, "bridge_config"), now, PCI_COMMAND,
			   PCI_COMMAND + 2, diff, sizeof(diff)),
	       "sysfs: bridge command (bus master) as in stage 1", "%s:%s", bridge, diff);
}

/* group_busy: in a child, a second open of the group gets EBUSY. */
static bool group_busy(int nr)
{
	char path[64];
	int status, fd;
	pid_t pid;

	snprintf(path, sizeof(path), "/dev/vfio/%d", nr);
	pid = fork();
	if (pid == 0) {
		fd = open(path, O_RDWR);
		if (fd >= 0 || errno != EBUSY)
			fprintf(stderr, "vfio-vmm: open %s: %s\n", path,
				fd >= 0 ? "succeeded" : strerror(errno));
		_exit(fd < 0 && errno == EBUSY ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status);
}

/* reopen: the refused opens, then the open with the token. */
static void reopen(struct vmm *v, const uint8_t tok[16])
{
	struct vfio_device_feature_kho_keepalive ka;
	char before[2 * CONFIG_SIZE + 1], after[2 * CONFIG_SIZE + 1], diff[512];
	uint8_t other[16];
	uint64_t t0, t1;
	int fd, ret;

	config_hex(v->bdf, before);
	fd = get_device(v, v->bdf);
	expect(fd == -EPERM, "reopen: without a token fails with EPERM", "got %s",
	       fd >= 0 ? "a device fd" : strerror(-fd));
	memcpy(other, tok, 16);
	other[15] ^= 0x5a;
	fd = get_device_with(v, other);
	expect(fd == -EACCES, "reopen: with another token fails with EACCES", "got %s",
	       fd >= 0 ? "a device fd" : strerror(-fd));
	config_hex(v->bdf, after);
	expect(config_same(before, after, 0, CONFIG_SIZE, diff, sizeof(diff)),
	       "reopen: the refused opens left config space alone", "%s", diff);
	/* The adoption of every preserved mapping happens inside this call. */
	t0 = now_ns();
	fd = get_device_with(v, tok);
	t1 = now_ns();
	require(fd >= 0, "reopen: with the token succeeds", "%s", strerror(-fd));
	report_time("get_device_fd", t1 - t0);
	v->device = fd;
	memset(&ka, 0, sizeof(ka));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);
	expect(!ret && (ka.flags & VFIO_KHO_KEEPALIVE_RESTORED),
	       "reopen: GET reports RESTORED", "ret %s flags 0x%x", strerror(-ret), ka.flags);
}

/* check_device: edu's registers and config as stage 1 left them. */
static void check_device(struct vmm *v)
{
	uint16_t cmd = 0;
	uint8_t cl = 0;

	expect(rd32(v, EDU_REG_ID) == EDU_ID, "device: edu identification in BAR0",
	       "0x%08x", rd32(v, EDU_REG_ID));
	expect(!(rd32(v, EDU_REG_DMA_CMD) & EDU_DMA_RUN), "device: the in-flight DMA has finished",
	       "cmd 0x%08x", rd32(v, EDU_REG_DMA_CMD));
	expect(rd32(v, EDU_REG_LIVE) == ~MARK_LIVE, "device: liveness marker kept",
	       "0x%08x", rd32(v, EDU_REG_LIVE));
	expect(rd32(v, EDU_REG_FACT) == MARK_FACT, "device: factorial marker kept",
	       "%u", rd32(v, EDU_REG_FACT));
	expect(!cfg_read(v, PCI_CACHE_LINE_SIZE, &cl, 1) && cl == MARK_CACHELINE,
	       "device: cache line size marker kept (config region)", "0x%02x", cl);
	expect(!cfg_read(v, PCI_COMMAND, &cmd, 2) &&
	       (cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
	       (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
	       "device: memory and bus master still enabled", "command 0x%04x", cmd);
}

/* check_old_buffer: stage 1's page, read through /dev/mem. */
static void check_old_buffer(uint64_t phys, uint32_t seed)
{
	uint8_t page[2 * HALF];

	if (read_phys(phys, page, sizeof(page))) {
		expect(false, "memory: stage 1 buffer readable through /dev/mem", "%m");
		return;
	}
	expect(has_pattern(page, HALF, seed), "memory: first half of the buffer kept",
	       "word0 0x%08x", *(uint32_t *)page);
	expect(has_pattern(page + HALF, HALF, seed),
	       "memory: the DMA started before kexec landed", "word0 0x%08x",
	       *(uint32_t *)(page + HALF));
}

/*
 * vaddr_refused: MAP_DMA|FLAG_VADDR of BUF for the adopted mapping at
 * IOVA (LEN bytes) fails with EINVAL: BUF does not map its pages.
 */
static void vaddr_refused(struct vmm *v, void *buf, uint64_t iova, uint64_t len,
			  const char *what)
{
	int ret = dma_map_vaddr(v, buf, iova, len);

	expect(ret && errno == EINVAL, what, "%s", ret ? strerror(errno) : "succeeded");
}

/*
 * check_new_dma: a fresh mapping beside the adopted one works; the adopted
 * mapping refuses anonymous memory as its user address; its IOVA is still
 * readable and writable by the device after that.
 */
static void check_new_dma(struct vmm *v, uint64_t phys1, uint32_t seed)
{
	uint8_t *fresh = alloc_buffer(), page[HALF];
	void *anon = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	int64_t n;

	if (!expect(!dma_map(v, fresh, IOVA_FRESH), "dma: MAP_DMA of a fresh buffer at 0x200000",
		    "%m"))
		return;
	/* Another pattern through edu first, so only the adopted read brings ours back. */
	fill_pattern(fresh, HALF, ~seed);
	expect(round_trip(v, fresh, IOVA_FRESH, ~seed), "dma: round trip through the fresh mapping",
	       "word0 0x%08x", *(uint32_t *)(fresh + HALF));
	/* Not the pages the device uses: refused, nothing changes. */
	if (anon == MAP_FAILED)
		expect(false, "vaddr: MAP_DMA|VADDR of anonymous memory for the adopted mapping fails with EINVAL",
		       "no anonymous memory: %m");
	else
		vaddr_refused(v, anon, buf_iova, BUF_SIZE,
			      "vaddr: MAP_DMA|VADDR of anonymous memory for the adopted mapping fails with EINVAL");
	if (anon != MAP_FAILED)
		munmap(anon, BUF_SIZE);
	expect(edu_dma(v, buf_iova, EDU_DMA_BUF, 0) &&
	       edu_dma(v, EDU_DMA_BUF, IOVA_FRESH + BUF_SIZE / 2, EDU_DMA_TO_RAM) &&
	       has_pattern(fresh + BUF_SIZE / 2, HALF, seed),
	       "dma: the device reads the adopted IOVA", "word0 0x%08x",
	       *(uint32_t *)(fresh + BUF_SIZE / 2));
	expect(edu_dma(v, EDU_DMA_BUF, buf_iova + BUF_SIZE / 2, EDU_DMA_TO_RAM) &&
	       !read_phys(phys1, page, HALF) && has_pattern(page, HALF, seed),
	       "dma: the device writes the adopted IOVA (second page)", "word0 0x%08x",
	       *(uint32_t *)page);
	n = dma_unmap(v, buf_iova, BUF_SIZE);
	expect(n == BUF_SIZE, "dma: UNMAP_DMA of the adopted 8 KiB returns 8192",
	       "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : "");
	n = dma_unmap(v, IOVA_FRESH, BUF_SIZE);
	expect(n == BUF_SIZE, "dma: UNMAP_DMA of the fresh 8 KiB returns 8192",
	       "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : "");
}

/* unmap_big: the big mapping (WHOSE: adopted or fresh) unmapped, timed as TIMER. */
static void unmap_big(struct vmm *v, uint64_t len, const char *whose, const char *timer)
{
	char what[96];
	uint64_t t0, t1;
	int64_t n;

	snprintf(what, sizeof(what), "big: UNMAP_DMA of the %s mapping returns its size", whose);
	t0 = now_ns();
	n = dma_unmap(v, IOVA_BIG, len);
	t1 = now_ns();
	if (expect(n == (int64_t)len, what, "returned %" PRId64 " %s", n,
		   n < 0 ? strerror(errno) : ""))
		report_time(timer, t1 - t0);
}

/*
 * check_big: the benchmark's big mapping, if stage 1 made one: its first
 * and last page kept, unmapped through the adopted state (which unpins
 * every page), then the same size mapped and unmapped fresh as the
 * baseline in this kernel. Each call timed.
 */
static void check_big(struct vmm *v, const struct state *st, uint32_t seed)
{
	const char *val = state_find(st, "big_mb");
	uint64_t mb = val ? strtoull(val, NULL, 10) : 0, len = mb << 20, t0, t1;
	uint8_t page[HALF], *p;
	int ret;

	if (!mb)
		return;
	expect(!read_phys(strtoull(state_get(st, "big_phys_first"), NULL, 0), page, HALF) &&
	       has_pattern(page, HALF, big_seed(seed)), "big: first page kept",
	       "word0 0x%08x", *(uint32_t *)page);
	expect(!read_phys(strtoull(state_get(st, "big_phys_last"), NULL, 0), page, HALF) &&
	       has_pattern(page, HALF, big_seed(seed)), "big: last page kept",
	       "word0 0x%08x", *(uint32_t *)page);
	unmap_big(v, len, "adopted", "unmap_dma_big");
	p = big_alloc(len);
	if (!expect(p, "big: a fresh buffer of the same size allocated", "%m"))
		return;
	t0 = now_ns();
	ret = dma_map_len(v, p, IOVA_BIG, len);
	t1 = now_ns();
	if (!expect(!ret, "big: MAP_DMA of the fresh buffer at the same IOVA", "%m"))
		return;
	report_time("map_dma_fresh", t1 - t0);
	unmap_big(v, len, "fresh", "unmap_dma_fresh");
	munmap(p, len);
}

/* hex_byte: byte OFF of a config space hex dump (config_hex). */
static unsigned int hex_byte(const char *hex, unsigned int off)
{
	unsigned int v = 0;

	sscanf(hex + 2 * off, "%2x", &v);
	return v;
}

/* msi_cap: the MSI capability's offset in a config hex dump, 0 if none. */
static unsigned int msi_cap(const char *hex)
{
	unsigned int ptr = hex_byte(hex, PCI_CAPABILITY_LIST) & 0xfc;
	int hops;

	for (hops = 0; hops < 48 && ptr >= 0x40 && ptr < CONFIG_SIZE - 1; hops++) {
		if (hex_byte(hex, ptr + PCI_CAP_LIST_ID) == PCI_CAP_ID_MSI)
			return ptr;
		ptr = hex_byte(hex, ptr + PCI_CAP_LIST_NEXT) & 0xfc;
	}
	return 0;
}

/*
 * check_msi_message: the MSI control, address and data in the device's
 * config space (sysfs) are the ones stage 1 recorded. Under interrupt
 * remapping the message names the IRTE, so an equal message means the
 * preserved IRTE was reused rather than a new one allocated.
 */
static void check_msi_message(const struct state *st, const char *bdf)
{
	static const char what[] = "msi: the MSI message is stage 1's (the preserved IRTE is reused)";
	char now[2 * CONFIG_SIZE + 1], diff[512];
	unsigned int cap, end;
	uint16_t ctrl;

	if (config_hex(bdf, now)) {
		expect(false, what, "cannot read config: %m");
		return;
	}
	cap = msi_cap(now);
	if (!cap || cap != msi_cap(state_get(st, "config"))) {
		expect(false, what, "MSI capability at 0x%02x, stage 1's at 0x%02x", cap,
		       msi_cap(state_get(st, "config")));
		return;
	}
	ctrl = hex_byte(now, cap + PCI_MSI_FLAGS) | hex_byte(now, cap + PCI_MSI_FLAGS + 1) << 8;
	/* Control, address (high half if 64-bit), data. */
	end = cap + (ctrl & PCI_MSI_FLAGS_64BIT ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32) + 2;
	fprintf(stderr, "vfio-vmm: MSI control 0x%04x, address %.8s, data %.4s (config bytes)\n",
		ctrl, now + 2 * (cap + PCI_MSI_ADDRESS_LO), now + 2 * (end - 2));
	expect(config_same(state_get(st, "config"), now, cap + PCI_MSI_FLAGS, end, diff,
			   sizeof(diff)), what, "cap 0x%02x:%s", cap, diff);
}

int cmd_stage2(const char *bdf, const char *statefile)
{
	struct vmm v = { .bdf = bdf };
	struct state st;
	uint8_t tok[16];
	uint32_t seed;

	require(!state_load(statefile, &st), "state: file from stage 1", "%s: %m", statefile);
	require(!strcmp(state_get(&st, "bdf"), bdf) && !parse_token(state_get(&st, "token"), tok),
		"state: device and token", "bdf '%s'", state_get(&st, "bdf"));
	seed = token_seed(tok);
	buf_iova = strtoull(state_get(&st, "iova"), NULL, 0);
	fprintf(stderr, "vfio-vmm: group %d (stage 1: %s)\n", group_of(bdf), state_get(&st, "group"));

	check_sysfs(&st, bdf);
	open_container(&v);
	open_group(&v);
	expect(group_busy(v.group_nr), "group: a second open fails with EBUSY", "see above");
	attach_group(&v);
	reopen(&v, tok);
	map_regions(&v);
	check_device(&v);
	check_old_buffer(strtoull(state_get(&st, "buf_phys0"), NULL, 0), seed);
	check_new_dma(&v, strtoull(state_get(&st, "buf_phys1"), NULL, 0), seed);
	check_big(&v, &st, seed);
	msi_enable(&v);
	expect(msi_fires(&v), "msi: a new eventfd signals edu's interrupt", "see above");
	check_msi_message(&st, bdf);
	return finish();
}

/*
 * other_file: a file of 8 KiB next to PATH (so on the same filesystem),
 * mapped shared, with its own data; NULL if it cannot be made.
 */
static uint8_t *other_file(const char *path)
{
	char other[512];
	void *p = MAP_FAILED;
	int fd;

	snprintf(other, sizeof(other), "%s.other", path);
	fd = open(other, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0 && !ftruncate(fd, BUF_SIZE))
		p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, BUF_SIZE);
	return p;
}

/* private_map: PATH's first 8 KiB mapped MAP_PRIVATE (populated), or NULL. */
static uint8_t *private_map(const char *path)
{
	int fd = open(path, O_RDWR);
	void *p = MAP_FAILED;

	if (fd >= 0)
		p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE,
			 fd, 0);
	if (fd >= 0)
		close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/*
 * guestram_vaddr: every wrong new address of an adopted mapping refused
 * (anonymous memory, the right file at the wrong offset, another file of
 * the same filesystem, a private mapping of the right pages), then the
 * right ones taken.
 */
static void guestram_vaddr(struct vmm *v, const char *path, uint8_t *ram)
{
	static const char what_other[] =
		"vaddr: another file (same filesystem) for the buffer's mapping fails with EINVAL";
	static const char what_priv[] =
		"vaddr: a private mapping of the right pages fails with EINVAL (a write would copy them)";
	uint8_t *anon = alloc_buffer(), *other = other_file(path), *priv = private_map(path);
	int ret;

	vaddr_refused(v, anon, buf_iova, BUF_SIZE,
		      "vaddr: anonymous memory for the buffer's mapping fails with EINVAL");
	vaddr_refused(v, ram + BIG_PAGE, buf_iova, BUF_SIZE,
		      "vaddr: the file one page off for the buffer's mapping fails with EINVAL");
	vaddr_refused(v, ram, IOVA_RAM2, RAM2_LEN,
		      "vaddr: the file's first 2 MiB for the mapping of its last 2 MiB fails with EINVAL");
	if (other)
		vaddr_refused(v, other, buf_iova, BUF_SIZE, what_other);
	else
		expect(false, what_other, "cannot make %s.other: %m", path);
	if (priv)
		vaddr_refused(v, priv, buf_iova, BUF_SIZE, what_priv);
	else
		expect(false, what_priv, "cannot map %s MAP_PRIVATE: %m", path);
	ret = dma_map_vaddr(v, ram, buf_iova, BUF_SIZE);
	expect(!ret, "vaddr: the file's first 8 KiB for the buffer's mapping", "%m");
	ret = dma_map_vaddr(v, ram + RAM2_OFF, IOVA_RAM2, RAM2_LEN);
	expect(!ret, "vaddr: the file's last 2 MiB for their mapping", "%m");
	munmap(anon, BUF_SIZE);
	if (other)
		munmap(other, BUF_SIZE);
	if (priv)
		munmap(priv, BUF_SIZE);
}

/*
 * guestram_dma: the old VMM's data and the DMA in flight at the kexec
 * are in the file; the device reads what the CPU writes through the new
 * address and the CPU reads what the device writes; both mappings unmap
 * (type1 unpins the file's pages) and the file keeps its data.
 */
static void guestram_dma(struct vmm *v, uint8_t *ram, uint32_t seed)
{
	uint8_t *r2 = ram + RAM2_OFF;
	int64_t n;

	expect(has_pattern(ram, HALF, seed), "guest RAM: the old VMM's data is in the file",
	       "word0 0x%08x", *(uint32_t *)ram);
	expect(has_pattern(ram + HALF, HALF, seed),
	       "guest RAM: the DMA started before the kexec landed in the file",
	       "word0 0x%08x", *(uint32_t *)(ram + HALF));
	expect(has_pattern(r2, HALF, big_seed(seed)) &&
	       has_pattern(r2 + RAM2_LEN - BIG_PAGE, HALF, big_seed(seed)),
	       "guest RAM: the second mapping's first and last page kept", "word0 0x%08x",
	       *(uint32_t *)r2);
	fill_pattern(r2 + 0x1000, HALF, ~seed);
	expect(edu_dma(v, IOVA_RAM2 + 0x1000, EDU_DMA_BUF, 0) &&
	       edu_dma(v, EDU_DMA_BUF, IOVA_RAM2 + 0x3000, EDU_DMA_TO_RAM) &&
	       has_pattern(r2 + 0x3000, HALF, ~seed),
	       "guest RAM: the device reads what the VMM wrote and the VMM reads what it wrote",
	       "word0 0x%08x", *(uint32_t *)(r2 + 0x3000));
	expect(edu_dma(v, buf_iova, EDU_DMA_BUF, 0) &&
	       edu_dma(v, EDU_DMA_BUF, IOVA_RAM2 + 0x5000, EDU_DMA_TO_RAM) &&
	       has_pattern(r2 + 0x5000, HALF, seed),
	       "guest RAM: from the buffer's mapping to the second one", "word0 0x%08x",
	       *(uint32_t *)(r2 + 0x5000));
	n = dma_unmap(v, buf_iova, BUF_SIZE);
	expect(n == BUF_SIZE, "guest RAM: UNMAP_DMA of the buffer's mapping returns 8192",
	       "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : "");
	n = dma_unmap(v, IOVA_RAM2, RAM2_LEN);
	expect(n == (int64_t)RAM2_LEN, "guest RAM: UNMAP_DMA of the second mapping returns its size",
	       "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : "");
	expect(has_pattern(ram, HALF, seed) && has_pattern(r2 + 0x3000, HALF, ~seed),
	       "guest RAM: the file keeps its data after the unmap", "word0 0x%08x",
	       *(uint32_t *)ram);
}

/*
 * guestram-stage2: stage 1 kept its guest RAM in a file (on khofs): reclaim
 * the device, map the file again, give each adopted mapping its address.
 */
int cmd_guestram_stage2(const char *bdf, const char *statefile)
{
	struct vmm v = { .bdf = bdf };
	const char *path;
	struct state st;
	uint8_t tok[16], *ram;
	uint32_t seed;

	require(!state_load(statefile, &st), "state: file from stage 1", "%s: %m", statefile);
	require(!strcmp(state_get(&st, "bdf"), bdf) && !parse_token(state_get(&st, "token"), tok),
		"state: device and token", "bdf '%s'", state_get(&st, "bdf"));
	path = state_get(&st, "ram");
	require(path[0], "state: guest RAM file recorded", "no ram= line");
	seed = token_seed(tok);
	buf_iova = strtoull(state_get(&st, "iova"), NULL, 0);

	open_container(&v);
	open_group(&v);
	attach_group(&v);
	reopen(&v, tok);
	map_regions(&v);
	check_device(&v);
	ram = guestram_open(path, false);
	expect(virt_to_phys(ram) == strtoull(state_get(&st, "buf_phys0"), NULL, 0) &&
	       virt_to_phys(ram + RAM2_OFF) == strtoull(state_get(&st, "ram_phys2"), NULL, 0),
	       "guest RAM: the file's pages are stage 1's physical pages", "0x%" PRIx64,
	       virt_to_phys(ram));
	guestram_vaddr(&v, path, ram);
	guestram_dma(&v, ram, seed);
	msi_enable(&v);
	expect(msi_fires(&v), "msi: a new eventfd signals edu's interrupt", "see above");
	check_msi_message(&st, bdf);
	return finish();
}

/* nokeep-stage2: the control; the DMA was lost with the device. */
int cmd_nokeep_stage2(const char *bdf, const char *statefile)
{
	struct state st;
	uint8_t tok[16], half[HALF];
	uint64_t phys;

	require(!state_load(statefile, &st), "state: file from stage 1", "%s: %m", statefile);
	require(!strcmp(state_get(&st, "bdf"), bdf) && !parse_token(state_get(&st, "token"), tok),
		"state: device and token", "bdf '%s'", state_get(&st, "bdf"));
	phys = strtoull(state_get(&st, "buf_phys0"), NULL, 0);
	require(!read_phys(phys, half, HALF), "memory: stage 1 buffer readable through /dev/mem",
		"%m");
	expect(has_pattern(half, HALF, token_seed(tok)),
	       "memory: the first half is still there (the test can tell)", "word0 0x%08x",
	       *(uint32_t *)half);
	require(!read_phys(phys + HALF, half, HALF), "memory: second half readable", "%m");
	expect(!has_pattern(half, HALF, token_seed(tok)),
	       "memory: the DMA started before kexec was lost", "the pattern is there");
	return finish();
}
