# Shared by the qemu-guest-* vmtests: Debian's QEMU runs inside the test VM
# (nested TCG) with the bare-metal test guest (selftests/vm/guest, installed
# as /usr/lib/kho/guest.elf), its RAM on a file (memory-backend-file,
# share=on); the VM is stopped and its device state saved with QEMU's own
# migration and the x-ignore-shared capability (the RAM stays in the file,
# not in the state), QEMU exits, and a new QEMU on the same file resumes it
# with -incoming. QEMU, its libraries and firmware come from a read-only
# virtio disk (scripts/qemu-disk.sh; a test's qemu-args attaches it).
#
# QEMU is driven through QMP on a pipe chardev (DIR/mon-N.in and .out), so
# plain shell can talk to it: every command carries an id and the helpers
# wait for the answer with that id. The guest's console is DIR/serial-N.log
# and QEMU's own output DIR/qemu-N.log, N counting the QEMU runs of a stage.
#
# A test sets, before using the helpers (defaults in brackets):
#   QG_RAM_FILE  the guest RAM's backend file [/dev/shm/qg-ram]
#   QG_RAM_MB    guest RAM in MiB [32]
#   QG_STATE     where the saved device state goes [/tmp/qg/state]
#   QG_MACHINE   QEMU's -machine type [q35]
#   QG_IGNORE_SHARED  on or off: the x-ignore-shared capability [on]
#                (off copies the RAM into the state, for a negative check)
#   QG_TIMEOUT   seconds any one wait may take [120]
#   QG_INPLACE   1: the RAM file is allocated whole before QEMU starts
#                (fallocate) and the state is written into QG_STATE in
#                place (it must exist, large enough): neither changes a
#                file's size or layout, so both work while a KHO dump
#                holds khofs [0]

QG_DISK_LABEL=kho-qemu
QG_MNT=/mnt/qemu
QG_QEMU=$QG_MNT/bin/qemu-system-x86_64
QG_GUEST=/usr/lib/kho/guest.elf
QG_DIR=/tmp/qg
QG_RAM_FILE=${QG_RAM_FILE:-/dev/shm/qg-ram}
QG_RAM_MB=${QG_RAM_MB:-32}
QG_STATE=${QG_STATE:-$QG_DIR/state}
QG_MACHINE=${QG_MACHINE:-q35}
QG_IGNORE_SHARED=${QG_IGNORE_SHARED:-on}
QG_TIMEOUT=${QG_TIMEOUT:-120}
QG_INPLACE=${QG_INPLACE:-0}
# The QEMU run of this stage (qg_start counts them), its pid, the pid of
# the reader copying its QMP output to DIR/mon-N.log, the last QMP id.
QG_RUN=0
QG_PID=
QG_READER=
QG_QMP_ID=0
# QEMU's event for a migration's end (with the events capability).
QG_MIGRATION_END='"event": "MIGRATION", "data": {"status": "(completed|failed|cancelled)"}'
QG_MIGRATIONS=0
# A full line of the guest's, as guest.c prints it.
QG_LINE_RE='^guest: count=[0-9]+ sum=[0-9a-f]{8}$'

# qg_mount: mount the QEMU disk (read-only) at QG_MNT; again after a kexec.
qg_mount() {
	dev=$(findfs "LABEL=$QG_DISK_LABEL" 2>/dev/null)
	if [ -z "$dev" ]; then
		ktap_diag "no disk labelled $QG_DISK_LABEL (qemu-args attaches build/qemu-disk.img)"
		return 1
	fi
	mkdir -p $QG_MNT
	mount -o ro "$dev" $QG_MNT && test -x $QG_QEMU
}

# --- time ------------------------------------------------------------------

# The TSC counts on across kexec, so these time phases that span one too.
# Its rate, measured once per stage here (1 s), not in qg_ms: that runs in
# subshells ($(...)), which would forget it.
QG_TSC_HZ=$(tsc hz)
qg_now() { tsc; }

# qg_ms T0 T1: milliseconds between two qg_now readings.
qg_ms() {
	awk -v a="$1" -v b="$2" -v hz="$QG_TSC_HZ" 'BEGIN { printf "%d", (b - a) * 1000 / hz }'
}

