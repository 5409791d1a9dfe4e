// SPDX-License-Identifier: GPL-2.0
/*
 * One physical-overlap rule for the whole blob. Every node's preserved
 * memory and every range a node points at (page tables, interrupt
 * remapping tables, DMA chunks, BARs) go into one array, which is sorted
 * once and swept once: O(n log n) however the ranges are spread over
 * nodes and records.
 *
 * Portable: no allocation (the caller provides the array), no locking.
 */
#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/sort.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/claims.h>

static int kho_claim_push(struct kho_claims *cl, u64 addr, u64 len, int node,
			  enum kho_claim_owner owner, u32 id, const char *what,
			  enum kho_claim_kind kind, int lender)
{
	struct kho_claim *c;

	if (cl->n == cl->cap)
		return -ENOSPC;
	c = &cl->c[cl->n++];
	c->addr = addr;
	c->len = len;
	c->node = node;
	c->id = id;
	c->what = what;
	c->lender = lender;
	c->kind = kind;
	c->owner = owner;
	return 0;
}

/**
 * kho_claim_add() - append one claimed range
 * @cl: the array being filled
 * @addr: first byte
 * @len: bytes
 * @node: structure offset of the claiming subsystem node
 * @owner: what kind of record of the node claims it, for messages
 * @id: which one, for messages
 * @what: static label, for messages
 * @kind: how the range may relate to others (not %KHO_CLAIM_BORROWED,
 *	which has kho_claim_add_borrowed())
 *
 * Return: 0, or -ENOSPC when the array is full.
 */
int kho_claim_add(struct kho_claims *cl, u64 addr, u64 len, int node,
		  enum kho_claim_owner owner, u32 id, const char *what,
		  enum kho_claim_kind kind)
{
	return kho_claim_push(cl, addr, len, node, owner, id, what, kind, -1);
}

/**
 * kho_claim_add_borrowed() - append a range that lies in another node's mem
 * @cl: the array being filled
 * @addr: first byte
 * @len: bytes
 * @node: structure offset of the claiming subsystem node (the borrower)
 * @owner: what kind of record of the node claims it, for messages
 * @id: which one, for messages
 * @what: static label, for messages
 * @lender: structure offset of the node whose mem the range lies in
 *
 * A %KHO_CLAIM_BORROWED range: kho_claims_check() wants it inside one run
 * of the lender's mem (adjacent ranges of it count as one), lets it
 * overlap the lender's TABLE ranges and nothing else.
 *
 * Return: 0, or -ENOSPC when the array is full.
 */
int kho_claim_add_borrowed(struct kho_claims *cl, u64 addr, u64 len, int node,
			   enum kho_claim_owner owner, u32 id, const char *what,
			   int lender)
{
	return kho_claim_push(cl, addr, len, node, owner, id, what,
			      KHO_CLAIM_BORROWED, lender);
}

/* I/O ports are their own address space; all else shares the physical one. */
static unsigned int kho_claim_space(const struct kho_claim *c)
{
	return c->kind == KHO_CLAIM_IOPORT;
}

static u64 kho_claim_end(const struct kho_claim *c)
{
	return c->addr + c->len;
}

/* By space, then address; at one address a node's memory comes first. */
static int kho_claim_cmp(const void *a, const void *b)
{
	const struct kho_claim *x = a, *y = b;
	unsigned int sx = kho_claim_space(x), sy = kho_claim_space(y);

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if ((x->kind == KHO_CLAIM_MEM) != (y->kind == KHO_CLAIM_MEM))
		return x->kind == KHO_CLAIM_MEM ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	/* Ties broken on everything, so every sort reports the same pair. */
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->lender != y->lender)
		return x->lender < y->lender ? -1 : 1;
	return strcmp(x->what, y->what);
}

static int kho_claims_fail(struct kho_claims_report *rep,
			   enum kho_claims_err err, const struct kho_claim *a,
			   const struct kho_claim *b)
{
	rep->err = err;
	rep->a = *a;
	if (b)
		rep->b = *b;
	return -EINVAL;
}

/*
 * The sweep state: the current run of one node's preserved memory
 * (adjacent mem ranges of the same node merged); the TABLE or MMIO range
 * reaching furthest so far, and the BORROWED one (pointed-at ranges of
 * one cursor never overlap each other once accepted, so the last one seen
 * is the only one a new range can meet); the range started inside the
 * current run (TABLE in its own node's, BORROWED in its lender's) that
 * needs the run to reach furthest.
 */
struct kho_sweep {
	const struct kho_claim *mem;
	u64 mem_end;
	const struct kho_claim *ptr;
	u64 ptr_end;
	const struct kho_claim *bor;
	u64 bor_end;
	const struct kho_claim *need;
	u64 need_end;
};

