/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building and checking the KHO blob (one FDT, see abi/kho.h). Portable:
 * libfdt and struct kho_mem only, so the same code runs in the kernel, in
 * the userspace harness, in the fuzzer and in the offline tools.
 */
#ifndef _LINUX_KHO_BLOB_H
#define _LINUX_KHO_BLOB_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/err.h>
#include <linux/kho/ranges.h>
#include <linux/kho/map.h>

/*
 * Why an incoming blob was refused (kho_blob_check()). Header and
 * structure: not an FDT or an inconsistent header; larger than the
 * buffer holding it; malformed structure block (tags, nesting, names not
 * terminated); a property name offset outside the strings block; the
 * structural rules of abi/kho.h (name lengths, depth, properties and
 * children per node, properties before children, no duplicate property
 * or node names). Then the root compatible, each subsystem node's
 * compatible and where mem-map may be (the root only, exactly one
 * struct kho_map_ref). The map itself is kho_map_check()'s.
 */
#define KHO_BLOB_ERRORS(X) (						\
	X(KHO_BLOB_OK,		"ok")					\
	X(KHO_BLOB_BAD_HEADER,	"not a valid FDT header")		\
	X(KHO_BLOB_BAD_STRUCTURE, "malformed FDT structure")		\
	X(KHO_BLOB_BAD_ROOT,	"root compatible is not \"" KHO_ROOT_COMPATIBLE "\"") \
	X(KHO_BLOB_BAD_COMPATIBLE, "compatible is not \"<name>-v<N>\"") \
	X(KHO_BLOB_MAP_NOT_ALLOWED, "mem-map property outside the root") \
	X(KHO_BLOB_BAD_MAP_LEN,	"mem-map missing or not one struct kho_map_ref") \
	X(KHO_BLOB_TRUNCATED,	"truncated: shorter than the FDT header or its totalsize") \
	X(KHO_BLOB_BAD_NAME_OFFSET, "property name offset outside the strings block") \
	X(KHO_BLOB_BAD_NAME,	"name empty or too long")		\
	X(KHO_BLOB_TOO_DEEP,	"nodes nested too deep")		\
	X(KHO_BLOB_TOO_MANY_PROPS, "too many properties in one node") \
	X(KHO_BLOB_TOO_MANY_CHILDREN, "too many children of one node") \
	X(KHO_BLOB_PROP_AFTER_NODE, "property after a child node")	\
	X(KHO_BLOB_DUP_PROP,	"duplicate property name")		\
	X(KHO_BLOB_DUP_NODE,	"duplicate node name")			\
)

enum kho_blob_err { KHO_ERR_CODES(KHO_BLOB_ERRORS) };
extern const struct kho_errors kho_blob_errors;

/**
 * struct kho_blob_report - outcome of kho_blob_check()
 * @why: the first problem found (@why.err a KHO_BLOB_* code), with the
 *	node and property at fault
 * @walkable: the FDT structure passed its checks, so libfdt may walk the
 *	tree (true for every valid blob, and for one refused later)
 * @nodes: subsystem nodes (children of the root)
 * @map: the root's mem-map (valid when the blob passed)
 */
struct kho_blob_report {
	struct kho_report why;
	bool walkable;
	unsigned int nodes;
	struct kho_map_ref map;
};

/**
 * struct kho_blob_mem - a checked map's runs, grouped by owning node
 * @fdt: the blob the map belongs to
 * @r: storage: every run, grouped by owner, each group sorted by address
 *	with touching runs merged
 * @cap: entries available in @r (at least the runs kho_map_check() counted)
 * @n: entries used
 * @own: per owner: its node's offset, first entry in @r and entry count
 * @nown: owners
 *
 * Attached to its blob with kho_blob_mem_attach(), after which
 * kho_blob_node_mem() answers for that blob from here. A few blobs may be
 * attached at once (the incoming one and the one being written).
 */
struct kho_blob_mem {
	const void *fdt;
	struct kho_mem *r;
	size_t cap;
	size_t n;
	struct {
		int node;
		size_t first;
		size_t n;
	} own[KHO_MAP_MAX_OWNERS];
	unsigned int nown;
};

/* Incoming side */
int kho_blob_check(const void *fdt, size_t bufsize,
		   struct kho_blob_report *rep);
int kho_blob_map_ref(const void *fdt, struct kho_map_ref *ref);
int kho_blob_mem_attach(struct kho_blob_mem *m, const void *fdt,
			const struct kho_map_src *src, struct kho_mem *storage,
			size_t cap);
void kho_blob_mem_detach(struct kho_blob_mem *m);
int kho_blob_describe(char *buf, size_t len, const void *fdt,
		      const struct kho_blob_report *rep);
int kho_blob_node_mem(const void *fdt, int node, const struct kho_mem **mem,
		      size_t *n);
int kho_blob_subnode(const void *fdt, const char *name);
bool kho_compatible_valid(const char *s, int len);
int kho_node_get_prop(const void *fdt, int node, const char *name, void *val,
		      int size);
int kho_fdt_errno(int fdt_err);
long kho_sbdf_find(const void *recs, size_t n, size_t size, u32 sbdf);

/* Outgoing side: libfdt sequential-write helpers */
int kho_blob_begin(void *buf, size_t size, struct kho_map_builder *map);
int kho_blob_set_map(void *fdt, const struct kho_map_ref *ref);
int kho_blob_finish(void *fdt);
int kho_node_begin(void *fdt, const char *name, const char *compatible);
int kho_node_add_mem(void *fdt, const struct kho_mem *mem, size_t n);
int kho_node_prop(void *fdt, const char *name, const void *val, int len);
int kho_node_end(void *fdt);

#endif /* _LINUX_KHO_BLOB_H */
