#!/usr/bin/env python3
"""exchange.py: run exchange vectors (docs/VECTORS.md, "Exchange vectors")
against a Degu server running the reflect application (docs/REFLECT.md).

  exchange.py --connect PATH [--connect OPTIONS@PATH ...] [FILE ...]
      a server listening on the AF_UNIX socket PATH; OPTIONS
      (max_requests=2,timeout=5) are the server options it was started
      with (none: the defaults).  Each vector runs against the server whose
      options equal the vector's; a vector with no such server is skipped.
  exchange.py --original c,py [FILE ...]
      the original Python Degu, found only through DEGU_PYTHONPATH: its
      server loop runs in-process over a socketpair, each backend in its own
      worker process (tools/original_worker.py), so an abort of the C
      extension is reported rather than fatal.
  exchange.py --list-options [FILE ...]
      the distinct server options the vectors need, one JSON object a line.

FILEs are exchange files (default: every file of kind "exchange" under
vectors/).  --id ID (repeatable) runs only those vectors.  Each vector is
compared with its `expected`; with --compat c or --compat py, a vector whose
recorded observation of that backend of the original names an erratum is
compared with that observation instead (the Degu-compatible grading of
SPEC.md section 17).

The peer's part of an exchange (run_peer) is the same for every server.
Exit status: 0 every vector run passed; 1 a vector failed; 2 a usage or
setup error.
"""

import argparse
import errno
import json
import pathlib
import socket
import sys
import threading
import time

TOOLS = pathlib.Path(__file__).resolve().parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

EXIT_OK, EXIT_FAIL, EXIT_SETUP = 0, 1, 2
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REQUESTS = 1000   # SRV-MAXREQ-1
DEFAULT_SERVER_TIMEOUT = 30   # SRV-TIMEOUT-1
ENDINGS = ('open', 'closed', 'hung')

# The probe and the reflect application's answer to it (docs/REFLECT.md),
# written out here rather than computed by tools/reflect_app.py.
PROBE = b'GET /_probe HTTP/1.1\r\n\r\n'
PROBE_BODY = (b'{"body":null,"headers":{},"method":"GET","mount":[],'
              b'"path":["_probe"],"query":null,"uri":"/_probe"}')
PROBE_RESPONSE = (b'HTTP/1.1 200 OK\r\ncontent-length: %d\r\n'
                  b'content-type: application/json\r\n\r\n'
                  % len(PROBE_BODY)) + PROBE_BODY

RECV_SIZE = 65536
GONE = (errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN, errno.ESHUTDOWN)


###############################################################################
# The peer: the same for every server under test.

