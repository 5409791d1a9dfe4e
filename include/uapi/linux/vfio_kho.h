/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VFIO device keepalive across a KHO kexec (docs/vfio-keepalive.md).
 *
 * A VMM that owns an open vfio-pci device (type1 container, legacy group
 * interface) can ask that the device keep running through the next kexec
 * with KHO: it is not disabled, reset or unmapped when the VMM closes it,
 * its DMA mappings and interrupt routing go to the next kernel, and there
 * only an opener that presents the same token gets it back.
 */
#ifndef _UAPI_LINUX_VFIO_KHO_H
#define _UAPI_LINUX_VFIO_KHO_H

#include <linux/types.h>

/*
 * Feature index for VFIO_DEVICE_FEATURE (ioctl VFIO_BASE + 17, that is
 * _IO(';', 117)), outside the range upstream allocates from.
 *
 * PROBE: returns 0 when the kernel supports keepalive for this device.
 * SET, with struct vfio_device_feature_kho_keepalive:
 *	flags = VFIO_KHO_KEEPALIVE_KEEP and a token that is not all zero:
 *	keep the device alive across the next KHO kexec; calling it again
 *	replaces the token.
 *	flags = 0: stop keeping it (the token is forgotten).
 *	EBUSY while a KHO dump that contains the device is active.
 * GET: fills flags with KEEP, DUMPED and RESTORED as they apply; the token
 *	is never returned (it reads back as zero).
 *
 * After the kexec, VFIO_GROUP_GET_DEVICE_FD with the string
 * "<device name> kho_token=<token as a UUID, 36 characters>" reopens a
 * kept device. Without a token it fails with EPERM, with another token
 * with EACCES; a token given for a device that is not awaiting one fails
 * with EINVAL. None of these touch the device.
 */
#define VFIO_DEVICE_FEATURE_KHO_KEEPALIVE	0x4b48

struct vfio_device_feature_kho_keepalive {
	__u32 flags;
#define VFIO_KHO_KEEPALIVE_KEEP		(1 << 0)	/* SET and GET */
#define VFIO_KHO_KEEPALIVE_DUMPED	(1 << 1)	/* GET: in an active KHO dump */
#define VFIO_KHO_KEEPALIVE_RESTORED	(1 << 2)	/* GET: reopened after kexec */
	__u32 reserved;					/* must be zero */
	__u8 token[16];					/* SET only */
};

#endif /* _UAPI_LINUX_VFIO_KHO_H */
