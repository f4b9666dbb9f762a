#!/usr/bin/env python3
"""bare_close_server.py ADDRESS: a server that answers the reflect
application's /_render route (docs/REFLECT.md) and closes every connection
after its first response with a bare close, for testing that degu-conform
sees the missing lingering close (SRV-CLOSE-2).  ADDRESS is HOST:PORT or
[V6]:PORT.  It checks nothing else.  Standard library only."""
import json
import sys
import threading

from relay import listen


def serve(conn):
    with conn:
        data = b''
        while b'\r\n\r\n' not in data:
            piece = conn.recv(65536)
            if not piece:  # A probe of readiness, or a client that gave up.
                return
            data += piece
        head, _, body = data.partition(b'\r\n\r\n')
        length = int(head.lower().split(b'content-length: ')[1].split(b'\r\n')[0])
        while len(body) < length:
            piece = conn.recv(1 << 20)
            if not piece:
                return
            body += piece
        d = json.loads(body[:length])
        data = bytes.fromhex(d['body']['hex'])
        conn.sendall(b'HTTP/1.1 %d %s\r\ncontent-length: %d\r\n\r\n%s'
                     % (d['status'], d['reason'].encode(), len(data), data))
    # Closed with the client's further input unread: the kernel resets.


def main(argv):
    listener = listen(argv[1])
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
