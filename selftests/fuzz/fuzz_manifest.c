// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the KHO manifest reader (kernel/kho/manifest.c):
 * the input is a whole image file, as kexec_file_load hands it to the
 * bzImage loader. Whatever the bytes, no read outside them, and what the
 * reader accepts keeps the promises of abi/manifest.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/array_size.h>
#include <linux/kho/manifest.h>

static void check_accepted(const uint8_t *data, size_t size,
			   const struct kho_manifest *m)
{
	struct kho_preflight_node nodes[2];
	char buf[96];
	bool root;
	u32 i;

	if (m->count > KHO_MANIFEST_MAX_ENTRIES)
		abort();
	if ((const uint8_t *)m->entries < data ||
	    (const uint8_t *)(m->entries + m->count) > data + size)
		abort();
	for (i = 0; i < m->count; i++) {
		const struct kho_manifest_entry *e = &m->entries[i];

		if (!memchr(e->name, 0, sizeof(e->name)) ||
		    !memchr(e->compatible, 0, sizeof(e->compatible)) ||
		    !e->name[0] || !e->compatible[0] ||
		    !kho_manifest_accepts(m, e->name, e->compatible))
			abort();
		if (kho_manifest_accepted(m, e->name, buf, sizeof(buf)) >=
		    sizeof(buf))
			abort();
	}
	memset(nodes, 0, sizeof(nodes));
	nodes[0].name = "kho-test";
	nodes[0].compatible = "kho-test-v1";
	nodes[0].mem = true;
	nodes[1].name = "pci";
	nodes[1].compatible = "pci-v2";
	if (kho_preflight_judge(m, "kho-handover-v2", nodes, ARRAY_SIZE(nodes),
				&root) < (root ? 0 : 1))
		abort();
	if (nodes[1].verdict == KHO_PREFLIGHT_REFUSED)
		abort();	/* holds nothing: at most dropped */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_manifest m;
	int ret;

	ret = kho_manifest_read(data, size, &m);
	if (ret == KHO_MANIFEST_OK)
		check_accepted(data, size, &m);
	else if (m.entries || m.count || ret < 0 ||
		 ret > KHO_MANIFEST_BAD_STRING)
		abort();
	if (!kho_manifest_strerror(ret)[0])
		abort();
	return 0;
}
