/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHO_TEST_H
#define _LINUX_KHO_ABI_KHO_TEST_H

/**
 * DOC: KHO test node (kho-test-v1, kho-test-v2)
 *
 * Node ``kho-test``, written by the test serializer
 * (CONFIG_KEXEC_HANDOVER_TEST). Integers are in the CPU's native byte
 * order (little endian on x86-64). The preserved pages are the node's
 * region of the root's out-of-line map (``map``, abi/kho.h); the node has
 * no memory property of its own.
 *
 * ``compatible = "kho-test-v1"``:
 *
 * - ``seed``: u64: word i of preserved page p holds a mix of seed, p, i.
 * - ``checksum``: u64: the sum of every word of every preserved page.
 * - ``bytes``: u64: the total length of the node's map region.
 * - ``generation``: u32: 1 + the generation the writing kernel received.
 * - ``sample-checksum``: u64, optional: the checksum of the words a
 *   sampled verification reads (large states).
 * - ``layout``: string, optional: how the writer allocated the pages.
 *
 * ``compatible = "kho-test-v2"`` (CONFIG_KEXEC_HANDOVER_TEST_V2): every
 * v1 property, plus
 *
 * - ``page-size``: u32: the writer's page size, a power of two; the
 *   reader refuses the node unless ``bytes`` is a multiple of it and it
 *   equals its own page size.
 *
 * A kernel with the v2 option writes v2 and reads v1 and v2; without it,
 * it writes and reads only v1.
 */

#define KHO_TEST_NAME		"kho-test"
#define KHO_TEST_COMPATIBLE_V1	"kho-test-v1"
#define KHO_TEST_COMPATIBLE_V2	"kho-test-v2"

#ifdef CONFIG_KEXEC_HANDOVER_TEST_V2
#define KHO_TEST_COMPATIBLE	KHO_TEST_COMPATIBLE_V2
#else
#define KHO_TEST_COMPATIBLE	KHO_TEST_COMPATIBLE_V1
#endif

#endif /* _LINUX_KHO_ABI_KHO_TEST_H */
