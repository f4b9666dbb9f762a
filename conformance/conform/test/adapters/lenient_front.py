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
  none              no rewriting

Rewriting works on each piece as it arrives, which is enough for cases sent
at once.  SIGTERM stops it and its server.  Standard library only.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading

REWRITES = {
    'upper-method': lambda b: re.sub(rb'(?m)^(get|put|post|head|delete) ',
                                     lambda m: m.group(1).upper() + b' ', b),
    'bare-lf': lambda b: re.sub(rb'(?<!\r)\n', b'\r\n', b),
    'collapse-slashes': lambda b: re.sub(rb'//+', b'/', b),
    'none': lambda b: b,
}


def first_read_whole(data, state):
    """one-read: the first piece of a connection must hold a CRLFCRLF."""
    if not state and b'\r\n\r\n' not in data:
        raise OSError('the first read does not hold the whole preamble')
    state.append(True)
    return data


def make_rewrite(mode):
    if mode == 'one-read':
        state = []
        return lambda b: first_read_whole(b, state)
    return REWRITES[mode]


def listen(address):
    if address.startswith('@'):
        s = socket.socket(socket.AF_UNIX)
        s.bind('\0' + address[1:])
    elif address.startswith('/'):
        s = socket.socket(socket.AF_UNIX)
        s.bind(address)
    elif address.startswith('['):
        host, port = address[1:].split(']:')
        s = socket.socket(socket.AF_INET6)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    else:
        host, port = address.rsplit(':', 1)
        s = socket.socket(socket.AF_INET)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    s.listen(64)
    return s


def pump(src, dst, rewrite):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(rewrite(data))
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


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
