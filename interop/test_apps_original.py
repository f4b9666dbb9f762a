"""test_apps_original.py: the reference's files application against the
original's FilesApp (APP-FILES-*), byte for byte.

The same directory is served by the original (tools/original_peer.py
server --app files:DIR, each backend) and by degu-server --app files:DIR,
each on an AF_UNIX socket.  Each case sends the same pipelined requests,
the last of which ends the connection (405 or 416 close it,
SRV-KEEPALIVE-1), reads until the server closes, and compares every byte.
Left out on purpose: HEAD of a directory (E-22), extensions whose content
type depends on the host (E-23), bodies over 1 MiB (E-13 in Py).

Skips, with one line saying why, when DEGU_PYTHONPATH is unset.
"""
import os
import pathlib
import socket
import tempfile

import pytest

from conftest import serving_pair

DEGU_PYTHONPATH = os.environ.get('DEGU_PYTHONPATH')
READ_LIMIT = 20  # Seconds: a safety net; every case ends with a close.

if not DEGU_PYTHONPATH:
    pytest.skip('DEGU_PYTHONPATH is not set: no original Degu to compare with',
                allow_module_level=True)


CLOSE = b'PUT / HTTP/1.1\r\n\r\n'  # 405 from FilesApp: the connection ends.


def get(uri, *headers, method=b'GET'):
    return (method + b' ' + uri + b' HTTP/1.1\r\n' +
            b''.join(h + b'\r\n' for h in headers) + b'\r\n')


CASES = {
    'index': get(b'/') + get(b'/', method=b'HEAD') + CLOSE,
    'text': get(b'/a.txt') + get(b'/a.txt', method=b'HEAD') + CLOSE,
    'nested': get(b'/sub/b.html') + get(b'/sub/c.json') + CLOSE,
    'missing-keeps-open': get(b'/missing') + get(b'/sub/missing') + CLOSE,
    'range': get(b'/a.txt', b'range: bytes=1-3') +
             get(b'/a.txt', b'range: bytes=0-0', method=b'HEAD') + CLOSE,
    'range-last-byte': get(b'/a.txt', b'range: bytes=25-25') + CLOSE,
    'range-past-end': get(b'/a.txt', b'range: bytes=26-26'),
    'range-on-empty': get(b'/empty.txt', b'range: bytes=0-0'),
    'empty-file': get(b'/empty.txt') + CLOSE,
    'large': get(b'/large.bin') +
             get(b'/large.bin', b'range: bytes=1000-1048575') + CLOSE,
    'post': b'POST /a.txt HTTP/1.1\r\ncontent-length: 2\r\n\r\nhi',
    'delete': get(b'/a.txt', method=b'DELETE'),
    'directory-get': get(b'/sub'),
    'trailing-slash-file': get(b'/a.txt/'),
    'sub-without-index': get(b'/sub/'),
}


@pytest.fixture(scope='module')
def files_dir():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / 'index.html').write_bytes(b'<p>index</p>\n')
        (root / 'a.txt').write_bytes(b'abcdefghijklmnopqrstuvwxyz')
        (root / 'empty.txt').write_bytes(b'')
        (root / 'large.bin').write_bytes(bytes(range(256)) * 4096)  # 1 MiB.
        (root / 'sub').mkdir()
        (root / 'sub' / 'b.html').write_bytes(b'<b>b</b>')
        (root / 'sub' / 'c.json').write_bytes(b'{}')
        yield root


@pytest.fixture
def servers(backend, bin_dir, files_dir):
    app = 'files:%s' % files_dir
    with tempfile.TemporaryDirectory() as t:
        with serving_pair(backend, ['--address', os.path.join(t, 'o.sock'),
                                    '--app', app],
                          [str(bin_dir / 'degu-server'), '--address',
                           os.path.join(t, 'r.sock'), '--app', app]) as pair:
            yield pair


def exchange(path, data):
    """Every byte the server sends back for data, until it closes."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(READ_LIMIT)
        s.connect(path)
        s.sendall(data)
        out = bytearray()
        while True:
            try:
                got = s.recv(65536)
            except ConnectionResetError:
                break
            if not got:
                break
            out += got
        return bytes(out)


@pytest.mark.parametrize('case', sorted(CASES))
def test_files_app_answers_as_the_original(servers, case):
    original, reference = servers
    want = exchange(original.address, CASES[case])
    got = exchange(reference.address, CASES[case])
    assert got == want
