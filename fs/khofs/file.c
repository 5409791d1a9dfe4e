// SPDX-License-Identifier: GPL-2.0
/*
 * khofs: regular files. A file's data is folios in its page cache, as
 * large as the allocator gives (up to 2 MiB, naturally aligned in the file
 * and in memory, so mmap can map them with PMDs), allocated when the file
 * grows into a hole: a write, a fault on a mapping, fallocate. Reading a
 * hole allocates nothing. The folios are unevictable and refuse
 * migration, so the physical address a KHO dump records stays true.
 */
#define pr_fmt(fmt) "khofs: " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/falloc.h>
#include <linux/gfp.h>
#include <linux/huge_mm.h>
#include <linux/migrate.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/uio.h>
#include <linux/kho/abi/khofs.h>
#include "internal.h"

/* Orders tried for a new extent, largest first. */
static const unsigned int khofs_orders[] = { KHOFS_MAX_ORDER, 6, 3, 0 };

static bool khofs_range_empty(struct address_space *mapping, pgoff_t first,
			      pgoff_t last)
{
	return !filemap_range_has_page(mapping, (loff_t)first << PAGE_SHIFT,
				       ((loff_t)(last + 1) << PAGE_SHIFT) - 1);
}

/*
 * One new zeroed extent holding @index, as large as fits below @limit
 * (pages) without covering a folio already there. -EEXIST: someone else
 * filled the hole first, which is success for the caller.
 */
static int khofs_alloc_extent(struct inode *inode, pgoff_t index, pgoff_t limit)
{
	struct address_space *mapping = inode->i_mapping;
	struct folio *folio = NULL;
	pgoff_t base = index;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(khofs_orders); i++) {
		unsigned int order = khofs_orders[i];
		unsigned long nr = 1UL << order;
		gfp_t gfp = GFP_HIGHUSER;

		base = round_down(index, nr);
		if (base + nr > limit ||
		    (order && !khofs_range_empty(mapping, base, base + nr - 1)))
			continue;
		if (order)
			gfp |= __GFP_NORETRY | __GFP_NOWARN;
		folio = folio_alloc(gfp, order);
		if (folio)
			break;
	}
	if (!folio)
		return -ENOMEM;
	folio_zero_range(folio, 0, folio_size(folio));
	__folio_mark_uptodate(folio);
	err = filemap_add_folio(mapping, folio, base, GFP_KERNEL);
	if (!err) {
		folio_mark_dirty(folio);
		folio_unlock(folio);
	}
	folio_put(folio);
	return err;
}

/**
 * khofs_alloc_range() - back the pages [@first, @last] of a file
 * @inode: a khofs regular file, its layout gate taken
 * @first: first page
 * @last: last page
 * @limit: no extent reaches this page (the file's size in pages, or the
 *	size it is growing to)
 *
 * Return: 0, -ENOMEM, or -EINTR on a fatal signal.
 */
int khofs_alloc_range(struct inode *inode, pgoff_t first, pgoff_t last,
		      pgoff_t limit)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t index = first;

	while (index <= last && index < limit) {
		struct folio *folio = filemap_get_folio(mapping, index);
		int err;

		if (!IS_ERR(folio)) {
			index = folio_next_index(folio);
			folio_put(folio);
			continue;
		}
		if (fatal_signal_pending(current))
			return -EINTR;
		err = khofs_alloc_extent(inode, index, limit);
		if (err && err != -EEXIST)
			return err;
		cond_resched();
	}
	return 0;
}

static pgoff_t khofs_size_pages(loff_t size)
{
	return DIV_ROUND_UP(size, PAGE_SIZE);
}

/*
 * Drop every extent that starts at or past the end of the file. A write
 * whose copy failed after khofs_write_begin() filled a hole past the end,
 * or a growing fallocate that failed half way, leaves such extents behind;
 * the node must not carry one (abi/khofs.h), so every dump would fail
 * until the file is truncated. An extent that starts below the end stays
 * whole. The caller holds the inode lock and the layout gate.
 */
static void khofs_trim_eof(struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;
	pgoff_t end = khofs_size_pages(i_size_read(inode)), index = end;
	struct folio_batch fbatch;
	loff_t from = -1;
	unsigned int i;

	folio_batch_init(&fbatch);
	while (from < 0 && filemap_get_folios(mapping, &index, ULONG_MAX, &fbatch)) {
		for (i = 0; i < folio_batch_count(&fbatch) && from < 0; i++)
			if (fbatch.folios[i]->index >= end)
				from = folio_pos(fbatch.folios[i]);
		folio_batch_release(&fbatch);
	}
	if (from >= 0) {
		unmap_mapping_range(mapping, from, 0, 1);
		truncate_inode_pages(mapping, from);
	}
}

