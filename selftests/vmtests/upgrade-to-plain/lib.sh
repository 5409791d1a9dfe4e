# upgrade-to-plain: kexec from build A, with a device kept and memory
# preserved, into Debian's own kernel (linux-image-amd64, built without
# KHO: its image has no KHO manifest). The helpers of the preflight test.
. /vmtests/preflight/lib.sh
