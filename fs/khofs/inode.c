// SPDX-License-Identifier: GPL-2.0
/*
 * khofs: the super block, inodes, directories and the layout gate.
 *
 * There is one instance, made at boot by an internal mount and restored
 * from the KHO blob when the old kernel left a khofs node; every
 * "mount -t khofs" shows that same tree. Files are page-cache folios that
 * never move and are never reclaimed, so a KHO dump can record where each
 * one is and the next kernel finds the same bytes in the same pages.
 *
 * The layout (which inodes exist, their names, modes, owners and sizes,
 * which folios back a file) is frozen while a KHO dump is active: every
 * change fails with -EBUSY until the dump is aborted or the kexec happens.
 * Writes into existing folios, through write() or a mapping, go on.
 */
#define pr_fmt(fmt) "khofs: " fmt

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/init.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/time.h>
#include <linux/kho/abi/khofs.h>
#include "internal.h"

struct khofs khofs = {
	.tree_lock = __MUTEX_INITIALIZER(khofs.tree_lock),
	.gate_lock = __SPIN_LOCK_UNLOCKED(khofs.gate_lock),
	.gate_wait = __WAIT_QUEUE_HEAD_INITIALIZER(khofs.gate_wait),
};

static struct kmem_cache *khofs_inode_cachep;
static struct vfsmount *khofs_mnt;

/**
 * khofs_layout_begin() - start a change of the layout
 *
 * Changes may nest (a write that faults on a mapping of a hole). The
 * freeze does not wait for new ones, it makes them fail, so nesting cannot
 * deadlock against it.
 *
 * Return: 0, or -EBUSY while a KHO dump holds the layout.
 */
int khofs_layout_begin(void)
{
	int err = 0;

	spin_lock(&khofs.gate_lock);
	if (khofs.frozen)
		err = -EBUSY;
	else
		khofs.busy++;
	spin_unlock(&khofs.gate_lock);
	return err;
}

/** khofs_layout_end() - a change started by khofs_layout_begin() is done */
void khofs_layout_end(void)
{
	spin_lock(&khofs.gate_lock);
	if (!--khofs.busy)
		wake_up_all(&khofs.gate_wait);
	spin_unlock(&khofs.gate_lock);
}

/* The tree */

/**
 * khofs_tree_link() - give an inode its name in a directory of the tree
 * @dir: the directory
 * @ki: the inode, not yet in the tree
 * @name: its name, copied
 * @len: length of @name
 *
 * Return: 0 or -ENOMEM.
 */
int khofs_tree_link(struct khofs_inode *dir, struct khofs_inode *ki,
		    const char *name, u32 len)
{
	char *copy = kmemdup(name, len, GFP_KERNEL);

	if (!copy)
		return -ENOMEM;
	mutex_lock(&khofs.tree_lock);
	ki->parent = dir;
	ki->name = copy;
	ki->name_len = len;
	list_add_tail(&ki->sibling, &dir->children);
	khofs.nr_named++;
	mutex_unlock(&khofs.tree_lock);
	return 0;
}

/**
 * khofs_tree_unlink() - take an inode out of the tree (idempotent)
 * @ki: the inode
 */
void khofs_tree_unlink(struct khofs_inode *ki)
{
	mutex_lock(&khofs.tree_lock);
	if (ki->parent) {
		list_del_init(&ki->sibling);
		ki->parent = NULL;
		khofs.nr_named--;
	}
	kfree(ki->name);
	ki->name = NULL;
	ki->name_len = 0;
	mutex_unlock(&khofs.tree_lock);
}

/* Inodes */

static struct inode *khofs_alloc_inode(struct super_block *sb)
{
	struct khofs_inode *ki = alloc_inode_sb(sb, khofs_inode_cachep, GFP_KERNEL);

	if (!ki)
		return NULL;
	ki->parent = NULL;
	ki->name = NULL;
	ki->name_len = 0;
	INIT_LIST_HEAD(&ki->children);
	INIT_LIST_HEAD(&ki->sibling);
	return &ki->vfs;
}

static void khofs_free_inode(struct inode *inode)
{
	kmem_cache_free(khofs_inode_cachep, KHOFS_I(inode));
}

