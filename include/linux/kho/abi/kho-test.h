/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHO_TEST_H
#define _LINUX_KHO_ABI_KHO_TEST_H

/**
 * DOC: KHO test node (kho-test-v1)
 *
 * Node ``kho-test``, ``compatible = "kho-test-v1"``, written by the test
 * serializer (CONFIG_KEXEC_HANDOVER_TEST). Integers are in the CPU's
 * native byte order (little endian on x86-64).
 *
 * - ``mem``: struct kho_mem[] (abi/kho.h): the preserved blocks.
 * - ``seed``: u64: word i of preserved page p holds a mix of seed, p, i.
 * - ``checksum``: u64: the sum of every word of every preserved page.
 * - ``bytes``: u64: the total length of ``mem``.
 * - ``generation``: u32: 1 + the generation the writing kernel received.
 */

#define KHO_TEST_NAME		"kho-test"
#define KHO_TEST_COMPATIBLE	"kho-test-v1"

#endif /* _LINUX_KHO_ABI_KHO_TEST_H */