/* Address space */

/* Only reached for a hole raced with truncate: an ordinary zeroed folio. */
static int khofs_read_folio(struct file *file, struct folio *folio)
{
	folio_zero_range(folio, 0, folio_size(folio));
	folio_mark_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

static int khofs_write_begin(struct file *file, struct address_space *mapping,
			     loff_t pos, unsigned int len, struct folio **foliop,
			     void **fsdata)
{
	struct inode *inode = mapping->host;
	pgoff_t index = pos >> PAGE_SHIFT;
	struct folio *folio;
	int err;

	folio = filemap_get_folio(mapping, index);
	if (IS_ERR(folio)) {
		/* A hole: filling it changes the layout. */
		err = khofs_layout_begin();
		if (err)
			return err;
		err = khofs_alloc_range(inode, index, index,
					khofs_size_pages(max_t(loff_t, pos + len,
							       i_size_read(inode))));
		khofs_layout_end();
		if (err)
			return err;
		folio = filemap_get_folio(mapping, index);
		if (IS_ERR(folio))
			return PTR_ERR(folio);
	}
	folio_lock(folio);
	if (folio->mapping != mapping) {
		/* Truncated meanwhile: only possible outside a dump. */
		folio_unlock(folio);
		folio_put(folio);
		return -EAGAIN;
	}
	*foliop = folio;
	return 0;
}

static int khofs_write_end(struct file *file, struct address_space *mapping,
			   loff_t pos, unsigned int len, unsigned int copied,
			   struct folio *folio, void *fsdata)
{
	struct inode *inode = mapping->host;

	if (pos + copied > inode->i_size)
		i_size_write(inode, pos + copied);
	folio_mark_dirty(folio);
	folio_unlock(folio);
	folio_put(folio);
	return copied;
}

/* Preserved pages stay where the dump said they are. */
static int khofs_migrate_folio(struct address_space *mapping, struct folio *dst,
			       struct folio *src, enum migrate_mode mode)
{
	return -EBUSY;
}

const struct address_space_operations khofs_aops = {
	.read_folio	= khofs_read_folio,
	.write_begin	= khofs_write_begin,
	.write_end	= khofs_write_end,
	.dirty_folio	= noop_dirty_folio,
	.migrate_folio	= khofs_migrate_folio,
};

/* Mappings */

static vm_fault_t khofs_fault(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);
	struct address_space *mapping = inode->i_mapping;
	bool gate = !khofs_layout_begin();
	vm_fault_t ret = 0;
	pgoff_t limit;
	int err = 0;

	/*
	 * Truncate and hole punching hold the invalidate lock: the size
	 * read under it stays true until the new block is in the cache, so
	 * no block lands past the end. Without the gate (a dump is active)
	 * a hole may not be filled.
	 */
	filemap_invalidate_lock_shared(mapping);
	limit = khofs_size_pages(i_size_read(inode));
	if (vmf->pgoff >= limit)
		ret = VM_FAULT_SIGBUS;
	else if (khofs_range_empty(mapping, vmf->pgoff, vmf->pgoff))
		err = gate ? khofs_alloc_range(inode, vmf->pgoff, vmf->pgoff, limit) :
			     -EBUSY;
	filemap_invalidate_unlock_shared(mapping);
	if (err)
		ret = err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	if (!ret)
		ret = filemap_fault(vmf);
	if (gate)
		khofs_layout_end();
	return ret;
}

static const struct vm_operations_struct khofs_vm_ops = {
	.fault		= khofs_fault,
	.map_pages	= filemap_map_pages,
};

static int khofs_mmap(struct file *file, struct vm_area_struct *vma)
{
	file_accessed(file);
	vma->vm_ops = &khofs_vm_ops;
	return 0;
}

/* read() and write() */

