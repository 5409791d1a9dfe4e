# downgrade-ba: build B keeps the test serializer's state at its newer
# version (kho-test-v2) and edu E for a VMM; build A reads only
# kho-test-v1. The helpers of the preflight test (which include those of
# vfio-keepalive).
. /vmtests/preflight/lib.sh