class _Reader:
    """Receives from sock until a deadline; end of input and a reset are
    both the end (SRV-CLOSE-1: the peer may observe a reset)."""

    def __init__(self, sock, deadline):
        self.sock = sock
        self.deadline = deadline
        self.data = bytearray()
        self.ended = False

    def more(self):
        """Receives once; False at the end of input or the deadline
        (self.ended tells which)."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        self.sock.settimeout(left)
        try:
            got = self.sock.recv(RECV_SIZE)
        except socket.timeout:
            return False
        except OSError as e:
            if e.errno not in GONE:
                raise
            got = b''
        if not got:
            self.ended = True
            return False
        self.data += got
        return True


def _send_all(sock, data, eof):
    """Sends data, then (eof) shuts the sending side; a peer that already
    closed is not an error here (what arrives tells the story)."""
    try:
        if data:
            sock.sendall(data)
        if eof:
            sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def run_peer(sock, send, eof, response_len, timeout=DEFAULT_TIMEOUT):
    """Plays the client's part of one exchange on a fresh connection to a
    server running the reflect application.  Returns {"response_hex",
    "ending"}: every byte received before the probe's answer, and "open",
    "closed" or "hung".

    All of send goes out at once (from a thread, so that a server writing
    while it reads cannot dead-lock with us); with eof the sending side is
    then shut.  The peer reads until response_len bytes have arrived or the
    input ends.  Ended: "closed".  Otherwise, unless eof, it sends the probe
    and reads until the input ends ("closed": everything received is the
    response) or until what arrived after the probe was sent ends with the
    reflect application's exact answer to the probe ("open": the response
    is what came before that answer).  With eof there is no probe: the peer
    reads to the end of input.  Nothing arriving in time is "hung", a
    failure, never a pass."""
    deadline = time.monotonic() + timeout
    reader = _Reader(sock, deadline)
    sender = threading.Thread(target=_send_all, args=(sock, send, eof),
                              daemon=True)
    sender.start()

    def result(ending, data):
        return {'response_hex': bytes(data).hex(), 'ending': ending}

    def finish(ending, data):
        sender.join(max(0.0, deadline - time.monotonic()))
        return result(ending, data)

    while len(reader.data) < response_len or (eof and not reader.ended):
        if not reader.more():
            return finish('closed' if reader.ended else 'hung', reader.data)
    if eof:
        return finish('closed', reader.data)
    sender.join(max(0.0, deadline - time.monotonic()))
    if sender.is_alive():
        return result('hung', reader.data)
    mark = len(reader.data)
    _send_all(sock, PROBE, False)
    while True:
        data = reader.data
        if len(data) - len(PROBE_RESPONSE) >= mark and \
                data.endswith(PROBE_RESPONSE):
            return result('open', data[:-len(PROBE_RESPONSE)])
        if not reader.more():
            return result('closed' if reader.ended else 'hung', reader.data)


def vector_request(vector, timeout=DEFAULT_TIMEOUT):
    """What one run of a vector needs, as plain JSON (also the request of
    tools/original_worker.py's "exchange" kind)."""
    return {'kind': 'exchange', 'app': vector.get('app', 'reflect'),
            'options': vector.get('options', {}),
            'hex': vector['send_hex'], 'eof': bool(vector.get('eof')),
            'response_len': len(bytes.fromhex(
                vector['expected']['response_hex'])),
            'timeout': timeout}


def connect_and_run(path, request):
    """One exchange against a server listening on the AF_UNIX path."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(request['timeout'])
        sock.connect(path)
        return run_peer(sock, bytes.fromhex(request['hex']), request['eof'],
                        request['response_len'], request['timeout'])
    finally:
        sock.close()


###############################################################################
# The original, in-process (called inside tools/original_worker.py).

def _load_app(name):
    if name != 'reflect':
        raise ValueError('unknown application %r' % name)
    import reflect_app
    return reflect_app.app


def run_in_process(module, request):
    """One exchange against the original's server loop: module is the
    backend (degu._base or degu._basepy); its _handle_requests(app,
    Session(address, credentials, max_requests), sock) serves one end of
    an AF_UNIX socketpair in a thread, as the original's server does for an
    accepted connection (the socket gets the server's timeout, and is
    closed when the loop ends), while run_peer plays the other end.
    Returns run_peer's result plus "server": how the loop ended."""
    app = _load_app(request.get('app', 'reflect'))
    options = request.get('options', {})
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ended = {}

    def serve():
        try:
            server.settimeout(options.get('timeout', DEFAULT_SERVER_TIMEOUT))
            session = module.Session(
                '', None, options.get('max_requests', DEFAULT_MAX_REQUESTS))
            module._handle_requests(app, session, server)
            ended['server'] = 'returned (%s)' % session.message
        except Exception as e:  # The loop ends on any error (SRV-ERROR-1).
            ended['server'] = '%s: %s' % (type(e).__name__, e)
        finally:
            server.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        out = run_peer(client, bytes.fromhex(request['hex']), request['eof'],
                       request['response_len'],
                       request.get('timeout', DEFAULT_TIMEOUT))
    finally:
        client.close()
    thread.join(5)
    out['server'] = ended.get('server', 'still running')
    return out


###############################################################################
# Vectors and verdicts.

def outcome(result):
    """A run's result in the shape of `expected`."""
    if result is None:
        return {'crash': True}
    import vectors
    data = bytes.fromhex(result['response_hex'])
    return {'response': vectors.escape(data), 'response_hex': data.hex(),
            'ending': result['ending']}


def agrees(expected, got):
    return not got.get('crash') and \
        got.get('response_hex') == expected['response_hex'] and \
        got.get('ending') == expected['ending']


def target(vector, compat):
    """(what the run must give, label): expected, or with compat the
    recorded observation of that backend when it names an erratum."""
    observed = vector.get('observed', {}).get(compat) if compat else None
    if isinstance(observed, dict):
        return observed['outcome'], 'observed %s (%s)' % (
            compat, observed['erratum'])
    return vector['expected'], 'expected'


def options_key(options):
    return json.dumps(options or {}, sort_keys=True)


def parse_connect(text):
    """[KEY=VALUE,...@]PATH -> (options_key, path)."""
    options = {}
    if '@' in text:
        head, path = text.split('@', 1)
        for item in filter(None, head.split(',')):
            if '=' not in item:
                raise ValueError('bad option %r in --connect %s'
                                 % (item, text))
            key, value = item.split('=', 1)
            options[key] = json.loads(value)
    else:
        path = text
    return options_key(options), path


def _show(data_hex, limit=400):
    import vectors
    text = vectors.escape(bytes.fromhex(data_hex))
    return text if len(text) <= limit else text[:limit] + '...'


def report(vector, got, want, label, out):
    lines = ['FAIL %s' % vector['id'],
             '  want (%s) %s, %s' % (label, want.get('ending'),
                                     _show(want.get('response_hex', ''))),
             '  got  %s' % ('crash' if got.get('crash') else '%s, %s' % (
                 got['ending'], _show(got['response_hex'])))]
    print('\n'.join(lines), file=out)


def run_connect(servers, vecs, timeout, compat, out):
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    for v in vecs:
        path = servers.get(options_key(v.get('options')))
        if path is None:
            counts['skip'] += 1
            print('SKIP %s (no --connect for options %s)' % (
                v['id'], options_key(v.get('options'))), file=out)
            continue
        got = outcome(connect_and_run(path, vector_request(v, timeout)))
        want, label = target(v, compat)
        if agrees(want, got):
            counts['pass'] += 1
        else:
            counts['fail'] += 1
            report(v, got, want, label, out)
    return counts


def run_original(backends, vecs, timeout, out):
    import original_worker
    import os
    degu_pythonpath = os.environ.get('DEGU_PYTHONPATH')
    if not degu_pythonpath:
        raise original_worker.SetupError('DEGU_PYTHONPATH is not set')
    requests = [vector_request(v, timeout) for v in vecs]
    counts = {'pass': 0, 'fail': 0, 'erratum': 0}
    for backend in backends:
        answers, _crashes = original_worker.run_backend(
            sys.executable, backend, degu_pythonpath, requests,
            timeout * 3 + 10)
        for v, answer in zip(vecs, answers):
            if answer is not None and 'response_hex' not in answer:
                raise original_worker.SetupError('%s: %s' % (v['id'], answer))
            got = outcome(answer)
            if agrees(v['expected'], got):
                counts['pass'] += 1
                continue
            want, label = target(v, backend)
            if label != 'expected' and got == want:
                counts['erratum'] += 1
                print('ERRATUM %s [%s]: %s' % (v['id'], backend, label),
                      file=out)
                continue
            counts['fail'] += 1
            report(v, got, v['expected'], 'expected [%s]' % backend, out)
    return counts


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('files', nargs='*', metavar='FILE')
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument('--connect', action='append', metavar='[OPTIONS@]PATH')
    how.add_argument('--original', metavar='c,py')
    how.add_argument('--list-options', action='store_true')
    parser.add_argument('--id', action='append', default=[], dest='ids')
    parser.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT,
                        help='seconds per exchange before "hung" '
                        '(default %(default)s)')
    parser.add_argument('--compat', choices=('c', 'py'))
    args = parser.parse_args(argv)
    try:
        import vectors
        vecs = vectors.load_kind(args.files, 'exchange', set(args.ids))
    except (OSError, ValueError) as e:
        print('exchange.py: %s' % e, file=sys.stderr)
        return EXIT_SETUP
    if args.list_options:
        for key in sorted({options_key(v.get('options')) for v in vecs}):
            print(key)
        return EXIT_OK
    if args.connect:
        try:
            servers = dict(parse_connect(c) for c in args.connect)
        except ValueError as e:
            parser.error(str(e))
        counts = run_connect(servers, vecs, args.timeout, args.compat,
                             sys.stdout)
    else:
        import original_worker
        backends = [b for b in args.original.split(',') if b]
        if not backends or any(b not in original_worker.BACKENDS
                               for b in backends):
            parser.error('--original takes c, py or c,py')
        try:
            counts = run_original(backends, vecs, args.timeout, sys.stdout)
        except original_worker.SetupError as e:
            print('exchange.py: %s' % e, file=sys.stderr)
            return EXIT_SETUP
    print('exchange.py: %s' % ', '.join('%d %s' % (n, k)
                                        for (k, n) in counts.items()))
    return EXIT_FAIL if counts['fail'] else EXIT_OK


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
