#!/usr/bin/env python3
"""run_exchanges.py: every exchange vector against degu-server.

  run_exchanges.py DEGU_SERVER [exchange.py options, e.g. --id ID]

Starts one degu-server per option set the vectors need
(tools/exchange.py --list-options), each on an AF_UNIX socket in a fresh
temporary directory, runs tools/exchange.py --connect OPTIONS@PATH ...
against them all, then stops every server (SIGTERM) and removes the
directory.  Cleanup happens however the run ends.  Waits are bounded only
as a safety net: a server is ready when it prints its bound address, and
it stops when it exits.

Exit status: exchange.py's (0 all passed, 1 a vector failed), or 2 when a
server could not be started or did not stop cleanly.
Stdlib only.
"""

import json
import os
import pathlib
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXCHANGE = ROOT / 'tools' / 'exchange.py'
START_LIMIT = 20.0   # seconds for a server to print its address
STOP_LIMIT = 10.0    # seconds for a server to exit after SIGTERM
EXIT_SETUP = 2

# Server options of the vectors -> degu-server flags.
FLAGS = {'max_requests': '--max-requests', 'timeout': '--timeout'}


def option_sets():
    out = subprocess.run([sys.executable, str(EXCHANGE), '--list-options'],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def connect_arg(options, path):
    if not options:
        return str(path)
    spec = ','.join('%s=%s' % (k, options[k]) for k in sorted(options))
    return '%s@%s' % (spec, path)


def read_first_line(proc, limit):
    """The first line of proc's stdout, or None if it exits or the limit
    passes first."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        if not sel.select(limit):
            return None
        line = proc.stdout.readline()
        return line.decode('ascii', 'replace').strip() or None
    finally:
        sel.close()


def start_server(server, options, path, log):
    cmd = [server, '--address', str(path), '--app', 'reflect']
    for key in sorted(options):
        cmd += [FLAGS[key], str(options[key])]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
    bound = read_first_line(proc, START_LIMIT)
    if bound != str(path):
        raise RuntimeError('%s: expected address %s on stdout, got %r'
                           % (' '.join(cmd), path, bound))
    return proc


def stop_server(proc):
    """True when proc exited 0 after SIGTERM within the limit."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(STOP_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        print('run_exchanges: %d did not stop within %gs; killed'
              % (proc.pid, STOP_LIMIT), file=sys.stderr)
        return False
    if code != 0:
        print('run_exchanges: server %d exited %d' % (proc.pid, code),
              file=sys.stderr)
    return code == 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return EXIT_SETUP
    server, extra = argv[1], argv[2:]
    tmp = pathlib.Path(tempfile.mkdtemp(prefix='degu-exchanges-'))
    procs = []
    status = EXIT_SETUP
    log_path = tmp / 'servers.log'
    try:
        with open(log_path, 'wb') as log:
            connects = []
            for i, options in enumerate(option_sets()):
                path = tmp / ('s%d.sock' % i)
                procs.append(start_server(server, options, path, log))
                connects += ['--connect', connect_arg(options, path)]
            status = subprocess.run(
                [sys.executable, str(EXCHANGE)] + connects + extra).returncode
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        print('run_exchanges: %s' % e, file=sys.stderr)
        status = EXIT_SETUP
    finally:
        stopped = all([stop_server(p) for p in procs])
        if status != 0 and log_path.exists():
            sys.stderr.write('--- server log (tail) ---\n')
            lines = log_path.read_text('utf-8', 'replace').splitlines()
            sys.stderr.write('\n'.join(lines[-40:]) + '\n')
        for proc in procs:
            proc.stdout.close()
        shutil.rmtree(tmp, ignore_errors=True)
    if status == 0 and not stopped:
        status = EXIT_SETUP
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
