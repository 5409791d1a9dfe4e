/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kexec handover (KHO): subsystems serialize live state into one FDT that
 * kexec_file_load hands to the next kernel with the memory the state
 * lives in. See docs/ in the KHO tree and include/linux/kho/abi/kho.h.
 */
#ifndef _LINUX_KHO_H
#define _LINUX_KHO_H

#include <linux/errno.h>
#include <linux/notifier.h>
#include <linux/types.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/blob.h>

/**
 * enum kho_event - what a KHO notifier is asked to do
 * @KHO_DUMP: write your node into the blob (the notifier's data is the
 *	blob under construction, a libfdt sequential-write buffer). Use
 *	kho_node_begin(), kho_node_add_mem() or kho_preserve_phys() and
 *	kho_preserve_folio(), and kho_node_end(). Return
 *	notifier_from_errno() of a negative errno to fail the whole dump.
 *	Every serializer got @KHO_FREEZE before the first @KHO_DUMP.
 * @KHO_ABORT: the dump was abandoned (userspace wrote 0 to
 *	/sys/kernel/kho/active, or a notifier failed): thaw and free what
 *	@KHO_FREEZE and @KHO_DUMP set aside. Sent to every notifier, also
 *	those that were not frozen or did not dump yet. The data pointer is
 *	NULL.
 * @KHO_FREEZE: stop the state you will dump from changing (map/unmap,
 *	keepalive changes return -EBUSY from now until @KHO_ABORT or the
 *	kexec). Sent to every notifier before any of them dumps. The data
 *	pointer is NULL.
 */
enum kho_event {
	KHO_DUMP = 1,
	KHO_ABORT = 2,
	KHO_FREEZE = 3,
};

struct folio;
struct kimage;
struct kexec_buf;
struct boot_params;
struct resource;

#ifdef CONFIG_KEXEC_HANDOVER

int register_kho_notifier(struct notifier_block *nb);
int unregister_kho_notifier(struct notifier_block *nb);
bool kho_handover_pending(void);
int kho_preserve_phys(phys_addr_t addr, u64 len);
int kho_preserve_folio(struct folio *folio);

/* Incoming side, for the subsystems of the new kernel */
/* /sys/firmware/kho once a late_initcall made it, NULL without a blob. */
extern struct kobject *kho_firmware_kobj;
const void *kho_incoming_fdt(void);
int kho_find_node(const char *name, const char *compatible);
int kho_find_node_accepted(const char *name, const char **compatible);
int kho_claim_node_mem(int node);
void kho_return_mem(phys_addr_t addr, u64 len);
struct folio *kho_claimed_folio(phys_addr_t phys, unsigned int order);
bool kho_incoming_preserved(phys_addr_t addr, u64 len);

/* Hooks called from arch and kexec code */
void __init kho_boot_params_found(unsigned long pa);
void __init kho_setup_data_found(u64 pa_data, u32 data_len);
void __init kho_reserve_incoming(void);
void __init kho_reserve_scratch(void);
void __init kho_memory_init(void);
bool kho_memblock_clamp(phys_addr_t *start, phys_addr_t *end);
bool kho_scratch_exhausted(phys_addr_t size, phys_addr_t start,
			   phys_addr_t end, int nid, unsigned int flags);
unsigned long kho_setup_data_size(void);
void kho_fill_setup_data(struct kimage *image, struct boot_params *params,
			 unsigned long params_load_addr,
			 unsigned long setup_data_offset);
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *, void *));
int kho_preflight(struct kimage *image, const void *kernel,
		  unsigned long kernel_len);

#else /* !CONFIG_KEXEC_HANDOVER */

static inline int register_kho_notifier(struct notifier_block *nb)
{
	return -EOPNOTSUPP;
}

static inline int unregister_kho_notifier(struct notifier_block *nb)
{
	return -EOPNOTSUPP;
}

static inline bool kho_handover_pending(void)
{
	return false;
}

static inline int kho_preserve_phys(phys_addr_t addr, u64 len)
{
	return -EOPNOTSUPP;
}

static inline int kho_preserve_folio(struct folio *folio)
{
	return -EOPNOTSUPP;
}

#define kho_firmware_kobj	((struct kobject *)NULL)

static inline const void *kho_incoming_fdt(void)
{
	return NULL;
}

static inline int kho_find_node(const char *name, const char *compatible)
{
	return -ENOENT;
}

static inline int kho_find_node_accepted(const char *name,
					 const char **compatible)
{
	return -ENOENT;
}

static inline int kho_claim_node_mem(int node)
{
	return -ENOENT;
}

static inline void kho_return_mem(phys_addr_t addr, u64 len) { }

static inline struct folio *kho_claimed_folio(phys_addr_t phys,
					      unsigned int order)
{
	return NULL;
}

static inline bool kho_incoming_preserved(phys_addr_t addr, u64 len)
{
	return false;
}

static inline void kho_boot_params_found(unsigned long pa) { }
static inline void kho_setup_data_found(u64 pa_data, u32 data_len) { }
static inline void kho_reserve_incoming(void) { }
static inline void kho_reserve_scratch(void) { }
static inline void kho_memory_init(void) { }

static inline bool kho_memblock_clamp(phys_addr_t *start, phys_addr_t *end)
{
	return false;
}

static inline bool kho_scratch_exhausted(phys_addr_t size, phys_addr_t start,
					 phys_addr_t end, int nid,
					 unsigned int flags)
{
	return false;
}

static inline unsigned long kho_setup_data_size(void)
{
	return 0;
}

static inline void kho_fill_setup_data(struct kimage *image,
				       struct boot_params *params,
				       unsigned long params_load_addr,
				       unsigned long setup_data_offset) { }

static inline int kho_locate_mem_hole(struct kexec_buf *kbuf,
				      int (*func)(struct resource *, void *))
{
	return 1;
}

static inline int kho_preflight(struct kimage *image, const void *kernel,
				unsigned long kernel_len)
{
	return 0;
}

#endif /* CONFIG_KEXEC_HANDOVER */

#endif /* _LINUX_KHO_H */
