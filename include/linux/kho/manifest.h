/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the KHO version manifest (abi/manifest.h) out of a bzImage, and
 * the pre-flight rule built on it: which nodes of an outgoing blob the
 * target kernel would refuse. Portable: the kernel's kexec load path,
 * kho-check --target, the harness and the fuzzer run the same code.
 */
#ifndef _LINUX_KHO_MANIFEST_H
#define _LINUX_KHO_MANIFEST_H

#include <linux/types.h>
#include <linux/kho/err.h>
#include <linux/kho/abi/manifest.h>

/*
 * What kho_manifest_read() found. KHO_MANIFEST_OK: a manifest. The three
 * after it: a valid image whose kernel does not read KHO ("no KHO"). The
 * rest: a malformed image, one code per rule.
 */
#define KHO_MANIFEST_ERRORS(X) (					\
	X(KHO_MANIFEST_OK,		"manifest present")		\
	X(KHO_MANIFEST_OLD_PROTOCOL,	"no KHO: boot protocol before 2.15 (no kernel_info)") \
	X(KHO_MANIFEST_NO_FIELD,	"no KHO: kernel_info has no manifest field") \
	X(KHO_MANIFEST_NONE,		"no KHO: the manifest field is 0") \
	X(KHO_MANIFEST_TRUNCATED,	"image shorter than its setup header") \
	X(KHO_MANIFEST_NOT_BZIMAGE,	"not a bzImage (no HdrS signature)") \
	X(KHO_MANIFEST_BAD_SETUP,	"setup sectors reach past the image") \
	X(KHO_MANIFEST_BAD_KI_OFFSET,	"kernel_info lies outside the image") \
	X(KHO_MANIFEST_BAD_KI_MAGIC,	"kernel_info has no LToP signature") \
	X(KHO_MANIFEST_BAD_KI_SIZE,	"kernel_info sizes are inconsistent or reach past the image") \
	X(KHO_MANIFEST_BAD_OFFSET,	"manifest offset outside kernel_info's variable part or misaligned") \
	X(KHO_MANIFEST_BAD_MAGIC,	"manifest has a bad magic") \
	X(KHO_MANIFEST_BAD_VERSION,	"manifest has an unknown compatible or record size") \
	X(KHO_MANIFEST_TOO_MANY,	"manifest has more entries than allowed") \
	X(KHO_MANIFEST_BAD_COUNT,	"manifest entries reach past kernel_info") \
	X(KHO_MANIFEST_BAD_STRING,	"manifest entry not a NUL-terminated printable string") \
)

enum kho_manifest_err { KHO_ERR_CODES(KHO_MANIFEST_ERRORS) };
extern const struct kho_errors kho_manifest_errors;

/**
 * struct kho_manifest - a manifest found in an image
 * @entries: the entries, inside the image buffer (valid while it is)
 * @count: number of @entries
 * @boot_version: the image's boot protocol version
 * @bad_entry: for KHO_MANIFEST_BAD_STRING, the index of the entry
 */
struct kho_manifest {
	const struct kho_manifest_entry *entries;
	u32 count;
	u16 boot_version;
	u32 bad_entry;
};

int kho_manifest_read(const void *image, size_t len, struct kho_manifest *m);
bool kho_manifest_is_absent(int status);
const char *kho_manifest_strerror(int status);
bool kho_manifest_accepts(const struct kho_manifest *m, const char *name,
			  const char *compatible);
size_t kho_manifest_accepted(const struct kho_manifest *m, const char *name,
			     char *buf, size_t len);

/*
 * The pre-flight verdict on one node of the outgoing blob against a target
 * (kho_preflight_judge()).
 */
enum kho_preflight_verdict {
	KHO_PREFLIGHT_ACCEPTED,	/* the target accepts the node's compatible */
	KHO_PREFLIGHT_REFUSED,	/* not accepted, and it holds memory or devices */
	KHO_PREFLIGHT_DROPPED,	/* not accepted, holds neither: only logged */
};

/**
 * struct kho_preflight_node - one node of the outgoing blob
 * @name: node name
 * @compatible: its compatible
 * @mem: it owns preserved memory (ranges in the map)
 * @devs: kept devices depend on it
 * @verdict: set by kho_preflight_judge()
 */
struct kho_preflight_node {
	const char *name;
	const char *compatible;
	bool mem;
	bool devs;
	enum kho_preflight_verdict verdict;
};

bool kho_preflight_node_keeps_devs(const void *fdt, int node);
int kho_preflight_judge(const struct kho_manifest *m, const char *root_compat,
			struct kho_preflight_node *nodes, size_t n,
			bool *root_ok);

#endif /* _LINUX_KHO_MANIFEST_H */
