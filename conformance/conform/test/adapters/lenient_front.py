#!/usr/bin/env python3
"""lenient_front.py MODE ADDRESS DEGU_SERVER MAX_REQUESTS TIMEOUT: a Degu server with one lenient
habit, for testing that degu-conform catches it.  It runs DEGU_SERVER
(reflect application, with those options) on a private AF_UNIX socket and serves ADDRESS (an
AF_UNIX path, @abstract, HOST:PORT or [V6]:PORT) by relaying every
connection to it, rewriting what the client sends the way a lenient parser
would read it:

  upper-method      a lower-case method is taken as upper case (get -> GET)
  bare-lf           a bare LF is taken as CRLF
  collapse-slashes  '//' in a request is taken as '/'
  one-read          a server that expects its first read to hold the whole
                    first preamble: when it does not, the connection is
                    closed (caught only by the bytes and split deliveries)
  own-framing       a server that drops the application's content-length
                    and transfer-encoding and frames every response itself
                    (the /_render route's description is rewritten so)
  none              no rewriting

Rewriting works on each piece as it arrives, which is enough for cases sent
at once.  SIGTERM stops it and its server.  Standard library only.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading

from relay import first_read_whole, listen, pump

def own_framing(piece):
    """A /_render request (whole at the start of piece) without the framing
    headers its description hands over; what follows it is kept."""
    head, sep, rest = piece.partition(b'\r\n\r\n')
    length = re.search(rb'(?m)^content-length: (\d+)', head)
    if not piece.startswith(b'POST /_render ') or not sep or not length:
        return piece
    body, after = rest[:int(length.group(1))], rest[int(length.group(1)):]
    description = json.loads(body)
    description['headers'] = [pair for pair in description['headers']
                              if pair[0] not in ('content-length', 'transfer-encoding')]
    body = json.dumps(description, separators=(',', ':')).encode()
    return b'POST /_render HTTP/1.1\r\ncontent-length: %d\r\n\r\n%s%s' % (
        len(body), body, after)


REWRITES = {
    'upper-method': lambda b: re.sub(rb'(?m)^(get|put|post|head|delete) ',
                                     lambda m: m.group(1).upper() + b' ', b),
    'bare-lf': lambda b: re.sub(rb'(?<!\r)\n', b'\r\n', b),
    'collapse-slashes': lambda b: re.sub(rb'//+', b'/', b),
    'own-framing': own_framing,
    'none': lambda b: b,
}


def make_rewrite(mode):
    if mode == 'one-read':
        state = []
        return lambda b: first_read_whole(b, state)
    return REWRITES[mode]


def relay(client, backend_path, rewrite):
    backend = socket.socket(socket.AF_UNIX)
    try:
        backend.connect(backend_path)
        up = threading.Thread(target=pump, args=(client, backend, make_rewrite(rewrite)),
                              daemon=True)
        up.start()
        pump(backend, client, lambda b: b)
        up.join(10)
    finally:
        backend.close()
        client.close()


def main(argv):
    mode, address, degu_server, max_requests, timeout = argv[1:6]
    if mode not in REWRITES and mode != 'one-read':
        sys.exit('lenient_front.py: unknown mode %r' % mode)
    rewrite = mode
    tmp = tempfile.mkdtemp(prefix='lenient-front-')
    backend_path = os.path.join(tmp, 'backend.sock')
    server = subprocess.Popen([degu_server, '--address', backend_path, '--app', 'reflect',
                               '--max-requests', max_requests, '--timeout', timeout],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    server.stdout.readline()  # Its bound address: it is ready.

    def stop(*_):
        server.terminate()
        server.wait(10)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    listener = listen(address)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=relay, args=(client, backend_path, rewrite),
                         daemon=True).start()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
