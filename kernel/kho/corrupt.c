// SPDX-License-Identifier: GPL-2.0
/*
 * Corrupting the handed-over blob on purpose, for the hostile tests of
 * any serializer (CONFIG_KEXEC_HANDOVER_CORRUPT; never in production).
 *
 * /sys/kernel/debug/kho/corrupt takes one command per write:
 *
 *	set NODE PROP HEXBYTES	replace PROP's value (same length or shorter)
 *	trunc NODE PROP LEN	keep the first LEN bytes of PROP's value
 *	del NODE PROP		delete PROP
 *	compat NODE STRING	replace NODE's compatible (same length or shorter)
 *	clear			forget every command
 *
 * NODE is a node's path below the root ("kho-meta", "vfio/container@0").
 * A malformed command is refused with -EINVAL, a full list with -ENOSPC;
 * reading the file lists the commands. They are applied, in order, to
 * the outgoing blob when kexec_file_load attaches it to an image, each
 * logging one line; one that does not fit the blob (no such node or
 * property, a longer value) is logged and skipped. Values only shrink,
 * so the blob keeps its size and stays inside the buffer handed over.
 * The edits stay in the blob until the next activation builds it again.
 */
#define pr_fmt(fmt) "KHO corrupt: " fmt

#include <linux/debugfs.h>
#include <linux/hex.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/libfdt.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "internal.h"

#define KHO_CORRUPT_MAX_EDITS	16
#define KHO_CORRUPT_MAX_VAL	256
#define KHO_CORRUPT_MAX_PATH	128
/* "set" NODE PROP and the hex of the longest value, with spaces. */
#define KHO_CORRUPT_MAX_CMD	\
	(4 + KHO_CORRUPT_MAX_PATH + KHO_MAX_NAME_LEN + 2 * KHO_CORRUPT_MAX_VAL + 4)

enum kho_corrupt_op {
	KHO_CORRUPT_SET,
	KHO_CORRUPT_TRUNC,
	KHO_CORRUPT_DEL,
	KHO_CORRUPT_COMPAT,
};

/**
 * struct kho_corrupt_edit - one command
 * @op: what to do
 * @path: "/" and the node's path below the root
 * @prop: the property
 * @val: its new value (set, compat: the string and its NUL)
 * @len: bytes of @val, or the length to keep (trunc)
 * @cmd: the command as written, for the file and the log
 */
struct kho_corrupt_edit {
	enum kho_corrupt_op op;
	char path[KHO_CORRUPT_MAX_PATH + 1];
	char prop[KHO_MAX_NAME_LEN + 1];
	u8 val[KHO_CORRUPT_MAX_VAL];
	u32 len;
	char cmd[KHO_CORRUPT_MAX_CMD];
};

static DEFINE_MUTEX(kho_corrupt_lock);
static struct kho_corrupt_edit kho_corrupt_edits[KHO_CORRUPT_MAX_EDITS];
static unsigned int kho_corrupt_n;

static int kho_corrupt_apply_one(void *fdt, const struct kho_corrupt_edit *e)
{
	int node, len, err;
	void *unused;

	node = fdt_path_offset(fdt, e->path);
	if (node < 0)
		return node;
	if (!fdt_getprop(fdt, node, e->prop, &len))
		return len;
	switch (e->op) {
	case KHO_CORRUPT_SET:
	case KHO_CORRUPT_COMPAT:
		/* Only ever shrinks: the blob cannot outgrow its buffer. */
		if (e->len > len)
			return -FDT_ERR_NOSPACE;
		err = fdt_setprop(fdt, node, e->prop, e->val, e->len);
		break;
	case KHO_CORRUPT_TRUNC:
		if (e->len > len)
			return -FDT_ERR_NOSPACE;
		/* Resized in place: the first e->len bytes stay. */
		err = fdt_setprop_placeholder(fdt, node, e->prop, e->len, &unused);
		break;
	case KHO_CORRUPT_DEL:
		err = fdt_delprop(fdt, node, e->prop);
		break;
	default:
		err = -FDT_ERR_BADVALUE;
	}
	return err;
}

/**
 * kho_corrupt_apply() - apply the corrupt commands to the outgoing blob
 * @fdt: the finished blob a kexec image is being given
 *
 * Called under kho_out.lock by kho_fill_setup_data(). The blob keeps its
 * total size: properties only shrink or go.
 */
void kho_corrupt_apply(void *fdt)
{
	unsigned int i;
	int err;

	mutex_lock(&kho_corrupt_lock);
	for (i = 0; i < kho_corrupt_n; i++) {
		const struct kho_corrupt_edit *e = &kho_corrupt_edits[i];

		err = kho_corrupt_apply_one(fdt, e);
		if (err)
			pr_warn("not applied: %s: %s\n", e->cmd,
				err == -FDT_ERR_NOSPACE ? "longer than the property" :
				fdt_strerror(err));
		else
			pr_warn("applied to the handed-over blob: %s\n", e->cmd);
	}
	mutex_unlock(&kho_corrupt_lock);
}

