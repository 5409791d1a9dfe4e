# failclosed: E's BAR0 moves after the dump, so its PCI record no longer
# matches: the PCI layer must refuse E and stop it. See failclosed-lib.sh.
FC_CORRUPT=
FC_MOVE_BAR=1
FC_REFUSED=PCI
. /vmtests/failclosed-lib.sh
