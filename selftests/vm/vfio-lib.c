// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-lib: VFIO helpers for the keepalive test VMM; see vfio-lib.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/pci_regs.h>

#include "vfio-lib.h"

int failures;

/* --- reporting ----------------------------------------------------- */

bool expect(bool ok, const char *what, const char *fmt, ...)
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

int finish(void)
{
	return failures > 100 ? 100 : failures;
}

/* --- sysfs --------------------------------------------------------- */

/* sysfs_read: a device attribute, at most LEN - 1 bytes, NUL-terminated. */
ssize_t sysfs_read(const char *bdf, const char *attr, void *buf, size_t len)
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

int sysfs_write(const char *path, const char *val)
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
void link_name(const char *bdf, const char *attr, char *out, size_t len)
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

int group_of(const char *bdf)
{
	char name[64];

	link_name(bdf, "iommu_group", name, sizeof(name));
	return name[0] ? atoi(name) : -1;
}

/* parent_bridge: the bridge above BDF, "" on the root bus. */
void parent_bridge(const char *bdf, char *out, size_t len)
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
int config_hex(const char *bdf, char *out)
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
int resource_line(const char *bdf, char *out, size_t len)
{
	char *p;

	if (sysfs_read(bdf, "resource", out, len) <= 0)
		return -1;
	for (p = out; *p; p++)
		if (*p == '\n')
			*p = ';';
	return 0;
}

void vfio_bind(const char *bdf)
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
}

/* --- memory -------------------------------------------------------- */

/* virt_to_phys: the physical address behind VADDR, from /proc/self/pagemap. */
uint64_t virt_to_phys(const void *vaddr)
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

int read_phys(uint64_t phys, void *buf, size_t len)
{
	int fd = open("/dev/mem", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, phys);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* --- the keepalive token ------------------------------------------- */

/* parse_token: a UUID string into 16 bytes, in string order (uuid_t). */
int parse_token(const char *s, uint8_t tok[16])
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

void format_token(const uint8_t tok[16], char out[37])
{
	int i, p = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[p++] = '-';
		p += sprintf(out + p, "%02x", tok[i]);
	}
}

/* --- container, group, device -------------------------------------- */

void open_container(struct vmm *v)
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
void open_group(struct vmm *v)
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

void attach_group(struct vmm *v)
{
	require(!ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container),
		"group: SET_CONTAINER", "%m");
	require(!ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU),
		"container: SET_IOMMU type1v2", "%m");
}

/* get_device: a device fd for NAME, or -errno. */
int get_device(struct vmm *v, const char *name)
{
	int fd = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, name);

	return fd < 0 ? -errno : fd;
}

/* get_device_with: "BDF kho_token=UUID" */
int get_device_with(struct vmm *v, const uint8_t tok[16])
{
	char name[128], uuid[37];

	format_token(tok, uuid);
	snprintf(name, sizeof(name), "%s kho_token=%s", v->bdf, uuid);
	return get_device(v, name);
}

int region_info(struct vmm *v, unsigned int index, struct region *r)
{
	struct vfio_region_info info = { .argsz = sizeof(info), .index = index };

	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &info))
		return -1;
	r->offset = info.offset;
	r->size = info.size;
	r->flags = info.flags;
	return 0;
}

int cfg_read(struct vmm *v, unsigned int off, void *buf, size_t len)
{
	return pread(v->device, buf, len, v->config.offset + off) == (ssize_t)len ? 0 : -1;
}

int cfg_write(struct vmm *v, unsigned int off, const void *buf, size_t len)
{
	return pwrite(v->device, buf, len, v->config.offset + off) == (ssize_t)len ? 0 : -1;
}

/* enable_device: memory decoding and bus mastering, through vfio's config. */
void enable_device(struct vmm *v)
{
	uint16_t cmd = 0;

	require(!cfg_read(v, PCI_COMMAND, &cmd, 2), "device: read PCI_COMMAND", "%m");
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	require(!cfg_write(v, PCI_COMMAND, &cmd, 2) && !cfg_read(v, PCI_COMMAND, &cmd, 2) &&
		(cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)) ==
		(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER),
		"device: memory and bus master enabled", "command 0x%04x: %m", cmd);
}

/* --- DMA mappings -------------------------------------------------- */

int dma_map_len(struct vmm *v, void *buf, uint64_t iova, uint64_t size)
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

/* dma_map_vaddr: VFIO_IOMMU_MAP_DMA with only FLAG_VADDR: a new user address. */
int dma_map_vaddr(struct vmm *v, void *buf, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_VADDR,
		.vaddr = (uintptr_t)buf,
		.iova = iova,
		.size = size,
	};

	return ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map);
}

/* dma_unmap: the number of bytes unmapped, or -1. */
int64_t dma_unmap(struct vmm *v, uint64_t iova, uint64_t size)
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

/* --- interrupts ---------------------------------------------------- */

void msi_enable(struct vmm *v)
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

/* --- the keepalive feature ----------------------------------------- */

struct feature {
	struct vfio_device_feature hdr;
	struct vfio_device_feature_kho_keepalive ka;
};

/* keepalive: VFIO_DEVICE_FEATURE with FLAGS (GET/SET/PROBE); 0 or -errno. */
int keepalive(struct vmm *v, uint32_t flags, struct vfio_device_feature_kho_keepalive *ka)
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
