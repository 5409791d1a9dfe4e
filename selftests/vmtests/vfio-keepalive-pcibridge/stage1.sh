. /vmtests/vfio-keepalive/stage1.sh