static void khofs_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	khofs_tree_unlink(KHOFS_I(inode));
}

static const struct inode_operations khofs_dir_inode_operations;

/**
 * khofs_new_inode() - a new file or directory inode, not yet in the tree
 * @sb: the khofs super block
 * @dir: the directory it is made in (for the group), or NULL
 * @mode: S_IFREG or S_IFDIR and permission bits
 *
 * Return: the inode (owned by the current fsuid/fsgid), or NULL.
 */
struct inode *khofs_new_inode(struct super_block *sb, const struct inode *dir,
			      umode_t mode)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = get_next_ino();
	inode_init_owner(&nop_mnt_idmap, inode, dir, mode);
	simple_inode_init_ts(inode);
	/* Never reclaimed, never migrated, never from scratch (CMA). */
	mapping_set_gfp_mask(inode->i_mapping, GFP_HIGHUSER);
	mapping_set_unevictable(inode->i_mapping);
	mapping_set_large_folios(inode->i_mapping);
	inode->i_mapping->a_ops = &khofs_aops;
	if (S_ISDIR(mode)) {
		inode->i_op = &khofs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);
	} else {
		inode->i_op = &khofs_file_inode_operations;
		inode->i_fop = &khofs_file_operations;
	}
	return inode;
}

/* Directories */

static int khofs_make(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode;
	int err;

	if (dentry->d_name.len > KHOFS_NAME_MAX)
		return -ENAMETOOLONG;
	err = khofs_layout_begin();
	if (err)
		return err;
	err = -ENOSPC;
	inode = khofs_new_inode(dir->i_sb, dir, mode);
	if (!inode)
		goto out;
	err = khofs_tree_link(KHOFS_I(dir), KHOFS_I(inode), dentry->d_name.name,
			      dentry->d_name.len);
	if (err) {
		iput(inode);
		goto out;
	}
	if (S_ISDIR(mode))
		inc_nlink(dir);
	d_instantiate(dentry, inode);
	dget(dentry);	/* pinned: the dcache is this filesystem's namespace */
	inode_set_mtime_to_ts(dir, inode_set_ctime_current(dir));
out:
	khofs_layout_end();
	return err;
}

static int khofs_create(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, bool excl)
{
	return khofs_make(dir, dentry, (mode & S_IALLUGO) | S_IFREG);
}

static int khofs_mkdir(struct mnt_idmap *idmap, struct inode *dir,
		       struct dentry *dentry, umode_t mode)
{
	return khofs_make(dir, dentry, (mode & S_IALLUGO) | S_IFDIR);
}

static int khofs_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	int err = khofs_layout_begin();

	if (err)
		return err;
	khofs_tree_unlink(KHOFS_I(inode));
	err = simple_unlink(dir, dentry);
	khofs_layout_end();
	return err;
}

static int khofs_rmdir(struct inode *dir, struct dentry *dentry)
{
	int err = khofs_layout_begin();

	if (err)
		return err;
	if (!simple_empty(dentry)) {
		err = -ENOTEMPTY;
	} else {
		khofs_tree_unlink(KHOFS_I(d_inode(dentry)));
		err = simple_rmdir(dir, dentry);
	}
	khofs_layout_end();
	return err;
}

static int khofs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
			struct dentry *old_dentry, struct inode *new_dir,
			struct dentry *new_dentry, unsigned int flags)
{
	struct khofs_inode *ki = KHOFS_I(d_inode(old_dentry));
	struct inode *target = d_inode(new_dentry);
	char *name;
	int err;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	if (new_dentry->d_name.len > KHOFS_NAME_MAX)
		return -ENAMETOOLONG;
	err = khofs_layout_begin();
	if (err)
		return err;
	err = -ENOMEM;
	name = kmemdup(new_dentry->d_name.name, new_dentry->d_name.len, GFP_KERNEL);
	if (!name)
		goto out;
	err = simple_rename(idmap, old_dir, old_dentry, new_dir, new_dentry, flags);
	if (err) {
		kfree(name);
		goto out;
	}
	if (target)
		khofs_tree_unlink(KHOFS_I(target));
	mutex_lock(&khofs.tree_lock);
	list_move_tail(&ki->sibling, &KHOFS_I(new_dir)->children);
	ki->parent = KHOFS_I(new_dir);
	kfree(ki->name);
	ki->name = name;
	ki->name_len = new_dentry->d_name.len;
	mutex_unlock(&khofs.tree_lock);
out:
	khofs_layout_end();
	return err;
}

