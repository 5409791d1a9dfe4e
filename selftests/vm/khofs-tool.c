// SPDX-License-Identifier: GPL-2.0
/*
 * khofs-tool: file content and mapping checks for the khofs vmtests.
 *
 *   khofs-tool fill FILE SIZE SEED [mmap|write]   write seeded random bytes;
 *                                                 prints "sum=<hex>"
 *   khofs-tool sum FILE                           prints "sum=<hex>"
 *   khofs-tool pmd FILE                           map and touch all of FILE;
 *                                                 prints "pmd_kib=<n>"
 *   khofs-tool poke FILE OFFSET VALUE GO          map FILE, print "mapped",
 *                                                 wait for file GO, store the
 *                                                 u64 VALUE at OFFSET through
 *                                                 the mapping, print "poked"
 *   khofs-tool peek FILE OFFSET                   prints the u64 at OFFSET
 *   khofs-tool memcpy FILE                        time one memcpy of FILE's
 *                                                 bytes into anonymous memory
 *                                                 (both faulted in first);
 *                                                 prints "memcpy_us=<n>"
 *
 * The checksum is a 64-bit mix of every byte and the length: cheap under
 * TCG, and any changed, lost or moved byte changes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "khofs-tool: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t sum_bytes(const unsigned char *p, size_t len)
{
	uint64_t h = 0, w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = mix(h, w);
	}
	for (; i < len; i++)
		h = mix(h, p[i]);
	return mix(h, len);
}

static uint64_t next_random(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void fill_random(unsigned char *p, size_t len, uint64_t seed)
{
	uint64_t s = seed | 1, w;
	size_t i;

	for (i = 0; i < len; i += 8) {
		w = next_random(&s);
		memcpy(p + i, &w, len - i < 8 ? len - i : 8);
	}
}

static void *map_file(const char *path, int flags, size_t *len)
{
	struct stat st;
	void *p;
	int fd = open(path, flags);

	if (fd < 0)
		die(path);
	if (fstat(fd, &st))
		die("fstat");
	*len = st.st_size;
	if (!*len) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, *len, PROT_READ | (flags == O_RDWR ? PROT_WRITE : 0),
		 MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	close(fd);
	return p;
}

static int cmd_fill(const char *path, size_t size, uint64_t seed, int use_mmap)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	unsigned char *buf;
	uint64_t sum;
	size_t done = 0;

	if (fd < 0)
		die(path);
	if (use_mmap) {
		/* Straight into the mapping: the faults allocate the extents. */
		if (ftruncate(fd, size))
			die("ftruncate");
		buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (buf == MAP_FAILED)
			die("mmap");
		fill_random(buf, size, seed);
		sum = sum_bytes(buf, size);
		munmap(buf, size);
	} else {
		buf = malloc(size ? size : 1);
		if (!buf)
			die("malloc");
		fill_random(buf, size, seed);
		while (done < size) {
			ssize_t n = write(fd, buf + done, size - done);

			if (n <= 0)
				die("write");
			done += n;
		}
		sum = sum_bytes(buf, size);
		free(buf);
	}
	close(fd);
	printf("sum=%016" PRIx64 "\n", sum);
	return 0;
}

/* With read(), which allocates nothing for holes (a fault would). */
static int cmd_sum(const char *path)
{
	static unsigned char buf[1 << 20];
	int fd = open(path, O_RDONLY);
	uint64_t h, w;
	size_t len = 0, have = 0, i;
	ssize_t n;

	if (fd < 0)
		die(path);
	/* The same mix as sum_bytes(), streamed: words, then the tail bytes. */
	h = 0;
	for (;;) {
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0)
			die("read");
		have += n;
		len += n;
		if (!n || have == sizeof(buf)) {
			for (i = 0; i + 8 <= have; i += 8) {
				memcpy(&w, buf + i, 8);
				h = mix(h, w);
			}
			if (!n) {
				for (; i < have; i++)
					h = mix(h, buf[i]);
				break;
			}
			have = 0;
		}
	}
	close(fd);
	printf("sum=%016" PRIx64 "\n", mix(h, len));
	return 0;
}

/* Touch every page, then read what smaps says is mapped with PMDs. */
static int cmd_pmd(const char *path)
{
	size_t len, i, kib = 0;
	volatile unsigned char *p = map_file(path, O_RDONLY, &len);
	char line[256];
	unsigned long start = 0, end = 0;
	int ours = 0;
	FILE *f;

	for (i = 0; i < len; i += 4096)
		(void)p[i];
	f = fopen("/proc/self/smaps", "r");
	if (!f)
		die("smaps");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 && strchr(line, '/')) {
			ours = start == (unsigned long)p;
			continue;
		}
		if (ours && sscanf(line, "FilePmdMapped: %zu kB", &kib) == 1)
			break;
	}
	fclose(f);
	printf("pmd_kib=%zu\n", kib);
	return 0;
}

static int cmd_poke(const char *path, size_t off, uint64_t val, const char *go)
{
	size_t len;
	unsigned char *p = map_file(path, O_RDWR, &len);

	if (off + 8 > len) {
		errno = EINVAL;
		die("offset");
	}
	printf("mapped\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(20000);
	memcpy(p + off, &val, 8);
	printf("poked\n");
	fflush(stdout);
	return 0;
}

static int cmd_peek(const char *path, size_t off)
{
	size_t len;
	unsigned char *p = map_file(path, O_RDONLY, &len);
	uint64_t v;

	if (off + 8 > len) {
		errno = EINVAL;
		die("offset");
	}
	memcpy(&v, p + off, 8);
	printf("%" PRIu64 "\n", v);
	return 0;
}

static int cmd_memcpy(const char *path)
{
	size_t len, i;
	unsigned char *src = map_file(path, O_RDONLY, &len), *dst;
	struct timespec t0, t1;
	uint64_t sink = 0;

	dst = mmap(NULL, len ? len : 1, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (dst == MAP_FAILED)
		die("mmap");
	for (i = 0; i < len; i += 4096)
		sink += src[i];
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memcpy(dst, src, len);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("memcpy_us=%lld bytes=%zu sink=%u\n",
	       (long long)(t1.tv_sec - t0.tv_sec) * 1000000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000, len, (unsigned int)(sink + dst[len / 2]) & 1);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "fill"))
		return cmd_fill(argv[2], strtoull(argv[3], NULL, 0),
				strtoull(argv[4], NULL, 0),
				argc < 6 || strcmp(argv[5], "write"));
	if (argc == 3 && !strcmp(argv[1], "sum"))
		return cmd_sum(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "pmd"))
		return cmd_pmd(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "poke"))
		return cmd_poke(argv[2], strtoull(argv[3], NULL, 0),
				strtoull(argv[4], NULL, 0), argv[5]);
	if (argc == 3 && !strcmp(argv[1], "memcpy"))
		return cmd_memcpy(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "peek"))
		return cmd_peek(argv[2], strtoull(argv[3], NULL, 0));
	fprintf(stderr, "usage: khofs-tool fill|sum|pmd|poke|peek|memcpy ...\n");
	return 2;
}
