/* SPDX-License-Identifier: GPL-2.0 */
/* State shared between the files of kernel/kho/. */
#ifndef _KERNEL_KHO_INTERNAL_H
#define _KERNEL_KHO_INTERNAL_H

#include <linux/mutex.h>
#include <linux/kho/abi/kho.h>
#include <linux/kho/blob.h>
#include <linux/kho/map.h>

struct boot_params;
struct kimage;
struct kobject;

/**
 * struct kho_outgoing - the blob this kernel hands over
 * @lock: serializes activation, abort and sysfs; activation and abort
 *	also hold the kexec lock, so they never overlap a kexec load
 * @active: the blob is built and will be attached by kexec -s
 * @fdt: the blob, physically contiguous, @alloc_size bytes
 * @alloc_size: size of the buffer @fdt points to
 * @dt_max: buffer size to use for the next activation
 * @map: what the serializers preserve, collected during the dump
 * @lay: the map's encoding
 * @chunk: the map's chunks, in chain (ascending address) order
 * @chunk_phys: their physical addresses
 * @ref: the root's mem-map
 * @mem: @map grouped per node, for the outgoing node checks
 *
 * Which kexec image carries the blob is marked in the image itself
 * (struct kimage's kho_blob), not remembered here: a pointer outlived
 * the image it named.
 */
struct kho_outgoing {
	struct mutex lock;
	bool active;
	void *fdt;
	size_t alloc_size;
	size_t dt_max;
	struct kho_map_builder map;
	struct kho_map_layout lay;
	void **chunk;
	u64 *chunk_phys;
	struct kho_map_ref ref;
	struct kho_blob_mem mem;
};

extern struct kho_outgoing kho_out;

/* This kernel's scratch range; len is 0 without kho_scratch=. */
extern struct kho_mem kho_scratch;

#define KHO_DT_MAX_DEFAULT	SZ_1M

int kho_sysfs_incoming_init(void);
ssize_t kho_map_read(const struct kho_map_ref *ref, char *buf, loff_t pos,
		     size_t count);
extern const struct kho_map_src kho_map_src_direct;

/* incoming.c and reserve.c: the map from check to consumption */
const void *kho_incoming_unconsumed(u64 *runs);
int kho_incoming_map_iter(struct kho_map_iter *it);
void kho_incoming_reserved(u64 cycles);
void kho_incoming_refuse_late(const char *why);
void kho_scratch_only_begin(u64 addr, u64 len);
bool kho_scratch_only_active(void);

/* accept.c: what this kernel accepts (include/linux/kho/accept.h) */
struct kho_manifest;
extern const struct kho_manifest kho_self_manifest;
ssize_t kho_self_manifest_show(char *buf);

/* preflight.c: the sysfs knob and the kexec -e side of an override */
ssize_t kho_preflight_show(char *buf);
int kho_preflight_store(const char *buf);
unsigned long kho_preflight_refused_steps(void);
bool kho_preflight_stops_all(const struct kimage *image);

/* device.c: the kept devices the pre-flight weighs */
unsigned long kho_devs_dumped_steps(void);
const char *kho_dev_step_node(unsigned int step);

/* core.c: kho_nodes_check() with its workspace, for both sides */
struct kho_nodes_report;
int kho_check_nodes(const void *fdt,
		    void (*refuse)(void *ctx, int node, const char *why),
		    void *ctx, struct kho_nodes_report *rep, char *why,
		    size_t len);

/* device.c: the kept devices follow the dump's freeze, success and abort */
void kho_devs_freeze(void);
void kho_devs_dumped(void);
void kho_devs_thaw(void);

/* stop_early.c */
void kho_stop_masters_early(void);

#ifdef CONFIG_KEXEC_HANDOVER_TEST
void kho_test_corrupt(void *fdt, struct kho_setup_data *kho,
		      struct kimage *image, const struct boot_params *params,
		      unsigned long params_load_addr);
#else
static inline void kho_test_corrupt(void *fdt, struct kho_setup_data *kho,
				    struct kimage *image,
				    const struct boot_params *params,
				    unsigned long params_load_addr) { }
#endif

/* corrupt.c: the debugfs corrupt commands, at kexec load */
#ifdef CONFIG_KEXEC_HANDOVER_CORRUPT
void kho_corrupt_apply(void *fdt);
#else
static inline void kho_corrupt_apply(void *fdt) { }
#endif

#endif /* _KERNEL_KHO_INTERNAL_H */
