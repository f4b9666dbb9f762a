#!/usr/bin/env python3
"""reflect_memory.py DEGU_SERVER: the peak resident memory of degu-server's
reflect application for the request bodies that cost it most
(docs/REFLECT.md, "Reading the request body"); figures for
docs/RELIABILITY.md.  A measurement, not a test: it prints, never fails on a
figure.  Runs one server on an AF_UNIX socket in a temporary directory.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

MIB = 1 << 20


def status_kib(pid, field):
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    raise RuntimeError('no %s in /proc/%d/status' % (field, pid))


def chunked(parts):
    """A POST whose chunked body is parts (bytes already framed)."""
    return [b'POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n'] + parts


def exchange(path, pieces):
    """Sends pieces, then reads until the server closes: bytes answered."""
    with socket.socket(socket.AF_UNIX) as conn:
        conn.settimeout(60)
        conn.connect(path)
        for piece in pieces:
            conn.sendall(piece)
        conn.shutdown(socket.SHUT_WR)
        answered = 0
        while True:
            block = conn.recv(MIB)
            if not block:
                return answered
            answered += len(block)


def bodies():
    one_mib = b'100000\r\n' + b'x' * MIB + b'\r\n'
    ext = b';' + b'k' * 2000 + b'=' + b'v' * 2000
    count = 16 * MIB // (64 + 4000) - 1
    size = 16 * MIB // count
    with_ext = b'%x' % size + ext + b'\r\n' + b'x' * size + b'\r\n'
    return [
        ('16 MiB of data in 1 MiB chunks', chunked([one_mib * 16, b'0\r\n\r\n'])),
        ('262,143 one-byte chunks', chunked([b'1\r\nx\r\n' * 262143 + b'0\r\n\r\n'])),
        ('%d chunks of %d bytes, 4000-byte extensions' % (count, size),
         chunked([with_ext * count + b'0\r\n\r\n'])),
    ]


def measure(server_path, pieces):
    """A fresh server, one exchange: (bytes answered, peak KiB, after KiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 's.sock')
        server = subprocess.Popen([server_path, '--address', path, '--app', 'reflect'],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                if os.path.exists(path):
                    break
                time.sleep(0.05)
            answered = exchange(path, pieces)
            return (answered, status_kib(server.pid, 'VmHWM'),
                    status_kib(server.pid, 'VmRSS'))
        finally:
            server.terminate()
            server.wait(10)


def main(argv):
    if len(argv) != 2:
        sys.exit('usage: reflect_memory.py DEGU_SERVER')
    print('%-48s %9s %10s %10s' % ('body', 'answered', 'peak KiB', 'after KiB'))
    for name, pieces in bodies():
        print('%-48s %9d %10d %10d' % ((name,) + measure(argv[1], pieces)))


if __name__ == '__main__':
    main(sys.argv)
