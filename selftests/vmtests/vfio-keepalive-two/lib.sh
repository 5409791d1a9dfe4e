# Two VMMs keep two devices, E and C, each in its own type1 container and
# with its own token. C's VMM uses these files; E's the defaults.
. /vmtests/vfio-keepalive/lib.sh
C_STATE=/root/vfio-vmm-c.state
C_FIFO=/tmp/vfio-vmm-c.fifo
C_OUT=/tmp/vfio-vmm-c.out
C_ERR=/tmp/vfio-vmm-c.err
