vm_plan 1	# forbid_and_kexec
forbid_and_kexec initrd-range "rootsum=$(rootfs_sum)"
