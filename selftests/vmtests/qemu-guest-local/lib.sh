# qemu-guest-local: the guest's RAM on tmpfs in this kernel. See
# qemu-guest-lib.sh.
QG_RAM_FILE=/dev/shm/qg-ram
QG_STATE=/tmp/qg/state
. /vmtests/qemu-guest-lib.sh