/* What a range that should have stayed inside a run did wrong. */
static enum kho_claims_err kho_claim_outside(const struct kho_claim *c)
{
	return c->kind == KHO_CLAIM_BORROWED ? KHO_CLAIMS_OUTSIDE_LENDER :
	       KHO_CLAIMS_OUTSIDE_MEM;
}

/* The node whose mem @c must lie in: its own for TABLE, the lender's. */
static int kho_claim_home(const struct kho_claim *c)
{
	return c->kind == KHO_CLAIM_BORROWED ? c->lender : c->node;
}

/* The current memory run ends: every range started in it must fit. */
static int kho_sweep_close_run(struct kho_sweep *s, struct kho_claims_report *rep)
{
	if (s->need && s->need_end > s->mem_end)
		return kho_claims_fail(rep, kho_claim_outside(s->need), s->need,
				       NULL);
	s->need = NULL;
	s->need_end = 0;
	return 0;
}

static int kho_sweep_mem(struct kho_sweep *s, const struct kho_claim *c,
			 struct kho_claims_report *rep)
{
	if (s->mem && c->addr < s->mem_end)
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, c, s->mem);
	if (s->mem && c->node == s->mem->node && c->addr == s->mem_end) {
		s->mem_end = kho_claim_end(c);
		return 0;
	}
	/* A range pointed at before this run reaches into another node's. */
	if (s->ptr && c->addr < s->ptr_end && c->node != s->ptr->node)
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, s->ptr, c);
	if (s->bor && c->addr < s->bor_end && c->node != s->bor->lender)
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, s->bor, c);
	if (kho_sweep_close_run(s, rep))
		return -EINVAL;
	/* ... or into a later run of its own (lender) node: it crossed a gap. */
	if (s->ptr && c->addr < s->ptr_end)
		return kho_claims_fail(rep, KHO_CLAIMS_OUTSIDE_MEM, s->ptr, NULL);
	if (s->bor && c->addr < s->bor_end)
		return kho_claims_fail(rep, KHO_CLAIMS_OUTSIDE_LENDER, s->bor, NULL);
	s->mem = c;
	s->mem_end = kho_claim_end(c);
	return 0;
}

/* A BORROWED range may meet only TABLE ranges of its lender. */
static bool kho_claims_may_meet(const struct kho_claim *bor,
				const struct kho_claim *other)
{
	return other->kind == KHO_CLAIM_TABLE && other->node == bor->lender;
}

static int kho_sweep_pointer(struct kho_sweep *s, const struct kho_claim *c,
			     struct kho_claims_report *rep)
{
	bool in_run = s->mem && c->addr < s->mem_end;
	bool borrowed = c->kind == KHO_CLAIM_BORROWED;

	if (s->ptr && c->addr < s->ptr_end &&
	    !(borrowed && kho_claims_may_meet(c, s->ptr)))
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, c, s->ptr);
	if (s->bor && c->addr < s->bor_end && !kho_claims_may_meet(s->bor, c))
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, c, s->bor);
	if (c->kind == KHO_CLAIM_TABLE || borrowed) {
		if (in_run && s->mem->node != kho_claim_home(c))
			return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, c, s->mem);
		if (!in_run)
			return kho_claims_fail(rep, kho_claim_outside(c), c, NULL);
		if (kho_claim_end(c) > s->need_end) {
			s->need = c;
			s->need_end = kho_claim_end(c);
		}
	} else if (in_run) {
		return kho_claims_fail(rep, KHO_CLAIMS_OVERLAP, c, s->mem);
	}
	if (borrowed) {
		s->bor = c;
		s->bor_end = kho_claim_end(c);
	} else {
		s->ptr = c;
		s->ptr_end = kho_claim_end(c);
	}
	return 0;
}

/**
 * kho_claims_sort() - sort claims as kho_claims_check() does
 * @cl: the claims, sorted in place by space, then address
 */
void kho_claims_sort(struct kho_claims *cl)
{
	sort(cl->c, cl->n, sizeof(*cl->c), kho_claim_cmp, NULL);
}

/**
 * kho_claims_check() - the blob-wide physical-overlap rule
 * @cl: every claim of every node; sorted in place
 * @rep: filled with the first problem found; may be NULL
 *
 * Every range is non-empty and does not wrap. Preserved memory of one
 * node does not overlap another's. A TABLE range lies inside its own
 * node's preserved memory and overlaps no other pointed-at range but the
 * BORROWED ones lent from its node. A BORROWED range lies inside its
 * lender's preserved memory (adjacent ranges of it count as one) and
 * overlaps no other pointed-at range but the lender's TABLE ranges. An
 * MMIO range touches no preserved memory and no other pointed-at range.
 * I/O port ranges do not overlap each other.
 *
 * Return: 0 if the rule holds, -EINVAL otherwise.
 */
