// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm: a minimal VMM for the VFIO keepalive VM tests. It drives QEMU's
 * edu device through vfio-pci (type1 container, legacy group interface),
 * puts it into keepalive (include/uapi/linux/vfio_kho.h) and reclaims it
 * with its token after the kexec.
 *
 *   vfio-vmm bind BDF
 *   vfio-vmm stage1 BDF STATEFILE TOKEN FIFO
 *   vfio-vmm nokeep-stage1 BDF STATEFILE TOKEN FIFO
 *   vfio-vmm stage2 BDF STATEFILE
 *   vfio-vmm nokeep-stage2 BDF STATEFILE
 *   vfio-vmm open-busy BDF
 *   vfio-vmm cold BDF [STATEFILE]
 *   VFIO_VMM_MAP_MB=N vfio-vmm stage1 ...   (benchmark, see below)
 *
 * Every verified step prints "CHECK <status> <description>" on stdout,
 * status 0 when it passed and 1 when it failed (details go to stderr as
 * "FAIL: ..."), so a stage script can turn each line into a KTAP result.
 * The exit status is the number of failed checks (at most 100); a failed
 * step that later steps depend on ends the program right away.
 *
 * stage1 prints "ready" once the device is set up and kept, then waits for
 * a line "go" on FIFO, starts an edu->RAM DMA and exits without closing
 * anything, so the DMA is in flight when the VMM goes away.
 *
 * For the scaling benchmark (selftests/vmbench/vfio-scale), stage1 with
 * VFIO_VMM_MAP_MB=N in its environment also maps N MiB of anonymous memory
 * at IOVA 0x10000000 with one VFIO_IOMMU_MAP_DMA, and stage2 unmaps it
 * after the adoption, then maps and unmaps the same size fresh. Timed
 * calls print "TIME <what>_us <microseconds>" on stdout (CLOCK_MONOTONIC
 * around the ioctl): map_dma_big (stage 1's pin and map), get_device_fd
 * (stage 2's open with the token, which adopts the mappings),
 * unmap_dma_big, map_dma_fresh and unmap_dma_fresh.
 *
 * VFIO_VMM_IOVA=ADDR in stage1's environment maps the 8 KiB buffer at IOVA
 * ADDR instead of 0x100000 (page-aligned, below edu's 28-bit DMA mask); the
 * failclosed vmtests put it at a canary page's physical address. The state
 * file records it for stage2.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <linux/vfio_kho.h>

#define SYSFS_PCI	"/sys/bus/pci/devices"

/* QEMU's edu device (hw/misc/edu.c), BAR0 */
#define EDU_ID		0x010000ed
#define EDU_BAR_SIZE	0x100000
#define EDU_REG_ID	0x00
#define EDU_REG_LIVE	0x04	/* reads back the bitwise inverse */
#define EDU_REG_FACT	0x08	/* factorial of the value written */
#define EDU_REG_STATUS	0x20	/* bit 0: factorial computing */
#define EDU_REG_RAISE	0x60
#define EDU_REG_ACK	0x64
#define EDU_REG_SRC	0x80
#define EDU_REG_DST	0x88
#define EDU_REG_CNT	0x90
#define EDU_REG_CMD	0x98
#define EDU_CMD_RUN	0x1
#define EDU_CMD_TO_RAM	0x2
#define EDU_BUF		0x40000	/* edu's internal buffer, device side */

/* What stage 1 sets up and stage 2 expects to find. */
#define BUF_SIZE	8192
#define HALF		2048
#define IOVA_DEFAULT	0x100000ULL	/* the buffer, unless VFIO_VMM_IOVA says */
#define IOVA_FRESH	0x200000ULL
#define MARK_LIVE	0x4b484f21u
#define MARK_FACT_N	9u
#define MARK_FACT	362880u
#define MARK_CACHELINE	0x10
#define IOVA_FROZEN	0x300000	/* tried while the container is frozen */
#define IOVA_BIG	0x10000000ULL	/* VFIO_VMM_MAP_MB's mapping */
#define IOVA_LIMIT	(1ULL << 39)	/* QEMU's intel-iommu: 39-bit IOVAs */
#define EDU_DMA_LIMIT	(1ULL << 28)	/* edu's DMA mask: 28 bits */
#define BIG_PAGE	4096
#define IRQ_BIT		0x1
#define CONFIG_SIZE	256

static int failures;

/* The buffer's IOVA: VFIO_VMM_IOVA in stage 1, the recorded one in stage 2. */
static uint64_t buf_iova = IOVA_DEFAULT;

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

/* --- reporting ----------------------------------------------------- */

/* expect: one CHECK line; the details of a failure go to stderr. */
static bool __attribute__((format(printf, 3, 4)))
expect(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (!ok) {
		fprintf(stderr, "FAIL: %s: ", what);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
		failures++;
	}
	printf("CHECK %d %s\n", ok ? 0 : 1, what);
	fflush(stdout);
	return ok;
}

/* finish: the exit status, the number of failed checks. */
static int finish(void)
{
	return failures > 100 ? 100 : failures;
}

/* require: like expect, but later steps cannot run without this one. */
#define require(ok, what, ...)						\
	do {								\
		if (!expect(ok, what, __VA_ARGS__))			\
			exit(finish() ? finish() : 1);			\
	} while (0)

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: vfio-vmm bind BDF\n"
		"       vfio-vmm stage1|nokeep-stage1 BDF STATEFILE TOKEN FIFO\n"
		"       vfio-vmm stage2|nokeep-stage2 BDF STATEFILE\n"
		"       vfio-vmm open-busy BDF\n"
		"       vfio-vmm cold BDF [STATEFILE]\n"
		"env:   VFIO_VMM_MAP_MB=N  stage1 also maps N MiB at IOVA 0x10000000\n"
		"       VFIO_VMM_IOVA=ADDR stage1 maps its buffer at IOVA ADDR (0x100000)\n");
	exit(2);
}

/* --- sysfs --------------------------------------------------------- */

/* sysfs_read: a device attribute, at most LEN - 1 bytes, NUL-terminated. */
static ssize_t sysfs_read(const char *bdf, const char *attr, void *buf,
			  size_t len)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", bdf, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		((char *)buf)[n] = 0;
	return n;
}

