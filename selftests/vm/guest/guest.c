// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny bare-metal guest for the nested-QEMU vmtests: QEMU boots it with
 * -kernel (multiboot) inside the test VM, then saves and restores it.
 *
 * It fills REGION_MIB MiB at REGION_BASE with a pseudo-random pattern
 * seeded from the TSC and prints once on COM1
 *
 *	guest: start seed=<hex> sum=<hex>
 *
 * then loops forever, advancing a counter kept in RAM; LINE_MS of TSC time
 * (the TSC rate is measured against the PIT at start) after its last line
 * it prints
 *
 *	guest: count=<decimal> sum=<hex>
 *
 * where sum is a fresh checksum of the whole region. A guest that was
 * restarted prints a second start line (with another seed); a guest whose
 * RAM was lost or replaced prints another sum.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef REGION_MIB
#define REGION_MIB	8
#endif
#ifndef LINE_MS
#define LINE_MS		150
#endif
#define REGION_BASE	0x400000u
#define REGION_WORDS	((uint32_t)REGION_MIB << 18)	/* 32-bit words */

#define COM1		0x3f8
#define MB_BOOT_MAGIC	0x2badb002u

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB above 1 MiB */
};

/* Kept in RAM (.bss), so the count survives only if the RAM does. */
static volatile uint64_t count;

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static void serial_init(void)
{
	outb(COM1 + 1, 0x00);	/* no interrupts */
	outb(COM1 + 3, 0x80);	/* DLAB on */
	outb(COM1 + 0, 0x01);	/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);	/* 8N1, DLAB off */
	outb(COM1 + 2, 0x07);	/* FIFO on and cleared */
}

static void putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))
		;
	outb(COM1, (uint8_t)c);
}

static void puts(const char *s)
{
	while (*s)
		putc(*s++);
}

static void puthex(uint32_t v)
{
	int i;

	for (i = 28; i >= 0; i -= 4)
		putc("0123456789abcdef"[(v >> i) & 0xf]);
}

/* 64-bit division without libgcc: shift and subtract. */
static uint64_t udiv64(uint64_t n, uint32_t d, uint32_t *rem)
{
	uint64_t q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	if (rem)
		*rem = (uint32_t)r;
	return q;
}

static void putdec(uint64_t v)
{
	char buf[21];
	int n = 0;
	uint32_t d;

	do {
		v = udiv64(v, 10, &d);
		buf[n++] = (char)('0' + d);
	} while (v);
	while (n)
		putc(buf[--n]);
}

/* PIT channel 2's current count (latched, then low and high byte). */
static uint32_t pit2_count(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x80);
	lo = inb(0x42);
	hi = inb(0x42);
	return (uint32_t)hi << 8 | lo;
}

/*
 * TSC ticks per millisecond, against at least 40 ms of PIT channel 2
 * counting down from 0xffff (gate on through port 0x61, mode 0). The
 * count and the TSC are read the same way at both ends, so a slow port
 * access (nested TCG) cancels out. Past zero the count wraps and the
 * output (port 0x61 bit 5) is high: one wrap is accounted for.
 */
static uint32_t tsc_per_ms(void)
{
	const uint32_t pit_hz = 1193182, want = pit_hz / 25;
	uint32_t c0, c1, ticks;
	uint64_t t0, t1;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, 0xff);
	outb(0x42, 0xff);
	c0 = pit2_count();
	t0 = rdtsc();
	do {
		c1 = pit2_count();
		t1 = rdtsc();
		ticks = c0 - c1;
		if (inb(0x61) & 0x20)
			ticks = c0 + 0x10000 - c1;
	} while (ticks < want && t1 - t0 < 100000000000ull);
	if (ticks < want / 2)
		return 2000000;		/* the PIT did not count: assume 2 GHz */
	return (uint32_t)udiv64((t1 - t0) * pit_hz, ticks * 1000, NULL) ?: 1;
}

static uint32_t fill(uint32_t seed)
{
	volatile uint32_t *p = (volatile uint32_t *)REGION_BASE;
	uint32_t x = seed ?: 0x9e3779b9u, i;

	for (i = 0; i < REGION_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = x;
	}
	return seed;
}

/* FNV-1a over the region's words: order-sensitive, read back from RAM. */
static uint32_t checksum(void)
{
	const volatile uint32_t *p = (const volatile uint32_t *)REGION_BASE;
	uint32_t h = 2166136261u, i;

	for (i = 0; i < REGION_WORDS; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

void guest_main(uint32_t magic, const struct multiboot_info *mbi);

void guest_main(uint32_t magic, const struct multiboot_info *mbi)
{
	uint64_t seed, last, now, interval;
	uint32_t per_ms;

	serial_init();
	if (magic != MB_BOOT_MAGIC) {
		puts("guest: error: not started by a multiboot loader\n");
		return;
	}
	if ((mbi->flags & 1) &&
	    (uint64_t)mbi->mem_upper * 1024 + 0x100000 <
	    REGION_BASE + (uint64_t)REGION_WORDS * 4) {
		puts("guest: error: RAM ends at 0x");
		puthex(mbi->mem_upper * 1024 + 0x100000);
		puts(", below the region\n");
		return;
	}
	per_ms = tsc_per_ms();
	interval = (uint64_t)per_ms * LINE_MS;
	puts("guest: region ");
	putdec(REGION_MIB);
	puts(" MiB at 0x");
	puthex(REGION_BASE);
	puts(", tsc ");
	putdec(per_ms / 1000);
	puts(" MHz, a line every ");
	putdec(LINE_MS);
	puts(" ms\n");

	seed = rdtsc();
	fill((uint32_t)seed ^ (uint32_t)(seed >> 32));
	puts("guest: start seed=");
	puthex((uint32_t)seed ^ (uint32_t)(seed >> 32));
	puts(" sum=");
	puthex(checksum());
	putc('\n');

	last = rdtsc();
	for (;;) {
		count++;
		now = rdtsc();
		/* A TSC that went back (a restore elsewhere) restarts the wait. */
		if (now < last)
			last = now;
		if (now - last < interval)
			continue;
		puts("guest: count=");
		putdec(count);
		puts(" sum=");
		puthex(checksum());
		putc('\n');
		/* From the end of the line: the count advances in between. */
		last = rdtsc();
	}
}
