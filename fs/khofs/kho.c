// SPDX-License-Identifier: GPL-2.0
/*
 * khofs and kexec handover: the dump of the tree into the khofs node
 * (abi/khofs.h) and its restore in the next kernel.
 *
 * Old kernel: KHO_FREEZE closes the layout gate (creating, removing,
 * renaming, resizing, changing owners or modes, and filling holes all fail
 * with -EBUSY) and waits for changes in flight; KHO_DUMP then records the
 * tree and where each folio is. The data is not copied: the folios stay in
 * the page caches, written through mappings, until the kexec. KHO_ABORT
 * opens the gate again.
 *
 * New kernel, at boot: the node is checked (the KHO core's blob and
 * overlap checks, then khofs_parse()), its pages claimed, each extent made
 * a folio again and put back into its file's page cache. A refused node
 * leaves an empty filesystem and its pages reserved for good: other nodes
 * (a kept device's DMA) may point into them, so they are never handed out.
 */
#define pr_fmt(fmt) "khofs: KHO: " fmt

#include <linux/dcache.h>
#include <linux/kho.h>
#include <linux/kho/khofs.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include "internal.h"

/* How long the freeze waits for layout changes in flight. */
#define KHOFS_FREEZE_TIMEOUT	(10 * HZ)

/* Set once the incoming tree has been restored or refused. */
static DEFINE_MUTEX(khofs_restore_lock);
static bool khofs_restore_done;
static int khofs_restore_err;

/**
 * khofs_owns_folio() - is a folio file data khofs preserves?
 * @folio: any folio; the caller keeps it from being freed
 *
 * During a KHO dump (the layout is frozen) this is exactly the set of
 * folios the khofs node records. In the new kernel it is the restored
 * folios and those of files created since.
 *
 * Return: true if @folio is in the page cache of a khofs file that has a
 * name.
 */
bool khofs_owns_folio(struct folio *folio)
{
	struct address_space *mapping = READ_ONCE(folio->mapping);

	if (!mapping || folio_test_anon(folio) ||
	    ((unsigned long)mapping & PAGE_MAPPING_FLAGS))
		return false;
	return mapping->a_ops == &khofs_aops && mapping->host->i_nlink;
}
EXPORT_SYMBOL_GPL(khofs_owns_folio);

/* Freeze and thaw */

static unsigned int khofs_busy(void)
{
	unsigned int busy;

	spin_lock(&khofs.gate_lock);
	busy = khofs.busy;
	spin_unlock(&khofs.gate_lock);
	return busy;
}

static void khofs_thaw(void)
{
	spin_lock(&khofs.gate_lock);
	khofs.frozen = false;
	spin_unlock(&khofs.gate_lock);
}

static int khofs_freeze(void)
{
	spin_lock(&khofs.gate_lock);
	khofs.frozen = true;
	spin_unlock(&khofs.gate_lock);
	if (!wait_event_timeout(khofs.gate_wait, !khofs_busy(),
				KHOFS_FREEZE_TIMEOUT)) {
		pr_err("a layout change did not finish in time; dump refused\n");
		khofs_thaw();
		return -EBUSY;
	}
	return 0;
}

/* The dump */

struct khofs_dump {
	struct khofs_inode **inodes;
	size_t ninodes;
	struct khofs_inode_rec *recs;
	char *names;
	size_t names_len;
	struct khofs_extent_rec *extents;
	size_t nextents;
	struct kho_mem *mem;
	size_t nmem;
};

/* The ABI's name order, from the parser that checks it. */
static int khofs_inode_cmp(const void *a, const void *b)
{
	const struct khofs_inode *x = *(const struct khofs_inode * const *)a;
	const struct khofs_inode *y = *(const struct khofs_inode * const *)b;

	return khofs_name_cmp(x->name, x->name_len, y->name, y->name_len);
}

