/* SPDX-License-Identifier: GPL-2.0 */
/*
 * khofs: the preserved memory filesystem. One instance per kernel, made at
 * boot (restored from the KHO blob when the old kernel left one); every
 * mount shows it.
 */
#ifndef _FS_KHOFS_INTERNAL_H
#define _FS_KHOFS_INTERNAL_H

#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#define KHOFS_MAGIC	0x6b686f66	/* "khof" */

/**
 * struct khofs_inode - a khofs inode and its place in the tree
 * @vfs: the VFS inode
 * @parent: parent directory, NULL for the root and for unlinked inodes
 * @children: a directory's entries (struct khofs_inode.sibling)
 * @sibling: entry in the parent's @children
 * @name: name in the parent (not terminated), NULL for the root
 * @name_len: its length
 *
 * The tree duplicates the names the dcache holds so that the dump can walk
 * it with a mutex instead of the dentries' spinlocks; khofs.tree_lock
 * guards @parent, @children, @sibling and @name.
 */
struct khofs_inode {
	struct inode vfs;
	struct khofs_inode *parent;
	struct list_head children;
	struct list_head sibling;
	char *name;
	u32 name_len;
};

static inline struct khofs_inode *KHOFS_I(struct inode *inode)
{
	return container_of(inode, struct khofs_inode, vfs);
}

/**
 * struct khofs - the one instance
 * @sb: its super block, kept alive by an internal mount
 * @tree_lock: guards the tree (struct khofs_inode) and @nr_named
 * @nr_named: inodes in the tree besides the root
 * @gate_lock: guards @frozen and @busy
 * @frozen: a KHO dump holds the layout; layout changes fail with -EBUSY
 * @busy: layout changes in progress (the freeze waits for them)
 * @gate_wait: woken when @busy drops to zero
 */
struct khofs {
	struct super_block *sb;
	struct mutex tree_lock;
	size_t nr_named;
	spinlock_t gate_lock;
	bool frozen;
	unsigned int busy;
	wait_queue_head_t gate_wait;
};

extern struct khofs khofs;
extern const struct address_space_operations khofs_aops;
extern const struct file_operations khofs_file_operations;
extern const struct inode_operations khofs_file_inode_operations;

int khofs_layout_begin(void);
void khofs_layout_end(void);

struct inode *khofs_new_inode(struct super_block *sb, const struct inode *dir,
			      umode_t mode);
int khofs_tree_link(struct khofs_inode *dir, struct khofs_inode *ki,
		    const char *name, u32 len);
void khofs_tree_unlink(struct khofs_inode *ki);
int khofs_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
		  struct iattr *attr);
int khofs_alloc_range(struct inode *inode, pgoff_t first, pgoff_t last,
		      pgoff_t limit);

int khofs_kho_init(void);
int khofs_kho_restore(struct super_block *sb);

#endif /* _FS_KHOFS_INTERNAL_H */
