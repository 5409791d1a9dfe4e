// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY (branch vfio-khofs): the append half of borrowed claims, so
 * the VFIO node check links before the khofs branch's kernel/kho/claims.c
 * lands. It only records the claim; the overlap rule in claims.c does not
 * know KHO_CLAIM_BORROWED yet and refuses a borrowed range inside another
 * node's mem. Delete this file (and its Makefile lines) at the merge:
 * claims.c's implementation replaces it.
 *
 * Portable: no allocation, no locking.
 */
#include <linux/errno.h>
#include <linux/kho/claims.h>

/**
 * kho_claim_add_borrowed() - append a range that lies in another node's mem
 * @cl: the array being filled
 * @addr: first byte
 * @len: bytes
 * @node: structure offset of the node that points at the range
 * @owner: what kind of record of the node claims it, for messages
 * @id: which one, for messages
 * @what: static label, for messages
 * @lender: structure offset of the node whose mem holds the range
 *
 * Return: 0, or -ENOSPC when the array is full.
 */
int kho_claim_add_borrowed(struct kho_claims *cl, u64 addr, u64 len, int node,
			   enum kho_claim_owner owner, u32 id, const char *what,
			   int lender)
{
	int err = kho_claim_add(cl, addr, len, node, owner, id, what,
				KHO_CLAIM_BORROWED);

	if (!err)
		cl->c[cl->n - 1].lender = lender;
	return err;
}
