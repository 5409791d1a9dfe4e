. /vmtests/vfio-keepalive-multigroup/stage1.sh