static int khofs_mem_cmp(const void *a, const void *b)
{
	const struct kho_mem *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * The records in the order the ABI wants: breadth first, each directory's
 * entries sorted by name, so parents come before children and the records
 * are sorted by (parent, name). Under the tree lock.
 */
static int khofs_dump_tree(struct khofs_dump *d)
{
	size_t head, tail = 1, off = 0;

	d->ninodes = khofs.nr_named + 1;
	d->inodes = kvcalloc(d->ninodes, sizeof(*d->inodes), GFP_KERNEL);
	d->recs = kvcalloc(d->ninodes, sizeof(*d->recs), GFP_KERNEL);
	if (!d->inodes || !d->recs)
		return -ENOMEM;
	d->inodes[0] = KHOFS_I(d_inode(khofs.sb->s_root));
	for (head = 0; head < d->ninodes; head++) {
		struct khofs_inode *ki, *dir = d->inodes[head];
		size_t first = tail;

		list_for_each_entry(ki, &dir->children, sibling) {
			if (WARN_ON_ONCE(tail == d->ninodes))
				return -EIO;
			d->inodes[tail] = ki;
			d->recs[tail].parent = head;
			tail++;
		}
		sort(&d->inodes[first], tail - first, sizeof(*d->inodes),
		     khofs_inode_cmp, NULL);
	}
	if (WARN_ON_ONCE(tail != d->ninodes))
		return -EIO;
	for (head = 1; head < d->ninodes; head++)
		d->names_len += d->inodes[head]->name_len;
	d->names = kvmalloc(max_t(size_t, d->names_len, 1), GFP_KERNEL);
	if (!d->names)
		return -ENOMEM;
	for (head = 0; head < d->ninodes; head++) {
		struct khofs_inode *ki = d->inodes[head];
		struct khofs_inode_rec *r = &d->recs[head];
		struct inode *inode = &ki->vfs;
		struct timespec64 mtime = inode_get_mtime(inode);

		r->mode = inode->i_mode & (S_IFMT | S_IALLUGO);
		r->uid = from_kuid(&init_user_ns, inode->i_uid);
		r->gid = from_kgid(&init_user_ns, inode->i_gid);
		r->size = S_ISREG(inode->i_mode) ? i_size_read(inode) : 0;
		r->mtime_ns = timespec64_to_ns(&mtime);
		if (head) {
			r->name_off = off;
			r->name_len = ki->name_len;
			memcpy(d->names + off, ki->name, ki->name_len);
			off += ki->name_len;
		}
	}
	return 0;
}

/* Every folio of every file, in record order then file order. */
static int khofs_dump_extents(struct khofs_dump *d, bool fill)
{
	struct folio_batch fbatch;
	size_t i, n = 0;

	folio_batch_init(&fbatch);
	for (i = 0; i < d->ninodes; i++) {
		struct address_space *mapping = d->inodes[i]->vfs.i_mapping;
		pgoff_t index = 0;
		unsigned int j;

		if (!S_ISREG(d->inodes[i]->vfs.i_mode))
			continue;
		while (filemap_get_folios(mapping, &index, ULONG_MAX, &fbatch)) {
			for (j = 0; j < folio_batch_count(&fbatch); j++) {
				struct folio *folio = fbatch.folios[j];

				if (fill && n == d->nextents) {
					folio_batch_release(&fbatch);
					return -EBUSY;
				}
				if (fill) {
					d->extents[n].phys = PFN_PHYS(folio_pfn(folio));
					d->extents[n].index = folio->index;
					d->extents[n].inode = i;
					d->extents[n].order = folio_order(folio);
					d->mem[n].addr = d->extents[n].phys;
					d->mem[n].len = folio_size(folio);
				}
				n++;
			}
			folio_batch_release(&fbatch);
			cond_resched();
		}
	}
	if (!fill)
		d->nextents = n;
	/* The layout is frozen: a second count differing is a bug. */
	return fill && n != d->nextents ? -EBUSY : 0;
}

/* The extents' ranges, sorted and with neighbours merged. */
static void khofs_dump_mem(struct khofs_dump *d)
{
	size_t i, n = 0;

	sort(d->mem, d->nextents, sizeof(*d->mem), khofs_mem_cmp, NULL);
	for (i = 0; i < d->nextents; i++) {
		if (n && d->mem[n - 1].addr + d->mem[n - 1].len == d->mem[i].addr)
			d->mem[n - 1].len += d->mem[i].len;
		else
			d->mem[n++] = d->mem[i];
	}
	d->nmem = n;
}

static void khofs_dump_free(struct khofs_dump *d)
{
	kvfree(d->inodes);
	kvfree(d->recs);
	kvfree(d->names);
	kvfree(d->extents);
	kvfree(d->mem);
}

static int khofs_dump(void *fdt)
{
	struct khofs_dump d = {};
	ktime_t start = ktime_get();
	u64 bytes = 0;
	size_t i;
	int err;

	mutex_lock(&khofs.tree_lock);
	err = khofs_dump_tree(&d);
	if (err)
		goto out;
	/* Nothing but an empty root: no node, the next kernel starts empty. */
	if (d.ninodes == 1)
		goto out;
	khofs_dump_extents(&d, false);
	d.extents = kvcalloc(max_t(size_t, d.nextents, 1), sizeof(*d.extents),
			     GFP_KERNEL);
	d.mem = kvcalloc(max_t(size_t, d.nextents, 1), sizeof(*d.mem), GFP_KERNEL);
	err = -ENOMEM;
	if (!d.extents || !d.mem)
		goto out;
	err = khofs_dump_extents(&d, true);
	if (err)
		goto out;
	for (i = 0; i < d.nextents; i++)
		bytes += d.mem[i].len;
	khofs_dump_mem(&d);
	err = khofs_node_write(fdt, d.mem, d.nmem, d.recs, d.ninodes, d.names,
			       d.names_len, d.extents, d.nextents);
	if (!err)
		pr_info("dumped %zu inodes, %llu MiB in %zu extents (%zu ranges) in %lld us\n",
			d.ninodes, bytes >> 20, d.nextents, d.nmem,
			ktime_us_delta(ktime_get(), start));
out:
	mutex_unlock(&khofs.tree_lock);
	khofs_dump_free(&d);
	return err;
}

static int khofs_notify(struct notifier_block *nb, unsigned long event,
			void *fdt)
{
	switch (event) {
	case KHO_FREEZE:
		return notifier_from_errno(khofs_freeze());
	case KHO_DUMP:
		return notifier_from_errno(khofs_dump(fdt));
	case KHO_ABORT:
		khofs_thaw();
		return NOTIFY_DONE;
	}
	return NOTIFY_DONE;
}

static struct notifier_block khofs_kho_nb = {
	.notifier_call = khofs_notify,
};

/**
 * khofs_kho_init() - register the serializer
 *
 * Return: 0 or a negative errno.
 */
int khofs_kho_init(void)
{
	return register_kho_notifier(&khofs_kho_nb);
}

/* The restore */

static void khofs_inode_set(struct inode *inode, const struct khofs_inode_rec *r)
{
	struct timespec64 ts = ns_to_timespec64(r->mtime_ns);

	inode->i_mode = r->mode;
	inode->i_uid = make_kuid(&init_user_ns, r->uid);
	inode->i_gid = make_kgid(&init_user_ns, r->gid);
	if (S_ISREG(r->mode))
		i_size_write(inode, r->size);
	inode_set_mtime_to_ts(inode, ts);
	inode_set_ctime_to_ts(inode, ts);
}

/* One record below its parent's dentry; @dentries[i] gets a pinned dentry. */
static int khofs_restore_inode(struct super_block *sb, const struct khofs_state *st,
			       size_t i, struct dentry **dentries)
{
	struct dentry *parent, *dentry;
	struct khofs_inode_rec r;
	struct inode *inode;
	struct qstr name;
	int err;

	khofs_inode_get(st, i, &r);
	parent = dentries[r.parent];
	name.name = st->names + r.name_off;
	name.len = r.name_len;
	name.hash = full_name_hash(parent, name.name, name.len);
	inode = khofs_new_inode(sb, NULL, r.mode);
	if (!inode)
		return -ENOMEM;
	khofs_inode_set(inode, &r);
	err = khofs_tree_link(KHOFS_I(d_inode(parent)), KHOFS_I(inode),
			      (const char *)name.name, name.len);
	if (err)
		goto out_iput;
	err = -ENOMEM;
	dentry = d_alloc(parent, &name);
	if (!dentry)
		goto out_iput;
	if (S_ISDIR(r.mode))
		inc_nlink(d_inode(parent));
	d_add(dentry, inode);	/* the dentry's reference pins it */
	dentries[i] = dentry;
	return 0;

out_iput:
	iput(inode);
	return err;
}

/* One extent back into its file's page cache. */
static int khofs_restore_extent(const struct khofs_state *st, size_t i,
				struct dentry **dentries)
{
	struct khofs_extent_rec e;
	struct address_space *mapping;
	struct folio *folio;
	int err;

	khofs_extent_get(st, i, &e);
	mapping = d_inode(dentries[e.inode])->i_mapping;
	folio = kho_claimed_folio(e.phys, e.order);
	if (!folio)
		return -EBUSY;
	__folio_mark_uptodate(folio);
	err = filemap_add_folio(mapping, folio, e.index, GFP_KERNEL);
	if (err) {
		/* Never handed out: others may point into it. Keep it. */
		return err;
	}
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
	return 0;
}

/*
 * A restore that fails half way: the folios already in page caches get an
 * extra reference so that dropping the tree frees none of them (a kept
 * device may still write into them), then the tree goes.
 */
static void khofs_restore_unwind(struct super_block *sb, const struct khofs_state *st,
				 size_t nextents, struct dentry **dentries,
				 size_t ninodes)
{
	size_t i;

	for (i = 0; i < nextents; i++) {
		struct khofs_extent_rec e;

		khofs_extent_get(st, i, &e);
		folio_get(pfn_folio(PHYS_PFN(e.phys)));
	}
	/* Children have higher indices: every directory is empty in turn. */
	for (i = ninodes; i-- > 1;) {
		struct dentry *dentry = dget(dentries[i]);
		struct inode *dir = d_inode(dentry->d_parent);

		khofs_tree_unlink(KHOFS_I(d_inode(dentry)));
		if (d_is_dir(dentry))
			simple_rmdir(dir, dentry);
		else
			simple_unlink(dir, dentry);
		d_delete(dentry);
		dput(dentry);
	}
}

static int khofs_restore_tree(struct super_block *sb, int node)
{
	struct khofs_inode_rec root;
	struct khofs_state st;
	struct kho_report rep;
	struct dentry **dentries;
	ktime_t start = ktime_get(), claimed;
	size_t i, j = 0;
	int err;

	if (khofs_parse(kho_incoming_fdt(), node, &st, &rep)) {
		char why[160];

		kho_report_describe(why, sizeof(why), kho_incoming_fdt(), &rep);
		pr_err("incoming tree refused: %s; empty filesystem, its memory stays reserved\n",
		       why);
		return -EINVAL;
	}
	err = kho_claim_node_mem(node);
	if (err) {
		pr_err("cannot claim the preserved pages (%d); empty filesystem, its memory stays reserved\n",
		       err);
		return err;
	}
	claimed = ktime_get();
	dentries = kvcalloc(st.ninodes, sizeof(*dentries), GFP_KERNEL);
	if (!dentries) {
		err = -ENOMEM;
		goto fail;
	}
	dentries[0] = sb->s_root;
	khofs_inode_get(&st, 0, &root);
	khofs_inode_set(d_inode(sb->s_root), &root);
	for (i = 1; i < st.ninodes; i++) {
		err = khofs_restore_inode(sb, &st, i, dentries);
		if (err)
			goto unwind;
	}
	for (j = 0; j < st.nextents; j++) {
		err = khofs_restore_extent(&st, j, dentries);
		if (err)
			goto unwind;
	}
	kvfree(dentries);
	pr_info("restored %zu inodes, %llu MiB in %zu extents in %lld us (claim %lld us)\n",
		st.ninodes, st.bytes >> 20, st.nextents,
		ktime_us_delta(ktime_get(), start), ktime_us_delta(claimed, start));
	return 0;

unwind:
	khofs_restore_unwind(sb, &st, j, dentries, i);
	kvfree(dentries);
fail:
	pr_err("restore failed (%d) at inode %zu, extent %zu; empty filesystem, its memory stays reserved\n",
	       err, i, j);
	return err;
}

/**
 * khofs_kho_restore() - restore the incoming tree into the instance
 * @sb: the khofs super block, empty
 *
 * Return: what khofs_restore() returns.
 */
int khofs_kho_restore(struct super_block *sb)
{
	int node;

	mutex_lock(&khofs_restore_lock);
	if (khofs_restore_done)
		goto out;
	khofs_restore_done = true;
	node = kho_find_node(KHOFS_NODE, KHOFS_COMPATIBLE);
	if (node == -ENOENT) {
		khofs_restore_err = 0;
	} else if (node < 0) {
		pr_err("incoming node refused by the KHO checks (%d); empty filesystem, its memory stays reserved\n",
		       node);
		khofs_restore_err = node;
	} else {
		khofs_restore_err = khofs_restore_tree(sb, node);
	}
out:
	mutex_unlock(&khofs_restore_lock);
	return khofs_restore_err;
}

/**
 * khofs_restore() - make sure the incoming khofs tree is restored
 *
 * For other subsystems whose state points into khofs files (VFIO DMA
 * chunks of guest RAM): after a 0 return, every page the khofs node
 * preserved is a folio of a khofs file (khofs_owns_folio()). May sleep.
 *
 * Return: 0 if the tree was restored or there was none, a negative errno
 * if the node was refused (its pages then stay reserved, never freed).
 */
int khofs_restore(void)
{
	if (!khofs.sb)
		return -ENODEV;
	return khofs_kho_restore(khofs.sb);
}
EXPORT_SYMBOL_GPL(khofs_restore);