static int sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/* link_name: last component of the symlink ATTR of a device ("" if none). */
static void link_name(const char *bdf, const char *attr, char *out, size_t len)
{
	char path[256], target[256], *base;
	ssize_t n;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", bdf, attr);
	n = readlink(path, target, sizeof(target) - 1);
	out[0] = 0;
	if (n <= 0)
		return;
	target[n] = 0;
	base = strrchr(target, '/');
	snprintf(out, len, "%.63s", base ? base + 1 : target);
}

static int group_of(const char *bdf)
{
	char name[64];

	link_name(bdf, "iommu_group", name, sizeof(name));
	return name[0] ? atoi(name) : -1;
}

/* parent_bridge: the bridge above BDF, "" on the root bus. */
static void parent_bridge(const char *bdf, char *out, size_t len)
{
	char path[256], real[512], *slash;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s", bdf);
	out[0] = 0;
	if (!realpath(path, real))
		return;
	slash = strrchr(real, '/');
	if (!slash)
		return;
	*slash = 0;
	slash = strrchr(real, '/');
	if (slash && strncmp(slash + 1, "pci", 3))
		snprintf(out, len, "%s", slash + 1);
}

/* config_hex: the device's config space through sysfs, as hex. */
static int config_hex(const char *bdf, char *out)
{
	uint8_t cfg[CONFIG_SIZE];
	char path[256];
	ssize_t n;
	int i, fd;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/config", bdf);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = pread(fd, cfg, sizeof(cfg), 0);
	close(fd);
	if (n != CONFIG_SIZE)
		return -1;
	for (i = 0; i < CONFIG_SIZE; i++)
		sprintf(out + 2 * i, "%02x", cfg[i]);
	return 0;
}

/* resource_line: the sysfs resource file, lines joined with ';'. */
static int resource_line(const char *bdf, char *out, size_t len)
{
	char *p;

	if (sysfs_read(bdf, "resource", out, len) <= 0)
		return -1;
	for (p = out; *p; p++)
		if (*p == '\n')
			*p = ';';
	return 0;
}

/* --- bind ---------------------------------------------------------- */

static int cmd_bind(const char *bdf)
{
	char path[256], drv[64];
	int i;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/driver_override", bdf);
	require(!sysfs_write(path, "vfio-pci"), "bind: driver_override set to vfio-pci",
		"%s: %m", path);
	link_name(bdf, "driver", drv, sizeof(drv));
	if (drv[0] && strcmp(drv, "vfio-pci")) {
		snprintf(path, sizeof(path), SYSFS_PCI "/%s/driver/unbind", bdf);
		require(!sysfs_write(path, bdf), "bind: unbound from the old driver",
			"%s from %s: %m", bdf, drv);
	}
	if (strcmp(drv, "vfio-pci"))
		require(!sysfs_write("/sys/bus/pci/drivers_probe", bdf),
			"bind: drivers_probe", "%s: %m", bdf);
	for (i = 0; i < 500; i++) {
		link_name(bdf, "driver", drv, sizeof(drv));
		if (!strcmp(drv, "vfio-pci"))
			break;
		usleep(10000);
	}
	require(!strcmp(drv, "vfio-pci"), "bind: bound to vfio-pci",
		"%s has driver '%s'", bdf, drv);
	return finish();
}

/* --- token and state file ------------------------------------------ */

/* parse_token: a UUID string into 16 bytes, in string order (uuid_t). */
static int parse_token(const char *s, uint8_t tok[16])
{
	int i, n = 0;

	if (strlen(s) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		unsigned int v;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		if (sscanf(s + i, "%1x", &v) != 1)
			return -1;
		tok[n / 2] = n % 2 ? tok[n / 2] | v : v << 4;
		n++;
	}
	return 0;
}

static void format_token(const uint8_t tok[16], char out[37])
{
	int i, p = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[p++] = '-';
		p += sprintf(out + p, "%02x", tok[i]);
	}
}

/* The buffer pattern: derived from the token, so no stale page can hold it. */
static uint32_t token_seed(const uint8_t tok[16])
{
	uint32_t seed = 0;
	int i;

	for (i = 0; i < 16; i++)
		seed = seed * 31 + tok[i];
	return seed | 1;
}

static void fill_pattern(void *buf, size_t len, uint32_t seed)
{
	uint32_t *w = buf;
	size_t i;

	for (i = 0; i < len / 4; i++)
		w[i] = (seed + (uint32_t)i * 0x9e3779b9u) ^ ((uint32_t)i << 16);
}

static bool has_pattern(const void *buf, size_t len, uint32_t seed)
{
	uint32_t *want = malloc(len);
	bool same;

	fill_pattern(want, len, seed);
	same = !memcmp(buf, want, len);
	free(want);
	return same;
}

#define STATE_MAX	32

struct state {
	int n;
	char *key[STATE_MAX];
	char *val[STATE_MAX];
};

static int state_load(const char *path, struct state *st)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	st->n = 0;
	while (st->n < STATE_MAX && fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '=');

		if (!eq)
			continue;
		*eq = 0;
		eq[strcspn(eq + 1, "\n") + 1] = 0;
		st->key[st->n] = strdup(line);
		st->val[st->n] = strdup(eq + 1);
		st->n++;
	}
	fclose(f);
	return 0;
}

