# One VMM keeps two devices, E and C, each in its own iommu group (each
# edu behind its own PCIe root port, qemu-args), both groups in one type1
# container: one preserved page table for two kept devices.
. /vmtests/vfio-keepalive/lib.sh

# pair_start TOKEN: "vfio-vmm pair-stage1 E C ..." in the background until
# it has set everything up; the files of vfio-keepalive's vmm_start, so
# vmm_go_kexec serves it. Sets VMM_PID.
pair_start() {
	rm -f "$VMM_FIFO" "$VMM_STATE"
	mkfifo "$VMM_FIFO"
	: >"$VMM_OUT"
	vfio-vmm pair-stage1 $E $C "$VMM_STATE" "$1" "$VMM_FIFO" >"$VMM_OUT" 2>"$VMM_ERR" &
	VMM_PID=$!
	i=0
	while ! grep -qx ready "$VMM_OUT" && kill -0 $VMM_PID 2>/dev/null &&
		[ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	vmm_diag "$VMM_ERR"
	vmm_ktap stage1 "$VMM_OUT"
	check "stage1: vfio-vmm pair-stage1 is set up and waiting" grep -qx ready "$VMM_OUT"
}

# container_of BDF: the container number in BDF's vfio record (as fdtget
# shows the little-endian u32: only compared).
container_of() {
	fdtget -t x /tmp/kho-out.dtb /vfio/dev@$(sbdf $1) dev | cut -d' ' -f3
}
