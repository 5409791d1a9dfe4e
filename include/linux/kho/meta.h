/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing and checking the handover-metadata node (abi/kho-meta.h).
 * Portable: the userspace harness, the fuzzers and the offline tools
 * compile kernel/kho/meta_node.c as it is.
 */
#ifndef _LINUX_KHO_META_H
#define _LINUX_KHO_META_H

#include <linux/types.h>
#include <linux/kho/abi/kho-meta.h>
#include <linux/kho/claims.h>
#include <linux/kho/err.h>

/**
 * struct kho_meta - the node's content, decoded or to be written
 * @release: uname -r of the writer, NUL-terminated
 * @build_id: the writer's build id
 * @build_id_len: bytes of @build_id used, 1 to %KHO_META_BUILD_ID_MAX
 * @generation: generation of the kernel reading the node, at least 1
 * @handover_time_ns: the writer's CLOCK_REALTIME at the handover
 * @uptime_ns: the writer's CLOCK_BOOTTIME at the handover
 * @history: physical address of the history page
 * @history_count: records in it, at most %KHO_META_HISTORY_MAX
 */
struct kho_meta {
	char release[KHO_META_RELEASE_LEN];
	u8 build_id[KHO_META_BUILD_ID_MAX];
	u32 build_id_len;
	u64 generation;
	u64 handover_time_ns;
	u64 uptime_ns;
	u64 history;
	u32 history_count;
};

/*
 * Why kho_meta_parse() or kho_meta_parse_history() refused the node; the
 * report names the property, or the record (index) at fault.
 */
#define KHO_META_ERRORS(X) (						\
	X(KHO_META_OK,		"ok")					\
	X(KHO_META_BAD_RELEASE_LEN, "release missing, empty or longer than 65 bytes") \
	X(KHO_META_BAD_RELEASE,	"release not one NUL-terminated string of printable characters") \
	X(KHO_META_BAD_BUILD_ID, "build-id missing or not 1 to 20 bytes") \
	X(KHO_META_BAD_GENERATION_LEN, "generation missing or not a u64") \
	X(KHO_META_BAD_TIME_LEN, "handover-time-ns missing or not a u64") \
	X(KHO_META_BAD_UPTIME_LEN, "uptime-ns missing or not a u64")	\
	X(KHO_META_BAD_HISTORY_LEN, "history missing or not a u64")	\
	X(KHO_META_BAD_COUNT_LEN, "history-count missing or not a u32") \
	X(KHO_META_GENERATION_ZERO, "generation is 0")			\
	X(KHO_META_HISTORY_OUTSIDE, "history page outside the node's preserved memory") \
	X(KHO_META_HISTORY_ALIGN, "history page not page aligned")	\
	X(KHO_META_TOO_MANY_RECORDS, "history-count above the page's capacity") \
	X(KHO_META_RECORD_RELEASE, "record release not one NUL-terminated string of printable characters") \
	X(KHO_META_RECORD_RESERVED, "record reserved bytes not zero")	\
	X(KHO_META_RECORD_ORDER, "record generations not strictly increasing") \
	X(KHO_META_RECORD_GENERATION, "record generation not below the node's") \
	X(KHO_META_GENERATION_LAST, "generation is the largest u64: no handover can follow") \
)

enum kho_meta_err { KHO_ERR_CODES(KHO_META_ERRORS) };
extern const struct kho_errors kho_meta_errors;

int kho_meta_parse(const void *fdt, int node, struct kho_meta *m,
		   struct kho_report *rep);
int kho_meta_parse_history(const struct kho_meta *m,
			   const struct kho_meta_record *recs,
			   struct kho_report *rep);
int kho_meta_node_check(const void *fdt, int node, void *state,
			struct kho_claims *cl, char *why, size_t len);
u32 kho_meta_history_append(struct kho_meta_record *recs, u32 count,
			    const struct kho_meta_record *rec);
int kho_meta_write(void *fdt, const struct kho_meta *m);

#endif /* _LINUX_KHO_META_H */
