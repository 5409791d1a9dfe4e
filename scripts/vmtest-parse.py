#!/usr/bin/env python3
"""Turn one vmtest run into a KTAP result.

Reads OUTDIR/serial.log (the console: KTAP lines from every stage, the
done marker, kernel panics) and OUTDIR/data.log (files the stages sent over
the second serial port), writes OUTDIR/result.ktap and the extracted files,
and prints the result as an indented KTAP subtest.

Usage: vmtest-parse.py TEST OUTDIR QEMU_STATUS
Exit status: 0 if the test passed, 1 if not.
"""
import base64
import re
import sys
from pathlib import Path

RESULT = re.compile(r'^(not ok|ok) (\d+) (.*)$')
DONE = 'KHO-VMTEST-DONE'


def read_lines(path):
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    return data.decode('utf-8', 'replace').replace('\r', '').split('\n')


def extract_files(outdir):
    """Decode @@KHO-FILE blocks; return diagnostics for bad ones."""
    problems = []
    name, chunks = None, []
    for line in read_lines(outdir / 'data.log'):
        if line.startswith('@@KHO-FILE '):
            name, chunks = line.split(' ', 1)[1].strip(), []
        elif line.startswith('@@KHO-END ') and name:
            fields = line.split()
            data = base64.b64decode(''.join(chunks))
            if len(fields) < 3 or int(fields[2]) != len(data):
                problems.append(f'file {name}: size mismatch')
            safe = Path(name).name
            (outdir / safe).write_bytes(data)
            name = None
        elif name is not None:
            chunks.append(line.strip())
    if name is not None:
        problems.append(f'file {name}: transfer cut off')
    return problems


def main():
    test, outdir, status = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    lines = read_lines(outdir / 'serial.log')
    results, diags = [], []
    done = False
    for line in lines:
        m = RESULT.match(line)
        if m:
            results.append((m.group(1) == 'ok', int(m.group(2)), m.group(3)))
        elif line.startswith(DONE):
            done = True
        elif 'Kernel panic' in line or 'BUG:' in line or 'Oops' in line:
            diags.append('kernel: ' + line.strip())

    diags += extract_files(outdir)
    for i, (_, num, desc) in enumerate(results, 1):
        if num != i:
            diags.append(f'result "{desc}" numbered {num}, expected {i}')
            break
    if status == 124 or status == 137:
        diags.append('timed out (see serial.log)')
    elif status != 0:
        diags.append(f'qemu exited with status {status} (see qemu.log)')
    if not done:
        diags.append('the last stage never reported done')
    if not results:
        diags.append('no results reported')

    passed = (done and results and all(ok for ok, _, _ in results)
              and not diags)
    body = ['KTAP version 1', f'# Subtest: {test}', f'1..{len(results)}']
    body += [f'{"ok" if ok else "not ok"} {n} {d}' for ok, n, d in results]
    body += [f'# {d}' for d in diags]
    (outdir / 'result.ktap').write_text('\n'.join(body) + '\n')
    print('\n'.join('    ' + b for b in body))
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main())
