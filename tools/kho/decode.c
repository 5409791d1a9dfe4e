// SPDX-License-Identifier: GPL-2.0
/*
 * The decoders kho-dump knows, one table entry per node compatible. To add
 * one (intel-vtd-v1, pci-v1, vfio-v1, ...): write its prop function from
 * the layout in include/linux/kho/abi/, add an emit_*() helper if a value
 * needs its own format (a PCI BDF as 0000:00:03.0, say), and add a line
 * to kho_decoders[].
 */
#include <string.h>

#include <linux/array_size.h>

#include "decode.h"

/* Fixed-size values in the CPU's byte order, read from unaligned bytes. */
static bool get_u64(const void *val, int len, u64 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

static bool get_u32(const void *val, int len, u32 *out)
{
	if (len != sizeof(*out))
		return false;
	memcpy(out, val, sizeof(*out));
	return true;
}

/* kernel/kho/test.c: seed, checksum, bytes (u64) and generation (u32). */
static bool kho_test_prop(struct kho_emit *e, const char *name,
			  const void *val, int len)
{
	u64 v64;
	u32 v32;

	if ((!strcmp(name, "seed") || !strcmp(name, "checksum")) &&
	    get_u64(val, len, &v64)) {
		emit_hex64(e, name, v64);
		return true;
	}
	if (!strcmp(name, "bytes") && get_u64(val, len, &v64)) {
		emit_size(e, name, v64);
		return true;
	}
	if (!strcmp(name, "generation") && get_u32(val, len, &v32)) {
		emit_u64(e, name, v32);
		return true;
	}
	return false;
}

static const struct kho_decoder kho_decoders[] = {
	{ "kho-test-v1", kho_test_prop },
};

/**
 * kho_decoder_find() - the decoder for a node's compatible
 * @compatible: the node's compatible string
 *
 * Return: the decoder, or NULL for the generic listing.
 */
const struct kho_decoder *kho_decoder_find(const char *compatible)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kho_decoders); i++)
		if (!strcmp(compatible, kho_decoders[i].compatible))
			return &kho_decoders[i];
	return NULL;
}
