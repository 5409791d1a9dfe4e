#!/bin/bash
# Build the pinned kernel: unpack Debian's linux-source-6.12 into build/,
# apply patches/series, copy our overlay (kernel/ include/ drivers/) in,
# configure from configs/*.config on top of allnoconfig and build bzImage
# with ccache. Every step is skipped when its inputs did not change, so
# editing one overlay file rebuilds only what depends on it.
#
# kernel-build.sh b builds the second kernel (B) from the same patched tree
# into build/kernel-b, configured from configs/*.config plus
# configs/variant-b/*.config (later lines win), and installs its modules
# into build/kernel-b.modules.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$KHO_ROOT"

variant=${1:-a}
case $variant in
a) sfx= frag_files=(configs/*.config) ;;
b)
	sfx=-b frag_files=(configs/*.config configs/variant-b/*.config)
	KHO_KOBJ=$KHO_BUILD/kernel-b
	;;
*) die "unknown kernel variant '$variant' (a or b)" ;;
esac

overlay_dirs="kernel include drivers fs"
stamp_dir=$KHO_BUILD/stamps
log_dir=$KHO_BUILD/logs
mkdir -p "$stamp_dir" "$log_dir"

[ -f "$KHO_SRC_TARBALL" ] || die "$KHO_SRC_TARBALL missing (run scripts/deps.sh kernel)"
src_version=$(dpkg-query -W -f='${Version}' "$KHO_SRC_PKG")
pin=$(cat configs/kernel-version)
[ "$src_version" = "$pin" ] ||
	warn "building $KHO_SRC_PKG $src_version but configs/kernel-version pins $pin"

overlay_files() {
	local d
	for d in $overlay_dirs; do
		[ ! -d "$d" ] || find "$d" -type f
	done | LC_ALL=C sort
}

# 1. Source tree: unpack and patch again whenever the base version, the
#    patches, or the set of overlay files changed (a removed overlay file
#    must not linger in the tree).
src_key=$({
	echo "$src_version"
	cat patches/series 2>/dev/null
	grep -v '^#' patches/series 2>/dev/null | xargs -r -I{} cat patches/{}
	overlay_files
} | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp_dir/src" 2>/dev/null)" != "$src_key" ]; then
	say "unpacking $KHO_SRC_PKG $src_version into build/src"
	rm -rf "$KHO_KSRC" "$stamp_dir/src"
	mkdir -p "$(dirname "$KHO_KSRC")"
	tar -C "$(dirname "$KHO_KSRC")" -xf "$KHO_SRC_TARBALL"
	n=0
	while read -r p; do
		case $p in '' | '#'*) continue ;; esac
		if ! patch -d "$KHO_KSRC" -p1 --batch --forward --quiet <"patches/$p" \
			>"$log_dir/patch.log" 2>&1; then
			cat "$log_dir/patch.log" >&2
			die "patch '$p' does not apply to $KHO_SRC_PKG $src_version"
		fi
		n=$((n + 1))
	done < <(cat patches/series 2>/dev/null)
	say "applied $n hook patches from patches/series"
	# tar restores the tarball's old mtimes, so a file that an earlier
	# patch or overlay changed would look older than its object and not
	# be rebuilt. Touch every file the previous tree had modified.
	if [ -f "$stamp_dir/modified" ]; then
		while read -r f; do
			[ ! -f "$KHO_KSRC/$f" ] || touch "$KHO_KSRC/$f"
		done <"$stamp_dir/modified"
	fi
	echo "$src_key" >"$stamp_dir/src"
fi
{
	grep -hE '^\+\+\+ b/' patches/*.patch 2>/dev/null | sed 's|^+++ b/||; s|[[:space:]].*||'
	overlay_files
} | LC_ALL=C sort -u >"$stamp_dir/modified"
echo "$KHO_SRC_PKG $src_version" >"$KHO_BUILD/kernel-version.txt"

# 2. Overlay: copy only files whose content differs, so make sees the
#    minimal set of changed timestamps.
copied=0
while read -r f; do
	if ! cmp -s "$f" "$KHO_KSRC/$f"; then
		mkdir -p "$KHO_KSRC/$(dirname "$f")"
		cp "$f" "$KHO_KSRC/$f"
		copied=$((copied + 1))
	fi
done < <(overlay_files)
[ $copied -eq 0 ] || say "overlay: $copied file(s) updated"

# 3. Configuration: allnoconfig plus our fragments, regenerated only when
#    the fragments change. Every requested option must survive Kconfig.
kmake() {
	make -C "$KHO_KSRC" O="$KHO_KOBJ" ARCH=x86_64 \
		KBUILD_BUILD_USER=kho KBUILD_BUILD_HOST=kho-rig \
		CC="ccache gcc" HOSTCC="ccache gcc" "$@"
}
frag=$KHO_BUILD/kho$sfx.config
cat "${frag_files[@]}" >"$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -f "$KHO_KOBJ/.config" ]; then
	say "configuring$sfx: allnoconfig + ${frag_files[*]}"
	mkdir -p "$KHO_KOBJ"
	KCONFIG_ALLCONFIG="$frag.new" kmake allnoconfig >"$log_dir/config$sfx.log" 2>&1 ||
		{ tail -n 20 "$log_dir/config$sfx.log"; die "kernel configuration failed"; }
	bad=0
	while IFS= read -r line; do
		sym=${line%%=*}
		if [ "${line#*=}" = n ]; then
			grep -q "^$sym=" "$KHO_KOBJ/.config" || continue
		else
			grep -qxF "$line" "$KHO_KOBJ/.config" && continue
		fi
		warn "config: wanted $line, got: $(grep -E "^(# )?$sym[= ]" "$KHO_KOBJ/.config" || echo unset)"
		bad=1
	done < <(grep -E '^CONFIG_' "$frag.new" | tac | awk -F= '!seen[$1]++' | tac)
	[ $bad -eq 0 ] || die "kernel config fragments did not apply (see above)"
fi
mv "$frag.new" "$frag"

# 4. Build, printing a compact progress line instead of every CC.
export CCACHE_BASEDIR=$KHO_ROOT CCACHE_NOHASHDIR=1
blog=$log_dir/kernel-build$sfx.log
say "building bzImage$sfx ($(nproc) jobs, log in build/logs/kernel-build$sfx.log)"
start=$(now_ms)
progress() {
	local n=0 last=$SECONDS tty=0 line
	[ -t 1 ] && tty=1
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$blog"
		case $line in "  CC "* | "  AS "* | "  LD "* | "  AR "*) n=$((n + 1)) ;; esac
		if [ $tty = 1 ]; then
			printf '\r    %5d objects, %3ds' $n $SECONDS
		elif [ $((SECONDS - last)) -ge 20 ]; then
			printf '    %5d objects, %3ds\n' $n $SECONDS
			last=$SECONDS
		fi
	done
	[ $tty = 0 ] || printf '\n'
	echo $n >"$stamp_dir/objects$sfx"
}
: >"$blog"
ccache -z >/dev/null 2>&1 || true
SECONDS=0
targets=bzImage
[ "$variant" = a ] || targets="bzImage modules"
# shellcheck disable=SC2086 # two targets
if ! kmake -j"$(nproc)" $targets 2>&1 | progress; then
	grep -E -B2 -A8 'error|Error' "$blog" | tail -n 40 >&2
	die "kernel build failed (full log: $blog)"
fi
if [ "$variant" != a ]; then
	mods=$KHO_BUILD/kernel$sfx.modules
	rm -rf "$mods"
	PATH=$PATH:/usr/sbin:/sbin kmake INSTALL_MOD_PATH="$mods" modules_install >>"$blog" 2>&1 ||
		die "modules_install failed (full log: $blog)"
	rel=$(kmake -s kernelrelease)
	# A link to this build tree: meaningless inside the VM.
	rm -f "$mods/lib/modules/$rel/build"
	[ -f "$mods/lib/modules/$rel/modules.dep" ] || die "no modules.dep for $rel in $mods"
	say "modules of $rel in ${mods#"$KHO_ROOT"/}: $(find "$mods" -name '*.ko*' | wc -l)"
fi
elapsed=$(($(now_ms) - start))
hits=$(ccache -s 2>/dev/null | awk -F: '/^ *Hits:/ && !n++ {gsub(/ /,"",$2); print $2}' || true)
say "bzImage$sfx ready in $(fmt_ms $elapsed): $(cat "$stamp_dir/objects$sfx") objects built, ccache hits: ${hits:-?} ($KHO_SRC_PKG $src_version)"
echo "$elapsed" >"$stamp_dir/build-ms$sfx"
