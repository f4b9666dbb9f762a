#!/usr/bin/env python3
"""client_exchange.py: the server side of client exchange vectors
(docs/VECTORS.md, "Client exchange vectors") and the original's client run
in-process against it.

The harness (run_harness) plays the server on one end of an AF_UNIX stream
socket: it reads requests; when the k-th complete request has arrived
(preamble up to CRLFCRLF, then a body framed by content-length or
transfer-encoding: chunked) it sends the k-th reply piece; after the last
piece, with "close", it shuts its sending side.  It keeps reading until the
client closes the connection, and returns every byte the client sent.

Command line: every client exchange vector against a client adapter
(docs/VECTORS.md, "Client exchange vectors"):

  client_exchange.py --adapter 'CMD [ARGS]' [--id ID]... [FILE]...

For each vector the adapter runs as CMD ARGS --fd N with N an inherited,
connected AF_UNIX socket and {"client", "actions"} on standard input; it
prints the outcomes array as one JSON line.  Exit status 0 when every
vector passes, 1 when one fails, 2 for bad arguments or files.

run_in_process (called inside tools/original_worker.py, kind
"client-exchange") gives the original's backend module a Connection over the
other end of a socketpair, with the base headers the original's
degu.client.Client computes for the vector's client options, performs the
actions, reads each response body completely, and closes the connection.
"""

import argparse
import json
import pathlib
import shlex
import socket
import subprocess
import sys
import threading

DEFAULT_TIMEOUT = 10.0
EXIT_OK, EXIT_FAIL, EXIT_SETUP = 0, 1, 2


###############################################################################
# The harness (server side).

def _header_value(preamble, name):
    """The value of header name (case-insensitive) in a preamble, or None."""
    for line in preamble.split(b'\r\n')[1:]:
        key, sep, value = line.partition(b':')
        if sep and key.strip().lower() == name:
            return value.strip()
    return None


def request_end(data):
    """The length of the complete request at the start of data, or None
    when it is not complete yet."""
    end = data.find(b'\r\n\r\n')
    if end < 0:
        return None
    preamble, pos = data[:end], end + 4
    length = _header_value(preamble, b'content-length')
    if length is not None:
        try:
            n = int(length)
        except ValueError:
            return None
        return pos + n if len(data) >= pos + n else None
    te = _header_value(preamble, b'transfer-encoding')
    if te is None or te.lower() != b'chunked':
        return pos
    while True:
        line_end = data.find(b'\r\n', pos)
        if line_end < 0:
            return None
        try:
            size = int(data[pos:line_end].split(b';')[0], 16)
        except ValueError:
            return None
        pos = line_end + 2 + size + 2
        if len(data) < pos:
            return None
        if size == 0:
            return pos


def run_harness(sock, replies, close, timeout=DEFAULT_TIMEOUT):
    """Serves one connection as described in the module doc; returns
    {"sent_hex", "ending"} where ending is "eof" (the client closed) or
    "hung" (the time limit was reached)."""
    sock.settimeout(timeout)
    received = bytearray()
    done = 0          # Requests complete so far.
    answered = 0      # Reply pieces sent so far.
    shut = False

    def advance():
        nonlocal done, answered, shut
        while True:
            if answered < len(replies) and answered < done:
                sock.sendall(replies[answered])
                answered += 1
                continue
            if close and not shut and answered == len(replies):
                sock.shutdown(socket.SHUT_WR)
                shut = True
            return

    def count_requests():
        nonlocal done
        pos, n = 0, 0
        while True:
            end = request_end(bytes(received[pos:]))
            if end is None:
                break
            pos, n = pos + end, n + 1
        done = n

    try:
        advance()
        while True:
            data = sock.recv(65536)
            if not data:
                return {'sent_hex': bytes(received).hex(), 'ending': 'eof'}
            received += data
            count_requests()
            try:
                advance()
            except OSError:
                pass  # The client went away; read on to its end of input.
    except socket.timeout:
        return {'sent_hex': bytes(received).hex(), 'ending': 'hung'}
    except OSError:
        return {'sent_hex': bytes(received).hex(), 'ending': 'eof'}


def start_harness(request):
    """An AF_UNIX socketpair with run_harness serving one end in a thread
    for the request (of vector_request): (client end, thread, result
    dict that run_harness's answer fills once the thread has ended)."""
    replies = [bytes.fromhex(r) for r in request['replies_hex']]
    timeout = request.get('timeout', DEFAULT_TIMEOUT)
    client_sock, server_sock = socket.socketpair(socket.AF_UNIX,
                                                 socket.SOCK_STREAM)
    result = {}

    def serve():
        try:
            result.update(run_harness(server_sock, replies,
                                      request.get('close'), timeout))
        finally:
            server_sock.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return client_sock, thread, result


###############################################################################
# Vectors.

def vector_request(vector, timeout=DEFAULT_TIMEOUT):
    """What one run of a vector needs, as plain JSON (the request of
    tools/original_worker.py's "client-exchange" kind, and what a client
    adapter reads)."""
    return {'kind': 'client-exchange', 'client': vector['client'],
            'actions': vector['actions'],
            'replies_hex': vector['replies_hex'],
            'close': bool(vector.get('close')), 'timeout': timeout}


def outcome(result):
    """A run's result in the shape of `expected`."""
    if result is None:
        return {'crash': True}
    import vectors
    data = bytes.fromhex(result['sent_hex'])
    return {'sent': vectors.escape(data), 'sent_hex': data.hex(),
            'outcomes': result['outcomes']}