/* NODE: a path below the root, "/" prepended; PROP: a property name. */
static int kho_corrupt_names(struct kho_corrupt_edit *e, const char *node,
			     const char *prop)
{
	if (!*node || *node == '/' ||
	    strlen(node) >= sizeof(e->path) - 1 ||
	    !*prop || strlen(prop) >= sizeof(e->prop))
		return -EINVAL;
	snprintf(e->path, sizeof(e->path), "/%s", node);
	strscpy(e->prop, prop, sizeof(e->prop));
	return 0;
}

/* Parse one command into @e; "clear" gives 1. */
static int kho_corrupt_parse(char *buf, struct kho_corrupt_edit *e)
{
	char *argv[4], *tok;
	int argc = 0;
	size_t n;

	while ((tok = strsep(&buf, " \t\n"))) {
		if (!*tok)
			continue;
		if (argc == ARRAY_SIZE(argv))
			return -EINVAL;
		argv[argc++] = tok;
	}
	if (argc == 1 && !strcmp(argv[0], "clear"))
		return 1;
	if (argc == 4 && !strcmp(argv[0], "set")) {
		n = strlen(argv[3]);
		if (!n || n % 2 || n / 2 > sizeof(e->val) ||
		    hex2bin(e->val, argv[3], n / 2))
			return -EINVAL;
		e->op = KHO_CORRUPT_SET;
		e->len = n / 2;
	} else if (argc == 4 && !strcmp(argv[0], "trunc")) {
		if (kstrtou32(argv[3], 0, &e->len))
			return -EINVAL;
		e->op = KHO_CORRUPT_TRUNC;
	} else if (argc == 3 && !strcmp(argv[0], "del")) {
		e->op = KHO_CORRUPT_DEL;
	} else if (argc == 3 && !strcmp(argv[0], "compat")) {
		n = strlen(argv[2]);
		if (n >= sizeof(e->val))
			return -EINVAL;
		memcpy(e->val, argv[2], n + 1);
		e->op = KHO_CORRUPT_COMPAT;
		e->len = n + 1;
		argv[2] = KHO_COMPATIBLE_PROP;
	} else {
		return -EINVAL;
	}
	if (kho_corrupt_names(e, argv[1], argv[2]))
		return -EINVAL;
	if (e->op == KHO_CORRUPT_COMPAT)
		snprintf(e->cmd, sizeof(e->cmd), "compat %s %s", argv[1],
			 (char *)e->val);
	else if (e->op == KHO_CORRUPT_SET)
		snprintf(e->cmd, sizeof(e->cmd), "set %s %s %*phN", argv[1],
			 argv[2], (int)min_t(u32, e->len, 64), e->val);
	else if (e->op == KHO_CORRUPT_TRUNC)
		snprintf(e->cmd, sizeof(e->cmd), "trunc %s %s %u", argv[1],
			 argv[2], e->len);
	else
		snprintf(e->cmd, sizeof(e->cmd), "del %s %s", argv[1], argv[2]);
	return 0;
}

static ssize_t kho_corrupt_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct kho_corrupt_edit *e;
	char *buf;
	int ret;

	if (count >= KHO_CORRUPT_MAX_CMD)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	/* A NUL inside would silently cut the command short. */
	if (strlen(buf) != count) {
		ret = -EINVAL;
		goto out_buf;
	}
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e) {
		ret = -ENOMEM;
		goto out_buf;
	}
	ret = kho_corrupt_parse(buf, e);
	if (ret < 0)
		goto out;

	mutex_lock(&kho_corrupt_lock);
	if (ret == 1) {
		kho_corrupt_n = 0;
		ret = 0;
	} else if (kho_corrupt_n == ARRAY_SIZE(kho_corrupt_edits)) {
		ret = -ENOSPC;
	} else {
		kho_corrupt_edits[kho_corrupt_n++] = *e;
	}
	mutex_unlock(&kho_corrupt_lock);
out:
	kfree(e);
out_buf:
	kfree(buf);
	return ret ? ret : count;
}

static int kho_corrupt_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&kho_corrupt_lock);
	for (i = 0; i < kho_corrupt_n; i++)
		seq_printf(m, "%s\n", kho_corrupt_edits[i].cmd);
	mutex_unlock(&kho_corrupt_lock);
	return 0;
}

static int kho_corrupt_open(struct inode *inode, struct file *file)
{
	return single_open(file, kho_corrupt_show, NULL);
}

static const struct file_operations kho_corrupt_fops = {
	.owner = THIS_MODULE,
	.open = kho_corrupt_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = kho_corrupt_write,
};

static int __init kho_corrupt_init(void)
{
	struct dentry *dir = debugfs_create_dir("kho", NULL);

	debugfs_create_file("corrupt", 0600, dir, NULL, &kho_corrupt_fops);
	return 0;
}
late_initcall(kho_corrupt_init);