# --- waiting ---------------------------------------------------------------

# qg_wait SECONDS COMMAND...: run COMMAND every 50 ms until it succeeds;
# fails after SECONDS.
qg_wait() {
	qg_tries=$(($1 * 20))
	shift
	until "$@"; do
		qg_tries=$((qg_tries - 1))
		[ $qg_tries -gt 0 ] || return 1
		sleep 0.05
	done
}

qg_alive() { [ -n "$QG_PID" ] && kill -0 "$QG_PID" 2>/dev/null; }
qg_dead() { ! qg_alive; }

# --- QEMU ------------------------------------------------------------------

# qg_args: QEMU's options for the guest, the same for every run.
qg_args() {
	echo "-nodefaults -no-user-config -display none -machine $QG_MACHINE" \
		"-accel tcg -cpu qemu64 -smp 1 -m ${QG_RAM_MB}M" \
		"-object memory-backend-file,id=ram,mem-path=$QG_RAM_FILE,size=${QG_RAM_MB}M,share=on" \
		"-machine memory-backend=ram -kernel $QG_GUEST"
}

# qg_serial [N]: the guest console of run N (default: the current one).
qg_serial() { echo "$QG_DIR/serial-${1:-$QG_RUN}.log"; }

# qg_start [QEMU ARGS...]: start QEMU on the guest in the background (a new
# run), with its QMP monitor; returns once QMP answered.
qg_start() {
	QG_RUN=$((QG_RUN + 1))
	QG_QMP_ID=0
	mkdir -p $QG_DIR
	mon=$QG_DIR/mon-$QG_RUN
	rm -f "$mon.in" "$mon.out"
	mkfifo "$mon.in" "$mon.out" || return 1
	# shellcheck disable=SC2046
	echo "$QG_QEMU $(qg_args) -serial file:$(qg_serial) -chardev pipe,id=mon,path=$mon -mon chardev=mon,mode=control $*" \
		>"$QG_DIR/cmdline-$QG_RUN"
	# shellcheck disable=SC2046
	$QG_QEMU $(qg_args) -serial "file:$(qg_serial)" \
		-chardev pipe,id=mon,path="$mon" -mon chardev=mon,mode=control \
		"$@" >"$QG_DIR/qemu-$QG_RUN.log" 2>&1 &
	QG_PID=$!
	# QEMU opens both FIFOs read-write, so the reader's open returns once
	# QEMU has its end, and the reader sees EOF when QEMU exits. Our own
	# read-write descriptor on .in never blocks, whatever QEMU does.
	cat "$mon.out" >"$mon.log" &
	QG_READER=$!
	exec 7<>"$mon.in"
	qg_qmp qmp_capabilities
}

qg_answered() { grep -qF "$qg_tag" "$QG_DIR/mon-$QG_RUN.log" || qg_dead; }
qg_reader_done() { ! kill -0 "$QG_READER" 2>/dev/null; }

# qg_diag_qemu: the end of QEMU's own output, as diagnostics.
qg_diag_qemu() {
	tail -n 5 "$QG_DIR/qemu-$QG_RUN.log" | while IFS= read -r line; do
		ktap_diag "QEMU: $line"
	done
}

# qg_qmp COMMAND [ARGUMENTS_JSON]: run a QMP command; its answer is left in
# QG_ANSWER. Fails on an error answer, or when none came (QEMU exited, or
# QG_TIMEOUT seconds passed). Not in a subshell ($(...)): the ids must
# count on.
qg_qmp() {
	QG_QMP_ID=$((QG_QMP_ID + 1))
	qg_tag="\"id\": \"$QG_QMP_ID\""
	if [ -n "${2:-}" ]; then
		echo "{\"execute\": \"$1\", \"arguments\": $2, \"id\": \"$QG_QMP_ID\"}" >&7
	else
		echo "{\"execute\": \"$1\", \"id\": \"$QG_QMP_ID\"}" >&7
	fi
	qg_wait "$QG_TIMEOUT" qg_answered
	if ! grep -qF "$qg_tag" "$QG_DIR/mon-$QG_RUN.log"; then
		# QEMU exited: its last words are in the log once the reader ends.
		qg_wait 2 qg_reader_done
		if ! grep -qF "$qg_tag" "$QG_DIR/mon-$QG_RUN.log"; then
			ktap_diag "QMP $1: no answer ($(qg_alive && echo "QEMU still running after $QG_TIMEOUT s" || echo "QEMU exited"))"
			qg_diag_qemu
			return 1
		fi
	fi
	QG_ANSWER=$(grep -F "$qg_tag" "$QG_DIR/mon-$QG_RUN.log")
	case $QG_ANSWER in *'"error"'*)
		ktap_diag "QMP $1: $QG_ANSWER"
		return 1
		;;
	esac
}