def agrees(expected, got):
    """Sent bytes equal, and every action's outcome equal (any failure
    agrees with any expected failure)."""
    if got.get('crash') or got.get('sent_hex') != expected['sent_hex']:
        return False
    return got.get('outcomes') == expected['outcomes']


###############################################################################
# The original's client, in-process.

def _headers_json(headers):
    out = {}
    for (k, v) in headers.items():
        kind = type(v).__name__
        if kind == 'Range':
            v = {'first': v.start, 'last': v.stop - 1}
        elif kind == 'ContentRange':
            v = {'first': v.start, 'last': v.stop - 1, 'total': v.total}
        elif type(v) not in (int, str):
            v = {'unexpected': repr(v)}
        out[k] = v
    return out


def _body(module, body):
    if body is None:
        return None
    if 'hex' in body:
        return bytes.fromhex(body['hex'])
    return module.ChunkedBodyIter([
        (None if ext is None else tuple(ext), bytes.fromhex(data))
        for (ext, data) in body['chunks']])


def base_headers(client):
    """The original's base headers for the vector's client member: those of
    degu.client.Client(address, **options)."""
    from degu.client import Client
    address = client['address']
    if isinstance(address, list):
        address = tuple(address)
    options = {k: client[k] for k in ('host', 'authorization') if k in client}
    return Client(address, **options).base_headers


def _perform(module, conn, action):
    headers = dict((k, v) for (k, v) in action['headers'])
    if 'range' in action:
        (start, stop) = action['range']
        return conn.get_range(action['uri'], headers, start, stop)
    return conn.request(action['method'], action['uri'], headers,
                        _body(module, action.get('body')))


def run_in_process(module, request):
    """One client exchange: module is the backend (degu._base or
    degu._basepy); its Connection serves as the client.  Returns
    {"sent_hex", "outcomes", "ending", "errors"}."""
    timeout = request.get('timeout', DEFAULT_TIMEOUT)
    client_sock, thread, result = start_harness(request)
    outcomes, errors = [], []
    try:
        client_sock.settimeout(timeout)
        conn = module.Connection(client_sock,
                                 base_headers(request['client']))
        for action in request['actions']:
            try:
                r = _perform(module, conn, action)
                unread = r.body is None or not action.get('read_body', True)
                body = None if unread else r.body.read().hex()
                outcomes.append({'ok': True, 'status': r.status,
                                 'reason': r.reason,
                                 'headers': _headers_json(r.headers),
                                 'body_hex': body})
                errors.append(None)
            except Exception as e:  # Every failure is recorded.
                outcomes.append({'ok': False})
                errors.append('%s: %s' % (type(e).__name__, e))
        conn.close()
    finally:
        client_sock.close()
    thread.join(timeout + 5)
    return {'sent_hex': result.get('sent_hex', ''),
            'ending': result.get('ending', 'hung'),
            'outcomes': outcomes, 'errors': errors}


###############################################################################
# A client adapter, in a subprocess.

def run_adapter(command, request):
    """One client exchange with the adapter command (a list): returns
    {"sent_hex", "outcomes", "ending", "stderr"}; outcomes is None when the
    adapter did not print a JSON array."""
    timeout = request.get('timeout', DEFAULT_TIMEOUT)
    client_sock, thread, result = start_harness(request)
    fd = client_sock.fileno()
    stdin = json.dumps({'client': request['client'],
                        'actions': request['actions']})
    try:
        proc = subprocess.Popen(command + ['--fd', str(fd)], pass_fds=(fd,),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    finally:
        client_sock.close()  # Only the adapter holds the client end now.
    try:
        out, err = proc.communicate(stdin, timeout=timeout * 2)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    thread.join(timeout + 5)
    outcomes = None
    lines = out.strip().splitlines()
    if proc.returncode == 0 and lines:
        try:
            outcomes = json.loads(lines[-1])
        except ValueError:
            pass
    return {'sent_hex': result.get('sent_hex', ''),
            'ending': result.get('ending', 'hung'),
            'outcomes': outcomes if isinstance(outcomes, list) else None,
            'stderr': err}


def main(argv):
    parser = argparse.ArgumentParser(
        description='Runs client exchange vectors against a client adapter.')
    parser.add_argument('files', nargs='*', metavar='FILE')
    parser.add_argument('--adapter', required=True, metavar="'CMD [ARGS]'")
    parser.add_argument('--id', action='append', default=[], dest='ids')
    parser.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    try:
        import vectors
        vecs = vectors.load_kind(args.files, 'client_exchange', set(args.ids))
    except (OSError, ValueError) as e:
        print('client_exchange.py: %s' % e, file=sys.stderr)
        return EXIT_SETUP
    command = shlex.split(args.adapter)
    counts = {'pass': 0, 'fail': 0}
    for v in vecs:
        run = run_adapter(command, vector_request(v, args.timeout))
        got = outcome(run)
        if run['outcomes'] is not None and agrees(v['expected'], got):
            counts['pass'] += 1
            continue
        counts['fail'] += 1
        print('FAIL %s\n  want sent %s\n  got  sent %s (%s)\n'
              '  want outcomes %s\n  got  outcomes %s\n  adapter stderr: %s'
              % (v['id'], v['expected']['sent'], got.get('sent'),
                 run['ending'], json.dumps(v['expected']['outcomes']),
                 json.dumps(run['outcomes']), run['stderr'].strip()))
    print('client_exchange.py: %d pass, %d fail' % (counts['pass'],
                                                     counts['fail']))
    return EXIT_FAIL if counts['fail'] else EXIT_OK


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
