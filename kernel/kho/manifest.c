// SPDX-License-Identifier: GPL-2.0
/*
 * The KHO version manifest of a bzImage (abi/manifest.h): find it through
 * the setup header and kernel_info, check every offset, size, count and
 * string against the buffer before reading it, and judge an outgoing
 * blob's nodes against it (the pre-flight rule).
 *
 * Portable: no allocation, no locking. The buffer is hostile: it is
 * whatever file the administrator asked kexec to load.
 */
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/sprintf.h>
#include <linux/libfdt.h>
#include <linux/string.h>
#include <linux/kho/manifest.h>
#include <linux/kho/abi/pci.h>

/* The x86 boot protocol's setup header, as offsets in the image file. */
#define BOOT_SETUP_SECTS	0x1f1	/* u8: 512-byte setup sectors, 0: 4 */
#define BOOT_HEADER_MAGIC	0x202	/* "HdrS" */
#define BOOT_VERSION		0x206	/* u16 */
#define BOOT_KERNEL_INFO	0x268	/* u32, from protocol 2.15 */
#define BOOT_VERSION_KERNEL_INFO 0x020f
#define BOOT_SECTOR_SIZE	512

/* kernel_info: "LToP", size, size_total. */
#define KI_SIZE			4
#define KI_SIZE_TOTAL		8
#define KI_HEADER		12

static const struct kho_err_text kho_manifest_text[] = {
	KHO_ERR_TEXTS(KHO_MANIFEST_ERRORS)
};
const struct kho_errors kho_manifest_errors = KHO_ERRORS(kho_manifest_text);

static u32 get_le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* A NUL-terminated, non-empty string of printable ASCII without spaces. */
static bool kho_manifest_str_ok(const char *s, size_t size)
{
	const char *end = memchr(s, '\0', size);
	const char *p;

	if (!end || end == s)
		return false;
	for (p = s; p < end; p++)
		if (*p <= ' ' || *p > '~')
			return false;
	return true;
}

/**
 * kho_manifest_read() - find and check the KHO manifest of a bzImage
 * @image: the image file's contents
 * @len: its length
 * @m: on KHO_MANIFEST_OK, the manifest (pointing into @image); on
 *	KHO_MANIFEST_BAD_STRING, @m->bad_entry says which entry
 *
 * Return: KHO_MANIFEST_OK; KHO_MANIFEST_OLD_PROTOCOL, _NO_FIELD or _NONE
 * for an image whose kernel does not read KHO (kho_manifest_is_absent());
 * any other enum kho_manifest_err code for a malformed image.
 */
int kho_manifest_read(const void *image, size_t len, struct kho_manifest *m)
{
	const struct kho_manifest_header *h;
	const u8 *img = image, *ki, *mf;
	u64 kstart, ki_off, size, total, off, need;
	unsigned int sects;
	u32 i, count;

	memset(m, 0, sizeof(*m));
	if (len < BOOT_VERSION + 2)
		return KHO_MANIFEST_TRUNCATED;
	if (memcmp(img + BOOT_HEADER_MAGIC, "HdrS", 4))
		return KHO_MANIFEST_NOT_BZIMAGE;
	m->boot_version = img[BOOT_VERSION] | img[BOOT_VERSION + 1] << 8;
	if (m->boot_version < BOOT_VERSION_KERNEL_INFO)
		return KHO_MANIFEST_OLD_PROTOCOL;
	if (len < BOOT_KERNEL_INFO + 4)
		return KHO_MANIFEST_TRUNCATED;

	sects = img[BOOT_SETUP_SECTS] ? img[BOOT_SETUP_SECTS] : 4;
	kstart = (u64)(sects + 1) * BOOT_SECTOR_SIZE;
	if (kstart > len)
		return KHO_MANIFEST_BAD_SETUP;
	/* Both terms below 2^33: no wrap in 64 bits. */
	ki_off = kstart + get_le32(img + BOOT_KERNEL_INFO);
	if (ki_off > len || len - ki_off < KI_HEADER)
		return KHO_MANIFEST_BAD_KI_OFFSET;
	ki = img + ki_off;
	if (memcmp(ki, KHO_KERNEL_INFO_MAGIC, 4))
		return KHO_MANIFEST_BAD_KI_MAGIC;
	size = get_le32(ki + KI_SIZE);
	total = get_le32(ki + KI_SIZE_TOTAL);
	if (size < KI_HEADER || size > total || total > len - ki_off)
		return KHO_MANIFEST_BAD_KI_SIZE;
	if (size < KHO_KERNEL_INFO_MIN_SIZE)
		return KHO_MANIFEST_NO_FIELD;
	off = get_le32(ki + KHO_KERNEL_INFO_OFFSET_FIELD);
	if (!off)
		return KHO_MANIFEST_NONE;
	if (off < size || off > total || total - off < KHO_MANIFEST_HEADER_SIZE)
		return KHO_MANIFEST_BAD_OFFSET;

	mf = ki + off;
	h = (const struct kho_manifest_header *)mf;
	if (get_le32(mf) != KHO_MANIFEST_MAGIC)
		return KHO_MANIFEST_BAD_MAGIC;
	if (get_le32(mf + 4) != KHO_MANIFEST_HEADER_SIZE ||
	    get_le32(mf + 8) != KHO_MANIFEST_ENTRY_SIZE ||
	    memchr(h->compatible, '\0', sizeof(h->compatible)) == NULL ||
	    strcmp(h->compatible, KHO_MANIFEST_COMPATIBLE))
		return KHO_MANIFEST_BAD_VERSION;
	count = get_le32(mf + 12);
	if (count > KHO_MANIFEST_MAX_ENTRIES)
		return KHO_MANIFEST_TOO_MANY;
	need = KHO_MANIFEST_HEADER_SIZE + (u64)count * KHO_MANIFEST_ENTRY_SIZE;
	if (need > total - off)
		return KHO_MANIFEST_BAD_COUNT;

	m->entries = (const struct kho_manifest_entry *)(mf +
						KHO_MANIFEST_HEADER_SIZE);
	for (i = 0; i < count; i++) {
		if (!kho_manifest_str_ok(m->entries[i].name,
					 sizeof(m->entries[i].name)) ||
		    !kho_manifest_str_ok(m->entries[i].compatible,
					 sizeof(m->entries[i].compatible))) {
			m->entries = NULL;
			m->bad_entry = i;
			return KHO_MANIFEST_BAD_STRING;
		}
	}
	m->count = count;
	return KHO_MANIFEST_OK;
}