/* state_find: the value of KEY, NULL if absent. */
static const char *state_find(const struct state *st, const char *key)
{
	int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->key[i], key))
			return st->val[i];
	return NULL;
}

/* state_get: the value of KEY, "" if absent (so a missing key mismatches). */
static const char *state_get(const struct state *st, const char *key)
{
	const char *val = state_find(st, key);

	if (val)
		return val;
	fprintf(stderr, "vfio-vmm: state has no %s\n", key);
	return "";
}

/* --- container, group, device -------------------------------------- */

static void open_container(struct vmm *v)
{
	int ver;

	v->container = open("/dev/vfio/vfio", O_RDWR);
	require(v->container >= 0, "container: open /dev/vfio/vfio", "%m");
	ver = ioctl(v->container, VFIO_GET_API_VERSION);
	require(ver == VFIO_API_VERSION, "container: API version",
		"got %d, want %d", ver, VFIO_API_VERSION);
	require(ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) == 1,
		"container: type1v2 supported", "%m");
}

/* open_group: the device's group, viable, attached to the container. */
static void open_group(struct vmm *v)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[64];

	v->group_nr = group_of(v->bdf);
	require(v->group_nr >= 0, "group: device has an iommu group", "%s", v->bdf);
	snprintf(path, sizeof(path), "/dev/vfio/%d", v->group_nr);
	v->group = open(path, O_RDWR);
	require(v->group >= 0, "group: open /dev/vfio/N", "%s: %m", path);
	require(!ioctl(v->group, VFIO_GROUP_GET_STATUS, &status) &&
		(status.flags & VFIO_GROUP_FLAGS_VIABLE),
		"group: viable", "flags 0x%x: %m", status.flags);
}

static void attach_group(struct vmm *v)
{
	require(!ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container),
		"group: SET_CONTAINER", "%m");
	require(!ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU),
		"container: SET_IOMMU type1v2", "%m");
}

/* get_device: a device fd for NAME, or -errno. */
static int get_device(struct vmm *v, const char *name)
{
	int fd = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, name);

	return fd < 0 ? -errno : fd;
}

/* get_device_with: "BDF kho_token=UUID" */
static int get_device_with(struct vmm *v, const uint8_t tok[16])
{
	char name[128], uuid[37];

	format_token(tok, uuid);
	snprintf(name, sizeof(name), "%s kho_token=%s", v->bdf, uuid);
	return get_device(v, name);
}

static int region_info(struct vmm *v, unsigned int index, struct region *r)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };

	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &info))
		return -1;
	r->offset = info.offset;
	r->size = info.size;
	r->flags = info.flags;
	return 0;
}

static int cfg_read(struct vmm *v, unsigned int off, void *buf, size_t len)
{
	return pread(v->device, buf, len, v->config.offset + off) == (ssize_t)len ? 0 : -1;
}

static int cfg_write(struct vmm *v, unsigned int off, const void *buf, size_t len)
{
	return pwrite(v->device, buf, len, v->config.offset + off) == (ssize_t)len ? 0 : -1;
}

/* map_regions: region info of BAR0 and config space; BAR0 mmapped. */
static void map_regions(struct vmm *v)
{
	void *p;

	require(!region_info(v, VFIO_PCI_BAR0_REGION_INDEX, &v->bar0) &&
		v->bar0.size == EDU_BAR_SIZE && (v->bar0.flags & VFIO_REGION_INFO_FLAG_MMAP),
		"device: BAR0 region is 1 MiB and mappable",
		"size 0x%" PRIx64 " flags 0x%x: %m", v->bar0.size, v->bar0.flags);
	require(!region_info(v, VFIO_PCI_CONFIG_REGION_INDEX, &v->config) &&
		v->config.size >= CONFIG_SIZE,
		"device: config region", "size 0x%" PRIx64 ": %m", v->config.size);
	p = mmap(NULL, EDU_BAR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		 v->device, v->bar0.offset);
	require(p != MAP_FAILED, "device: mmap BAR0", "%m");
	v->bar = p;
}

