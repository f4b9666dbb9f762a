"""test_peer_original.py: the reference client and server against the
original Degu's real server and client, over TCP, TLS and AF_UNIX, each
backend.

Differential: the same requests are made against the original and against
the reference, and the results must be identical.
- degu-client -> the original's degu.server.Server running the reflect app
  (tools/original_peer.py server) and -> degu-server --app reflect: the
  degu-client outputs, byte for byte;
- the original's degu.client.Client (tools/original_peer.py client) ->
  degu-server and -> the original's server: the outcomes of a list of
  actions (requests, bodies, ranges, keep-alive after 404).
A fixed `host` keeps the reflections free of port numbers; one test checks
the default host header (CLI-HOST-1) on its own.  The TLS family runs over
IPv4 with a PKI made by degu-pki: servers require client certificates, and
clients check the server's host name (127.0.0.1 is in its certificate).

Skips, with one line saying why, when DEGU_PYTHONPATH is unset; the C
backend's cases skip when its extension is not built there.
"""
import json
import os
import pathlib
import socket
import subprocess
import tempfile

import pytest

from conftest import PEER, serving_pair

DEGU_PYTHONPATH = os.environ.get('DEGU_PYTHONPATH')
START_LIMIT = 20
RUN_LIMIT = 30

if not DEGU_PYTHONPATH:
    pytest.skip('DEGU_PYTHONPATH is not set: no original Degu to talk to',
                allow_module_level=True)


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(('::1', 0))
        return True
    except OSError:
        return False


FAMILIES = ['tcp4', 'tls', 'unix', 'abstract'] + (
    ['tcp6'] if ipv6_loopback() else [])


@pytest.fixture(scope='module')
def pki(bin_dir):
    """A test PKI made by degu-pki (2048-bit keys, for speed)."""
    tool = bin_dir.parent / 'tls' / 'degu-pki'
    with tempfile.TemporaryDirectory() as tmp:
        where = pathlib.Path(tmp) / 'pki'
        subprocess.run([str(tool), str(where), '--bits', '2048'], check=True,
                       capture_output=True, timeout=120)
        yield where


def address_for(family, tmp):
    return {'tcp4': '127.0.0.1:0', 'tls': '127.0.0.1:0', 'tcp6': '[::1]:0',
            'unix': str(pathlib.Path(tmp) / 's.sock'),
            'abstract': '@'}[family]


@pytest.fixture(params=FAMILIES)
def servers(request, backend, bin_dir):
    """(original, reference): both serving the reflect app on the family."""
    family = request.param
    tls, client_args = [], []
    if family == 'tls':
        where = request.getfixturevalue('pki')
        tls = ['--tls-config', str(where / 'server.json')]
        client_args = ['--tls-config', str(where / 'client.json')]
    with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
        with serving_pair(backend, ['--address', address_for(family, t1)] + tls,
                          [str(bin_dir / 'degu-server'), '--address',
                           address_for(family, t2), '--app', 'reflect'] + tls,
                          client_args) as pair:
            yield pair


CLIENT_RUNS = [
    ['GET', '/'],
    ['GET', '/a/b?x=1', '-H', 'x-k: v', '-H', 'accept: */*'],
    ['PUT', '/p', '--data', 'hello'],
    ['POST', '/p', '--chunked', 'abc'],
    ['HEAD', '/'],
    ['GET', '/_chunked'],
    ['HEAD', '/_chunked'],
    ['GET', '/f', '--range', '0-4'],
    ['GET', '/_status/404', '--repeat', '3'],
    ['DELETE', '/x', '--json'],
    ['GET', '/_chunked', '--json', '--repeat', '2'],
    ['GET', '/_status/500'],
]


def degu_client(bin_dir, server, args):
    proc = subprocess.run([str(bin_dir / 'degu-client'), server.address] +
                          args + ['--host', 'interop.example'] +
                          server.client_args,
                          capture_output=True, timeout=RUN_LIMIT)
    return proc.returncode, proc.stdout


@pytest.mark.parametrize('args', CLIENT_RUNS, ids=lambda a: ' '.join(a))
def test_degu_client_gets_the_same_from_both(servers, bin_dir, args):
    original, reference = servers
    got = degu_client(bin_dir, original, args)
    want = degu_client(bin_dir, reference, args)
    assert got == want
    assert got[0] == 0


def test_default_host_header(servers, bin_dir):
    """CLI-HOST-1..4: the reflection shows the host degu-client sent."""
    original, _ = servers
    proc = subprocess.run([str(bin_dir / 'degu-client'), original.address,
                           'GET', '/', '--json'] + original.client_args,
                          capture_output=True,
                          timeout=RUN_LIMIT, text=True)
    assert proc.returncode == 0, proc.stderr
    reflection = json.loads(bytes.fromhex(json.loads(proc.stdout)['body_hex']))
    if original.address.startswith(('/', '@')):
        assert 'host' not in reflection['headers']
    else:  # Port 443 would be left out for TLS, 80 for plain (CLI-HOST-3).
        assert reflection['headers']['host'] == original.address


ACTIONS = [
    {'method': 'GET', 'uri': '/', 'headers': []},
    {'method': 'PUT', 'uri': '/a?q', 'headers': [['x-k', 'v']],
     'body': {'hex': '68656c6c6f'}},
    {'method': 'POST', 'uri': '/c', 'headers': [],
     'body': {'chunks': [[['k', 'v'], '616263'], [None, '']]}},
    {'method': 'HEAD', 'uri': '/', 'headers': []},
    {'method': 'GET', 'uri': '/r', 'headers': [], 'range': [2, 7]},
    {'method': 'GET', 'uri': '/_status/404', 'headers': []},
    {'method': 'GET', 'uri': '/_chunked', 'headers': []},
    {'method': 'DELETE', 'uri': '/_probe', 'headers': []},
    {'method': 'GET', 'uri': '/_status/409', 'headers': []},
    {'method': 'GET', 'uri': '/_status/400', 'headers': []},
    {'method': 'GET', 'uri': '/after-400', 'headers': []},
]


def original_client(backend, server):
    request = {'client': {'host': 'interop.example'}, 'actions': ACTIONS}
    proc = subprocess.run(PEER + ['client', '--backend', backend, '--address',
                                  server.address] + server.client_args,
                          input=json.dumps(request),
                          capture_output=True, text=True, timeout=RUN_LIMIT,
                          env=dict(os.environ, DEGU_PYTHONPATH=DEGU_PYTHONPATH))
    assert proc.returncode == 0, proc.stderr
    outcomes = json.loads(proc.stdout)
    for o in outcomes:
        o.pop('error', None)  # Messages differ; the failure is what counts.
    return outcomes


def test_original_client_gets_the_same_from_both(servers, backend):
    original, reference = servers
    got = original_client(backend, reference)
    want = original_client(backend, original)
    assert got == want
    # The status 400 ends the connection (SRV-KEEPALIVE-1), so the last
    # request fails; every one before it succeeded.
    assert [o['ok'] for o in got] == [True] * (len(ACTIONS) - 1) + [False]
