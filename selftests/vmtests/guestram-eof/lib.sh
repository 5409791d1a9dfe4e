# guestram-eof: a khofs layout change that fails half way leaves no block
# at or past the end of its file. The node must not carry one
# (abi/khofs.h): one left behind would make every KHO dump fail until the
# file is truncated. See guestram-lib.sh.
. /vmtests/guestram-lib.sh