# qg_capability: x-ignore-shared as QG_IGNORE_SHARED says, and events, so
# QEMU reports the migration's end without being polled. Called right
# before a migration starts: notes how many ends QEMU reported so far.
qg_capability() {
	QG_MIGRATIONS=$(grep -cE "$QG_MIGRATION_END" "$QG_DIR/mon-$QG_RUN.log")
	state=true
	[ "$QG_IGNORE_SHARED" = on ] || state=false
	qg_qmp migrate-set-capabilities "{\"capabilities\": [
		{\"capability\": \"x-ignore-shared\", \"state\": $state},
		{\"capability\": \"events\", \"state\": true}]}"
}

qg_migration_ended() {
	[ "$(grep -cE "$QG_MIGRATION_END" "$QG_DIR/mon-$QG_RUN.log")" -gt "$QG_MIGRATIONS" ]
}

# qg_wait_migrated: wait for QEMU's MIGRATION event saying it ended, then
# check with query-migrate that it completed; its answer is left in
# QG_MIGRATION (QEMU's own times and sizes, on the source).
qg_wait_migrated() {
	qg_wait "$QG_TIMEOUT" qg_migration_ended ||
		ktap_diag "migration: no end within $QG_TIMEOUT s"
	qg_qmp query-migrate || return 1
	QG_MIGRATION=$QG_ANSWER
	case $QG_MIGRATION in *'"status": "completed"'*) return 0 ;; esac
	ktap_diag "migration did not complete: $QG_MIGRATION"
	return 1
}

# qg_migration_field NAME: a number from QG_MIGRATION ("total-time", ...).
qg_migration_field() {
	echo "$QG_MIGRATION" | sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p"
}

# qg_quit: QMP quit, then wait for QEMU and its reader to end.
qg_quit() {
	qg_qmp quit
	qg_reap
}

# qg_reap: wait for this run's QEMU to exit (killing it after QG_TIMEOUT
# seconds), then for its reader (killed if QEMU never opened the FIFO);
# closes our end of its monitor. Returns QEMU's exit status.
qg_reap() {
	if ! qg_wait "$QG_TIMEOUT" qg_dead; then
		ktap_diag "QEMU (pid $QG_PID) did not exit; killing it"
		kill -9 "$QG_PID" 2>/dev/null
	fi
	wait "$QG_PID" 2>/dev/null
	QG_STATUS=$?
	qg_wait 2 qg_reader_done || kill "$QG_READER" 2>/dev/null
	wait "$QG_READER" 2>/dev/null
	exec 7>&-
	QG_PID='' QG_READER=''
	return $QG_STATUS
}

# qg_boot: a new backend file of QG_RAM_MB MiB and a first QEMU run on it
# (the guest starts from scratch).
qg_boot() {
	rm -f "$QG_RAM_FILE"
	if [ "$QG_INPLACE" = 1 ]; then
		fallocate -l "${QG_RAM_MB}M" "$QG_RAM_FILE" && qg_start
	else
		rm -f "$QG_STATE"
		truncate -s "${QG_RAM_MB}M" "$QG_RAM_FILE" && qg_start
	fi
}

# qg_save: stop the running guest and save its device state to QG_STATE
# (x-ignore-shared as QG_IGNORE_SHARED), then quit QEMU. The state is
# written by "cat" under a temporary name and renamed when cat is done,
# so QG_STATE exists only complete (QEMU may report the migration
# completed before its cat has written everything). Sets QG_SAVE_MS (stop
# to the state complete in its file), QG_QUIT_MS (quit to QEMU gone),
# QG_SAVE_PHASES (stop, migration, file, in ms) and QG_SAVE_QEMU (the
# migration's times and size as QEMU counts them).
qg_save() {
	if [ "$QG_INPLACE" = 1 ]; then
		written=$QG_DIR/state-written
		uri="exec:dd of=$QG_STATE conv=notrunc 2>/dev/null && touch $written"
	else
		written=$QG_STATE
		uri="exec:cat >$QG_STATE.part && mv $QG_STATE.part $QG_STATE"
	fi
	rm -f "$written" "$QG_STATE.part"
	t0=$(qg_now)
	qg_qmp stop || return 1
	t1=$(qg_now)
	qg_capability &&
		qg_qmp migrate "{\"uri\": \"$uri\"}" &&
		qg_wait_migrated || return 1
	t2=$(qg_now)
	qg_wait "$QG_TIMEOUT" test -f "$written" || return 1
	t3=$(qg_now)
	qg_quit || return 1
	t4=$(qg_now)
	QG_SAVE_MS=$(qg_ms "$t0" "$t3")
	QG_QUIT_MS=$(qg_ms "$t3" "$t4")
	QG_SAVE_PHASES="stop $(qg_ms "$t0" "$t1"), migration $(qg_ms "$t1" "$t2"), file $(qg_ms "$t2" "$t3")"
	QG_SAVE_QEMU="total $(qg_migration_field total-time) ms, downtime $(qg_migration_field downtime) ms, $(qg_migration_field transferred) bytes"
}

# qg_restore: a new QEMU with the same options and -incoming defer loads
# QG_STATE (x-ignore-shared as QG_IGNORE_SHARED) and continues the guest.
# The guest was saved stopped, so the incoming VM stays paused until
# "cont". Sets QG_RESTORE_MS (QEMU started to the guest running again),
# QG_RESTORE_PHASES (QEMU up to QMP, load, cont, in ms) and QG_PAUSED=1 if
# the VM was paused after the load.
qg_restore() {
	t0=$(qg_now)
	qg_start -incoming defer || return 1
	t1=$(qg_now)
	qg_capability &&
		qg_qmp migrate-incoming "{\"uri\": \"exec:cat $QG_STATE\"}" &&
		qg_wait_migrated || return 1
	t2=$(qg_now)
	qg_qmp query-status || return 1
	QG_PAUSED=0
	case $QG_ANSWER in *'"running": false'*) QG_PAUSED=1 ;; esac
	if [ $QG_PAUSED = 1 ]; then
		qg_qmp cont || return 1
	fi
	t3=$(qg_now)
	QG_RESTORE_MS=$(qg_ms "$t0" "$t3")
	QG_RESTORE_PHASES="QEMU up $(qg_ms "$t0" "$t1"), load $(qg_ms "$t1" "$t2"), cont $(qg_ms "$t2" "$t3")"
}

# --- the guest's console ---------------------------------------------------

# qg_lines [N]: the full "guest: count=... sum=..." lines of run N.
qg_lines() { grep -E "$QG_LINE_RE" "$(qg_serial "$@")"; }

# qg_nlines [N]: how many there are.
qg_nlines() { qg_lines "$@" | wc -l; }

qg_has_lines() { [ "$(qg_nlines)" -ge "$1" ]; }

# qg_wait_lines N: wait until this run's guest printed N full lines.
qg_wait_lines() {
	qg_wait "$QG_TIMEOUT" qg_has_lines "$1" && return 0
	ktap_diag "guest printed $(qg_nlines) of $1 lines within $QG_TIMEOUT s"
	return 1
}

# qg_field NAME LINE: the value of NAME= in LINE.
qg_field() { echo "$2" | sed -n "s/.*$1=\([0-9a-f]*\).*/\1/p"; }

# qg_starts [N]: how many start lines run N's console has.
qg_starts() { grep -c '^guest: start ' "$(qg_serial "$@")"; }

# qg_diag_serial N: the console of run N as diagnostics.
qg_diag_serial() {
	while IFS= read -r line; do
		ktap_diag "run $1: $line"
	done <"$(qg_serial "$1")"
}
