/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot (v1) entry of the test guest. QEMU's -kernel loader finds the
 * header in the first 8 KiB of this ELF32 image, loads its segments and
 * jumps to _start in 32-bit protected mode, flat segments, paging and
 * interrupts off, EAX = the bootloader magic, EBX = the multiboot info.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000002	/* bit 1: memory information wanted */

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	cli
	movl	$stack_top, %esp
	pushl	%ebx
	pushl	%eax
	call	guest_main
1:	hlt
	jmp	1b

	.bss
	.balign 16
	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
