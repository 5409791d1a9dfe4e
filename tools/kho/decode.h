/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-compatible decoders for kho-dump. A decoder turns the properties it
 * knows into named fields; everything else, and every node without a
 * decoder, gets the generic dtc-like listing (emit_raw()).
 */
#ifndef _KHO_TOOLS_DECODE_H
#define _KHO_TOOLS_DECODE_H

#include "emit.h"

/**
 * struct kho_decoder - how to show the nodes of one compatible
 * @compatible: exact compatible string, version included ("kho-test-v1")
 * @prop: shows one property (never "compatible" or a readable "mem",
 *	which every node shows the same way); returns false to have it
 *	listed raw, e.g. for a length the decoder does not expect
 * @node: optional, for a layout whose properties only mean something
 *	together (khofs: inodes, names, extents): shows the node as a whole
 *	after its properties; called for a node with this compatible of its
 *	own, on a blob whose FDT structure checked
 */
struct kho_decoder {
	const char *compatible;
	bool (*prop)(struct kho_emit *e, const char *name, const void *val,
		     int len);
	void (*node)(struct kho_emit *e, const void *fdt, int node);
};

const struct kho_decoder *kho_decoder_find(const char *compatible);

#endif /* _KHO_TOOLS_DECODE_H */
