/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one physical-overlap rule of the KHO blob (abi/kho.h): every range
 * any node preserves or points at, collected from all nodes and checked
 * together with one sort and one sweep. Portable: the kernel, the tools,
 * the harness and the fuzzers run the same code.
 */
#ifndef _LINUX_KHO_CLAIMS_H
#define _LINUX_KHO_CLAIMS_H

#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/err.h>

/**
 * enum kho_claim_kind - how a claimed range may relate to others
 * @KHO_CLAIM_MEM: memory a node preserves (its ``mem`` property)
 * @KHO_CLAIM_TABLE: memory a node points at (a page table, an interrupt
 *	remapping table, a DMA chunk): lies inside that node's own mem
 * @KHO_CLAIM_MMIO: a device's memory-mapped BAR: touches no preserved
 *	memory
 * @KHO_CLAIM_IOPORT: a device's I/O port BAR, in the I/O address space
 * @KHO_CLAIM_BORROWED: memory a node points at that another node, the
 *	lender, preserves (a VFIO DMA chunk of guest RAM in a khofs file):
 *	lies inside the lender's mem and may overlap the lender's TABLE
 *	ranges, nothing else
 *
 * The only overlaps allowed are a TABLE range inside its own node's MEM
 * and a BORROWED range inside its lender's MEM (and over the lender's
 * TABLE ranges); apart from that no two claimed ranges share a byte.
 */
enum kho_claim_kind {
	KHO_CLAIM_MEM,
	KHO_CLAIM_TABLE,
	KHO_CLAIM_MMIO,
	KHO_CLAIM_IOPORT,
	KHO_CLAIM_BORROWED,
};

/**
 * enum kho_claim_owner - which record of its node a claim belongs to
 * @KHO_CLAIM_BY_NODE: the node itself (@id: index in its mem)
 * @KHO_CLAIM_BY_UNIT: a VT-d unit (@id: its index in the node)
 * @KHO_CLAIM_BY_DEVICE: a PCI device (@id: its sbdf)
 * @KHO_CLAIM_BY_CONTAINER: a VFIO container (@id: its number)
 */
enum kho_claim_owner {
	KHO_CLAIM_BY_NODE,
	KHO_CLAIM_BY_UNIT,
	KHO_CLAIM_BY_DEVICE,
	KHO_CLAIM_BY_CONTAINER,
};

/**
 * struct kho_claim - one range a node claims
 * @addr: first byte (physical, bus or port address)
 * @len: bytes, not zero
 * @node: structure offset of the subsystem node that claims it
 * @id: which record of the node (see enum kho_claim_owner)
 * @what: static label for messages ("root table", "BAR 2", ...)
 * @lender: structure offset of the node a BORROWED range lies in (-1 for
 *	the other kinds)
 * @kind: enum kho_claim_kind
 * @owner: enum kho_claim_owner
 */
struct kho_claim {
	u64 addr;
	u64 len;
	int node;
	u32 id;
	const char *what;
	int lender;
	u16 kind;
	u16 owner;
};

/**
 * struct kho_claims - a caller-provided array being filled
 * @c: storage
 * @n: entries used
 * @cap: entries available
 */
struct kho_claims {
	struct kho_claim *c;
	size_t n;
	size_t cap;
};

/*
 * Why kho_claims_check() refused: two ranges share memory and may not; a
 * TABLE range is not inside its node's mem; a zero-length range or one
 * that wraps; a BORROWED range is not inside its lender's mem. The report
 * names one claim (two for an overlap), which kho_claims_describe()
 * prints with the node names escaped.
 */
#define KHO_CLAIMS_ERRORS(X) (						\
	X(KHO_CLAIMS_OK,	"ok")					\
	X(KHO_CLAIMS_OVERLAP,	"overlaps")				\
	X(KHO_CLAIMS_OUTSIDE_MEM, "is not inside its node's preserved memory") \
	X(KHO_CLAIMS_BAD_RANGE,	"is empty or wraps around")		\
	X(KHO_CLAIMS_OUTSIDE_LENDER,						\
	  "is not inside the preserved memory of the node it points into") \
)

enum kho_claims_err { KHO_ERR_CODES(KHO_CLAIMS_ERRORS) };
extern const struct kho_errors kho_claims_errors;

/**
 * struct kho_claims_report - where kho_claims_check() stopped
 * @err: the first problem found
 * @a: the offending claim
 * @b: the claim it collides with (OVERLAP only)
 */
struct kho_claims_report {
	enum kho_claims_err err;
	struct kho_claim a;
	struct kho_claim b;
};

int kho_claim_add(struct kho_claims *cl, u64 addr, u64 len, int node,
		  enum kho_claim_owner owner, u32 id, const char *what,
		  enum kho_claim_kind kind);
int kho_claim_add_borrowed(struct kho_claims *cl, u64 addr, u64 len, int node,
			   enum kho_claim_owner owner, u32 id, const char *what,
			   int lender);
void kho_claims_sort(struct kho_claims *cl);
int kho_claims_check(struct kho_claims *cl, struct kho_claims_report *rep);
int kho_claims_describe(char *buf, size_t len, const void *fdt,
			const struct kho_claims_report *rep);

#endif /* _LINUX_KHO_CLAIMS_H */