int kho_claims_check(struct kho_claims *cl, struct kho_claims_report *rep)
{
	struct kho_claims_report local;
	struct kho_sweep s = { };
	unsigned int space = 0;
	size_t i;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	for (i = 0; i < cl->n; i++) {
		const struct kho_claim *c = &cl->c[i];

		if (!c->len || kho_claim_end(c) < c->addr ||
		    (kho_claim_end(c) == 0))
			return kho_claims_fail(rep, KHO_CLAIMS_BAD_RANGE, c, NULL);
	}
	sort(cl->c, cl->n, sizeof(*cl->c), kho_claim_cmp, NULL);

	for (i = 0; i < cl->n; i++) {
		const struct kho_claim *c = &cl->c[i];
		int err;

		if (kho_claim_space(c) != space) {
			if (kho_sweep_close_run(&s, rep))
				return -EINVAL;
			memset(&s, 0, sizeof(s));
			space = kho_claim_space(c);
		}
		if (c->kind == KHO_CLAIM_MEM)
			err = kho_sweep_mem(&s, c, rep);
		else
			err = kho_sweep_pointer(&s, c, rep);
		if (err)
			return err;
	}
	return kho_sweep_close_run(&s, rep);
}

static const struct kho_err_text kho_claims_text[] = {
	KHO_ERR_TEXTS(KHO_CLAIMS_ERRORS)
};
const struct kho_errors kho_claims_errors = KHO_ERRORS(kho_claims_text);

/* The escaped name of node @node, "?" if there is none. */
static void kho_claim_node_name(char *name, const void *fdt, int node)
{
	const char *raw = NULL;
	int n = 0;

	if (node >= 0)
		raw = fdt_get_name(fdt, node, &n);
	if (raw)
		kho_escape(name, KHO_ESCAPED_SIZE, raw, n);
	else
		memcpy(name, "?", 2);
}

static int kho_claim_print(char *buf, size_t len, const void *fdt,
			   const struct kho_claim *c)
{
	char name[KHO_ESCAPED_SIZE];
	int n, m;

	kho_claim_node_name(name, fdt, c->node);
	switch (c->owner) {
	case KHO_CLAIM_BY_UNIT:
		n = snprintf(buf, len, "node '%s' unit %u %s", name, c->id, c->what);
		break;
	case KHO_CLAIM_BY_DEVICE:
		n = snprintf(buf, len, "node '%s' device %04x:%02x:%02x.%x %s", name,
			     c->id >> 16, (c->id >> 8) & 0xff, (c->id >> 3) & 0x1f,
			     c->id & 7, c->what);
		break;
	case KHO_CLAIM_BY_CONTAINER:
		n = snprintf(buf, len, "node '%s' container %u %s", name, c->id,
			     c->what);
		break;
	default:
		n = snprintf(buf, len, "node '%s' %s %u", name, c->what, c->id);
		break;
	}
	if (n < 0 || (size_t)n >= len)
		return n;
	m = snprintf(buf + n, len - n, " [%#llx-%#llx)",
		     (unsigned long long)c->addr,
		     (unsigned long long)(c->addr + c->len));
	if (c->kind != KHO_CLAIM_BORROWED || m < 0 || (size_t)(n + m) >= len)
		return n + m;
	n += m;
	/* Whose memory it says it lies in. */
	kho_claim_node_name(name, fdt, c->lender);
	return n + snprintf(buf + n, len - n, " in node '%s'", name);
}

/**
 * kho_claims_describe() - one line saying what kho_claims_check() found
 * @buf: output buffer
 * @len: size of @buf
 * @fdt: the blob the claims came from (for node names)
 * @rep: the report
 *
 * Return: the length of the line (as snprintf() counts it).
 */
int kho_claims_describe(char *buf, size_t len, const void *fdt,
			const struct kho_claims_report *rep)
{
	int n;

	if (rep->err == KHO_CLAIMS_OK)
		return snprintf(buf, len, "ok");
	n = kho_claim_print(buf, len, fdt, &rep->a);
	if (n < 0 || (size_t)n >= len)
		return n;
	n += snprintf(buf + n, len - n, " %s", kho_strerror(&kho_claims_errors, rep->err));
	if (rep->err != KHO_CLAIMS_OVERLAP || n < 0 || (size_t)n + 1 >= len)
		return n;
	buf[n++] = ' ';
	buf[n] = '\0';
	return n + kho_claim_print(buf + n, len - n, fdt, &rep->b);
}