static ssize_t khofs_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	struct address_space *mapping = inode->i_mapping;
	ssize_t done = 0;

	while (iov_iter_count(to)) {
		loff_t size = i_size_read(inode), pos = iocb->ki_pos;
		struct folio *folio;
		size_t n, got;

		if (pos >= size)
			break;
		folio = filemap_get_folio(mapping, pos >> PAGE_SHIFT);
		if (IS_ERR(folio)) {
			n = min_t(loff_t, PAGE_SIZE - offset_in_page(pos), size - pos);
			n = min(n, iov_iter_count(to));
			got = iov_iter_zero(n, to);
		} else {
			size_t off = offset_in_folio(folio, pos);

			n = min_t(loff_t, folio_size(folio) - off, size - pos);
			n = min(n, iov_iter_count(to));
			got = copy_folio_to_iter(folio, off, n, to);
			folio_put(folio);
		}
		iocb->ki_pos += got;
		done += got;
		if (got < n) {
			if (!done)
				return -EFAULT;
			break;
		}
		cond_resched();
	}
	file_accessed(iocb->ki_filp);
	return done;
}

static ssize_t khofs_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	bool gate;
	ssize_t ret;

	inode_lock(inode);
	gate = !khofs_layout_begin();
	ret = generic_write_checks(iocb, from);
	if (ret <= 0)
		goto out;
	/* Growing the file changes the layout; writing inside it does not. */
	if (!gate && iocb->ki_pos + iov_iter_count(from) > i_size_read(inode)) {
		ret = -EBUSY;
		goto out;
	}
	/* The dump recorded mtime: leave it as recorded, like the layout. */
	ret = file_remove_privs(file);
	if (!ret && gate)
		ret = file_update_time(file);
	if (!ret) {
		ret = generic_perform_write(iocb, from);
		/*
		 * A write that stopped short may have filled a hole past the
		 * end it reached; frozen, it filled none.
		 */
		if (gate && iov_iter_count(from))
			khofs_trim_eof(inode);
	}
out:
	if (gate)
		khofs_layout_end();
	inode_unlock(inode);
	return ret;
}

static long khofs_fallocate(struct file *file, int mode, loff_t offset,
			    loff_t len)
{
	struct inode *inode = file_inode(file);
	loff_t end = offset + len;
	long err;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	inode_lock(inode);
	err = khofs_layout_begin();
	if (err)
		goto out_unlock;
	err = inode_newsize_ok(inode, end);
	if (err)
		goto out;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		filemap_invalidate_lock(inode->i_mapping);
		truncate_pagecache_range(inode, offset, end - 1);
		filemap_invalidate_unlock(inode->i_mapping);
		goto out;
	}
	/* KEEP_SIZE backs nothing past the end: every extent is inside it. */
	err = khofs_alloc_range(inode, offset >> PAGE_SHIFT, (end - 1) >> PAGE_SHIFT,
				khofs_size_pages(mode & FALLOC_FL_KEEP_SIZE ?
						 i_size_read(inode) :
						 max(end, i_size_read(inode))));
	if (!err && !(mode & FALLOC_FL_KEEP_SIZE) && end > i_size_read(inode))
		i_size_write(inode, end);
	if (err)
		khofs_trim_eof(inode);
	if (!err)
		inode_set_mtime_to_ts(inode, inode_set_ctime_current(inode));
out:
	khofs_layout_end();
out_unlock:
	inode_unlock(inode);
	return err;
}

/* Blocks are what the page cache holds: that is the memory the file uses. */
static int khofs_file_getattr(struct mnt_idmap *idmap, const struct path *path,
			      struct kstat *stat, u32 request_mask,
			      unsigned int query_flags)
{
	struct inode *inode = d_inode(path->dentry);

	generic_fillattr(idmap, request_mask, inode, stat);
	stat->blocks = inode->i_mapping->nrpages << (PAGE_SHIFT - 9);
	return 0;
}

const struct inode_operations khofs_file_inode_operations = {
	.setattr	= khofs_setattr,
	.getattr	= khofs_file_getattr,
};

/*
 * No backing store, so no advice has anything to do; and WILLNEED's
 * readahead would fill holes behind the layout gate's back.
 */
static int khofs_fadvise(struct file *file, loff_t offset, loff_t len,
			 int advice)
{
	return 0;
}

const struct file_operations khofs_file_operations = {
	.read_iter		= khofs_read_iter,
	.write_iter		= khofs_write_iter,
	.mmap			= khofs_mmap,
	.fsync			= noop_fsync,
	.splice_read		= copy_splice_read,
	.splice_write		= iter_file_splice_write,
	.llseek			= generic_file_llseek,
	.fallocate		= khofs_fallocate,
	.get_unmapped_area	= thp_get_unmapped_area,
	.fadvise		= khofs_fadvise,
};
