// SPDX-License-Identifier: GPL-2.0
/*
 * Claimed preserved pages back into large folios. A claim hands a node's
 * pages over one by one (order 0, one reference each); an owner whose old
 * kernel had them as one large folio (a khofs file's 2 MiB extent) gets the
 * folio back here, so it can be mapped with a PMD and freed as one block.
 */
#define pr_fmt(fmt) "KHO: " fmt

#include <linux/kho.h>
#include <linux/mm.h>
#include "../../mm/internal.h"

/**
 * kho_claimed_folio() - make claimed pages one folio again
 * @phys: physical address of the first page, aligned to the folio's size
 * @order: the folio is 2^@order pages
 *
 * Every page must come from kho_claim_node_mem() and still be the
 * caller's alone (one reference, no mapping, not part of a folio).
 *
 * Return: the folio, holding the one reference of its first page, or NULL
 * (nothing changed) if a page is not in that state.
 */
struct folio *kho_claimed_folio(phys_addr_t phys, unsigned int order)
{
	unsigned long nr = 1UL << order, pfn = PHYS_PFN(phys), i;
	struct page *page;

	if (order > MAX_PAGE_ORDER || !IS_ALIGNED(pfn, nr))
		return NULL;
	for (i = 0; i < nr; i++) {
		if (!pfn_valid(pfn + i))
			return NULL;
		page = pfn_to_page(pfn + i);
		if (page_ref_count(page) != 1 || PageCompound(page) ||
		    PageReserved(page) || page->mapping)
			return NULL;
	}
	page = pfn_to_page(pfn);
	if (!order)
		return page_folio(page);
	/* Tail pages hold no reference of their own in a folio. */
	for (i = 1; i < nr; i++)
		set_page_count(page + i, 0);
	prep_compound_page(page, order);
	return page_rmappable_folio(page);
}
EXPORT_SYMBOL_GPL(kho_claimed_folio);
