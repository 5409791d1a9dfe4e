// SPDX-License-Identifier: GPL-2.0
/*
 * Error reports of the portable KHO parsers (see <linux/kho/err.h>): one
 * lookup for every family of codes, one report, one way to say it.
 *
 * Portable: the userspace harness, the fuzzers and the offline tools
 * compile this file as it is.
 */
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/libfdt.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/kho/err.h>

/**
 * kho_strerror() - the text of an error code
 * @errors: the code's family
 * @err: the code
 *
 * Return: a static string, "unknown error" for a code outside @errors.
 */
const char *kho_strerror(const struct kho_errors *errors, int err)
{
	if (!errors || err < 0 || (unsigned int)err >= errors->n ||
	    errors->text[err].code != err)
		return "unknown error";
	return errors->text[err].text;
}

/**
 * kho_report_init() - start a report: no error, no place
 * @rep: the report
 * @errors: the family of codes it will hold
 */
void kho_report_init(struct kho_report *rep, const struct kho_errors *errors)
{
	memset(rep, 0, sizeof(*rep));
	rep->errors = errors;
	rep->node = -1;
	rep->prop = -1;
	rep->index = -1;
	rep->sbdf = KHO_REPORT_NONE;
	rep->container = KHO_REPORT_NONE;
}

/**
 * kho_report_fail() - record the error a parser stops on
 * @rep: the report
 * @err: a code of the report's family
 *
 * Return: -EINVAL, for the parser to return.
 */
int kho_report_fail(struct kho_report *rep, int err)
{
	rep->err = err;
	return -EINVAL;
}

/**
 * kho_report_fail_prop() - record the error a parser stops on, and the
 *	property at fault
 * @rep: the report
 * @fdt: the blob
 * @p: the property, from fdt_get_property()
 * @err: a code of the report's family
 *
 * Return: -EINVAL, for the parser to return.
 */
int kho_report_fail_prop(struct kho_report *rep, const void *fdt,
			 const struct fdt_property *p, int err)
{
	rep->prop = (const char *)p - (const char *)fdt - fdt_off_dt_struct(fdt);
	return kho_report_fail(rep, err);
}

/**
 * kho_escape() - make a string from the blob safe for a log line
 * @dst: output buffer
 * @size: its size, at least %KHO_ESCAPED_SIZE for nothing to be cut
 * @src: the string; it ends at its NUL or after @n bytes
 * @n: bytes of @src that may be read
 *
 * Printable ASCII but the backslash is kept; every other byte becomes
 * \xNN. At most %KHO_ESCAPE_MAX bytes are shown; a longer string ends in
 * "...". A newline or an escape sequence in a node name thus cannot forge
 * or colour a log line.
 *
 * Return: the length of the escaped string in @dst.
 */
size_t kho_escape(char *dst, size_t size, const char *src, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, pos = 0;

	if (!size)
		return 0;
	for (i = 0; i < n && src[i]; i++) {
		unsigned char c = src[i];

		if (i == KHO_ESCAPE_MAX) {
			if (pos + 3 < size) {
				memcpy(dst + pos, "...", 3);
				pos += 3;
			}
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (pos + 1 >= size)
				break;
			dst[pos++] = c;
		} else {
			if (pos + 4 >= size)
				break;
			dst[pos++] = '\\';
			dst[pos++] = 'x';
			dst[pos++] = hex[c >> 4];
			dst[pos++] = hex[c & 15];
		}
	}
	dst[pos] = '\0';
	return pos;
}

/* Append @s at @*pos, keeping @buf terminated; @*pos counts all of it. */
static void kho_put(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos < len) {
		size_t room = len - *pos - 1;

		memcpy(buf + *pos, s, n < room ? n : room);
		buf[*pos + (n < room ? n : room)] = '\0';
	}
	*pos += n;
}

/* The escaped name of @node, "/" for the root. */
static void kho_node_name(char *out, const void *fdt, int node)
{
	const char *name;
	int len;

	name = fdt_get_name(fdt, node, &len);
	if (!name)
		memcpy(out, "?", 2);
	else if (!node)
		memcpy(out, "/", 2);
	else
		kho_escape(out, KHO_ESCAPED_SIZE, name, len);
}

