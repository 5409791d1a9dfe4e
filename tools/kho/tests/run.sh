#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of kho-check and kho-dump, run by "make -C tools/kho check".
# Usage: run.sh OUT   (OUT holds the tools, asan/ their sanitized builds)
#
# Feeds both tools the blobs gen-blobs writes (valid ones from the real
# builder, hostile ones from raw libfdt), blobs and maps VM kernels really
# handed over (fixtures/*/dt and map, as /sys/firmware/kho/ holds them)
# and files that cannot be read. Checks exit
# codes, output, the JSON, that both tools agree on every file, and that
# the sanitizers stay quiet. Prints KTAP and "# tools: P passed, F failed".
set -uo pipefail

out=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
bin=$out/asan
work=$out/tests
blobs=$work/blobs
# Copied from VM runs on kho-handover-v2, each blob as dt with its map
# beside it as map (the tools' default): the kho-basic vmtest (every
# other page of 64 MiB), the vtd-dma-inflight vmtest (test, intel-iommu
# with page tables, edu nodes).
fixture=$here/fixtures/kho-basic/dt
vtd_fixture=$here/fixtures/vtd-dma-inflight/dt
# The vtd-dma-inflight blob of the old layout (kho-v1, intel-iommu-v1).
v1_fixture=$here/fixtures/vtd-dma-inflight-kho-v1.dtb

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=23
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

rm -rf "$work"
mkdir -p "$blobs"
"$bin/gen-blobs" "$blobs" || { echo "gen-blobs failed" >&2; exit 1; }
: >"$blobs/empty-file.dtb"
mkdir "$blobs/a-directory"
truncate -s 64M "$blobs/limit.dtb"		# exactly the limit: read, invalid
truncate -s $((64 * 1024 * 1024 + 1)) "$blobs/too-big.dtb"

failed=0
skip=

# The interpreter itself: a pyenv shim costs 150 ms a call.
python=$(python3 -c 'import sys; print(sys.executable)') ||
	{ echo "python3 is needed" >&2; exit 1; }

# fail MSG: the current test fails; MSG goes out as a KTAP diagnostic.
fail() {
	printf '# %s\n' "$@"
	failed=1
}

# map_of FILE: the map gen-blobs wrote for FILE (mutants share their
# original's), or nothing.
map_of() {
	local f=$1 base
	base=$(basename "$f")
	case $base in
	mutant-h*) f=$(dirname "$f")/handover.dtb ;;
	mutant-k*) f=$(dirname "$f")/khofs.dtb ;;
	mutant-*) f=$(dirname "$f")/good.dtb ;;
	esac
	[ ! -f "${f%.dtb}.map" ] || echo "${f%.dtb}.map"
}

# run PROG ARGS...: sets rc, stdout, stderr. A sanitizer report fails.
# A blob gen-blobs wrote with a map gets --map, unless one is given.
run() {
	local err=$work/stderr a m args=("$@")
	if [[ " $* " != *" --map "* ]]; then
		for a in "${@:2}"; do
			[[ $a == *.dtb ]] || continue
			m=$(map_of "$a")
			[ -z "$m" ] || args=("$@" --map "$m")
			break
		done
	fi
	stdout=$("${args[@]}" 2>"$err")
	rc=$?
	stderr=$(cat "$err")
	if grep -qE 'Sanitizer|runtime error' "$err"; then
		fail "sanitizer report from $*:" "$(head -n 5 "$err")"
	fi
}

expect_rc() {
	[ "$rc" = "$1" ] || fail "$2: exit $rc, expected $1"
}

# expect_in TEXT STRING WHAT: TEXT contains STRING.
expect_in() {
	[[ $1 == *"$2"* ]] || fail "$3: no '$2' in:" "$1"
}

expect_not_in() {
	[[ $1 != *"$2"* ]] || fail "$3: unexpected '$2'"
}

