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
 */
struct kho_decoder {
	const char *compatible;
	bool (*prop)(struct kho_emit *e, const char *name, const void *val,
		     int len);
};

const struct kho_decoder *kho_decoder_find(const char *compatible);

#endif /* _KHO_TOOLS_DECODE_H */
