/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_KHO_ABI_KHOFS_H
#define _LINUX_KHO_ABI_KHOFS_H

#include <linux/types.h>

/**
 * DOC: khofs node (khofs-v1)
 *
 * Node ``khofs``, ``compatible = "khofs-v1"``: the tree of the preserved
 * memory filesystem (fs/khofs, ``mount -t khofs``), whose file data stays
 * in place across the kexec. All integers are in the CPU's native byte
 * order (little endian on x86-64); structs are packed.
 *
 * - ``mem``: struct kho_mem[] (abi/kho.h): the pages of every extent, and
 *   nothing else (adjacent extents may share one range).
 * - ``inodes``: struct khofs_inode_rec[], at least one. Record 0 is the
 *   root directory (``parent`` 0, no name; its ``name_off`` is not read).
 *   Every other record names its parent, a directory with a lower index,
 *   and the records 1..n-1 are sorted by (``parent``, name) with no two
 *   equal: parents come before their children, no directory holds a name
 *   twice, and a directory's entries are one run of records. Names
 *   compare as unsigned bytes: memcmp() over the shorter length, then the
 *   shorter name first ("a" < "ab" < "b"; no locale, no case folding). A
 *   directory has ``size`` 0, a file at most %KHOFS_SIZE_MAX.
 * - ``names``: the bytes of every name, not terminated; a record's name is
 *   ``names[name_off .. name_off + name_len)``: 1 to %KHOFS_NAME_MAX bytes,
 *   no ``/`` and no NUL, not ``.`` or ``..``. Absent when only the root
 *   exists.
 * - ``extents``: struct khofs_extent_rec[]: the file data, one record per
 *   physically contiguous, naturally aligned block of 2^order pages,
 *   sorted by (``inode``, ``index``), not overlapping in a file. Only
 *   regular files have extents; a file's pages without one read as
 *   zeroes. ``phys`` is not 0 and the block does not wrap around; only
 *   the first page of a block must be below the file's size (the tail of
 *   a 2 MiB block may lie past the end of a smaller file). Every extent
 *   lies inside ``mem`` and no two share a page; ``mem`` adds up to the
 *   bytes of all extents. Absent when no file has data.
 *
 * A page is the kernel's page (PAGE_SIZE: 4 KiB on x86-64), for ``mem``
 * as for the extents. Properties other than these are not read.
 *
 * The data pages themselves are not described: they are the file's bytes
 * as the old kernel last saw them. Other nodes may point into a file's
 * extents (VFIO DMA chunks of guest RAM, abi/vfio.h); the new kernel
 * keeps those pages alive for them.
 */
#define KHOFS_NODE		"khofs"
#define KHOFS_COMPATIBLE	"khofs-v1"
#define KHOFS_NAME_MAX		255
#define KHOFS_MAX_ORDER		9	/* 2 MiB extents with 4 KiB pages */
#define KHOFS_SIZE_MAX		0x7fffffffffffffffULL	/* a file's size, as loff_t */

/* struct khofs_inode_rec.mode: S_IFREG or S_IFDIR plus permission bits */
#define KHOFS_S_IFMT		0170000
#define KHOFS_S_IFDIR		0040000
#define KHOFS_S_IFREG		0100000
#define KHOFS_MODE_PERM		07777

/* The names above are also read by assembly (the manifest, accept.h). */
#ifndef __ASSEMBLY__

/**
 * struct khofs_inode_rec - one file or directory
 * @parent: index of the parent directory's record (0 for the root itself)
 * @mode: KHOFS_S_IFREG or KHOFS_S_IFDIR | permission bits (07777)
 * @uid: owner, in the initial user namespace
 * @gid: group, in the initial user namespace
 * @size: file size in bytes, at most %KHOFS_SIZE_MAX (0 for a directory)
 * @mtime_ns: last modification, nanoseconds since the epoch
 * @name_off: offset of the name in ``names``
 * @name_len: length of the name (0 only for the root)
 */
struct khofs_inode_rec {
	u32 parent;
	u32 mode;
	u32 uid;
	u32 gid;
	u64 size;
	u64 mtime_ns;
	u32 name_off;
	u32 name_len;
} __packed;

/**
 * struct khofs_extent_rec - one block of a file's data
 * @phys: physical address of the block, aligned to its size
 * @index: page offset of the block in the file, a multiple of 2^@order,
 *	below the file's size in pages
 * @inode: index of the file's record
 * @order: the block is 2^@order pages, at most %KHOFS_MAX_ORDER
 */
struct khofs_extent_rec {
	u64 phys;
	u64 index;
	u32 inode;
	u32 order;
} __packed;

#endif /* !__ASSEMBLY__ */

#endif /* _LINUX_KHO_ABI_KHOFS_H */
