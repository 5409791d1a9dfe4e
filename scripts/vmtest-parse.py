#!/usr/bin/env python3
"""Turn one vmtest run into a KTAP result.

Reads OUTDIR/serial.log (the console: KTAP lines from every stage, each
stage's plan, the done marker, kernel panics) and OUTDIR/data.log (files
the stages sent over the second serial port), writes OUTDIR/result.ktap and
the extracted files, runs the test's host-check.sh if it has one, and
prints the result as an indented KTAP subtest.

Usage: vmtest-parse.py TEST OUTDIR QEMU_STATUS [TESTDIR]
Exit status: 0 if the test passed, 1 if not.
"""
import base64
import os
import re
import subprocess
import sys
from pathlib import Path

RESULT = re.compile(r'^(not ok|ok) (\d+) (.*)$')
DONE = 'KHO-VMTEST-DONE'
# /init's line before each stage, and vm_plan's.
STAGE = re.compile(r'^# vmtest \S+ stage (\d+)\b')
PLAN = re.compile(r'^KHO-VMTEST-PLAN stage \d+ results (\d+)$')
# A kernel reporting a bug, after the log's "[time]" prefixes and at most one
# "subsystem: ": "WARNING: CPU: 0 PID: 1 at ...", "BUG: kernel NULL pointer
# dereference", "BUG: Bad page state in process", "watchdog: BUG: soft
# lockup", "Oops: 0000 [#1]", "kernel BUG at mm/x.c:1!" and the stack dump
# after any of them. Lines the stages print (KTAP, "# ...") never match.
KERNEL_BUG = re.compile(r'^(?:\[[^\]]*\] ?)*(?:[\w.-]+: )?'
                        r'(?:WARNING:|BUG:|Oops:|kernel BUG at |'
                        r'Bad page state|Call Trace:)')


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


def kernel_bugs(outdir):
    """Kernel warnings, BUGs and oopses on the console or in a stage's dmesg."""
    found = {}
    for path in [outdir / 'serial.log'] + sorted(outdir.glob('dmesg-stage*.txt')):
        for line in read_lines(path):
            if KERNEL_BUG.match(line):
                found.setdefault(line.strip(), path.name)
    diags = [f'kernel ({where}): {line}' for line, where in found.items()]
    if len(diags) > 5:
        diags[5:] = [f'... and {len(diags) - 5} more such kernel lines']
    return diags


def stage_plans(lines):
    """Each stage must declare its results (vm_plan) and report that many."""
    stages = []  # [stage, planned or None, reported]
    for line in lines:
        m = STAGE.match(line)
        if m:
            stages.append([m.group(1), None, 0])
        elif (m := PLAN.match(line)) and stages:
            stages[-1][1] = (stages[-1][1] or 0) + int(m.group(1))
        elif RESULT.match(line):
            if not stages:
                stages.append(['(before any stage)', None, 0])
            stages[-1][2] += 1
    diags = []
    for stage, planned, reported in stages:
        if planned is None:
            diags.append(f'stage {stage} declares no plan: it must call '
                         f'vm_plan N (it reported {reported} results)')
        elif planned != reported:
            diags.append(f'stage {stage} planned {planned} results, '
                         f'reported {reported}')
    return diags


def host_check(testdir, outdir, run):
    """Run TESTDIR/host-check.sh OUTDIR if there is one and RUN is true; one
    that is not executable fails the test either way."""
    script = testdir / 'host-check.sh'
    if not script.exists():
        return []
    if not os.access(script, os.X_OK):
        return [f'{script} is not executable']
    if not run:
        return []
    proc = subprocess.run([str(script), str(outdir)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, check=False)
    (outdir / 'host-check.log').write_bytes(proc.stdout)
    if proc.returncode == 0:
        return []
    out = proc.stdout.decode('utf-8', 'replace').splitlines()
    return ([f'host-check: {line}' for line in out] +
            [f'host-check.sh exited with status {proc.returncode}'])


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
        elif 'Kernel panic' in line:
            diags.append('kernel: ' + line.strip())

    diags += extract_files(outdir)
    diags += kernel_bugs(outdir)
    diags += stage_plans(lines)
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
    # The host check looks at what a passing VM left behind.
    if len(sys.argv) > 4:
        diags += host_check(Path(sys.argv[4]), outdir, passed)
        passed = passed and not diags
    body = ['KTAP version 1', f'# Subtest: {test}', f'1..{len(results)}']
    body += [f'{"ok" if ok else "not ok"} {n} {d}' for ok, n, d in results]
    body += [f'# {d}' for d in diags]
    (outdir / 'result.ktap').write_text('\n'.join(body) + '\n')
    print('\n'.join('    ' + b for b in body))
    return 0 if passed else 1


if __name__ == '__main__':
    sys.exit(main())