/* enable_device: memory decoding and bus mastering, through vfio's config. */
static void enable_device(struct vmm *v)
{
	uint16_t cmd = 0;

	require(!cfg_read(v, PCI_COMMAND, &cmd, 2), "device: read PCI_COMMAND", "%m");
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	require(!cfg_write(v, PCI_COMMAND, &cmd, 2) && !cfg_read(v, PCI_COMMAND, &cmd, 2) &&
		(cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
		(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
		"device: memory and bus master enabled", "command 0x%04x: %m", cmd);
}

/* --- edu ----------------------------------------------------------- */

static uint32_t rd32(struct vmm *v, unsigned int reg)
{
	return *(volatile uint32_t *)(v->bar + reg);
}

static void wr32(struct vmm *v, unsigned int reg, uint32_t val)
{
	*(volatile uint32_t *)(v->bar + reg) = val;
}

static void wr64(struct vmm *v, unsigned int reg, uint64_t val)
{
	*(volatile uint64_t *)(v->bar + reg) = val;
}

static void edu_dma_start(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd)
{
	wr64(v, EDU_REG_SRC, src);
	wr64(v, EDU_REG_DST, dst);
	wr64(v, EDU_REG_CNT, HALF);
	wr32(v, EDU_REG_CMD, cmd);
}

/* edu_dma: one DMA of HALF bytes, waited for (edu runs it ~100 ms later). */
static bool edu_dma(struct vmm *v, uint64_t src, uint64_t dst, uint32_t cmd)
{
	int i;

	edu_dma_start(v, src, dst, cmd | EDU_CMD_RUN);
	for (i = 0; i < 2000; i++) {
		if (!(rd32(v, EDU_REG_CMD) & EDU_CMD_RUN))
			return true;
		usleep(1000);
	}
	fprintf(stderr, "vfio-vmm: edu DMA 0x%" PRIx64 " -> 0x%" PRIx64 " still running after 2 s\n",
		src, dst);
	return false;
}

static bool edu_factorial(struct vmm *v, uint32_t n)
{
	int i;

	wr32(v, EDU_REG_FACT, n);
	for (i = 0; i < 1000 && (rd32(v, EDU_REG_STATUS) & 1); i++)
		usleep(1000);
	return !(rd32(v, EDU_REG_STATUS) & 1);
}

/* --- DMA memory ---------------------------------------------------- */

static void *alloc_buffer(void)
{
	void *p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	require(p != MAP_FAILED, "buffer: 8 KiB allocated", "%m");
	return p;
}

/*
 * alloc_file_buffer: the buffer in a tmpfs file that outlives the VMM, so
 * its pages stay allocated until the kexec even when nobody keeps them.
 */
static void *alloc_file_buffer(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	void *p = MAP_FAILED;

	if (fd >= 0 && !ftruncate(fd, BUF_SIZE))
		p = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
	if (fd >= 0)
		close(fd);
	require(p != MAP_FAILED, "buffer: 8 KiB in a tmpfs file", "%s: %m", path);
	return p;
}

static int dma_map_len(struct vmm *v, void *buf, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)buf,
		.iova = iova,
		.size = size,
	};

	return ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map);
}

static int dma_map(struct vmm *v, void *buf, uint64_t iova)
{
	return dma_map_len(v, buf, iova, BUF_SIZE);
}

/* dma_unmap: the number of bytes unmapped, or -1. */
static int64_t dma_unmap(struct vmm *v, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -1;
	return unmap.size;
}

/* virt_to_phys: the physical address behind VADDR, from /proc/self/pagemap. */
static uint64_t virt_to_phys(const void *vaddr)
{
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &ent, 8, (uintptr_t)vaddr / psz * 8) != 8)
		ent = 0;
	close(fd);
	if (!(ent & (1ULL << 63)))
		return 0;
	return (ent & ((1ULL << 55) - 1)) * psz + (uintptr_t)vaddr % psz;
}

