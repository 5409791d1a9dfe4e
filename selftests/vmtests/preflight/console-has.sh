#!/bin/sh
# console-has.sh OUTDIR LINE...: every LINE (a fixed string) is in the
# test's serial.log. The old kernel's lines at kexec -e reach only the
# console, so the host checks of the pre-flight tests look for them there.
out=$1
shift
status=0
for line in "$@"; do
	if ! grep -qF "$line" "$out/serial.log"; then
		echo "serial.log: no '$line'"
		status=1
	fi
done
exit $status