# pycheck JSON EXPR...: every EXPR is true of d = the parsed JSON.
pycheck() {
	local msg
	msg=$("$python" -c '
import json, os, sys
d = json.load(sys.stdin)
for e in sys.argv[1:]:
    if not eval(e):
        print("false: " + e)
' "${@:2}" <<<"$1" 2>&1) || { fail "JSON does not parse: $msg"; return; }
	[ -z "$msg" ] || fail "$msg"
}

# node JSON-EXPR: the node named NAME, for pycheck expressions.
node() { echo "[n for n in d['nodes'] if n['name'] == '$1'][0]"; }

# agree FILE RC STRING [KHO-CHECK ARGS]: kho-check exits RC saying STRING
# (stdout for RC 0/1, stderr for 2); kho-dump and kho-dump --json exit
# the same and print the same verdict.
agree() {
	local file=$1 want=$2 str=$3 line map=()
	shift 3
	# gen-blobs writes each blob's map as NAME.map beside NAME.dtb.
	[ ! -f "${file%.dtb}.map" ] || map=(--map "${file%.dtb}.map")
	set -- "${map[@]}" "$@"

	run "$bin/kho-check" "$file" "$@"
	expect_rc "$want" kho-check
	if [ "$want" = 2 ]; then
		expect_in "$stderr" "$str" "kho-check stderr"
		[ -z "$stdout" ] || fail "kho-check printed '$stdout' for an unreadable file"
	else
		expect_in "$stdout" "$str" kho-check
		[ "$(wc -l <<<"$stdout")" = 1 ] || fail "kho-check printed more than one line"
	fi
	line=$stdout
	[ $# = ${#map[@]} ] || return 0		# kho-dump has no --ram/--forbid

	run "$bin/kho-dump" "${map[@]}" "$file"
	expect_rc "$want" kho-dump
	if [ "$want" = 2 ]; then
		expect_in "$stderr" "$str" "kho-dump stderr"
	else
		[ "$(tail -n 1 <<<"$stdout")" = "$line" ] ||
			fail "kho-dump verdict '$(tail -n 1 <<<"$stdout")' is not kho-check's '$line'"
	fi

	run "$bin/kho-dump" --json "${map[@]}" "$file"
	expect_rc "$want" "kho-dump --json"
	if [ "$want" = 2 ]; then
		pycheck "$stdout" "d['readable'] is False" "d['valid'] is False" \
			"'$str' in d['error']"
	else
		LINE=$line pycheck "$stdout" "d['valid'] is ($want == 0)" \
			"d['summary'] == os.environ['LINE']" \
			"(d['error'] is None) == ($want == 0)"
	fi
}

# Each test: a name and the command that runs it.
names=()
cmds=()
t() {
	names+=("$1")
	shift
	cmds+=("$(printf '%q ' "$@")")
}

t "real blob from the kho-basic vmtest, its map beside it, is valid" \
	agree "$fixture" 0 "valid: 1 nodes, map of 1 chunks (8192 bytes), 16384 runs, 16384 pages (67108864 bytes) preserved"
t "real blob of the old layout (kho-v1) is refused" \
	agree "$v1_fixture" 1 'invalid: root compatible is not "kho-handover-v2"'
t "builder blob with three nodes is valid" \
	agree "$blobs/good.dtb" 0 "valid: 3 nodes, map of 1 chunks (65536 bytes), 4 runs, 786 pages (3219456 bytes) preserved"
t "builder blob with 20 ranges is valid" \
	agree "$blobs/many.dtb" 0 "valid: 1 nodes, map of 1 chunks (65536 bytes), 20 runs, 20 pages (81920 bytes) preserved"
t "root-only blob is valid" \
	agree "$blobs/empty-root.dtb" 0 "valid: 0 nodes, map of 0 chunks (0 bytes), 0 runs, 0 pages (0 bytes) preserved"
t "kho-test fields of the wrong size: the node is refused" \
	agree "$blobs/odd-fields.dtb" 1 "invalid: node 'kho-test': a property is missing or of the wrong size"
t "truncated blob is invalid" \
	agree "$blobs/truncated.dtb" 1 "invalid: truncated: shorter than the FDT header or its totalsize"
t "bad magic is invalid" \
	agree "$blobs/bad-magic.dtb" 1 "invalid: not a valid FDT header (FDT_ERR_BADMAGIC)"
t "bad root compatible is invalid" \
	agree "$blobs/bad-root.dtb" 1 'invalid: root compatible is not "kho-handover-v2"'
t "bad node compatible is invalid" \
	agree "$blobs/bad-compat.dtb" 1 "invalid: node 'x': compatible is not \"<name>-v<N>\""
t "mem-map of 40 bytes is invalid" \
	agree "$blobs/bad-maplen.dtb" 1 "invalid: mem-map missing or not one struct kho_map_ref"
t "no mem-map is invalid" \
	agree "$blobs/no-map.dtb" 1 "invalid: mem-map missing or not one struct kho_map_ref"
t "mem-map in a subsystem node is invalid" \
	agree "$blobs/map-in-node.dtb" 1 "invalid: node 'x': mem-map property outside the root"
t "unaligned region is invalid" \
	agree "$blobs/map-unaligned.dtb" 1 "invalid: map: chunk 0, owner 1 'b', [0x4004800-0x4008800) bad preserved range (not page aligned)"
t "two owners of one page are invalid" \
	agree "$blobs/overlap.dtb" 1 "invalid: map: chunk 0, owner 1 'b', other owner 0 'a', [0x4002000-0x4006000) regions out of order or overlapping (two owners of one page)"
t "range in the first MiB is invalid" \
	agree "$blobs/first-mib.dtb" 1 "invalid: map: chunk 0, owner 0 'low', [0x80000-0x81000) bad preserved range (overlaps a forbidden region)"
t "129 subsystem nodes are invalid" \
	agree "$blobs/too-many.dtb" 1 "invalid: too many children of one node"
t "128 owners, one page each, are valid" \
	agree "$blobs/many-owners.dtb" 0 "valid: 128 nodes, map of 1 chunks (65536 bytes), 128 runs, 128 pages"
t "chunk whose self is wrong is not found in the map file" \
	agree "$blobs/map-bad-self.dtb" 1 "invalid: map: chunk 0, at 0x70000000: the map file holds no chunk recording that address (1 chunks in the file)"
t "unknown region kind is invalid" \
	agree "$blobs/map-bad-kind.dtb" 1 "invalid: map: chunk 0, region kind unknown or reserved field set"
t "bad chunk magic is invalid" \
	agree "$blobs/map-bad-magic.dtb" 1 "invalid: map: chunk 0, at 0x70000000 chunk header inconsistent (magic, self, size, used)"
t "owner that is not a node is invalid" \
	agree "$blobs/map-owner-not-node.dtb" 1 "invalid: map: owner 1 'nobody', owner table entry empty, too long, repeated or not a node"
t "node name with terminal escapes, range in the first MiB: invalid" \
	agree "$blobs/evil.dtb" 1 "invalid: map: chunk 0, owner 0 'evil\\x1b[31m', [0x80000-0x81000) bad preserved range (overlaps a forbidden region)"
t "empty file is invalid" \
	agree "$blobs/empty-file.dtb" 1 "invalid: truncated: shorter than the FDT header or its totalsize"
t "64 MiB of zeros is read and invalid" \
	agree "$blobs/limit.dtb" 1 "invalid: not a valid FDT header (FDT_ERR_BADMAGIC)"
t "nonexistent file is unreadable" \
	agree "$blobs/no-such.dtb" 2 "No such file or directory"
t "directory is unreadable" \
	agree "$blobs/a-directory" 2 "Is a directory"
t "file over 64 MiB is unreadable" \
	agree "$blobs/too-big.dtb" 2 "larger than 64 MiB"

t "--ram covering every range: valid" \
	agree "$blobs/good.dtb" 0 "valid: 3 nodes" --ram 16M-2G
t "--ram ending at 1 GiB: range 2 not inside RAM" \
	agree "$blobs/good.dtb" 1 "invalid: map: chunk 0, owner 0 'kho-test', [0x40000000-0x40100000) bad preserved range (not inside RAM)" --ram 16M-1G --ram 0x70000000-0x70010000
t "--ram pieces given unsorted and adjacent: valid" \
	agree "$blobs/good.dtb" 0 "valid: 3 nodes" --ram 0x40000000-0x80000000 --ram 16M-1G
t "--forbid replaces the first-MiB default" \
	agree "$blobs/first-mib.dtb" 0 "valid: 1 nodes" --forbid 2M-3M
t "--forbid over a range: invalid" \
	agree "$blobs/good.dtb" 1 "invalid: map: chunk 0, owner 0 'kho-test', [0x1100000-0x1300000) bad preserved range (overlaps a forbidden region)" --forbid 0x1200000-0x1201000

# Structural rules (issue 12): duplicate names, a bad property-name
# offset, control bytes in a node name. Both tools exit 1 with the same
# reason line; kho-dump lists the duplicates instead of hiding them.
t "a second mem-map is invalid" \
	agree "$blobs/dup-map.dtb" 1 "invalid: node '/', property 'mem-map': duplicate property name"
t "a second root compatible (kho-v9) is invalid" \
	agree "$blobs/dup-root-compat.dtb" 1 "invalid: node '/', property 'compatible': duplicate property name"
t "two nodes of one name are invalid" \
	agree "$blobs/dup-node.dtb" 1 "invalid: node 'kho-test': duplicate node name"
t "a bad property-name offset is not a bad header" \
	agree "$blobs/bad-nameoff.dtb" 1 "invalid: node 'kho-test', property '?': property name offset outside the strings block"
t "a newline and an ESC in a node name are escaped" \
	agree "$blobs/nl-esc-name.dtb" 1 "invalid: map: chunk 0, owner 0 'x\\x0ay\\x1b[2J', [0x80000-0x81000) bad preserved range (overlaps a forbidden region)"

test_duplicates_shown() {
	run "$bin/kho-dump" "$blobs/dup-map.dtb"
	[ "$(grep -c $'^\tmem-map:$' <<<"$stdout")" = 2 ] ||
		fail "kho-dump does not show both mem-map properties:" "$stdout"
	run "$bin/kho-dump" "$blobs/dup-root-compat.dtb"
	expect_in "$stdout" $'/ (kho-handover-v2)\n\tmem-map:\n\t\taddr = 0x0000000000000000\n\t\tchunks = 0\n\t\tbytes = 0 bytes\n\t\tpages = 0\n\tcompatible = "kho-v9"\n' "second root compatible"
	run "$bin/kho-dump" "$blobs/dup-node.dtb"
	[ "$(grep -c '^kho-test (kho-test-v1)$' <<<"$stdout")" = 2 ] ||
		fail "kho-dump does not show both kho-test nodes"
	run "$bin/kho-dump" --json "$blobs/dup-node.dtb"
	pycheck "$stdout" "[n['name'] for n in d['nodes']] == ['/', 'kho-test', 'kho-test']"
	run "$bin/kho-dump" --json "$blobs/dup-map.dtb"
	pycheck "$stdout" "d['nodes'][0]['fields']['mem-map'] == {'addr': '0x0000000000000000', 'chunks': 0, 'bytes': 0, 'pages': 0}"
	run "$bin/kho-dump" "$blobs/nl-esc-name.dtb"
	expect_not_in "$stdout" $'\x1b' "kho-dump text"
	expect_in "$stdout" 'x\x0ay\x1b[2J (evil-v1)' "escaped name"
	run "$bin/kho-check" "$blobs/nl-esc-name.dtb"
	[ "$(wc -l <<<"$stdout")" = 1 ] || fail "kho-check printed the newline"
}
t "kho-dump shows duplicates of an invalid blob" test_duplicates_shown

test_check_usage() {
	local args

	for args in "" "a b" "--ram" "--ram 5-5 f" "--ram x f" "--ram 1-2-3 f" \
		"--ram -1-2 f" "--forbid 0x1-0x99999999999999999999 f" "--bogus f"; do
		# shellcheck disable=SC2086
		run "$bin/kho-check" $args
		expect_rc 3 "kho-check $args"
		[ -z "$stdout" ] || fail "kho-check $args: usage error on stdout"
		expect_in "$stderr" "usage: kho-check" "kho-check $args"
	done
	run "$bin/kho-check" --help
	expect_rc 0 "kho-check --help"
	expect_in "$stdout" "exit: 0 valid, 1 invalid, 2 unreadable, 3 usage error" "--help"
	run "$bin/kho-check" --ram 16M-2G "$blobs/good.dtb"
	expect_rc 0 "options before FILE"
	run "$bin/kho-check" "$blobs/good.dtb" --ram 1K-0x1000400 --ram 0x70000000-0x70010000
	expect_in "$stdout" "[0x1000000-0x1002000) bad preserved range (not inside RAM)" "1K is 0x400"
}
t "kho-check usage errors exit 3" test_check_usage

test_dump_usage() {
	local args

	for args in "a b" "--bogus" "--ranges=1"; do
		# shellcheck disable=SC2086
		run "$bin/kho-dump" $args
		expect_rc 3 "kho-dump $args"
		expect_in "$stderr" "usage: kho-dump" "kho-dump $args"
	done
	run "$bin/kho-dump" --help
	expect_rc 0 "kho-dump --help"
	if [ -w /dev/full ]; then
		"$bin/kho-dump" "$blobs/good.dtb" >/dev/full 2>/dev/null
		rc=$?
		expect_rc 2 "kho-dump >/dev/full"
	fi
}
t "kho-dump usage errors exit 3, a failed write 2" test_dump_usage

test_decode_kho_test() {
	run "$bin/kho-dump" "$blobs/good.dtb"
	expect_in "$stdout" $'kho-test (kho-test-v1)\n\tmem: 3 ranges, 3153920 bytes (3.01 MiB)' text
	expect_in "$stdout" $'\tseed = 0x0123456789abcdef\n' text
	expect_in "$stdout" $'\tchecksum = 0xfedcba9876543210\n' text
	expect_in "$stdout" $'\tbytes = 3153920 bytes (3.01 MiB)\n' text
	expect_in "$stdout" $'\tgeneration = 7\n' text
	expect_in "$stdout" $'\t\t0x000001100000 - 0x000001300000 (2 MiB)\n' text
	expect_in "$stdout" $'\t\t0x000001000000 - 0x000001002000 (8 KiB)\n' text
	run "$bin/kho-dump" --json "$blobs/good.dtb"
	local n
	n=$(node kho-test)
	pycheck "$stdout" "$n['decoder'] == 'kho-test-v1'" \
		"$n['fields'] == {'seed': '0x0123456789abcdef', 'checksum': '0xfedcba9876543210', 'bytes': 3153920, 'generation': 7}" \
		"$n['ranges'] == 3" "$n['preserved_bytes'] == 3153920"
}
t "kho-test fields decode to the values written" test_decode_kho_test

test_decode_real_blob() {
	local n
	run "$bin/kho-dump" "$fixture"
	expect_in "$stdout" $'map: '"${fixture%/dt}"$'/map (8192 bytes): mem-map 0x2da2000, 1 chunks, 8192 bytes (4224 used)\n\t1 regions (0 extents, 1 bitmaps), 16384 runs, 16384 pages, 67108864 bytes (64 MiB), 0.5000 map bytes per preserved page\n\towner kho-test: 1 regions, 16384 runs, 16384 pages, 67108864 bytes (64 MiB)\n' "map from the default path"
	expect_in "$stdout" $'/ (kho-handover-v2)\n\tmem-map:\n\t\taddr = 0x0000000002da2000\n\t\tchunks = 1\n\t\tbytes = 8192 bytes (8 KiB)\n\t\tpages = 16384\n' "mem-map decoded"
	expect_in "$stdout" $'\tmem: 16384 ranges, 67108864 bytes (64 MiB)\n' text
	expect_in "$stdout" $'\t\t0x000005400000 - 0x000005401000 (4 KiB)\n\t\t0x000005402000 - 0x000005403000 (4 KiB)\n' text
	expect_in "$stdout" $'\t\t... 16376 more (--ranges lists all)\n' text
	expect_in "$stdout" $'\tseed = 0x106371d5468848fe\n' text
	expect_in "$stdout" $'\tchecksum = 0x5a56a0d79471b936\n' text
	expect_in "$stdout" $'\tbytes = 67108864 bytes (64 MiB)\n' text
	expect_in "$stdout" $'\tgeneration = 1\n' text
	run "$bin/kho-dump" --regions "$fixture"
	expect_in "$stdout" $'\t\t0x000005400000 - 0x00000d3ff000 bitmap, chunk 0, owner kho-test: 16384 pages in 16384 runs\n' "the one bitmap region"
	run "$bin/kho-dump" --ranges "$fixture"
	[ "$(grep -c $'^\t\t0x' <<<"$stdout")" = 16384 ] || fail "--ranges did not list 16384 ranges"
	run "$bin/kho-dump" --json --ranges "$fixture"
	n=$(node kho-test)
	pycheck "$stdout" "len($n['mem']) == 16384" \
		"sum(r['size'] for r in $n['mem']) == 67108864" \
		"$n['mem'][0] == {'start': '0x5400000', 'end': '0x5401000', 'size': 4096}" \
		"all(int(r['end'], 16) - int(r['start'], 16) == r['size'] for r in $n['mem'])" \
		"all(int(b['start'], 16) - int(a['start'], 16) == 8192 for a, b in zip($n['mem'], $n['mem'][1:]))" \
		"$n['fields']['seed'] == '0x106371d5468848fe'" \
		"$n['fields']['generation'] == 1" \
		"d['map']['state'] == 'valid'" "d['map']['chunks'] == 1" \
		"d['map']['bitmaps'] == 1" "d['map']['runs'] == 16384" \
		"d['map']['owners'] == [{'name': 'kho-test', 'regions': 1, 'runs': 16384, 'pages': 16384}]" \
		"d['total_ranges'] == 16384" "d['total_bytes'] == 67108864"
}
t "real blob: map, fields, ranges and totals" test_decode_real_blob

# The map file: the default beside the blob, missing, another blob's,
# with bytes past the chain; the scratch run limit.
test_map_file() {
	local dir=$work/mapfile
	mkdir -p "$dir"
	cp "$fixture" "$dir/dt"
	run "$bin/kho-check" "$dir/dt"
	expect_rc 2 "no map beside the blob"
	expect_in "$stderr" "$dir/map: the blob's mem-map lists 1 chunks, but its map file cannot be read: No such file or directory" "no map beside the blob"
	run "$bin/kho-check" "$fixture" --map "${vtd_fixture%/dt}/map"
	expect_rc 1 "another blob's map"
	expect_in "$stdout" "invalid: map: chunk 0, at 0x2da2000: the map file holds no chunk recording that address (1 chunks in the file)" "another blob's map"
	{ cat "${fixture%/dt}/map"; head -c 4096 /dev/zero; } >"$dir/map"
	run "$bin/kho-check" "$dir/dt"
	expect_rc 1 "bytes past the chain"
	expect_in "$stdout" "invalid: map file: 1 whole chunks, mem-map lists 1; then chunk size is not a non-zero multiple of 4 KiB" "bytes past the chain"
	cp "${fixture%/dt}/map" "$dir/map"
	run "$bin/kho-check" "$dir/dt"
	expect_rc 0 "the map copied beside the blob"
	# 2 MiB of scratch: 16384 runs allowed, all of them used; 1 MiB: 8192.
	run "$bin/kho-check" "$fixture" --scratch 2M
	expect_rc 0 "--scratch 2M"
	run "$bin/kho-check" "$fixture" --scratch 1M
	expect_rc 1 "--scratch 1M"
	expect_in "$stdout" "invalid: map: chunk 0, owner 0 'kho-test', [0x9400000-0x9401000) more runs than the scratch area can reserve" "--scratch 1M"
}
t "map file: default path, missing, another blob's, trailing bytes; --scratch" test_map_file

test_decode_vtd() {
	local n
	run "$bin/kho-dump" "$vtd_fixture"
	expect_in "$stdout" $'\towner kho-test: 9 regions, 25 runs, 2048 pages, 8388608 bytes (8 MiB)\n\towner intel-iommu: 4 regions, 6 runs, 261 pages, 1069056 bytes (1.02 MiB)\n\towner vtd-edu-test: 1 regions, 1 runs, 1 pages, 4096 bytes (4 KiB)\n' owners
	expect_in "$stdout" $'intel-iommu (intel-iommu-v2)\n\tmem: 6 ranges, 1069056 bytes (1.02 MiB)\n\t\t0x000002e00000 - 0x000002f00000 (1 MiB)\n' text
	expect_in "$stdout" $'\tdmar@fed90000 (no compatible)\n\t\treg_base = 0x00000000fed90000\n\t\troot_table = 0x0000000003625000\n' unit
	expect_in "$stdout" $'\t\tpreserved_irtes = 1\n' irtes
	expect_in "$stdout" $'\t\tdev@8 (no compatible)\n\t\t\tbdf = 0000:00:01.0\n\t\t\tdomain_id = 3\n\t\t\tagaw = 1\n\t\t\tpage_table = 0x000000000362e000\n' dev
	expect_in "$stdout" $'\t\t\tflags = none\n\t\t\tiova_ranges = 1\n\t\t\tiova_mapped = 4096 bytes (4 KiB)\n' iova
	expect_in "$stdout" $'node kho-test: ok\nnode intel-iommu: ok\nnode vtd-edu-test: not checked (layout unknown)\n' verdicts
	run "$bin/kho-dump" --json "$vtd_fixture"
	n=$(node dev@8)
	pycheck "$stdout" "$n['fields']['bdf'] == '0000:00:01.0'" \
		"$n['fields']['domain_id'] == 3" "$n['fields']['iova_ranges'] == 1" \
		"$n['decoder'] == 'intel-iommu-v2'" \
		"$(node dmar@fed90000)['fields']['reg_base'] == '0x00000000fed90000'" \
		"$(node intel-iommu)['ranges'] == 6" \
		"d['map']['regions'] == 14" "d['map']['extents'] == 6"
	# The page-table page the device translates through is the node's.
	run "$bin/kho-check" "$vtd_fixture" --forbid 0x362e000-0x362f000
	expect_in "$stdout" "invalid: map: chunk 0, owner 1 'intel-iommu', [0x362e000-0x362f000) bad preserved range (overlaps a forbidden region)" "page table forbidden"
}

# The intel-iommu-v1 decoder, on the blob of the old layout: refused as a
# whole, its nodes still shown (structure sound), mem listed raw.
test_decode_vtd_v1() {
	run "$bin/kho-dump" "$v1_fixture"
	expect_rc 1 "kho-v1 blob"
	expect_in "$stdout" $'/ (kho-v1)\n' root
	expect_in "$stdout" $'intel-iommu (intel-iommu-v1)\n\tmem = [' "v1 node, mem raw"
	expect_in "$stdout" $'\tdmar@fed90000 (no compatible)\n\t\treg_base = 0x00000000fed90000\n' unit
	expect_in "$stdout" $'\t\tdev@8 (no compatible)\n\t\t\tbdf = 0000:00:01.0\n\t\t\tdomain_id = 3\n' dev
	expect_not_in "$stdout" $'\t\t\tflags = ' "v1 device has no flags"
	expect_in "$stdout" 'invalid: root compatible is not "kho-handover-v2"' verdict
}
t "real VT-d blob: valid, units and devices decoded" \
	agree "$vtd_fixture" 0 "valid: 3 nodes, map of 1 chunks (4096 bytes), 32 runs, 2310 pages (9461760 bytes) preserved"
t "real VT-d blob: map owners, dmar@ and dev@ children decoded" test_decode_vtd

# --node NAME: one subsystem node and its children, the blob's verdict,
# exit 0; a blob without it: exit 4 and a message; a refused blob: exit 1.
test_dump_node() {
	local line n
	run "$bin/kho-check" "$vtd_fixture"
	line=$stdout
	run "$bin/kho-dump" --node intel-iommu "$vtd_fixture"
	expect_rc 0 "--node intel-iommu"
	expect_in "$stdout" $'\nintel-iommu (intel-iommu-v2)\n\tmem: 6 ranges, 1069056 bytes (1.02 MiB)\n\t\t0x000002e00000 - 0x000002f00000 (1 MiB)\n' "the node, its ranges"
	expect_in "$stdout" $'\tdmar@fed90000 (no compatible)\n\t\treg_base = 0x00000000fed90000\n' "its unit"
	expect_in "$stdout" $'\t\tdev@8 (no compatible)\n\t\t\tbdf = 0000:00:01.0\n' "its device"
	expect_in "$stdout" $'\nnode intel-iommu: ok\n'"$line" "its verdict, then the blob's"
	[ "$(tail -n 1 <<<"$stdout")" = "$line" ] || fail "last line is not kho-check's '$line'"
	for n in "kho-test (" "vtd-edu-test" "/ (kho-handover-v2)" "map:" "owner " "total:" "node kho-test" "node vtd-edu-test"; do
		expect_not_in "$stdout" "$n" "--node intel-iommu"
	done
	[ -z "$stderr" ] || fail "--node intel-iommu: stderr '$stderr'"

	run "$bin/kho-dump" --json --ranges --node intel-iommu "$vtd_fixture"
	expect_rc 0 "--json --node intel-iommu"
	LINE=$line pycheck "$stdout" "d['node'] == 'intel-iommu'" "d['found'] is True" \
		"d['valid'] is True" "d['summary'] == os.environ['LINE']" \
		"[n['name'] for n in d['nodes']] == ['intel-iommu', 'dmar@fed90000', 'dev@8']" \
		"d['nodes'][0]['verdict'] == 'ok'" "d['nodes'][0]['ranges'] == 6" \
		"len(d['nodes'][0]['mem']) == 6" \
		"d['nodes'][0]['mem'][0] == {'start': '0x2e00000', 'end': '0x2f00000', 'size': 1048576}" \
		"d['nodes'][2]['fields']['bdf'] == '0000:00:01.0'" \
		"'map' not in d" "'subsystem_nodes' not in d"

	# Not there: a prefix of a name, a child's name, no such node.
	for n in nope kho dmar@fed90000 /; do
		run "$bin/kho-dump" --node "$n" "$vtd_fixture"
		expect_rc 4 "--node $n"
		expect_in "$stderr" "no subsystem node '$n'" "--node $n"
		[ "$(tail -n 1 <<<"$stdout")" = "$line" ] || fail "--node $n: no blob verdict"
		expect_not_in "$stdout" "(kho-test-v1)" "--node $n"
		run "$bin/kho-dump" --json --node "$n" "$vtd_fixture"
		expect_rc 4 "--json --node $n"
		N=$n pycheck "$stdout" "d['node'] == os.environ['N']" "d['found'] is False" \
			"d['nodes'] == []" "d['valid'] is True"
	done

	# The verdict is the blob's: another node refused makes it invalid.
	run "$bin/kho-dump" --node intel-iommu "$blobs/bar-overlap.dtb"
	expect_rc 1 "--node intel-iommu, pci refused"
	expect_in "$stdout" $'\nnode intel-iommu: ok\ninvalid: node \'pci\' device 0000:00:04.0 BAR 0' "pci refused"
	expect_not_in "$stdout" "node pci" "--node intel-iommu, pci refused"
	# The node itself refused: shown with the reason.
	run "$bin/kho-dump" --node kho-test "$blobs/odd-fields.dtb"
	expect_rc 1 "--node kho-test, refused"
	expect_in "$stdout" $'kho-test (kho-test-v1)\n\tseed = [05 00 00 00]\n' "refused node shown"
	expect_in "$stdout" "node kho-test: refused: a property is missing or of the wrong size" "refused node's verdict"
	run "$bin/kho-dump" --json --node kho-test "$blobs/odd-fields.dtb"
	pycheck "$stdout" "d['found'] is True" "d['valid'] is False" \
		"d['nodes'][0]['verdict'] == 'refused'" \
		"d['nodes'][0]['why'] == 'a property is missing or of the wrong size'"
	# Both nodes of a repeated name.
	run "$bin/kho-dump" --json --node kho-test "$blobs/dup-node.dtb"
	expect_rc 1 "--node kho-test, two of them"
	pycheck "$stdout" "[n['name'] for n in d['nodes']] == ['kho-test', 'kho-test']"
	# No structure to look in: invalid, not "no such node".
	run "$bin/kho-dump" --node kho-test "$blobs/truncated.dtb"
	expect_rc 1 "--node on a truncated blob"
	expect_not_in "$stderr" "no subsystem node" "--node on a truncated blob"
	run "$bin/kho-dump" --node
	expect_rc 3 "--node without NAME"
}
t "kho-dump --node: one node, the blob's verdict, exit 4 when absent" test_dump_node
t "kho-v1 VT-d blob: refused, intel-iommu-v1 still decoded" test_decode_vtd_v1

test_decode_vtd_v2() {
	local n
	run "$bin/kho-dump" "$blobs/handover.dtb"
	expect_in "$stdout" $'intel-iommu (intel-iommu-v2)\n\tmem: 2 ranges, 81920 bytes (80 KiB)\n' text
	expect_in "$stdout" $'\t\tdev@18 (no compatible)\n\t\t\tbdf = 0000:00:03.0\n\t\t\tdomain_id = 4\n' bridge
	expect_in "$stdout" $'\t\t\tcontext_hi = 0x0000000000000401\n\t\t\tflags = parked, alias\n\t\t\talias_of = 0000:01:00.0\n\n\t\tdev@100 (no compatible)\n' "bridge alias, no iova"
	expect_in "$stdout" $'\t\t\tcontext_hi = 0x0000000000000401\n\t\t\tflags = parked\n\t\t\tiova_ranges = 2\n' "parked edu"
	expect_not_in "$stdout" "owner = " "owner_sbdf equal to sbdf"
	run "$bin/kho-dump" --json "$blobs/handover.dtb"
	n="[x for x in d['nodes'] if x['name'] == 'dev@100' and x['decoder'] == 'intel-iommu-v2'][0]"
	a="[x for x in d['nodes'] if x['name'] == 'dev@18' and x['decoder'] == 'intel-iommu-v2'][0]"
	pycheck "$stdout" "$n['fields']['flags'] == 'parked'" \
		"$n['fields']['iova_mapped'] == 2105344" \
		"'alias_of' not in $n['fields']" "'owner' not in $n['fields']" \
		"$a['fields']['flags'] == 'parked, alias'" \
		"$a['fields']['alias_of'] == '0000:01:00.0'" \
		"'iova_ranges' not in $a['fields']" \
		"$(node intel-iommu)['decoder'] == 'intel-iommu-v2'"
	# The real (parked-less) device: flags none.
	run "$bin/kho-dump" "$vtd_fixture"
	expect_not_in "$stdout" "flags = parked" "real device"
}
t "handover blob (intel-iommu-v2, pci-v2, vfio-v2) is valid" \
	agree "$blobs/handover.dtb" 0 "valid: 3 nodes, map of 1 chunks (65536 bytes), 5 runs, 537 pages (2199552 bytes) preserved"
t "intel-iommu-v2: device flags decoded (parked, alias), alias of its owner" test_decode_vtd_v2

# One physical-overlap rule over every node (kernel/kho/claims.c), and the
# PCI BAR shape rules: the same refusal from both tools.
t "vfio: two DMA chunks on one physical page" \
	agree "$blobs/shared-chunk.dtb" 1 "invalid: node 'vfio' container 0 DMA chunk [0x5000000-0x5001000) overlaps node 'vfio' container 0 DMA chunk [0x5000000-0x5001000)"
t "intel-iommu: the interrupt remapping table on the root table" \
	agree "$blobs/irt-over-root.dtb" 1 "invalid: node 'intel-iommu' unit 0 root table [0x2900000-0x2901000) overlaps node 'intel-iommu' unit 0 interrupt remapping table [0x2900000-0x2901000)"
t "intel-iommu: a page-table root that is the root table" \
	agree "$blobs/pgd-is-root.dtb" 1 "invalid: node 'intel-iommu' device 0000:00:03.0 page-table root [0x2900000-0x2901000) overlaps node 'intel-iommu' unit 0 root table [0x2900000-0x2901000)"
t "pci: BARs of two devices overlap" \
	agree "$blobs/bar-overlap.dtb" 1 "invalid: node 'pci' device 0000:00:04.0 BAR 0 [0xfe8ff000-0xfe900000) overlaps node 'pci' device 0000:01:00.0 BAR 0 [0xfe800000-0xfe900000)"
t "pci: a BAR not aligned to its size" \
	agree "$blobs/bar-unaligned.dtb" 1 "invalid: node 'pci': device 0000:01:00.0: BAR start is not aligned to its size"
t "pci: a BAR whose size is not a power of two" \
	agree "$blobs/bar-size.dtb" 1 "invalid: node 'pci': device 0000:01:00.0: BAR size is not a power of two"

test_decode_pci() {
	local br ep
	run "$bin/kho-dump" "$blobs/handover.dtb"
	expect_in "$stdout" $'pci (pci-v2)\n\tdevices = 2\n\tresources = 4\n\tdev@18:\n\t\tbdf = 0000:00:03.0\n\t\tkind = bridge\n\t\tvendor = 0x1b36\n\t\tdevice = 0x0001\n\t\tclass = 0x060400\n\t\theader_type = 1\n\t\tcommand = 0x0407\n\t\tresources = 3\n' bridge
	expect_in "$stdout" $'\t\tio_window:\n\t\t\tspace = io\n\t\t\tstart = 0x000000000000d000\n\t\t\tsize = 4096 bytes (4 KiB)\n\t\t\tflags = none\n' "I/O window"
	expect_in "$stdout" $'\t\tpref_window:\n\t\t\tspace = mem\n\t\t\tstart = 0x0000000800000000\n\t\t\tsize = 2097152 bytes (2 MiB)\n\t\t\tflags = 64-bit, prefetchable\n' "prefetchable window"
	expect_in "$stdout" $'\t\tprimary_bus = 0x00\n\t\tsecondary_bus = 0x01\n\t\tsubordinate_bus = 0x01\n' "bus numbers"
	expect_in "$stdout" $'\tdev@100:\n\t\tbdf = 0000:01:00.0\n\t\tkind = endpoint\n' endpoint
	expect_in "$stdout" $'\t\tbar0:\n\t\t\tspace = mem\n\t\t\tstart = 0x00000000fe800000\n\t\t\tsize = 1048576 bytes (1 MiB)\n\t\t\tflags = none\n\t\tdriver = vfio-pci\n' "BAR and driver"
	run "$bin/kho-dump" --json "$blobs/handover.dtb"
	br="$(node pci)['fields']['dev@18']"
	ep="$(node pci)['fields']['dev@100']"
	pycheck "$stdout" "$(node pci)['fields']['devices'] == 2" "$br['kind'] == 'bridge'" "$br['vendor'] == '0x1b36'" \
		"$br['resources'] == 3" \
		"$br['mem_window'] == {'space': 'mem', 'start': '0x00000000fe800000', 'size': 2097152, 'flags': 'none'}" \
		"$br['secondary_bus'] == '0x01'" "'driver' not in $br" \
		"$ep['bdf'] == '0000:01:00.0'" "$ep['kind'] == 'endpoint'" \
		"$ep['command'] == '0x0406'" "$ep['class'] == '0x00ff00'" \
		"$ep['bar0']['size'] == 1048576" "$ep['driver'] == 'vfio-pci'" \
		"'primary_bus' not in $ep"
}
t "pci-v2: kind, ids, command, BARs, windows, bus numbers, driver" test_decode_pci

test_decode_vfio() {
	local c v
	run "$bin/kho-dump" "$blobs/handover.dtb"
	expect_in "$stdout" $'vfio (vfio-v2)\n\tmem: 3 ranges, 2117632 bytes (2.02 MiB)\n' node
	expect_in "$stdout" $'\tcontainer@0 (no compatible)\n\t\tchunks = 3\n\t\tmapped = 2105344 bytes (2.01 MiB)\n' container
	expect_in "$stdout" $'\t\tdma0:\n\t\t\tiova_start = 0x0000000000100000\n\t\t\tiova_end = 0x0000000000102000\n\t\t\tprot = read, write\n\t\t\tbytes = 8192 bytes (8 KiB)\n\t\t\tchunks = 2\n' "mapping in two chunks"
	expect_in "$stdout" $'\t\tdma1:\n\t\t\tiova_start = 0x0000000000200000\n\t\t\tiova_end = 0x0000000000400000\n\t\t\tprot = read\n' "read-only mapping"
	expect_in "$stdout" $'\t\tbdf = 0000:01:00.0\n\t\tcontainer = 0\n\t\tirq_type = msi\n\t\tflags = reset-works, pci-2.3\n' device
	expect_in "$stdout" $'\t\tsalt = 101112131415161718191a1b1c1d1e1f\n' salt
	expect_in "$stdout" $'\t\thash = a0a1a2a3a4a5a6a7...\n' "hash cut short"
	expect_not_in "$stdout" "a7a8" "hash past 8 bytes"
	expect_not_in "$stdout" "token" "token"
	expect_in "$stdout" $'\t\tnvectors = 1\n\t\tvector_irtes:\n\t\t\t0 = 2\n' vectors
	run "$bin/kho-dump" --json "$blobs/handover.dtb"
	c="$(node container@0)['fields']"
	v="[x for x in d['nodes'] if x['name'] == 'dev@100' and x['decoder'] == 'vfio-v2'][0]['fields']"
	pycheck "$stdout" "$c['chunks'] == 3" "$c['mapped'] == 2105344" \
		"$c['dma0'] == {'iova_start': '0x0000000000100000', 'iova_end': '0x0000000000102000', 'prot': 'read, write', 'bytes': 8192, 'chunks': 2}" \
		"$c['dma1']['bytes'] == 2097152" "$c['dma1']['chunks'] == 1" \
		"$v['container'] == 0" "$v['irq_type'] == 'msi'" \
		"$v['salt'] == '101112131415161718191a1b1c1d1e1f'" \
		"$v['hash'] == 'a0a1a2a3a4a5a6a7...'" \
		"$v['vector_irtes'] == {'0': 2}" "'token' not in $v" \
		"'borrowed_from_khofs' not in $c" "'khofs_bytes' not in $c['dma1']"
}
t "vfio-v2: mappings per dma number, devices, salt, hash cut short" test_decode_vfio

# Guest RAM in a khofs file: the chunk lies in the khofs node's mem, which
# vfio's mem does not hold; the overlap rule takes it as borrowed.
test_decode_vfio_khofs() {
	local c
	run "$bin/kho-dump" "$blobs/khofs-ram.dtb"
	expect_in "$stdout" $'vfio (vfio-v2)\n\tmem: 2 ranges, 20480 bytes (20 KiB)\n' "vfio mem without the borrowed pages"
	expect_in "$stdout" $'\t\tchunks = 3\n\t\tmapped = 2105344 bytes (2.01 MiB)\n\t\tborrowed_from_khofs = 2097152 bytes (2 MiB)\n' container
	expect_in "$stdout" $'\t\t\tbytes = 2097152 bytes (2 MiB)\n\t\t\tkhofs_bytes = 2097152 bytes (2 MiB)\n\t\t\tchunks = 1\n' "borrowed mapping"
	expect_not_in "$stdout" "node vfio: refused" "vfio node accepted"
	run "$bin/kho-dump" --json "$blobs/khofs-ram.dtb"
	c="$(node container@0)['fields']"
	pycheck "$stdout" "$c['borrowed_from_khofs'] == 2097152" \
		"$c['dma1']['khofs_bytes'] == 2097152" "'khofs_bytes' not in $c['dma0']"
}
t "vfio-v2: a chunk borrowed from the khofs node is shown as such" test_decode_vfio_khofs
t "vfio-v2: the blob-wide rule accepts a chunk borrowed from khofs" \
	agree "$blobs/khofs-ram.dtb" 0 "valid: 4 nodes"
t "vfio-v2: a borrowed chunk without a khofs node refuses the vfio node" \
	agree "$blobs/khofs-missing.dtb" 1 "invalid: node 'vfio': container 0: DMA chunk borrowed from a khofs node the blob does not have"

test_odd_nodes() {
	local v
	run "$bin/kho-dump" "$blobs/odd-nodes.dtb"
	expect_rc 1 "odd-nodes: the first refused node decides"
	expect_in "$stdout" "node intel-iommu: refused: property missing" "verdict per node"
	expect_in "$stdout" "node pci: refused: " "verdict per node"
	expect_in "$stdout" "node vfio: refused: " "verdict per node"
	expect_in "$stdout" $'\t\t\tflags = parked, 0x4\n\t\t\towner = 0000:00:02.0\n' "vtd owner without alias flag"
	expect_not_in "$stdout" "alias_of" "vtd record without alias flag"
	expect_in "$stdout" $'\t\tkind = invalid\n' "pci kind from flags 3"
	expect_in "$stdout" $'\t\tres9:\n\t\t\tspace = io\n' "unknown index"
	expect_in "$stdout" $'\t\t\tflags = 0x8\n' "unknown resource flag"
	expect_in "$stdout" $'\t\tsecondary_bus = 0x03\n' "endpoint with bus numbers"
	expect_in "$stdout" $'\t\tdriver = [1b 5b 32 4a 00 00' "escape in driver listed raw"
	expect_in "$stdout" $'\t\tmaps = [00 00' "short maps listed raw"
	expect_in "$stdout" $'\t\tirq_type = invalid\n\t\tflags = pci-2.3, 0x10\n' "vfio irq type and flags"
	expect_in "$stdout" $'\t\tvectors = [00 00' "short vectors listed raw"
	run "$bin/kho-dump" --json "$blobs/odd-nodes.dtb"
	v="[x for x in d['nodes'] if x['name'] == 'dev@8' and x['decoder'] == 'vfio-v2'][0]['fields']"
	pycheck "$stdout" "$v['irq_type'] == 'invalid'" "$v['vectors']['len'] == 12" \
		"[x for x in d['nodes'] if x['name'] == 'dev@8' and x['decoder'] == 'intel-iommu-v2'][0]['fields']['owner'] == '0000:00:02.0'"
}
t "intel-iommu-v2, pci-v2 and vfio-v2 records the kernel would refuse are still shown" test_odd_nodes

# khofs (fs/khofs/node.c through the node table): kho-check runs the
# node's own check and its extents' claims; kho-dump shows the tree.
t "khofs blob is valid" \
	agree "$blobs/khofs.dtb" 0 "valid: 1 nodes, map of 1 chunks (65536 bytes), 2 runs, 1027 pages (4206592 bytes) preserved"
t "khofs: two extents on one page refuse the blob" \
	agree "$blobs/khofs-shared-page.dtb" 1 "invalid: node 'khofs' extent 3 [0x40401000-0x40402000) overlaps node 'khofs' extent 2 [0x40400000-0x40402000)"
t "khofs: a file named '.' refuses the node" \
	agree "$blobs/khofs-bad-name.dtb" 1 "invalid: node 'khofs': inode 4: bad name"

# kho-meta: every field by name, in text and JSON.
test_decode_meta() {
	local f
	run "$bin/kho-dump" "$blobs/meta.dtb"
	expect_in "$stdout" $'kho-meta (kho-meta-v1)\n\tmem: 1 ranges, 4096 bytes (4 KiB)\n' "meta node and its page"
	expect_in "$stdout" $'\trelease = 6.12.117-kho-b\n' release
	expect_in "$stdout" "build-id = 0123456789abcdef00112233445566778899aabb" build-id
	expect_in "$stdout" $'\tgeneration = 3\n' generation
	expect_in "$stdout" $'\thandover-time-ns = 1764680000123456789\n' handover-time-ns
	expect_in "$stdout" $'\tuptime-ns = 42000000000\n' uptime-ns
	expect_in "$stdout" $'\thistory = 0x0000000002000000\n' history
	expect_in "$stdout" $'\thistory-count = 2\n' history-count
	run "$bin/kho-dump" --json "$blobs/meta.dtb"
	f="$(node kho-meta)['fields']"
	pycheck "$stdout" "$f['release'] == '6.12.117-kho-b'" \
		"$f['generation'] == 3" "$f['uptime-ns'] == 42000000000" \
		"$f['handover-time-ns'] == 1764680000123456789" \
		"$f['history-count'] == 2" "'build-id' in $f"
}
t "kho-meta-v1: kho-dump decodes every field by name" test_decode_meta
t "kho-meta-v1: the node kho_meta_write() writes is valid" \
	agree "$blobs/meta.dtb" 0 "valid: 1 nodes"
t "kho-meta-v1: generation 0 refuses the node" \
	agree "$blobs/meta-gen0.dtb" 1 "invalid: node 'kho-meta': generation is 0"

test_decode_khofs() {
	local esc=$'\x1b' n tr
	run "$bin/kho-dump" "$blobs/khofs.dtb"
	expect_in "$stdout" $'khofs (khofs-v1)\n\tmem: 2 ranges, 4206592 bytes (4.01 MiB)\n' node
	expect_in "$stdout" $'\tinodes = 6\n\tdirectories = 3\n\tfiles = 3\n\tnames = 28 bytes\n\textents = 4\n\textent_bytes = 4206592 bytes (4.01 MiB)\n' counts
	expect_in "$stdout" $'\ttree:\n\t\t/:\n\t\t\ttype = dir\n\t\t\tmode = 0755\n\t\t\tuid = 0\n\t\t\tgid = 0\n\t\t\tmtime_ns = 1700000000000000000\n\t\t\tentries = 1\n\t\t/srv:\n' root
	expect_in "$stdout" $'\t\t/srv/vm:\n\t\t\ttype = dir\n\t\t\tmode = 0750\n\t\t\tuid = 107\n\t\t\tgid = 107\n' directory
	expect_in "$stdout" $'\t\t/srv/vm/guest0.ram:\n\t\t\ttype = file\n\t\t\tmode = 0600\n\t\t\tuid = 107\n\t\t\tgid = 107\n\t\t\tmtime_ns = 1700000000123456789\n\t\t\tsize = 4202496 bytes (4.01 MiB)\n\t\t\textents = 3\n\t\t\textent_bytes = 4202496 bytes (4.01 MiB)\n\t\t/srv/vm/notes:\n' "file, then the next entry"
	expect_in "$stdout" $'\t\t/srv/vm/notes:\n\t\t\ttype = file\n\t\t\tmode = 0640\n\t\t\tuid = 107\n\t\t\tgid = 100\n\t\t\tmtime_ns = 0\n\t\t\tsize = 0 bytes\n\t\t\textents = 0\n' "empty file"
	expect_in "$stdout" '/srv/vm/odd\x1b[31m:' "escaped name"
	expect_not_in "$stdout" "$esc" "kho-dump text"
	run "$bin/kho-dump" --json "$blobs/khofs.dtb"
	expect_not_in "$stdout" "$esc" "kho-dump --json"
	n="$(node khofs)['fields']"
	tr="$n['tree']"
	pycheck "$stdout" "$(node khofs)['decoder'] == 'khofs-v1'" \
		"$(node khofs)['verdict'] == 'ok'" \
		"$n['inodes'] == 6" "$n['files'] == 3" "$n['names'] == 28" \
		"$n['extents'] == 4" "$n['extent_bytes'] == 4206592" \
		"list($tr) == ['/', '/srv', '/srv/vm', '/srv/vm/guest0.ram', '/srv/vm/notes', '/srv/vm/odd\x1b[31m']" \
		"$tr['/srv/vm/guest0.ram'] == {'type': 'file', 'mode': '0600', 'uid': 107, 'gid': 107, 'mtime_ns': 1700000000123456789, 'size': 4202496, 'extents': 3, 'extent_bytes': 4202496}" \
		"$tr['/srv/vm']['entries'] == 3" "$tr['/']['mtime_ns'] == 1700000000000000000"
	# A refused node: the counts, no tree.
	run "$bin/kho-dump" "$blobs/khofs-bad-name.dtb"
	expect_in "$stdout" $'\textents = 4\n' "refused: counts"
	expect_in "$stdout" $'\ttree = not shown: the node is refused\n' "refused: no tree"
	expect_in "$stdout" "node khofs: refused: inode 4: bad name" verdict
}
t "khofs-v1: counts, then the tree with paths, modes, owners, sizes and extents" test_decode_khofs

test_generic_listing() {
	run "$bin/kho-dump" "$blobs/good.dtb"
	expect_in "$stdout" $'intel-vtd (intel-vtd-v1)\n\tmem: 1 ranges, 65536 bytes (64 KiB)\n' text
	expect_in "$stdout" $'\tlabel = "say \\"hi\\""\n' string
	expect_in "$stdout" $'\tnames = "a", "bc"\n' "string list"
	expect_in "$stdout" $'\tids = [01 00 00 00 02 00 00 00 03 00 00 00]\n' bytes
	expect_in "$stdout" $' 3e 3f] ... (100 bytes, first 64 shown)\n' "long bytes"
	expect_in "$stdout" $'\tflag;\n' "empty property"
	expect_in "$stdout" $'pci (pci-v9)\n\n\tdev@3 (no compatible)\n\t\tbdf = [18 00 00 00]\n' "child node"
	expect_in "$stdout" "total: 3 subsystem nodes, 2 with mem, 4 ranges, 3219456 bytes (3.07 MiB) preserved" total
	expect_in "$stdout" $'node kho-test: ok\nnode intel-vtd: not checked (layout unknown)\nnode pci: not checked (layout unknown)\nvalid: ' "verdict per node"
	run "$bin/kho-dump" --json "$blobs/good.dtb"
	pycheck "$stdout" \
		"$(node intel-vtd)['fields']['label'] == {'len': 9, 'strings': ['say \"hi\"']}" \
		"$(node intel-vtd)['fields']['names']['strings'] == ['a', 'bc']" \
		"$(node intel-vtd)['fields']['ids'] == {'len': 12, 'hex': '010000000200000003000000', 'truncated': False}" \
		"$(node intel-vtd)['fields']['big']['truncated'] and len($(node intel-vtd)['fields']['big']['hex']) == 128" \
		"$(node intel-vtd)['decoder'] is None" \
		"$(node 'dev@3')['depth'] == 2" "$(node pci)['has_mem'] is False" \
		"d['subsystem_nodes'] == 3" "d['mem_nodes'] == 2" \
		"d['total_ranges'] == 4" "d['total_bytes'] == 3219456" \
		"'mem' not in $(node kho-test)" \
		"$(node kho-test)['verdict'] == 'ok'" "$(node pci)['verdict'] == 'unknown'"
}
t "unknown nodes and properties: dtc-like listing" test_generic_listing

test_range_limit() {
	run "$bin/kho-dump" "$blobs/many.dtb"
	[ "$(grep -c $'^\t\t0x' <<<"$stdout")" = 8 ] || fail "default did not list 8 ranges"
	expect_in "$stdout" $'\t\t... 12 more (--ranges lists all)\n' text
	run "$bin/kho-dump" --ranges "$blobs/many.dtb"
	[ "$(grep -c $'^\t\t0x' <<<"$stdout")" = 20 ] || fail "--ranges did not list 20 ranges"
	expect_not_in "$stdout" "more (--ranges" "--ranges"
	expect_in "$stdout" $'\t\t0x000010026000 - 0x000010027000 (4 KiB)\n' "last range"
	run "$bin/kho-dump" --json --ranges "$blobs/many.dtb"
	pycheck "$stdout" "len($(node kho-test)['mem']) == 20" \
		"$(node kho-test)['mem'][19]['start'] == '0x10026000'"
}
t "first 8 ranges by default, all with --ranges" test_range_limit

test_invalid_still_shown() {
	run "$bin/kho-dump" "$blobs/overlap.dtb"
	expect_in "$stdout" $'map: '"$blobs"$'/overlap.map (65536 bytes): mem-map 0x70000000, 1 chunks, 65536 bytes, refused (see the last line)\n' "map refused"
	expect_in "$stdout" $'\na (a-v1)\n\nb (b-v1)\n\ntotal: 2 subsystem nodes, 0 with mem, 0 ranges, 0 bytes preserved\n' "both nodes, no ranges from a refused map"
	run "$bin/kho-dump" "$blobs/bad-maplen.dtb"
	expect_in "$stdout" $'\tmem-map = [00 00 00 01 00 00 00 00 00 10' "mem-map of 40 bytes listed raw"
	expect_in "$stdout" "total: 0 subsystem nodes, 0 with mem, 0 ranges, 0 bytes preserved" total
	run "$bin/kho-dump" "$blobs/truncated.dtb"
	expect_in "$stdout" "FDT structure unusable, nothing to decode" truncated
	run "$bin/kho-dump" --json "$blobs/overlap.dtb"
	pycheck "$stdout" "len(d['nodes']) == 3" "d['valid'] is False" \
		"d['error'] == \"map: chunk 0, owner 1 'b', other owner 0 'a', [0x4002000-0x4006000) regions out of order or overlapping (two owners of one page)\"" \
		"d['map']['state'] == 'refused'" "d['total_bytes'] == 0"
	run "$bin/kho-dump" --json "$blobs/bad-magic.dtb"
	pycheck "$stdout" "d['nodes'] == []" "d['readable'] is True"
}
t "invalid blobs are shown as far as possible" test_invalid_still_shown

test_hostile_text_escaped() {
	local esc=$'\x1b'

	run "$bin/kho-dump" "$blobs/evil.dtb"
	expect_not_in "$stdout" "$esc" "kho-dump text"
	expect_in "$stdout" 'evil\x1b[31m (evil-v1)' "escaped name"
	expect_in "$stdout" $'\tmsg = [1b 5b 32 4a 00]\n' "control string as bytes"
	run "$bin/kho-dump" --json "$blobs/evil.dtb"
	expect_not_in "$stdout" "$esc" "kho-dump --json"
	pycheck "$stdout" "d['nodes'][1]['name'] == 'evil\\x1b[31m'"
	run "$bin/kho-check" "$blobs/evil.dtb"
	expect_not_in "$stdout" "$esc" kho-check
	expect_in "$stdout" "owner 0 'evil\\x1b[31m'" kho-check
}
t "terminal escapes from the blob are not printed" test_hostile_text_escaped

test_odd_fields() {
	run "$bin/kho-dump" "$blobs/odd-fields.dtb"
	expect_in "$stdout" $'\tseed = [05 00 00 00]\n' "4-byte seed"
	expect_in "$stdout" $'\tgeneration = [09 00 00 00 00 00 00 00]\n' "8-byte generation"
	run "$bin/kho-dump" --json "$blobs/odd-fields.dtb"
	pycheck "$stdout" "$(node kho-test)['fields']['seed'] == {'len': 4, 'hex': '05000000', 'truncated': False}"
}
t "kho-test fields of the wrong size are listed raw" test_odd_fields

# Corrupted copies of good.dtb, handover.dtb and khofs.dtb: no crash, no sanitizer
# report, the two tools agree, the JSON parses and says the same.
test_mutants() {
	local f line nvalid=0 n=0

	for f in "$blobs"/mutant-*.dtb; do
		n=$((n + 1))
		run "$bin/kho-check" "$f"
		line=$stdout
		[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "$f: kho-check exit $rc"
		nvalid=$((nvalid + (rc == 0)))
		local want=$rc
		run "$bin/kho-dump" --ranges "$f"
		[ "$rc" = "$want" ] || fail "$f: kho-dump exit $rc, kho-check $want"
		[ "$(tail -n 1 <<<"$stdout")" = "$line" ] || fail "$f: verdicts differ"
		run "$bin/kho-dump" --json --ranges "$f"
		printf '%s\n' "$line" >"$f.line"
		printf '%s\n' "$stdout" >"$f.json"
	done
	# One interpreter for all of them.
	"$python" - "$blobs"/mutant-*.dtb <<-'EOF' || fail "mutant JSON check failed"
	import json, sys
	for f in sys.argv[1:]:
	    d = json.load(open(f + ".json"))
	    line = open(f + ".line").read().rstrip("\n")
	    if d["summary"] != line:
	        sys.exit(f + ": JSON says " + d["summary"])
	EOF
	[ $n = 384 ] || fail "$n mutants, expected 384"
	# Most flips land in data the check does not judge; some must not.
	echo "# $n mutants: $nvalid valid, $((n - nvalid)) invalid"
	[ $nvalid -gt 0 ] && [ $nvalid -lt $n ] || fail "mutants all valid or all invalid"
}
t "384 corrupted blobs: no crash, both tools agree" test_mutants

test_default_path() {
	if [ -e /sys/firmware/kho/dt ] || [ -e /sys/kernel/kho/dt ]; then
		skip="this machine has a KHO blob in sysfs"
		return
	fi
	run "$bin/kho-dump"
	expect_rc 2 "kho-dump without FILE"
	expect_in "$stderr" "kho-dump: /sys/kernel/kho/dt: No such file or directory" stderr
}
t "without FILE: /sys/firmware/kho/dt, else /sys/kernel/kho/dt" test_default_path

test_static() {
	local f tool

	for tool in kho-check kho-dump; do
		if readelf -l "$out/$tool-static" | grep -q INTERP; then
			fail "$tool-static has a program interpreter"
		fi
	done
	# Every hand-made blob (the random mutants have their own test): each
	# build gives the same verdict, within 5 s, and an invalid one exits
	# 1 or 2.
	local start slowest=0 slowest_file= ms nfiles=0
	for f in "$fixture" "$vtd_fixture" "$v1_fixture" "$blobs"/*.dtb; do
		case ${f##*/} in mutant-*) continue ;; esac
		nfiles=$((nfiles + 1))
		for tool in kho-check kho-dump; do
			run timeout -k 1 5 "$bin/$tool" "$f"
			local want=$stdout want_rc=$rc
			[ "$rc" = 0 ] || [ "$rc" = 1 ] || [ "$rc" = 2 ] ||
				fail "$tool (ASan) exits $rc on $f"
			for build in "$out/$tool-static" "$out/$tool"; do
				start=$(date +%s%N)
				run timeout -k 1 5 "$build" "$f"
				ms=$((($(date +%s%N) - start) / 1000000))
				# limit.dtb is 64 MiB of zeros: a test of reading, not parsing.
				[ "$(stat -c %s "$f")" -gt $((4 << 20)) ] || [ "$ms" -le "$slowest" ] ||
					{ slowest=$ms; slowest_file=${f##*/}; }
				[ "$rc" = "$want_rc" ] && [ "$stdout" = "$want" ] ||
					fail "${build##*/} differs from the sanitized $tool on $f (exit $rc, want $want_rc)"
			done
		done
	done
	printf '# %d blobs, 3 builds each: slowest plain or static run of a blob up to 4 MiB %d ms (%s)\n' \
		"$nfiles" "$slowest" "$slowest_file"
	[ "$slowest" -lt 1000 ] || fail "a run took $slowest ms on $slowest_file"
}
t "every hand-made blob: static, plain and sanitized builds agree, each in well under a second" test_static

# --- Hostile to libfdt itself (issue 12, libfdt part) ---
# Blobs gen_libfdt_hostile() writes. Every build of both tools (sanitized,
# plain, static; kho-dump also with --json) must refuse each within 5 s
# with exit 1 or 2; a hang is killed by timeout and fails the test.

# refused_by_every_build FILE STRING: every build exits 1 or 2 in time
# and says STRING (kho-dump as its last line, like kho-check).
refused_by_every_build() {
	local file=$1 str=$2 dir tool args

	for dir in "$bin" "$out"; do
		for tool in kho-check kho-dump kho-check-static kho-dump-static; do
			[ "$dir" = "$out" ] || [[ $tool != *-static ]] || continue
			for args in "" --json; do
				[ -z "$args" ] || [[ $tool == kho-dump* ]] || continue
				# shellcheck disable=SC2086
				run timeout -k 1 5 "$dir/$tool" $args "$file"
				if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
					fail "$dir/$tool${args:+ $args}: still running after 5 s (killed)"
					continue
				fi
				[ "$rc" = 1 ] || [ "$rc" = 2 ] ||
					fail "$dir/$tool${args:+ $args}: exit $rc, expected 1 or 2"
				if [ -n "$args" ]; then
					STR=${str#invalid: } pycheck "$stdout" "d['valid'] is False" \
						"d['error'] == os.environ['STR']"
				else
					[ "$(tail -n 1 <<<"$stdout")" = "$str" ] ||
						fail "$dir/$tool: verdict '$(tail -n 1 <<<"$stdout")', expected '$str'"
				fi
			done
		done
	done
}
t "property length 0xfffffff4: every build refuses it within 5 s" \
	refused_by_every_build "$blobs/prop-len-overflow.dtb" \
	"invalid: malformed FDT structure (FDT_ERR_BADSTRUCTURE)"
# --- end of the libfdt block ---

# --- kho-check --target: the kexec load pre-flight, offline ---
# Target images: synthetic ones from kho-manifest gen (tools/kho/mkimage.c),
# edited copies (kho-manifest set/zero), and the kernel this tree builds.
images=$work/images
mkdir -p "$images"
bzimage=$(cd "$here/../../.." && pwd)/build/kernel/arch/x86/boot/bzImage

# A target accepting every node of the vtd-dma-inflight fixture.
mkimg_vtd() {
	"$bin/kho-manifest" gen "$images/vtd.img" /=kho-handover-v2 \
		kho-test=kho-test-v1 intel-iommu=intel-iommu-v2 \
		vtd-edu-test=vtd-edu-test-v1 >/dev/null
}

test_target_accepts() {
	mkimg_vtd
	run "$bin/kho-check" --target "$images/vtd.img" "$vtd_fixture"
	expect_rc 0 "target accepting every node"
	expect_in "$stdout" "accepted: the target reads every node that holds memory or devices" "verdict"
	expect_in "$stdout" "target: $images/vtd.img: KHO manifest present" "target line"
	[ "$(grep -c ' accepted$' <<<"$stdout")" = 4 ] ||
		fail "expected 4 accepted rows (root and 3 nodes):" "$stdout"
	grep -qE '^intel-iommu +intel-iommu-v2 +yes +yes +intel-iommu-v2 +accepted$' <<<"$stdout" ||
		fail "intel-iommu row (memory and devices):" "$stdout"
}
t "--target: an image accepting every node: accepted, exit 0" test_target_accepts

test_target_refuses_node() {
	mkimg_vtd
	run "$bin/kho-manifest" set "$images/vtd.img" "$images/vtd-bad.img" \
		kho-test kho-test-v1 kho-test-v9
	expect_rc 0 "kho-manifest set"
	run "$bin/kho-check" --target "$images/vtd-bad.img" "$vtd_fixture"
	expect_rc 1 "target refusing kho-test"
	grep -qE '^kho-test +kho-test-v1 +yes +no +kho-test-v9 +REFUSED$' <<<"$stdout" ||
		fail "kho-test row:" "$stdout"
	expect_in "$stdout" "refused: the target would refuse 1 part of this handover" "verdict"
	[ "$(grep -c 'REFUSED$' <<<"$stdout")" = 1 ] || fail "only kho-test is refused"
}
t "--target: one node's version not accepted: that node REFUSED, exit 1" test_target_refuses_node

test_target_no_manifest() {
	mkimg_vtd
	run "$bin/kho-manifest" zero "$images/vtd.img" "$images/vtd-zero.img"
	expect_rc 0 "kho-manifest zero"
	run "$bin/kho-manifest" show "$images/vtd-zero.img"
	expect_rc 1 "show of an image without manifest"
	expect_in "$stdout" "no KHO manifest: no KHO: the manifest field is 0" "show"
	run "$bin/kho-check" --target "$images/vtd-zero.img" "$vtd_fixture"
	expect_rc 1 "target without manifest"
	expect_in "$stdout" "no KHO manifest: no KHO: the manifest field is 0" "target line"
	grep -qE '^/ +kho-handover-v2 +- +- +none +REFUSED$' <<<"$stdout" || fail "root row:" "$stdout"
	expect_in "$stdout" "refused: the target would refuse 4 parts of this handover (it does not read KHO at all)" "verdict"
}
t "--target: an image with no manifest refuses everything, exit 1" test_target_no_manifest

test_target_malformed() {
	mkimg_vtd
	head -c 1200 "$images/vtd.img" >"$images/vtd-cut.img"
	run "$bin/kho-check" --target "$images/vtd-cut.img" "$vtd_fixture"
	expect_rc 1 "truncated target"
	expect_in "$stdout" "malformed KHO manifest: kernel_info sizes are inconsistent or reach past the image" "target line"
	run "$bin/kho-check" --target "$images/missing.img" "$vtd_fixture"
	expect_rc 2 "unreadable target"
	expect_in "$stderr" "missing.img" "unreadable target"
}
t "--target: a truncated image is malformed (exit 1), a missing one unreadable (exit 2)" \
	test_target_malformed

test_target_drops_empty_node() {
	"$bin/kho-manifest" gen "$images/good.img" /=kho-handover-v2 \
		kho-test=kho-test-v1 intel-vtd=intel-vtd-v1 >/dev/null
	run "$bin/kho-check" --target "$images/good.img" "$blobs/good.dtb"
	expect_rc 0 "a node holding nothing is not a refusal"
	grep -qE '^pci +pci-v9 +no +no +none +dropped \(holds nothing\)$' <<<"$stdout" ||
		fail "pci row:" "$stdout"
}
t "--target: a node holding neither memory nor devices is dropped, not refused" \
	test_target_drops_empty_node

test_target_invalid_blob() {
	mkimg_vtd
	run "$bin/kho-check" --target "$images/vtd.img" "$blobs/truncated.dtb"
	expect_rc 1 "invalid blob"
	expect_not_in "$stdout" "target:" "no pre-flight on an invalid blob"
}
t "--target: an invalid blob is reported as such, without a pre-flight" test_target_invalid_blob

test_manifest_usage() {
	local args

	for args in "" "show" "bogus x" "set a b c d" "gen"; do
		# shellcheck disable=SC2086
		run "$bin/kho-manifest" $args
		expect_rc 3 "kho-manifest $args"
		expect_in "$stderr" "usage: kho-manifest" "kho-manifest $args"
	done
	mkimg_vtd
	run "$bin/kho-manifest" set "$images/vtd.img" "$images/x.img" pci pci-v2 pci-v3
	expect_rc 1 "set of an entry that is not there"
	expect_in "$stdout" "no entry pci pci-v2" "set"
}
t "kho-manifest usage errors exit 3" test_manifest_usage

test_target_real_bzimage() {
	if [ ! -f "$bzimage" ]; then
		skip="no $bzimage (make kernel)"
		return
	fi
	run "$bin/kho-manifest" show "$bzimage"
	expect_rc 0 "manifest of the built kernel"
	expect_in "$stdout" "/ kho-handover-v2" "root entry"
	expect_in "$stdout" "kho-test kho-test-v1" "test serializer entry"
	expect_in "$stdout" "intel-iommu intel-iommu-v2" "VT-d entry"
	run "$bin/kho-check" --target "$bzimage" "$vtd_fixture"
	expect_rc 0 "the built kernel accepts the vtd-dma-inflight handover"
	run "$bin/kho-manifest" zero "$bzimage" "$images/bz-zero"
	run "$bin/kho-check" --target "$images/bz-zero" "$vtd_fixture"
	expect_rc 1 "the built kernel with its manifest field zeroed"
	run "$bin/kho-manifest" set "$bzimage" "$images/bz-bad" kho-test kho-test-v1 kho-test-v0
	run "$bin/kho-check" --target "$images/bz-bad" "$vtd_fixture"
	expect_rc 1 "the built kernel with kho-test's entry rewritten"
	grep -qE '^kho-test +kho-test-v1 +yes +no +kho-test-v0 +REFUSED$' <<<"$stdout" ||
		fail "kho-test row:" "$stdout"
}
t "--target on build/kernel's bzImage: its manifest lists what it is built with" \
	test_target_real_bzimage

echo "KTAP version 1"
echo "1..${#names[@]}"
pass=0 nfail=0
for i in "${!names[@]}"; do
	failed=0 skip=
	eval "${cmds[$i]}" >"$work/diag"
	cat "$work/diag"
	if [ $failed = 0 ]; then
		pass=$((pass + 1))
		echo "ok $((i + 1)) ${names[$i]}${skip:+ # SKIP $skip}"
	else
		nfail=$((nfail + 1))
		echo "not ok $((i + 1)) ${names[$i]}"
	fi
done
echo "# tools: $pass passed, $nfail failed"
[ $nfail = 0 ]
