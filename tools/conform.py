#!/usr/bin/env python3
"""conform.py BUILD_DIR OUT_DIR: the kit's main job (`make conform`).

Runs degu-conform against the reference's parser, server and client, the
server and the client over every transport (AF_UNIX path, abstract name,
IPv4, IPv6, TLS 1.2 with client certificates; the client also over an
inherited socketpair), and, when
DEGU_PYTHONPATH names the original Degu, against the original's server and
client (each backend, judged with --profile degu-0.19:c or degu-0.19:py,
which count only that backend's recorded outcomes).  Exchange vectors
go at once, one byte at a time and split at sampled offsets.  Writes a JSON,
JUnit and HTML report per run into OUT_DIR and one page over all of them,
OUT_DIR/index.html (`degu-conform compare`); prints one line per run and
where the page is.

Exit status: 0 when every reference run passed; 1 when one did not (the
reference must be all OK: a failure is a bug in it or in a vector); 2 when
a run could not be made (degu-conform exited 2; its message is shown).
The original's runs are there to be read: their verdicts are shown and
never change the exit status.  Standard library only.
"""
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TRANSPORTS = 'unix,abstract,v4,v6'
DELIVERY = ['--delivery', 'once,bytes,split']  # Exchanges also in pieces.
TIMEOUT = 1800  # Seconds for one run: a safety net, far above what one takes.


class Run:
    """One degu-conform invocation: a name, a role and its arguments."""

    def __init__(self, name, role, args, counts=True):
        self.name, self.role, self.args, self.counts = name, role, args, counts


def runs(build):
    cli = build / 'reference' / 'cli'
    server = ('%s --address {address} --app reflect --max-connections {max_connections} '
              '--max-requests {max_requests} --timeout {timeout}' % (cli / 'degu-server'))
    adapter = build / 'conformance' / 'degu-client-adapter'
    out = [
        Run('reference-parser', 'parser',
            ['--exec', str(cli / 'degu-parse'), '--render-exec', str(cli / 'degu-render')]),
        Run('reference-server', 'server',
            ['--exec', server, '--tls-exec', server + ' --tls-config {tls_config}',
             '--transport', TRANSPORTS + ',tls'] + DELIVERY),
        Run('reference-client-fd', 'client', ['--exec', str(adapter)] + DELIVERY),
        Run('reference-client', 'client',
            ['--exec', '%s --connect {address}' % adapter,
             '--tls-exec', '%s --connect {address} --tls-config {tls_config}' % adapter,
             '--transport', TRANSPORTS + ',tls'] + DELIVERY),
    ]
    if os.environ.get('DEGU_PYTHONPATH'):
        python = sys.executable
        peer = ROOT / 'tools' / 'original_peer.py'
        client = ROOT / 'interop' / 'original_client_adapter.py'
        for backend in ('c', 'py'):
            out.append(Run('original-%s-server' % backend, 'server', [
                '--exec', '%s %s server --backend %s --address {address} '
                '--max-connections {max_connections} --max-requests {max_requests} '
                '--timeout {timeout}' % (python, peer, backend),
                '--transport', TRANSPORTS, '--profile', 'degu-0.19:' + backend] + DELIVERY,
                counts=False))
            out.append(Run('original-%s-client' % backend, 'client', [
                '--exec', '%s %s --backend %s' % (python, client, backend),
                '--profile', 'degu-0.19:' + backend] + DELIVERY, counts=False))
    return out


def claim(report, key):
    return 'yes' if report['conformance'][key] else 'no'


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    build, out = pathlib.Path(argv[1]).resolve(), pathlib.Path(argv[2]).resolve()
    tool = build / 'conformance' / 'conform' / 'degu-conform'
    if not tool.is_file():
        print('conform: %s is not built (run make build)' % tool, file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get('DEGU_PYTHONPATH'):
        print('conform: DEGU_PYTHONPATH is unset: the original Degu is left out of the matrix')
    status = 0
    reports = []
    print('%-22s %8s %8s %8s  %-16s %s' % ('run', 'cases', 'failed', 'skipped',
                                           'spec-conformant', 'Degu-0.19-compatible'))
    for run in runs(build):
        files = {kind: out / ('%s.%s' % (run.name, kind)) for kind in ('json', 'xml', 'html')}
        command = [str(tool), run.role, '-q', '--label', run.name] + run.args + [
            '--json', str(files['json']), '--junit', str(files['xml']),
            '--html', str(files['html'])]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
        if done.returncode == 2 or not files['json'].is_file():
            print('%-22s could not run: %s' % (run.name, done.stderr.strip() or done.stdout))
            status = 2 if run.counts else status
            continue
        with open(files['json']) as f:
            report = json.load(f)
        reports.append(files['json'])
        totals = report['totals']
        print('%-22s %8d %8d %8d  %-16s %s' % (
            run.name, totals['total'], totals['failed'] + totals['non_strict'],
            totals['skipped'], claim(report, 'spec'), claim(report, 'degu_0_19')))
        if done.returncode != 0 and run.counts:
            status = max(status, 1)
            print(done.stdout, end='')
    if reports:
        page = out / 'index.html'
        done = subprocess.run([str(tool), 'compare'] + [str(r) for r in reports] +
                              ['--html', str(page)], capture_output=True, text=True,
                              timeout=TIMEOUT, check=False)
        if done.returncode != 0:
            print('conform: compare: %s' % done.stderr.strip(), file=sys.stderr)
            return 2
        print('\nReports: %s (JSON, JUnit and HTML per run)\nThe matrix: %s' % (out, page))
    print('conform: %s' % ('every reference run passed' if status == 0 else
                           'FAILED' if status == 1 else 'a run could not be made'))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
