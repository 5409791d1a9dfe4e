#!/bin/bash
# Kernel style check of the kernel files we own, with the pinned tree's
# checkpatch.pl. Prints KTAP: one result per file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

cp=$KHO_KSRC/scripts/checkpatch.pl
[ -f "$cp" ] || die "no $cp; run make kernel first"
mapfile -t files < <(find kernel include drivers fs -type f \
	\( -name '*.c' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort)

echo "KTAP version 1"
echo "1..${#files[@]}"
n=0 bad=0
for f in "${files[@]}"; do
	n=$((n + 1))
	if out=$(perl "$cp" --no-tree --terse --show-types -f "$f" 2>&1) &&
		! grep -qE 'ERROR|WARNING' <<<"$out"; then
		echo "ok $n $f"
	else
		sed 's/^/# /' <<<"$out"
		echo "not ok $n $f"
		bad=$((bad + 1))
	fi
done
echo "# checkpatch: $((n - bad)) passed, $bad failed"
[ $bad -eq 0 ]
