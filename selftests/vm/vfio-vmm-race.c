// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-vmm stage1's freeze race (vmtest vfio-freeze-race): while the stage
 * script cycles KHO between a dump and an abort (echo 1, echo 0 >
 * /sys/kernel/kho/active), one thread maps and unmaps a scratch range of
 * the kept device's container (IOVA_SCRATCH, clear of the buffer that must
 * survive) and another sets the device's keepalive with the same token,
 * both as fast as they can. The kernel freezes the container and the
 * keepalive setting from the freeze until the abort, so every call must
 * either succeed or fail with EBUSY.
 *
 * On the FIFO: "race-start" starts the two threads; "race-stop" stops
 * them, unmaps the scratch range if it is mapped, prints
 * "RACE <counts>" and the checks: no other errno, and each of the three
 * calls both succeeded and got EBUSY at least once (so the race window
 * was hit). Each command ends with "phase-done <command>".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "vfio-vmm.h"

/* The first few calls that failed otherwise are logged, then only counted. */
#define RACE_LOG_MAX	8

struct race_calls {
	unsigned long ok;
	unsigned long busy;
	unsigned long other;
};

static struct race {
	struct vmm *v;
	uint8_t tok[16];
	uint8_t *scratch;
	bool mapped;
	atomic_bool stop;
	atomic_int logged;
	bool running;
	pthread_t dma_thread, keep_thread;
	struct race_calls map, unmap, set;
} race;

/* race_count: one call's outcome, RET 0 or -errno; DETAIL for a surprise. */
static void race_count(struct race_calls *c, const char *call, int ret, const char *detail)
{
	if (!ret) {
		c->ok++;
		return;
	}
	if (ret == -EBUSY) {
		c->busy++;
		return;
	}
	c->other++;
	if (atomic_fetch_add(&race.logged, 1) < RACE_LOG_MAX)
		fprintf(stderr, "vfio-vmm: race: %s: %s%s\n", call, strerror(-ret), detail);
}

/* race_dma: MAP_DMA the scratch range when it is unmapped, else UNMAP_DMA it. */
static void *race_dma(void *arg)
{
	int64_t n;

	(void)arg;
	while (!atomic_load(&race.stop)) {
		if (!race.mapped) {
			int ret = dma_map(race.v, race.scratch, IOVA_SCRATCH) ? -errno : 0;

			race_count(&race.map, "MAP_DMA", ret, "");
			race.mapped = !ret;
			continue;
		}
		n = dma_unmap(race.v, IOVA_SCRATCH, BUF_SIZE);
		if (n == BUF_SIZE) {
			race_count(&race.unmap, "UNMAP_DMA", 0, "");
			race.mapped = false;
		} else {
			/* A short unmap is a failure too (EIO stands in for it). */
			race_count(&race.unmap, "UNMAP_DMA", n < 0 ? -errno : -EIO,
				   n < 0 ? "" : " (returned a size other than 8192)");
		}
	}
	return NULL;
}

/* race_keep: SET KEEP with the token the device is already kept with. */
static void *race_keep(void *arg)
{
	struct vfio_device_feature_kho_keepalive ka;

	(void)arg;
	while (!atomic_load(&race.stop)) {
		memset(&ka, 0, sizeof(ka));
		ka.flags = VFIO_KHO_KEEPALIVE_KEEP;
		memcpy(ka.token, race.tok, 16);
		race_count(&race.set, "SET KEEP", keepalive(race.v, VFIO_DEVICE_FEATURE_SET, &ka),
			   "");
	}
	return NULL;
}

void race_start(struct vmm *v, const uint8_t tok[16])
{
	if (!race.running) {
		race.v = v;
		memcpy(race.tok, tok, 16);
		race.scratch = alloc_buffer();
		atomic_store(&race.stop, false);
		require(!pthread_create(&race.dma_thread, NULL, race_dma, NULL) &&
			!pthread_create(&race.keep_thread, NULL, race_keep, NULL),
			"race: MAP/UNMAP_DMA and SET KEEP threads started", "%m");
		race.running = true;
	}
	printf("phase-done race-start\n");
	fflush(stdout);
}

/* race_both: C both succeeded and got EBUSY at least once. */
static void race_both(const struct race_calls *c, const char *call)
{
	char what[96];

	snprintf(what, sizeof(what), "race: %s succeeded at least once", call);
	expect(c->ok > 0, what, "%lu successes, %lu EBUSY", c->ok, c->busy);
	snprintf(what, sizeof(what), "race: %s failed with EBUSY at least once", call);
	expect(c->busy > 0, what, "%lu successes, %lu EBUSY", c->ok, c->busy);
}

void race_stop(void)
{
	int64_t n = BUF_SIZE;

	if (race.running) {
		atomic_store(&race.stop, true);
		pthread_join(race.dma_thread, NULL);
		pthread_join(race.keep_thread, NULL);
		race.running = false;
		if (race.mapped)
			n = dma_unmap(race.v, IOVA_SCRATCH, BUF_SIZE);
		race.mapped = n != BUF_SIZE;
	}
	printf("RACE map_ok=%lu map_ebusy=%lu map_other=%lu unmap_ok=%lu unmap_ebusy=%lu "
	       "unmap_other=%lu set_ok=%lu set_ebusy=%lu set_other=%lu\n",
	       race.map.ok, race.map.busy, race.map.other, race.unmap.ok, race.unmap.busy,
	       race.unmap.other, race.set.ok, race.set.busy, race.set.other);
	expect(!race.map.other && !race.unmap.other && !race.set.other,
	       "race: every MAP_DMA, UNMAP_DMA and SET KEEP succeeded or failed with EBUSY",
	       "%lu MAP_DMA, %lu UNMAP_DMA, %lu SET KEEP failed otherwise", race.map.other,
	       race.unmap.other, race.set.other);
	race_both(&race.map, "MAP_DMA of the scratch range");
	race_both(&race.unmap, "UNMAP_DMA of the scratch range");
	race_both(&race.set, "SET KEEP with the same token");
	expect(!race.mapped, "race: the scratch range is left unmapped",
	       "UNMAP_DMA returned %" PRId64 ": %m", n);
	printf("phase-done race-stop\n");
	fflush(stdout);
}
