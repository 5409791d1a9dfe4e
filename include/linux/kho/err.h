/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One convention for the errors of every portable KHO parser: the blob
 * (blob.h), range lists (ranges.h), and the VT-d, PCI and VFIO nodes.
 *
 * Each family writes its codes once, as a parenthesized list of
 * X(code, "text") entries, in its header:
 *
 *	#define KHO_PCI_ERRORS(X) (				\
 *		X(KHO_PCI_OK,		"ok")			\
 *		X(KHO_PCI_BAD_DEV,	"bad device kind")	\
 *	)
 *
 *	enum kho_pci_err { KHO_ERR_CODES(KHO_PCI_ERRORS) };
 *	extern const struct kho_errors kho_pci_errors;
 *
 * and its .c file takes the texts from the same list:
 *
 *	static const struct kho_err_text kho_pci_text[] = {
 *		KHO_ERR_TEXTS(KHO_PCI_ERRORS)
 *	};
 *	const struct kho_errors kho_pci_errors = KHO_ERRORS(kho_pci_text);
 *
 * Adding a code is one line in the list (at its end, before the closing
 * parenthesis, so that no code changes its number). kho_strerror() looks any code
 * up. Every parser reports into one struct kho_report, and
 * kho_report_describe() turns any report into one line, with every
 * string that came from the blob escaped by kho_escape().
 */
#ifndef _LINUX_KHO_ERR_H
#define _LINUX_KHO_ERR_H

#include <linux/types.h>

/* The lists are parenthesized (one expression); these take them apart. */
#define KHO_ERR_EXPAND(...)		__VA_ARGS__
#define KHO_ERR_STRIP(...)		__VA_ARGS__
#define KHO_ERR_ENUM(code, ...)		code,
#define KHO_ERR_TEXT(code, text)	{ code, text },
#define KHO_ERR_CODES(list)	KHO_ERR_EXPAND(KHO_ERR_STRIP list(KHO_ERR_ENUM))
#define KHO_ERR_TEXTS(list)	KHO_ERR_EXPAND(KHO_ERR_STRIP list(KHO_ERR_TEXT))
#define KHO_ERRORS(texts)	{ .text = (texts), .n = ARRAY_SIZE(texts) }

/**
 * struct kho_err_text - one code of a family and what it means
 * @code: the code, equal to its index in the table
 * @text: human-readable text
 */
struct kho_err_text {
	int code;
	const char *text;
};

/**
 * struct kho_errors - a family of error codes
 * @text: the codes from 0, in order
 * @n: number of codes
 */
struct kho_errors {
	const struct kho_err_text *text;
	unsigned int n;
};

/* No node, property, range, device or container in a report. */
#define KHO_REPORT_NONE		(~0U)

/**
 * struct kho_report - why and where a portable parser refused its input
 * @errors: the family @err belongs to
 * @err: the first problem found, 0 (the family's OK) if none
 * @cause_errors: family of @cause, NULL if there is no finer reason
 * @cause: finer reason behind @err (the range error of a bad range)
 * @fdt_err: libfdt error behind @err, 0 if none
 * @node: structure offset of the node at fault, -1 if none
 * @prop: structure offset of the property at fault, -1 if none
 * @index: index of the range (or of the @item) at fault, -1 if none
 * @item: what @index counts when it is not a range of a range list
 *	("inode", "extent"), NULL for a range
 * @addr: start of that range
 * @len: its length
 * @unit: VT-d unit (register base) at fault, 0 if none
 * @sbdf: PCI device at fault, %KHO_REPORT_NONE if none
 * @container: VFIO container at fault, %KHO_REPORT_NONE if none
 *
 * Only the fields a parser knows about are set; kho_report_init() clears
 * the others.
 */
struct kho_report {
	const struct kho_errors *errors;
	int err;
	const struct kho_errors *cause_errors;
	int cause;
	int fdt_err;
	int node;
	int prop;
	long index;
	const char *item;
	u64 addr;
	u64 len;
	u64 unit;
	u32 sbdf;
	u32 container;
};

/* Longest blob string kho_escape() shows; longer ones end in "...". */
#define KHO_ESCAPE_MAX		40
/* Room for an escaped string: every byte as \xNN, "..." and the NUL. */
#define KHO_ESCAPED_SIZE	(4 * KHO_ESCAPE_MAX + 4)

const char *kho_strerror(const struct kho_errors *errors, int err);
void kho_report_init(struct kho_report *rep, const struct kho_errors *errors);
int kho_report_fail(struct kho_report *rep, int err);
struct fdt_property;
int kho_report_fail_prop(struct kho_report *rep, const void *fdt,
			 const struct fdt_property *p, int err);
size_t kho_escape(char *dst, size_t size, const char *src, size_t n);
int kho_report_describe(char *buf, size_t len, const void *fdt,
			const struct kho_report *rep);

#endif /* _LINUX_KHO_ERR_H */