/* The escaped name of the property at @prop. */
static void kho_prop_name(char *out, const void *fdt, int prop)
{
	const char *name = NULL;

	if (!fdt_getprop_by_offset(fdt, prop, &name, NULL) || !name)
		memcpy(out, "?", 2);
	else
		kho_escape(out, KHO_ESCAPED_SIZE, name, KHO_ESCAPE_MAX + 1);
}

/**
 * kho_report_describe() - one line saying what a parser found
 * @buf: output buffer
 * @len: its size
 * @fdt: the blob the report is about, for node and property names; may be
 *	NULL when the report names neither
 * @rep: the report
 *
 * The line names the place (node, property, unit, device, container,
 * record of a node, each when the report has it), then the range, then
 * the reason: "node 'vfio', container 1: chunks overlap in IOVA",
 * "extent 4 [0x200000-0x400000): bad extent". Strings from the blob are
 * escaped with kho_escape().
 *
 * Return: the length of the whole line, as snprintf() returns it.
 */
int kho_report_describe(char *buf, size_t len, const void *fdt,
			const struct kho_report *rep)
{
	char name[KHO_ESCAPED_SIZE], tmp[64];
	const char *sep = "";
	size_t pos = 0;
	u32 s = rep->sbdf;

	if (len)
		buf[0] = '\0';
	if (fdt && rep->node >= 0 && (rep->node > 0 || rep->prop >= 0)) {
		kho_node_name(name, fdt, rep->node);
		kho_put(buf, len, &pos, "node '");
		kho_put(buf, len, &pos, name);
		kho_put(buf, len, &pos, "'");
		sep = ", ";
	}
	if (fdt && rep->prop >= 0) {
		kho_prop_name(name, fdt, rep->prop);
		kho_put(buf, len, &pos, sep);
		kho_put(buf, len, &pos, "property '");
		kho_put(buf, len, &pos, name);
		kho_put(buf, len, &pos, "'");
		sep = ", ";
	}
	if (rep->unit) {
		snprintf(tmp, sizeof(tmp), "%sunit %#llx", sep,
			 (unsigned long long)rep->unit);
		kho_put(buf, len, &pos, tmp);
		sep = ", ";
	}
	if (s != KHO_REPORT_NONE) {
		snprintf(tmp, sizeof(tmp), "%sdevice %04x:%02x:%02x.%u", sep,
			 s >> 16, (s >> 8) & 0xff, (s >> 3) & 0x1f, s & 7);
		kho_put(buf, len, &pos, tmp);
		sep = ", ";
	}
	if (rep->container != KHO_REPORT_NONE) {
		snprintf(tmp, sizeof(tmp), "%scontainer %u", sep, rep->container);
		kho_put(buf, len, &pos, tmp);
		sep = ", ";
	}
	if (rep->item && rep->index >= 0) {
		snprintf(tmp, sizeof(tmp), "%s%s %ld", sep, rep->item, rep->index);
		kho_put(buf, len, &pos, tmp);
		if (rep->len) {
			snprintf(tmp, sizeof(tmp), " [%#llx-%#llx)",
				 (unsigned long long)rep->addr,
				 (unsigned long long)(rep->addr + rep->len));
			kho_put(buf, len, &pos, tmp);
		}
		sep = ", ";
	}
	if (*sep)
		kho_put(buf, len, &pos, ": ");
	if (rep->index >= 0 && !rep->item) {
		snprintf(tmp, sizeof(tmp), "range %ld [%#llx-%#llx) ", rep->index,
			 (unsigned long long)rep->addr,
			 (unsigned long long)(rep->addr + rep->len));
		kho_put(buf, len, &pos, tmp);
	}
	if (rep->cause_errors)
		kho_put(buf, len, &pos, kho_strerror(rep->cause_errors, rep->cause));
	else
		kho_put(buf, len, &pos, kho_strerror(rep->errors, rep->err));
	if (rep->fdt_err) {
		kho_put(buf, len, &pos, " (");
		kho_put(buf, len, &pos, fdt_strerror(rep->fdt_err));
		kho_put(buf, len, &pos, ")");
	}
	return pos;
}
EXPORT_SYMBOL_GPL(kho_report_describe);