static int read_phys(uint64_t phys, void *buf, size_t len)
{
	int fd = open("/dev/mem", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, phys);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* --- the benchmark's big mapping ------------------------------------ */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* report_time: "TIME <what>_us <microseconds>" for the benchmark. */
static void report_time(const char *what, uint64_t ns)
{
	printf("TIME %s_us %" PRIu64 "\n", what, ns / 1000);
	fflush(stdout);
}

/* env_map_mb: VFIO_VMM_MAP_MB, 0 when unset; it must fit below IOVA_LIMIT. */
static uint64_t env_map_mb(void)
{
	const char *s = getenv("VFIO_VMM_MAP_MB");
	unsigned long long mb;
	char *end;

	if (!s || !*s)
		return 0;
	errno = 0;
	mb = strtoull(s, &end, 10);
	if (errno || *end || mb > (IOVA_LIMIT - IOVA_BIG) >> 20) {
		fprintf(stderr, "vfio-vmm: bad VFIO_VMM_MAP_MB '%s' (MiB, at most %llu)\n", s,
			(IOVA_LIMIT - IOVA_BIG) >> 20);
		exit(2);
	}
	return mb;
}

static bool overlaps(uint64_t a, uint64_t b)
{
	return a < b + BUF_SIZE && b < a + BUF_SIZE;
}

/*
 * env_iova: VFIO_VMM_IOVA, the IOVA of stage 1's buffer (IOVA_DEFAULT when
 * unset): page-aligned, inside edu's DMA mask, clear of the other IOVAs.
 */
static uint64_t env_iova(void)
{
	const char *s = getenv("VFIO_VMM_IOVA");
	unsigned long long iova;
	char *end;

	if (!s || !*s)
		return IOVA_DEFAULT;
	errno = 0;
	iova = strtoull(s, &end, 0);
	if (errno || *end || iova % 4096 || iova + BUF_SIZE > EDU_DMA_LIMIT ||
	    overlaps(iova, IOVA_FRESH) || overlaps(iova, IOVA_FROZEN)) {
		fprintf(stderr, "vfio-vmm: bad VFIO_VMM_IOVA '%s' (page-aligned, below 0x%llx, "
			"clear of 0x%llx and 0x%x)\n", s, EDU_DMA_LIMIT - BUF_SIZE,
			IOVA_FRESH, IOVA_FROZEN);
		exit(2);
	}
	return iova;
}

/* big_alloc: LEN bytes of anonymous memory, populated, or NULL. */
static uint8_t *big_alloc(uint64_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The big mapping's first and last page carry this pattern. */
static uint32_t big_seed(uint32_t seed)
{
	return seed ^ 0xb16b16b1u;
}

/* --- MSI ----------------------------------------------------------- */

static void msi_enable(struct vmm *v)
{
	struct vfio_irq_info info = { .argsz = sizeof(info), .index = VFIO_PCI_MSI_IRQ_INDEX };
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *set = (struct vfio_irq_set *)buf;
	int32_t fd;

	require(!ioctl(v->device, VFIO_DEVICE_GET_IRQ_INFO, &info) && info.count >= 1,
		"msi: the device has an MSI vector", "count %u: %m", info.count);
	v->efd = eventfd(0, EFD_NONBLOCK);
	require(v->efd >= 0, "msi: eventfd", "%m");
	fd = v->efd;
	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_MSI_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	memcpy(set->data, &fd, sizeof(fd));
	require(!ioctl(v->device, VFIO_DEVICE_SET_IRQS, set),
		"msi: SET_IRQS with an eventfd", "%m");
}

/* msi_fires: edu raises its interrupt and the eventfd signals. */
static bool msi_fires(struct vmm *v)
{
	struct pollfd pfd = { .fd = v->efd, .events = POLLIN };
	uint64_t count = 0;
	int n;

	wr32(v, EDU_REG_RAISE, IRQ_BIT);
	n = poll(&pfd, 1, 2000);
	wr32(v, EDU_REG_ACK, IRQ_BIT);
	if (n != 1 || read(v->efd, &count, sizeof(count)) != sizeof(count) || !count) {
		fprintf(stderr, "vfio-vmm: no interrupt within 2 s (poll %d, irq status 0x%x)\n",
			n, rd32(v, 0x24));
		return false;
	}
	return true;
}

/* --- keepalive feature --------------------------------------------- */

struct feature {
	struct vfio_device_feature hdr;
	struct vfio_device_feature_kho_keepalive ka;
};

/* keepalive: VFIO_DEVICE_FEATURE with FLAGS (GET/SET/PROBE); 0 or -errno. */
static int keepalive(struct vmm *v, uint32_t flags, struct vfio_device_feature_kho_keepalive *ka)
{
	struct feature f;

	memset(&f, 0, sizeof(f));
	f.hdr.argsz = sizeof(f);
	f.hdr.flags = flags | VFIO_DEVICE_FEATURE_KHO_KEEPALIVE;
	if (ka)
		f.ka = *ka;
	if (ioctl(v->device, VFIO_DEVICE_FEATURE, &f))
		return -errno;
	if (ka)
		*ka = f.ka;
	return 0;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static void set_keepalive(struct vmm *v, const uint8_t tok[16])
{
	struct vfio_device_feature_kho_keepalive ka = { .flags = VFIO_KHO_KEEPALIVE_KEEP };
	int ret;

	ret = keepalive(v, VFIO_DEVICE_FEATURE_PROBE, NULL);
	require(!ret, "keepalive: PROBE succeeds", "%s", strerror(-ret));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	expect(ret == -EINVAL, "keepalive: SET with an all-zero token fails with EINVAL",
	       "got %s", strerror(-ret));
	memcpy(ka.token, tok, 16);
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	require(!ret, "keepalive: SET KEEP with the token", "%s", strerror(-ret));
	memset(&ka, 0xff, sizeof(ka));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);
	expect(!ret && (ka.flags & VFIO_KHO_KEEPALIVE_KEEP) &&
	       !(ka.flags & VFIO_KHO_KEEPALIVE_RESTORED),
	       "keepalive: GET reports KEEP", "ret %s flags 0x%x", strerror(-ret), ka.flags);
	expect(!ret && all_zero(ka.token, 16), "keepalive: GET does not return the token",
	       "ret %s", strerror(-ret));
}

/* --- stage 1 ------------------------------------------------------- */

/* setup_vmm: container, group and a plain open of the device, enabled. */
static void setup_vmm(struct vmm *v)
{
	int fd;

	open_container(v);
	open_group(v);
	attach_group(v);
	fd = get_device(v, v->bdf);
	require(fd >= 0, "device: GET_DEVICE_FD", "%s: %s", v->bdf, strerror(-fd));
	v->device = fd;
	map_regions(v);
	enable_device(v);
	require(rd32(v, EDU_REG_ID) == EDU_ID, "device: edu identification in BAR0",
		"0x%08x", rd32(v, EDU_REG_ID));
}

/* round_trip: BUF's first half to edu and back into its second half. */
static bool round_trip(struct vmm *v, uint8_t *buf, uint64_t iova, uint32_t seed)
{
	return edu_dma(v, iova, EDU_BUF, 0) &&
	       edu_dma(v, EDU_BUF, iova + HALF, EDU_CMD_TO_RAM) &&
	       has_pattern(buf + HALF, HALF, seed);
}

static void set_markers(struct vmm *v)
{
	uint8_t cl = MARK_CACHELINE;

	require(!cfg_write(v, PCI_CACHE_LINE_SIZE, &cl, 1) &&
		!cfg_read(v, PCI_CACHE_LINE_SIZE, &cl, 1) && cl == MARK_CACHELINE,
		"markers: cache line size 0x10 through the config region", "read 0x%02x: %m", cl);
	wr32(v, EDU_REG_LIVE, MARK_LIVE);
	require(rd32(v, EDU_REG_LIVE) == ~MARK_LIVE, "markers: liveness register",
		"read 0x%08x", rd32(v, EDU_REG_LIVE));
	require(edu_factorial(v, MARK_FACT_N) && rd32(v, EDU_REG_FACT) == MARK_FACT,
		"markers: factorial register", "read %u", rd32(v, EDU_REG_FACT));
}

static void write_state(struct vmm *v, const char *path, const char *token,
			uint64_t phys0, uint64_t phys1)
{
	char cfg[2 * CONFIG_SIZE + 1], res[2048], bridge[64], bcfg[2 * CONFIG_SIZE + 1];
	FILE *f;

	require(!config_hex(v->bdf, cfg) && !resource_line(v->bdf, res, sizeof(res)),
		"state: config and resource read through sysfs", "%m");
	/* A device on the root bus has no bridge to record. */
	parent_bridge(v->bdf, bridge, sizeof(bridge));
	bcfg[0] = 0;
	if (bridge[0])
		require(!config_hex(bridge, bcfg), "state: bridge config read through sysfs",
			"bridge '%s': %m", bridge);
	f = fopen(path, "w");
	require(f != NULL, "state: file created", "%s: %m", path);
	fprintf(f, "bdf=%s\ntoken=%s\ngroup=%d\niova=0x%" PRIx64 "\nbuf_phys0=0x%" PRIx64
		"\nbuf_phys1=0x%" PRIx64 "\nconfig=%s\nresource=%s\nbridge=%s\nbridge_config=%s\n",
		v->bdf, token, v->group_nr, buf_iova, phys0, phys1, cfg, res, bridge, bcfg);
	require(!fclose(f), "state: file written", "%s: %m", path);
}

/*
 * map_big: MB MiB of anonymous memory (populated first, so the call only
 * pins and maps) at IOVA_BIG with one MAP_DMA, timed; recorded in the
 * state with the physical addresses of its first and last page.
 */
static void map_big(struct vmm *v, const char *path, uint64_t mb, uint32_t seed)
{
	uint64_t len = mb << 20, t0, t1, first, last;
	char what[96];
	uint8_t *p;
	FILE *f;
	int ret;

	if (!mb)
		return;
	p = big_alloc(len);
	require(p, "big: anonymous buffer allocated and populated", "%" PRIu64 " MiB: %m", mb);
	fill_pattern(p, HALF, big_seed(seed));
	fill_pattern(p + len - BIG_PAGE, HALF, big_seed(seed));
	t0 = now_ns();
	ret = dma_map_len(v, p, IOVA_BIG, len);
	t1 = now_ns();
	snprintf(what, sizeof(what), "big: MAP_DMA %" PRIu64 " MiB at IOVA 0x%llx", mb, IOVA_BIG);
	require(!ret, what, "%m");
	report_time("map_dma_big", t1 - t0);
	first = virt_to_phys(p);
	last = virt_to_phys(p + len - BIG_PAGE);
	require(first && last, "big: first and last page's physical address from pagemap",
		"0x%" PRIx64 " 0x%" PRIx64, first, last);
	f = fopen(path, "a");
	require(f != NULL, "big: recorded in the state", "%s: %m", path);
	fprintf(f, "big_mb=%" PRIu64 "\nbig_map_us=%" PRIu64 "\nbig_phys_first=0x%" PRIx64
		"\nbig_phys_last=0x%" PRIx64 "\n", mb, (t1 - t0) / 1000, first, last);
	require(!fclose(f), "big: state written", "%s: %m", path);
}

/*
 * check_frozen: while an active KHO dump holds the device, the keepalive
 * setting and the container's mappings cannot change; once the dump is
 * aborted they can again.
 */
static void check_frozen(struct vmm *v, const uint8_t tok[16], bool dumped)
{
	const char *phase = dumped ? "dumped" : "aborted";
	struct vfio_device_feature_kho_keepalive ka;
	uint8_t *extra = alloc_buffer();
	int ret, map;

	memset(&ka, 0, sizeof(ka));
	ret = keepalive(v, VFIO_DEVICE_FEATURE_GET, &ka);
	expect(!ret && !!(ka.flags & VFIO_KHO_KEEPALIVE_DUMPED) == dumped,
	       dumped ? "dumped: GET reports DUMPED" : "aborted: GET no longer reports DUMPED",
	       "ret %d flags 0x%x", ret, ka.flags);
	ka.flags = VFIO_KHO_KEEPALIVE_KEEP;
	memcpy(ka.token, tok, 16);
	ret = keepalive(v, VFIO_DEVICE_FEATURE_SET, &ka);
	expect(dumped ? ret == -EBUSY : ret == 0,
	       dumped ? "dumped: SET KEEP fails with EBUSY" : "aborted: SET KEEP works again",
	       "%s", strerror(-ret));
	map = dma_map(v, extra, IOVA_FROZEN);
	expect(dumped ? map && errno == EBUSY : !map,
	       dumped ? "dumped: MAP_DMA on the container fails with EBUSY" :
			"aborted: MAP_DMA works again", "%s: %m", phase);
	if (!map)
		expect(dma_unmap(v, IOVA_FROZEN, BUF_SIZE) == BUF_SIZE,
		       dumped ? "dumped: (unexpected mapping undone)" :
				"aborted: UNMAP_DMA works again", "%m");
	munmap(extra, BUF_SIZE);
	printf("phase-done %s\n", phase);
	fflush(stdout);
}

/*
 * wait_go: serve the stage script through FIFO until it says "go":
 * "dumped" and "aborted" run check_frozen() for that state of the dump.
 */
static void wait_go(const char *fifo, struct vmm *v, const uint8_t tok[16])
{
	char line[64];
	FILE *f;

	for (;;) {
		f = fopen(fifo, "r");
		if (!f) {
			fprintf(stderr, "vfio-vmm: %s: %m\n", fifo);
			exit(1);
		}
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = 0;
			if (!strcmp(line, "go")) {
				fclose(f);
				return;
			}
			if (!strcmp(line, "dumped") || !strcmp(line, "aborted"))
				check_frozen(v, tok, !strcmp(line, "dumped"));
		}
		fclose(f);
	}
}

static int cmd_stage1(const char *bdf, const char *statefile, const char *token,
		      const char *fifo, bool keep)
{
	struct vfio_device_feature_kho_keepalive ka;
	struct vmm v = { .bdf = bdf };
	uint8_t tok[16], *buf;
	uint64_t phys0, phys1;
	int run, dumped;
	uint32_t seed;
	FILE *f;

	if (parse_token(token, tok)) {
		fprintf(stderr, "vfio-vmm: bad token %s (want a UUID)\n", token);
		return 2;
	}
	seed = token_seed(tok);
	buf_iova = env_iova();
	setup_vmm(&v);

	/* Without keepalive, only a page that stays allocated can show the loss. */
	buf = keep ? alloc_buffer() : alloc_file_buffer("/tmp/vfio-vmm.buf");
	fill_pattern(buf, HALF, seed);
	fprintf(stderr, "vfio-vmm: buffer at IOVA 0x%" PRIx64 "\n", buf_iova);
	require(!dma_map(&v, buf, buf_iova), "dma: MAP_DMA 8 KiB at the buffer's IOVA", "%m");
	msi_enable(&v);
	expect(msi_fires(&v), "msi: edu interrupt signals the eventfd", "see above");
	require(edu_dma(&v, buf_iova, EDU_BUF, 0), "dma: RAM -> edu, first half", "see above");
	set_markers(&v);

	/* The pages are pinned by MAP_DMA, so their addresses are final. */
	phys0 = virt_to_phys(buf);
	phys1 = virt_to_phys(buf + BUF_SIZE / 2);
	require(phys0 && phys1, "state: buffer's physical pages from pagemap",
		"0x%" PRIx64 " 0x%" PRIx64, phys0, phys1);
	write_state(&v, statefile, token, phys0, phys1);
	map_big(&v, statefile, env_map_mb(), seed);

	if (keep)
		set_keepalive(&v, tok);
	printf("ready\n");
	fflush(stdout);

	wait_go(fifo, &v, tok);
	/* Edu runs this ~100 ms from now: in the middle of the kexec. */
	edu_dma_start(&v, EDU_BUF, buf_iova + HALF, EDU_CMD_RUN | EDU_CMD_TO_RAM);
	run = rd32(&v, EDU_REG_CMD) & EDU_CMD_RUN;
	memset(&ka, 0, sizeof(ka));
	dumped = !keepalive(&v, VFIO_DEVICE_FEATURE_GET, &ka) &&
		 (ka.flags & VFIO_KHO_KEEPALIVE_DUMPED);
	f = fopen(statefile, "a");
	if (f) {
		fprintf(f, "run_after_start=%d\ndumped_at_go=%d\n", run, dumped);
		fclose(f);
	}
	printf("run_after_start=%d\ndumped_at_go=%d\n", run, dumped);
	/* No close, no unmap: exit leaves the device to the kernel. */
	exit(finish());
}

/* --- stage 2 ------------------------------------------------------- */

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
	expect(!(rd32(v, EDU_REG_CMD) & EDU_CMD_RUN), "device: the in-flight DMA has finished",
	       "cmd 0x%08x", rd32(v, EDU_REG_CMD));
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
 * check_new_dma: a fresh mapping beside the adopted one works, and the
 * adopted IOVA is still readable and writable by the device.
 */
static void check_new_dma(struct vmm *v, uint64_t phys1, uint32_t seed)
{
	uint8_t *fresh = alloc_buffer(), page[HALF];
	int64_t n;

	if (!expect(!dma_map(v, fresh, IOVA_FRESH), "dma: MAP_DMA of a fresh buffer at 0x200000",
		    "%m"))
		return;
	/* Another pattern through edu first, so only the adopted read brings ours back. */
	fill_pattern(fresh, HALF, ~seed);
	expect(round_trip(v, fresh, IOVA_FRESH, ~seed), "dma: round trip through the fresh mapping",
	       "word0 0x%08x", *(uint32_t *)(fresh + HALF));
	expect(edu_dma(v, buf_iova, EDU_BUF, 0) &&
	       edu_dma(v, EDU_BUF, IOVA_FRESH + BUF_SIZE / 2, EDU_CMD_TO_RAM) &&
	       has_pattern(fresh + BUF_SIZE / 2, HALF, seed),
	       "dma: the device reads the adopted IOVA", "word0 0x%08x",
	       *(uint32_t *)(fresh + BUF_SIZE / 2));
	expect(edu_dma(v, EDU_BUF, buf_iova + BUF_SIZE / 2, EDU_CMD_TO_RAM) &&
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
	int64_t n;
	int ret;

	if (!mb)
		return;
	expect(!read_phys(strtoull(state_get(st, "big_phys_first"), NULL, 0), page, HALF) &&
	       has_pattern(page, HALF, big_seed(seed)), "big: first page kept",
	       "word0 0x%08x", *(uint32_t *)page);
	expect(!read_phys(strtoull(state_get(st, "big_phys_last"), NULL, 0), page, HALF) &&
	       has_pattern(page, HALF, big_seed(seed)), "big: last page kept",
	       "word0 0x%08x", *(uint32_t *)page);
	t0 = now_ns();
	n = dma_unmap(v, IOVA_BIG, len);
	t1 = now_ns();
	if (expect(n == (int64_t)len, "big: UNMAP_DMA of the adopted mapping returns its size",
		   "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : ""))
		report_time("unmap_dma_big", t1 - t0);
	p = big_alloc(len);
	if (!expect(p, "big: a fresh buffer of the same size allocated", "%m"))
		return;
	t0 = now_ns();
	ret = dma_map_len(v, p, IOVA_BIG, len);
	t1 = now_ns();
	if (!expect(!ret, "big: MAP_DMA of the fresh buffer at the same IOVA", "%m"))
		return;
	report_time("map_dma_fresh", t1 - t0);
	t0 = now_ns();
	n = dma_unmap(v, IOVA_BIG, len);
	t1 = now_ns();
	if (expect(n == (int64_t)len, "big: UNMAP_DMA of the fresh mapping returns its size",
		   "returned %" PRId64 " %s", n, n < 0 ? strerror(errno) : ""))
		report_time("unmap_dma_fresh", t1 - t0);
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

static int cmd_stage2(const char *bdf, const char *statefile)
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

/* nokeep-stage2: the control; the DMA was lost with the device. */
static int cmd_nokeep_stage2(const char *bdf, const char *statefile)
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

/* --- open-busy, cold ----------------------------------------------- */

static int cmd_open_busy(const char *bdf)
{
	char path[64];
	int fd, nr = group_of(bdf);

	snprintf(path, sizeof(path), "/dev/vfio/%d", nr);
	fd = open(path, O_RDWR);
	expect(fd < 0 && errno == EBUSY, "group: open while held fails with EBUSY", "%s: %s",
	       path, fd >= 0 ? "opened" : strerror(errno));
	return finish();
}

/*
 * cold: a device nobody kept: a token is refused, a plain open works. With
 * STATEFILE, the token is the one stage 1 kept the device with (a device
 * whose keepalive the next kernel gave up on must refuse even that one).
 */
/*
 * check_close_resets: a device nobody keeps is reset and stopped when the
 * VMM lets go of it. vfio-pci clears bus mastering, resets the device and
 * restores the config it saved at open, so a cache line size changed
 * during the session is back to its value at open.
 */
static void check_close_resets(struct vmm *v)
{
	char hex[2 * CONFIG_SIZE + 1];
	unsigned int now_cl = 0, cmd = 0;
	uint8_t open_cl = 0, cl;

	require(!cfg_read(v, PCI_CACHE_LINE_SIZE, &open_cl, 1),
		"cold: cache line size readable", "%m");
	cl = open_cl ^ MARK_CACHELINE;
	require(!cfg_write(v, PCI_CACHE_LINE_SIZE, &cl, 1),
		"cold: cache line size changed before closing", "%m");
	/* The BAR mapping holds the device file open too. */
	munmap((void *)v->bar, EDU_BAR_SIZE);
	close(v->efd);
	close(v->device);
	close(v->group);
	close(v->container);
	if (config_hex(v->bdf, hex) ||
	    sscanf(hex + 2 * PCI_CACHE_LINE_SIZE, "%2x", &now_cl) != 1 ||
	    sscanf(hex + 2 * PCI_COMMAND, "%2x", &cmd) != 1) {
		expect(false, "cold: config readable after close", "%m");
		return;
	}
	expect(now_cl == open_cl && !(cmd & PCI_COMMAND_MASTER),
	       "cold: closing reset and restored the device as usual (bus master off)",
	       "cache line 0x%02x (0x%02x at open), command low byte 0x%02x",
	       now_cl, open_cl, cmd);
}

static int cmd_cold(const char *bdf, const char *statefile)
{
	static const uint8_t any[16] = { 0x4b, 0x48, 0x4f, 0x2d, 0xc0, 0x1d };
	struct vmm v = { .bdf = bdf };
	uint32_t seed = token_seed(any);
	uint8_t tok[16], *buf;
	struct state st;
	int fd;

	memcpy(tok, any, sizeof(tok));
	if (statefile) {
		require(!state_load(statefile, &st), "state: file from stage 1", "%s: %m",
			statefile);
		require(!strcmp(state_get(&st, "bdf"), bdf) &&
			!parse_token(state_get(&st, "token"), tok),
			"state: device and token", "bdf '%s'", state_get(&st, "bdf"));
	}
	open_container(&v);
	open_group(&v);
	attach_group(&v);
	fd = get_device_with(&v, tok);
	expect(fd == -EINVAL, statefile ?
	       "cold: stage 1's own token fails with EINVAL (no kept device awaits it)" :
	       "cold: a token for a device not kept fails with EINVAL",
	       "got %s", fd >= 0 ? "a device fd" : strerror(-fd));
	fd = get_device(&v, bdf);
	require(fd >= 0, "cold: GET_DEVICE_FD without a token", "%s", strerror(-fd));
	v.device = fd;
	map_regions(&v);
	enable_device(&v);
	require(rd32(&v, EDU_REG_ID) == EDU_ID, "cold: edu identification in BAR0",
		"0x%08x", rd32(&v, EDU_REG_ID));
	buf = alloc_buffer();
	fill_pattern(buf, HALF, seed);
	require(!dma_map(&v, buf, IOVA_DEFAULT), "cold: MAP_DMA 8 KiB at IOVA 0x100000", "%m");
	expect(round_trip(&v, buf, IOVA_DEFAULT, seed), "cold: DMA round trip through edu",
	       "word0 0x%08x", *(uint32_t *)(buf + HALF));
	msi_enable(&v);
	expect(msi_fires(&v), "cold: edu interrupt signals the eventfd", "see above");
	check_close_resets(&v);
	return finish();
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "bind") && argc == 3)
		return cmd_bind(argv[2]);
	if (!strcmp(cmd, "stage1") && argc == 6)
		return cmd_stage1(argv[2], argv[3], argv[4], argv[5], true);
	if (!strcmp(cmd, "nokeep-stage1") && argc == 6)
		return cmd_stage1(argv[2], argv[3], argv[4], argv[5], false);
	if (!strcmp(cmd, "stage2") && argc == 4)
		return cmd_stage2(argv[2], argv[3]);
	if (!strcmp(cmd, "nokeep-stage2") && argc == 4)
		return cmd_nokeep_stage2(argv[2], argv[3]);
	if (!strcmp(cmd, "open-busy") && argc == 3)
		return cmd_open_busy(argv[2]);
	if (!strcmp(cmd, "cold") && (argc == 3 || argc == 4))
		return cmd_cold(argv[2], argc == 4 ? argv[3] : NULL);
	usage();
}
