# Three KHO kexecs in a row, each on the out-of-line map: each kernel
# verifies the state its predecessor preserved, then preserves fresh state
# with the generation count moved on, alternating the test serializer's
# layouts: random blocks (64 MiB), every other page (128 MiB, 32768 runs),
# random blocks again.
vm_plan 1
check "stage1: echo 1 > active (layout random, 64 MiB)" kho_activate
vm_kexec_next
