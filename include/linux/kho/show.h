/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How a node layout shows itself in kho-dump. A serializer's portable file
 * (the one the node table points at) may carry a decoder for its node: it
 * turns the properties it knows into named fields with the kho_show_*()
 * calls below, and kho-dump lists everything else the way dtc would.
 *
 * Decoders exist in userspace only: they sit in the portable file under
 * #ifndef __KERNEL__ and reach the node table through KHO_NODE_SHOW(),
 * which is empty in the kernel. The output side (text or JSON) is
 * tools/kho/emit.c.
 */
#ifndef _LINUX_KHO_SHOW_H
#define _LINUX_KHO_SHOW_H

#include <linux/types.h>

struct kho_emit;

#ifdef __KERNEL__
#define KHO_NODE_SHOW(...)
#define KHO_NODE_OLDER(...)
#define KHO_NODE_EXAMPLE(...)
#define KHO_NODE_VARLEN(...)
#else
/* The decoder of a node type (struct kho_node_type), userspace only. */
#define KHO_NODE_SHOW(prop_fn, node_fn)	.show_prop = (prop_fn), .show_node = (node_fn),
/* An older layout of the same node that the tools still decode. */
#define KHO_NODE_OLDER(type)		.older = (type),
/* A writer of one valid node, for the generic tests and fuzz seeds. */
#define KHO_NODE_EXAMPLE(fn)		.example = (fn),
/* Properties whose valid lengths are a range, not one value. */
#define KHO_NODE_VARLEN(...)		.varlen = (const char *const[]){ __VA_ARGS__, NULL },

/* Node fields: a "name = value" line, or a member of the node's "fields". */
void kho_show_u64(struct kho_emit *e, const char *name, u64 val);
void kho_show_hex64(struct kho_emit *e, const char *name, u64 val);
void kho_show_size(struct kho_emit *e, const char *name, u64 bytes);
void kho_show_bdf(struct kho_emit *e, const char *name, u32 sbdf);
void kho_show_hex(struct kho_emit *e, const char *name, u64 val, int digits);
void kho_show_str(struct kho_emit *e, const char *name, const char *s);
void kho_show_hexbytes(struct kho_emit *e, const char *name, const void *b,
		       size_t len, size_t shown);

/**
 * struct kho_show_flag - the name of one flag bit, for kho_show_flags()
 * @bit: the bit's value
 * @name: its name
 */
struct kho_show_flag {
	u32 bit;
	const char *name;
};

void kho_show_flags(struct kho_emit *e, const char *name, u32 flags,
		    const struct kho_show_flag *names, size_t n);

/*
 * A named group of fields (one BAR, one DMA mapping): "name:" and its
 * fields indented one more level in text, a nested object in JSON.
 */
void kho_show_group_begin(struct kho_emit *e, const char *name);
void kho_show_group_end(struct kho_emit *e);
/* A property shown as dtc would (for values a decoder cannot read). */
void kho_show_raw(struct kho_emit *e, const char *name, const void *val,
		  int len);

/* A fixed-size value in the CPU's byte order, from unaligned bytes. */
static inline bool kho_show_get_u64(const void *val, int len, u64 *out)
{
	if (len != sizeof(*out))
		return false;
	__builtin_memcpy(out, val, sizeof(*out));
	return true;
}

static inline bool kho_show_get_u32(const void *val, int len, u32 *out)
{
	if (len != sizeof(*out))
		return false;
	__builtin_memcpy(out, val, sizeof(*out));
	return true;
}

/* A NUL-terminated printable string filling the whole property, or NULL. */
static inline const char *kho_show_get_str(const void *val, int len)
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
#endif /* __KERNEL__ */

#endif /* _LINUX_KHO_SHOW_H */