/**
 * kho_manifest_is_absent() - does a kho_manifest_read() code mean "no KHO"
 * @status: its return value
 *
 * Return: true for a well-formed image whose kernel does not read KHO.
 */
bool kho_manifest_is_absent(int status)
{
	return status == KHO_MANIFEST_OLD_PROTOCOL ||
	       status == KHO_MANIFEST_NO_FIELD || status == KHO_MANIFEST_NONE;
}

/**
 * kho_manifest_strerror() - one line for a kho_manifest_read() code
 * @status: its return value
 *
 * Return: a static string.
 */
const char *kho_manifest_strerror(int status)
{
	return kho_strerror(&kho_manifest_errors, status);
}

/**
 * kho_manifest_accepts() - does a manifest list a node compatible
 * @m: a manifest kho_manifest_read() accepted
 * @name: node name (KHO_MANIFEST_ROOT_NAME for the root)
 * @compatible: the node's compatible
 *
 * Return: true if an entry has exactly this name and compatible.
 */
bool kho_manifest_accepts(const struct kho_manifest *m, const char *name,
			  const char *compatible)
{
	u32 i;

	for (i = 0; m && i < m->count; i++)
		if (!strcmp(m->entries[i].name, name) &&
		    !strcmp(m->entries[i].compatible, compatible))
			return true;
	return false;
}

/**
 * kho_manifest_accepted() - the compatibles a manifest accepts for a node
 * @m: a manifest kho_manifest_read() accepted, or NULL (none)
 * @name: node name
 * @buf: written with "a, b" or "none", NUL-terminated (truncated to fit)
 * @len: size of @buf, at least 1
 *
 * Return: the length of the string in @buf.
 */
size_t kho_manifest_accepted(const struct kho_manifest *m, const char *name,
			     char *buf, size_t len)
{
	size_t used = 0;
	int n;
	u32 i;

	buf[0] = '\0';
	for (i = 0; m && i < m->count; i++) {
		if (strcmp(m->entries[i].name, name))
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
			     m->entries[i].compatible);
		if (n < 0 || (size_t)n >= len - used)
			return strlen(buf);
		used += n;
	}
	if (!used) {
		snprintf(buf, len, "none");
		used = strlen(buf);
	}
	return used;
}

/**
 * kho_preflight_node_keeps_devs() - does a node of the blob record kept
 *	devices
 * @fdt: a blob
 * @node: a child of its root
 *
 * What the blob alone says, the same for the kernel's pre-flight and
 * kho-check --target: PCI's non-empty devs array, or a dev@ node anywhere
 * below @node (VT-d keeps them under its units, VFIO under the node). The
 * kernel also asks its device registry.
 *
 * Return: true if @node records at least one kept device.
 */
bool kho_preflight_node_keeps_devs(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int len, depth = 0;

	if (name && !strcmp(name, KHO_PCI_NODE))
		return fdt_getprop(fdt, node, KHO_PCI_DEVS_PROP, &len) && len > 0;
	for (node = fdt_next_node(fdt, node, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		name = fdt_get_name(fdt, node, NULL);
		if (name && !strncmp(name, "dev@", 4))
			return true;
	}
	return false;
}

/**
 * kho_preflight_judge() - which nodes a target kernel would refuse
 * @m: the target's manifest, or NULL if it has none (no KHO)
 * @root_compat: the outgoing blob's root compatible
 * @nodes: the outgoing blob's nodes; each one's @verdict is set
 * @n: number of @nodes
 * @root_ok: set to whether the target reads this handover at all
 *
 * A node is accepted when the target reads the root and lists the node's
 * exact (name, compatible). A node that is not accepted is refused if it
 * holds preserved memory or kept devices depend on it, and only dropped
 * (logged) otherwise.
 *
 * Return: the number of refusals: refused nodes, plus one if the target
 * does not read the root. 0: the target can take the handover.
 */
int kho_preflight_judge(const struct kho_manifest *m, const char *root_compat,
			struct kho_preflight_node *nodes, size_t n,
			bool *root_ok)
{
	int refused = 0;
	size_t i;

	*root_ok = kho_manifest_accepts(m, KHO_MANIFEST_ROOT_NAME, root_compat);
	if (!*root_ok)
		refused++;
	for (i = 0; i < n; i++) {
		if (*root_ok && kho_manifest_accepts(m, nodes[i].name,
						     nodes[i].compatible))
			nodes[i].verdict = KHO_PREFLIGHT_ACCEPTED;
		else if (nodes[i].mem || nodes[i].devs)
			nodes[i].verdict = KHO_PREFLIGHT_REFUSED;
		else
			nodes[i].verdict = KHO_PREFLIGHT_DROPPED;
		if (nodes[i].verdict == KHO_PREFLIGHT_REFUSED)
			refused++;
	}
	return refused;
}