/**
 * khofs_setattr() - change mode, owners, times or a file's size
 * @idmap: idmap of the mount
 * @dentry: the file or directory
 * @attr: what to change
 *
 * Every change is one of the layout's (the dump records all of them).
 *
 * Return: 0, -EBUSY while a KHO dump holds the layout, or what
 * setattr_prepare() refuses.
 */
int khofs_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
		  struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	int err = setattr_prepare(idmap, dentry, attr);

	if (err)
		return err;
	err = khofs_layout_begin();
	if (err)
		return err;
	if ((attr->ia_valid & ATTR_SIZE) && attr->ia_size != inode->i_size) {
		/* Against a fault filling a hole past the new end (file.c). */
		filemap_invalidate_lock(inode->i_mapping);
		truncate_setsize(inode, attr->ia_size);
		filemap_invalidate_unlock(inode->i_mapping);
	}
	setattr_copy(idmap, inode, attr);
	khofs_layout_end();
	return 0;
}

static const struct inode_operations khofs_dir_inode_operations = {
	.create		= khofs_create,
	.lookup		= simple_lookup,
	.unlink		= khofs_unlink,
	.mkdir		= khofs_mkdir,
	.rmdir		= khofs_rmdir,
	.rename		= khofs_rename,
	.setattr	= khofs_setattr,
};

/* The super block */

static const struct super_operations khofs_super_operations = {
	.alloc_inode	= khofs_alloc_inode,
	.free_inode	= khofs_free_inode,
	.evict_inode	= khofs_evict_inode,
	.drop_inode	= generic_delete_inode,
	.statfs		= simple_statfs,
};

static int khofs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct inode *root;

	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = KHOFS_MAGIC;
	sb->s_op = &khofs_super_operations;
	sb->s_time_gran = 1;
	root = khofs_new_inode(sb, NULL, S_IFDIR | 0755);
	if (!root)
		return -ENOMEM;
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		return -ENOMEM;
	khofs.sb = sb;
	return 0;
}

static int khofs_get_tree(struct fs_context *fc)
{
	return get_tree_single(fc, khofs_fill_super);
}

static const struct fs_context_operations khofs_context_ops = {
	.get_tree	= khofs_get_tree,
};

static int khofs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &khofs_context_ops;
	return 0;
}

static struct file_system_type khofs_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "khofs",
	.init_fs_context	= khofs_init_fs_context,
	.kill_sb		= kill_litter_super,
};

static void khofs_inode_once(void *p)
{
	struct khofs_inode *ki = p;

	inode_init_once(&ki->vfs);
}

/*
 * At boot, before any VMM can come back for its guest RAM: make the one
 * instance and restore the tree the old kernel left, if any. Whether or
 * not it comes back, the filesystem is there and empty at worst.
 */
static int __init khofs_init(void)
{
	int err;

	khofs_inode_cachep = kmem_cache_create("khofs_inode_cache",
					       sizeof(struct khofs_inode), 0,
					       SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT,
					       khofs_inode_once);
	if (!khofs_inode_cachep)
		return -ENOMEM;
	err = register_filesystem(&khofs_fs_type);
	if (err)
		goto out_cache;
	khofs_mnt = kern_mount(&khofs_fs_type);
	if (IS_ERR(khofs_mnt)) {
		err = PTR_ERR(khofs_mnt);
		goto out_unregister;
	}
	khofs_kho_restore(khofs.sb);
	err = khofs_kho_init();
	if (err)
		pr_err("cannot register the KHO serializer (%d): nothing will be preserved\n",
		       err);
	return 0;

out_unregister:
	unregister_filesystem(&khofs_fs_type);
out_cache:
	kmem_cache_destroy(khofs_inode_cachep);
	return err;
}
fs_initcall(khofs_init);
