#!/usr/bin/env python3
"""test_degu_client.py DEGU_CLIENT DEGU_SERVER [DEGU_PKI] [unittest options]:
end-to-end tests of the degu-client and degu-server command lines (over TLS
too when degu-pki is given).

degu-server is started on an AF_UNIX socket in a temporary directory, on
127.0.0.1:0, [::1]:0 or an abstract name, its bound address read from its
first line of standard output, and stopped with SIGTERM (exit status 0
checked).  degu-client runs against it with the reflect application
(docs/REFLECT.md), whose answers are computed here, so most checks compare
standard output exactly; a few tests put --app proxy:ADDR or files:DIR in
between.  Failures a real server cannot produce (malformed responses,
silence) come from small Python socket servers in a thread.

Standard library only; ctest runs it with the paths of the two built
executables.  Every subprocess is bounded by a timeout of a few seconds.
"""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

DEGU_CLIENT = None  # Set from the command line.
DEGU_PKI = None  # Optional third argument: the TLS tests skip without it.
DEGU_SERVER = None

TIMEOUT = 10  # Seconds: the most any one client or server command may take.
RULE = re.compile(r'\([A-Z]+(-[A-Z]+)*-[0-9]+\)')  # "(RSP-STATUS-1)".
MIB = 1 << 20


# --- The reflect application (docs/REFLECT.md) -----------------------------

def canonical(value):
    """value in REFLECT.md's canonical JSON form."""
    return json.dumps(value, sort_keys=True, separators=(',', ':'),
                      ensure_ascii=True)


def length_body(data):
    """The reflection's body member for a body of content-length framing."""
    return {'hex': data.hex(), 'kind': 'length'}


def chunked_body(*chunks):
    """The reflection's body member for a chunked body: chunks is the data of
    each chunk (without extension), the last, empty chunk included."""
    return {'chunks': [{'ext': None, 'hex': c.hex()} for c in chunks],
            'kind': 'chunked'}


def reflection(method, uri, headers=None, body=None):
    """The reflection of a request, as a string (canonical form)."""
    path, question, query = uri.partition('?')
    return canonical({
        'body': body,
        'headers': headers or {},
        'method': method,
        'mount': [],
        'path': [] if path == '/' else path[1:].split('/'),
        'query': query if question else None,
        'uri': uri,
    })


def reflect_text(method, uri, headers=None, body=None):
    """degu-client's text output for the reflect app's default answer."""
    data = reflection(method, uri, headers, body)
    head = ('HTTP/1.1 200 OK\ncontent-length: %d\n'
            'content-type: application/json\n\n' % len(data))
    return head if method == 'HEAD' else head + data


def reflect_json(method, uri, headers=None, body=None):
    """degu-client's --json line for the reflect app's default answer."""
    data = reflection(method, uri, headers, body).encode('ascii')
    return json.dumps({
        'status': 200, 'reason': 'OK',
        'headers': {'content-length': len(data),
                    'content-type': 'application/json'},
        'body_hex': None if method == 'HEAD' else data.hex(),
        'chunks': None}, separators=(',', ':')) + '\n'


# --- Running the executables -----------------------------------------------

def run_client(args, timeout=TIMEOUT):
    """degu-client with args: (exit status, stdout, stderr)."""
    proc = subprocess.run([DEGU_CLIENT] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    return (proc.returncode, proc.stdout.decode('ascii'),
            proc.stderr.decode(errors='replace'))


def run_server(args, timeout=5):
    """degu-server with args, expected to exit by itself (bad arguments):
    (exit status, stdout, stderr).  A server that serves instead is killed
    when the timeout expires (subprocess.TimeoutExpired)."""
    proc = subprocess.run([DEGU_SERVER] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout)
    return (proc.returncode, proc.stdout.decode(errors='replace'),
            proc.stderr.decode(errors='replace'))


def ipv6_loopback():
    """Whether a socket can bind [::1]."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(('::1', 0))
        return True
    except OSError:
        return False


def unique_name(prefix):
    """An abstract AF_UNIX name no other test run uses."""
    return '%s-%d-%s' % (prefix, os.getpid(), os.urandom(4).hex())


class Server:
    """A running degu-server; its standard error goes to a file."""

    def __init__(self, address, app='reflect', extra=()):
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [DEGU_SERVER, '--address', address, '--app', app] +
            [str(a) for a in extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._err)
        self.stdout = b''
        try:
            self.address = self._first_line()
        except Exception:
            self.kill()
            raise

    def _first_line(self):
        """The first line of standard output, read within the timeout."""
        deadline = time.monotonic() + TIMEOUT
        fd = self.proc.stdout.fileno()
        while b'\n' not in self.stdout:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise AssertionError('degu-server printed no address: %r'
                                     % self.log())
            block = os.read(fd, 4096)
            if not block:
                raise AssertionError(
                    'degu-server exited (%s) before printing its address: %r'
                    % (self.proc.wait(TIMEOUT), self.log()))
            self.stdout += block
        line, _, self.stdout = self.stdout.partition(b'\n')
        return line.decode()

    def log(self):
        """Everything written to standard error so far."""
        self._err.seek(0)
        return self._err.read().decode(errors='replace')

    def wait_for_log(self, pattern, count=1):
        """The log once pattern (a regular expression, multi-line) matches
        count times in it; fails after the timeout."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            text = self.log()
            if len(re.findall(pattern, text, re.M)) >= count:
                return text
            if time.monotonic() > deadline:
                raise AssertionError('%r not %d times in the log: %r'
                                     % (pattern, count, text))
            time.sleep(0.02)

    def stop(self, sig=signal.SIGTERM):
        """Sends sig and waits: (exit status, rest of stdout, whole log)."""
        self.proc.send_signal(sig)
        try:
            status = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError('degu-server did not stop on %s' % sig)
        rest = self.proc.stdout.read()
        self.proc.stdout.close()
        log = self.log()
        self._err.close()
        return status, (self.stdout + rest).decode(errors='replace'), log

    def kill(self):
        """Ends the server whatever state it is in (cleanup)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(TIMEOUT)
        if not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self._err.closed:
            self._err.close()


def read_request(conn):
    """One request from conn: the preamble and its body (content-length or
    simple chunked framing), or what arrived before the end of input."""
    data = b''
    while b'\r\n\r\n' not in data:
        block = conn.recv(65536)
        if not block:
            return data
        data += block
    head, _, body = data.partition(b'\r\n\r\n')
    fields = dict(line.split(b': ', 1) for line in head.split(b'\r\n')[1:])
    if b'content-length' in fields:
        done = lambda: len(body) >= int(fields[b'content-length'])
    elif fields.get(b'transfer-encoding') == b'chunked':
        done = lambda: body.endswith(b'0\r\n\r\n')
    else:
        done = lambda: True
    while not done():
        block = conn.recv(65536)
        if not block:
            break
        body += block
    return head + b'\r\n\r\n' + body


class FakeServer:
    """An AF_UNIX server in a thread that reads one request per connection,
    then sends answer and closes the connection; answer None sends nothing
    and holds the connection open until stop()."""

    def __init__(self, path, answer):
        self.answer = answer
        self.requests = []
        self.stopping = threading.Event()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(8)
        self.listener.settimeout(0.05)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(TIMEOUT)
                try:
                    self.requests.append(read_request(conn))
                    self.respond(conn)
                except OSError:
                    pass

    def respond(self, conn):
        """Answers one request (read already) on conn."""
        if self.answer is None:
            self.stopping.wait(TIMEOUT)
        else:
            conn.sendall(self.answer)

    def stop(self):
        self.stopping.set()
        self.thread.join(TIMEOUT)
        self.listener.close()


class TrickleServer(FakeServer):
    """A FakeServer that answers each request with head at once, then trickle
    one byte every 10 ms: every byte well within any timeout, the whole
    taking len(trickle) / 100 seconds.  It stops sending at the end of
    trickle, when the client is gone, or at stop()."""

    def __init__(self, path, head, trickle):
        self.head = head
        self.trickle = trickle
        FakeServer.__init__(self, path, None)

    def respond(self, conn):
        conn.sendall(self.head)
        for i in range(len(self.trickle)):
            if self.stopping.wait(0.01):
                break
            conn.sendall(self.trickle[i:i + 1])


# --- Shared assertions -----------------------------------------------------

class CliTest(unittest.TestCase):
    """Helpers shared by the test classes."""

    def make_tmp(self):
        """A temporary directory removed after the test."""
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        return tmp.name

    def assertClientOutput(self, args, expected):
        """degu-client succeeds (exit 0, nothing on stderr) and prints
        exactly expected."""
        status, out, err = run_client(args)
        self.assertEqual((status, err), (0, ''), out)
        self.assertEqual(out, expected)

    def assertClientFails(self, args, *messages, out=''):
        """degu-client exits 1, having printed out (default nothing), with a
        message on stderr containing every one of messages."""
        status, got_out, err = run_client(args)
        self.assertEqual(status, 1, (got_out[:300], err))  # Output may be huge.
        self.assertEqual(got_out, out)
        self.assertTrue(err.startswith('degu-client: '), err)
        for message in messages:
            self.assertIn(message, err)
        return err

    def assertClientUsage(self, args, *messages):
        """degu-client exits 2 with nothing on stdout, a message on stderr
        containing every one of messages."""
        status, out, err = run_client(args)
        self.assertEqual(status, 2, (out, err))
        self.assertEqual(out, '')
        self.assertTrue(err.startswith('degu-client: '), err)
        for message in messages:
            self.assertIn(message, err)

    def assertServerUsage(self, args, *messages):
        """degu-server exits 2 with nothing on stdout, a message on stderr
        containing every one of messages."""
        status, out, err = run_server(args)
        self.assertEqual(status, 2, (out, err))
        self.assertEqual(out, '')
        self.assertTrue(err.startswith('degu-server: '), err)
        for message in messages:
            self.assertIn(message, err)

    def start_server(self, address, app='reflect', extra=()):
        """A degu-server for this test only, killed if the test does not
        stop it."""
        server = Server(address, app, extra)
        self.addCleanup(server.kill)
        return server

    def assertStops(self, server, sig=signal.SIGTERM):
        """sig stops server with exit 0 and nothing more on stdout; the
        log has the stopping line once (connections still open are logged
        closed after it).  Returns the log."""
        status, rest, log = server.stop(sig)
        self.assertEqual(status, 0, log)
        self.assertEqual(rest, '')
        self.assertEqual(log.splitlines().count('degu-server: stopping'), 1,
                         log)
        return log


class ReflectServerTest(CliTest):
    """A reflect server on an AF_UNIX socket, shared by the class."""

    server_address = None  # A subclass's address; None: an AF_UNIX path.
    server_extra = ()  # A subclass's further degu-server options.

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        address = cls.server_address or os.path.join(cls.tmp.name, 's.sock')
        try:
            cls.server = Server(address, extra=cls.server_extra)
        except Exception:
            cls.tmp.cleanup()
            raise
        cls.addr = cls.server.address

    @classmethod
    def tearDownClass(cls):
        try:
            status, rest, log = cls.server.stop()
        finally:
            cls.server.kill()
            cls.tmp.cleanup()
        if status != 0 or rest:
            raise AssertionError('degu-server ended with %s, %r: %r'
                                 % (status, rest, log))


# --- degu-server -----------------------------------------------------------

class ServerAddressTest(CliTest):
    """The bound address as the first line of standard output; SIGTERM and
    SIGINT stop the server with exit 0."""

    def test_unix_path(self):
        path = os.path.join(self.make_tmp(), 'server.sock')
        server = self.start_server(path)
        self.assertEqual(server.address, path)
        self.assertClientOutput([path, 'GET', '/'], reflect_text('GET', '/'))
        self.assertStops(server)

    def test_ipv4_port_zero_gets_a_real_port(self):
        server = self.start_server('127.0.0.1:0')
        match = re.fullmatch(r'127\.0\.0\.1:([0-9]+)', server.address)
        self.assertTrue(match, server.address)
        port = int(match.group(1))
        self.assertTrue(0 < port < 65536, port)
        with socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT):
            pass
        self.assertStops(server)

    def test_ipv6_loopback_port_zero(self):
        if not ipv6_loopback():
            self.skipTest('IPv6 loopback [::1] cannot be bound here')
        server = self.start_server('[::1]:0')
        match = re.fullmatch(r'\[::1\]:([0-9]+)', server.address)
        self.assertTrue(match, server.address)
        self.assertTrue(0 < int(match.group(1)) < 65536, server.address)
        self.assertStops(server)

    def test_abstract_name(self):
        name = '@' + unique_name('degu-test')
        server = self.start_server(name)
        self.assertEqual(server.address, name)
        self.assertClientOutput([name, 'GET', '/a'], reflect_text('GET', '/a'))
        self.assertStops(server)

    def test_abstract_name_chosen_by_the_kernel(self):
        server = self.start_server('@')
        self.assertRegex(server.address, r'^@[0-9a-f]+$')
        self.assertClientOutput([server.address, 'GET', '/'],
                                reflect_text('GET', '/'))
        self.assertStops(server)

    def test_sigint_stops_too(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'))
        self.assertStops(server, signal.SIGINT)

    def test_sigterm_with_an_idle_connection_open(self):
        path = os.path.join(self.make_tmp(), 's.sock')
        server = self.start_server(path)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
            idle.connect(path)
            server.wait_for_log(r': connected$')
            log = self.assertStops(server)
        self.assertIn(': closed after 0 response(s)', log)

    def test_unix_path_already_taken_by_a_file(self):
        path = os.path.join(self.make_tmp(), 'taken')
        with open(path, 'wb') as f:
            f.write(b'keep me')
        self.assertServerUsage(['--address', path, '--app', 'reflect'],
                               'cannot serve on ' + path)
        with open(path, 'rb') as f:
            self.assertEqual(f.read(), b'keep me')

    def test_tcp_port_in_use(self):
        first = self.start_server('127.0.0.1:0')
        self.assertServerUsage(['--address', first.address,
                                '--app', 'reflect'],
                               'cannot serve on ' + first.address)
        self.assertStops(first)


class ServerUsageTest(CliTest):
    """degu-server arguments that are refused: exit 2, a message."""

    def setUp(self):
        self.path = os.path.join(self.make_tmp(), 's.sock')

    def test_no_arguments(self):
        self.assertServerUsage([], '--address is required')

    def test_missing_app(self):
        self.assertServerUsage(['--address', self.path], '--app is required')

    def test_missing_address(self):
        self.assertServerUsage(['--app', 'reflect'], '--address is required')

    def test_unknown_app(self):
        self.assertServerUsage(['--address', self.path, '--app', 'echo'],
                               "unknown application 'echo'")

    def test_proxy_app_without_address(self):
        self.assertServerUsage(['--address', self.path, '--app', 'proxy'],
                               'proxy:ADDR')

    def test_proxy_app_bad_address(self):
        self.assertServerUsage(['--address', self.path,
                                '--app', 'proxy:nowhere'],
                               '--app proxy:nowhere: ', '/PATH')

    def test_files_app_without_directory(self):
        self.assertServerUsage(['--address', self.path, '--app', 'files'],
                               'files:DIR')

    def test_files_app_relative_directory(self):
        self.assertServerUsage(['--address', self.path, '--app', 'files:www'],
                               "'www'", 'absolute')

    def test_files_app_missing_directory(self):
        missing = os.path.join(self.make_tmp(), 'missing')
        self.assertServerUsage(['--address', self.path,
                                '--app', 'files:' + missing], missing)

    def test_bad_address(self):
        self.assertServerUsage(['--address', 'nowhere', '--app', 'reflect'],
                               '--address', '/PATH')

    def test_relative_unix_path(self):
        self.assertServerUsage(['--address', 'sub/s.sock', '--app', 'reflect'],
                               "'sub/s.sock' is not absolute (ADDR-UNIX-1)")

    def test_unnormalised_unix_path(self):
        self.assertServerUsage(['--address', '/tmp/../s.sock',
                                '--app', 'reflect'],
                               'not normalised (ADDR-UNIX-1)')

    def test_host_name_instead_of_ipv4_literal(self):
        self.assertServerUsage(['--address', 'localhost:0',
                                '--app', 'reflect'],
                               "'localhost' is not an IPv4 literal")

    def test_bad_port(self):
        self.assertServerUsage(['--address', '127.0.0.1:65536',
                                '--app', 'reflect'], 'bad port')

    def test_max_requests_zero(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--max-requests', '0'], 'max_requests')

    def test_max_requests_too_many(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--max-requests', '75001'], 'max_requests')

    def test_max_connections_zero(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--max-connections', '0'], 'max_connections')

    def test_timeout_zero(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--timeout', '0'], '--timeout')

    def test_timeout_negative(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--timeout', '-1'], '--timeout')

    def tls_config(self, text):
        """The path of a file holding text."""
        path = os.path.join(self.make_tmp(), 'tls.json')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_tls_config_missing_file(self):
        missing = os.path.join(self.make_tmp(), 'missing.json')
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--tls-config', missing],
                               '--tls-config %s: cannot read' % missing)

    def test_tls_config_not_json(self):
        path = self.tls_config('not json')
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--tls-config', path],
                               '--tls-config %s: ' % path, '(TLS-CONFIG-1)')

    def test_tls_config_unknown_key(self):
        path = self.tls_config('{"bogus": 1}')
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--tls-config', path],
                               '(TLS-CONFIG-1)', '"bogus"')

    def test_tls_config_without_certificate(self):
        path = self.tls_config('{}')
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--tls-config', path],
                               '(TLS-SERVER-1)', 'cert_file')

    def test_unknown_option(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                '--verbose'], '--verbose')

    def test_extra_argument(self):
        self.assertServerUsage(['--address', self.path, '--app', 'reflect',
                                'extra'], 'extra')

    def test_help(self):
        status, out, _ = run_server(['--help'])
        self.assertEqual(status, 0)
        for option in ('--address', '--app', '--max-requests',
                       '--max-connections', '--timeout', '--tls-config',
                       'files:DIR', 'proxy:ADDR'):
            self.assertIn(option, out)


ONE_EXCHANGE_LOG = ('degu-server: %s: connected\n'
                    'degu-server: %s: closed after 1 response(s): eof\n'
                    'degu-server: stopping\n')


class ServerLogTest(CliTest):
    """Connections logged on standard error; --max-requests, --timeout and
    --max-connections.  One server per test, so its log is the test's."""

    CONNECTED = r'^degu-server: (@[0-9a-f]+): connected$'

    def test_one_request(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'))
        self.assertClientOutput([server.address, 'GET', '/'],
                                reflect_text('GET', '/'))
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        peer = re.match(self.CONNECTED, log, re.M).group(1)
        self.assertEqual(log, ONE_EXCHANGE_LOG % (peer, peer))

    def test_a_log_nobody_reads_never_stops_serving(self):
        # Standard error is a pipe nobody reads: once its buffer is full,
        # log lines are dropped (and counted), never waited for.
        path = os.path.join(self.make_tmp(), 's.sock')
        (log_read, log_write) = os.pipe()
        self.addCleanup(os.close, log_read)
        proc = subprocess.Popen([DEGU_SERVER, '--address', path, '--app', 'reflect'],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=log_write)
        os.close(log_write)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        self.assertEqual(proc.stdout.readline().decode().strip(), path)
        # Two lines of about 60 bytes per connection: 3,000 connections
        # write about five times what a 64 KiB pipe holds.
        for i in range(3000):
            with socket.socket(socket.AF_UNIX) as conn:
                conn.settimeout(TIMEOUT)
                conn.connect(path)
                conn.sendall(b'GET /_status/204 HTTP/1.1\r\n\r\n')
                self.assertEqual(conn.recv(100), b'HTTP/1.1 204 Reflected\r\n\r\n',
                                 'connection %d not served' % i)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(TIMEOUT), 0)  # Stops without the pipe drained.
        proc.stdout.close()
        logged = os.read(log_read, 1 << 20).decode()
        self.assertIn('degu-server: ', logged)

    def test_tcp_peer_is_the_client_address(self):
        server = self.start_server('127.0.0.1:0')
        host, port = server.address.rsplit(':', 1)
        with socket.create_connection((host, int(port)),
                                      timeout=TIMEOUT) as conn:
            peer = '%s:%d' % conn.getsockname()
            conn.sendall(b'GET /_probe HTTP/1.1\r\n\r\n')
            answer = b''
            while len(answer) < 170:
                block = conn.recv(4096)
                if not block:
                    break
                answer += block
        self.assertEqual(answer, (
            b'HTTP/1.1 200 OK\r\ncontent-length: 99\r\n'
            b'content-type: application/json\r\n\r\n' +
            reflection('GET', '/_probe').encode()))
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        self.assertEqual(log, ONE_EXCHANGE_LOG % (peer, peer))

    def test_repeat_uses_one_connection(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'))
        self.assertClientOutput([server.address, 'GET', '/r', '--repeat', 3],
                                reflect_text('GET', '/r') * 3)
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        self.assertEqual(len(re.findall(self.CONNECTED, log, re.M)), 1, log)
        self.assertIn(': closed after 3 response(s): eof\n', log)

    def test_app_failure_is_logged(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'))
        self.assertClientFails([server.address, 'GET', '/_status/x'],
                               'request 1 failed', 'preamble_empty')
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        self.assertIn(': closed after 0 response(s): app_failed', log)

    def test_max_requests_closes_after_n_responses(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'),
                                   extra=['--max-requests', 2])
        # Sending or receiving fails, depending on when the close arrives.
        self.assertClientFails(
            [server.address, 'GET', '/m', '--repeat', 3],
            'request 3 failed: io: ', out=reflect_text('GET', '/m') * 2)
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        self.assertEqual(len(re.findall(self.CONNECTED, log, re.M)), 1, log)
        self.assertIn(': closed after 2 response(s): max_requests\n', log)

    def test_max_requests_not_exceeded(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'),
                                   extra=['--max-requests', 2])
        self.assertClientOutput([server.address, 'GET', '/m', '--repeat', 2],
                                reflect_text('GET', '/m') * 2)
        self.assertStops(server)

    def test_max_requests_one(self):
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'),
                                   extra=['--max-requests', 1])
        self.assertClientFails([server.address, 'HEAD', '/', '--repeat', 2],
                               'request 2 failed',
                               out=reflect_text('HEAD', '/'))
        self.assertStops(server)

    def test_timeout_closes_an_idle_connection(self):
        path = os.path.join(self.make_tmp(), 's.sock')
        server = self.start_server(path, extra=['--timeout', '0.3'])
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as idle:
            idle.settimeout(TIMEOUT)
            idle.connect(path)
            start = time.monotonic()
            self.assertEqual(idle.recv(100), b'')
            self.assertLess(time.monotonic() - start, 5)
        server.wait_for_log(r'closed after')
        log = self.assertStops(server)
        self.assertIn('(unnamed peer): closed after 0 response(s)', log)
        self.assertIn('timeout', log)

    def test_max_connections_queues_the_next(self):
        path = os.path.join(self.make_tmp(), 's.sock')
        server = self.start_server(path, extra=['--max-connections', 1])
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as held:
            held.connect(path)
            server.wait_for_log(r': connected$')
            # The one connection is taken: a client gets no answer in time.
            self.assertClientFails([path, 'GET', '/', '--timeout', '0.5'],
                                   'request 1 failed', 'timeout')
        server.wait_for_log(r'closed after')
        self.assertClientOutput([path, 'GET', '/', '--timeout', 5],
                                reflect_text('GET', '/'))
        self.assertStops(server)


class FilesAppTest(CliTest):
    """--app files:DIR serves the files of DIR."""

    def test_get_and_range(self):
        www = self.make_tmp()
        with open(os.path.join(www, 'a.txt'), 'wb') as f:
            f.write(b'hello world')
        server = self.start_server(os.path.join(self.make_tmp(), 's.sock'),
                                   app='files:' + www)
        status, out, err = run_client([server.address, 'GET', '/a.txt'])
        self.assertEqual((status, err), (0, ''))
        self.assertTrue(out.startswith('HTTP/1.1 200 OK\n'), out)
        self.assertIn('content-length: 11\n', out)
        self.assertTrue(out.endswith('\n\nhello world'), out)
        status, out, err = run_client([server.address, 'GET', '/a.txt',
                                       '--range', '0-4'])
        self.assertEqual((status, err), (0, ''))
        self.assertTrue(out.startswith('HTTP/1.1 206 '), out)
        self.assertIn('content-range: bytes 0-4/11\n', out)
        self.assertTrue(out.endswith('\n\nhello'), out)
        self.assertStops(server)


class ProxyAppTest(CliTest):
    """--app proxy:ADDR forwards to a reflect server: degu-client -> proxy
    (127.0.0.1) -> reflect (AF_UNIX, so the only host header is the one
    degu-client sends the proxy)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.upstream = None
        cls.proxy = None
        try:
            cls.upstream = Server(os.path.join(cls.tmp.name, 'up.sock'))
            cls.proxy = Server('127.0.0.1:0', 'proxy:' + cls.upstream.address)
        except Exception:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        results = []
        for server in (cls.proxy, cls.upstream):
            if server is not None:
                try:
                    results.append(server.stop()[:2])
                finally:
                    server.kill()
        cls.tmp.cleanup()
        if any(result != (0, '') for result in results):
            raise AssertionError('degu-server ended with %r' % results)

    def test_get(self):
        addr = self.proxy.address
        self.assertClientOutput(
            [addr, 'GET', '/x/y?z', '-H', 'x-a: 1'],
            reflect_text('GET', '/x/y?z', {'host': addr, 'x-a': '1'}))

    def test_chunked_upload_and_repeat(self):
        addr = self.proxy.address
        self.assertClientOutput(
            [addr, 'PUT', '/x', '--chunked', 'hello', '--repeat', 2],
            reflect_text('PUT', '/x', {'host': addr,
                                       'transfer-encoding': 'chunked'},
                         chunked_body(b'hello', b'')) * 2)

    def test_chunked_response(self):
        data = reflection('GET', '/_chunked', {'host': self.proxy.address})
        self.assertClientOutput(
            [self.proxy.address, 'GET', '/_chunked'],
            'HTTP/1.1 200 OK\ncontent-type: application/json\n'
            'transfer-encoding: chunked\n\n'
            '# chunk %d\n%s\n# chunk 0\n\n' % (len(data), data))

    def test_status(self):
        self.assertClientOutput([self.proxy.address, 'GET', '/_status/404'],
                                'HTTP/1.1 404 Reflected\n\n')

    def test_upstream_fails(self):
        self.assertClientFails([self.proxy.address, 'GET', '/_status/x'],
                               'request 1 failed', 'preamble_empty')


class ProxyWithoutUpstreamTest(CliTest):
    """A proxy whose upstream does not listen: its requests fail."""

    def test_upstream_missing(self):
        tmp = self.make_tmp()
        proxy = self.start_server(os.path.join(tmp, 'proxy.sock'),
                                  'proxy:' + os.path.join(tmp, 'nobody.sock'))
        self.assertClientFails([proxy.address, 'GET', '/'],
                               'request 1 failed', 'preamble_empty')
        proxy.wait_for_log(r'closed after')
        log = self.assertStops(proxy)
        self.assertIn('closed after 0 response(s): app_failed', log)
        self.assertIn('connect_failed', log)


# --- degu-client against degu-server --app reflect --------------------------

class ClientReflectTest(ReflectServerTest):
    """Requests and their exact output, over AF_UNIX (so no host header by
    default, CLI-HOST-4)."""

    def test_get(self):
        self.assertClientOutput([self.addr, 'GET', '/a/b?x=1'],
                                reflect_text('GET', '/a/b?x=1'))

    def test_get_root(self):
        self.assertClientOutput([self.addr, 'GET', '/'],
                                reflect_text('GET', '/'))

    def test_trailing_slash_and_empty_query(self):
        self.assertClientOutput([self.addr, 'GET', '/a/?'],
                                reflect_text('GET', '/a/?'))

    def test_output_bytes(self):
        # The example of REFLECT.md "Answer bytes", as degu-client prints it.
        self.assertClientOutput(
            [self.addr, 'GET', '/x'],
            'HTTP/1.1 200 OK\ncontent-length: 89\n'
            'content-type: application/json\n\n'
            '{"body":null,"headers":{},"method":"GET","mount":[],'
            '"path":["x"],"query":null,"uri":"/x"}')

    def test_json(self):
        self.assertClientOutput([self.addr, 'GET', '/j?k', '--json'],
                                reflect_json('GET', '/j?k'))

    def test_json_exact_shape(self):
        status, out, err = run_client([self.addr, 'GET', '/x', '--json'])
        self.assertEqual((status, err), (0, ''))
        body = reflection('GET', '/x').encode().hex()
        self.assertEqual(out, '{"status":200,"reason":"OK","headers":'
                              '{"content-length":89,"content-type":'
                              '"application/json"},"body_hex":"%s",'
                              '"chunks":null}\n' % body)

    def test_headers_arrive(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/h', '-H', 'x-one: 1', '--header', 'x-two:2:3',
             '-H', 'x-three:   spaced value'],
            reflect_text('GET', '/h', {'x-one': '1', 'x-two': '2:3',
                                       'x-three': 'spaced value'}))

    def test_delete(self):
        self.assertClientOutput([self.addr, 'DELETE', '/d'],
                                reflect_text('DELETE', '/d'))

    def test_post_without_body_has_no_framing(self):
        # CLI-BODY-2: no framing header at all.
        self.assertClientOutput([self.addr, 'POST', '/p'],
                                reflect_text('POST', '/p'))

    def test_data_text(self):
        self.assertClientOutput(
            [self.addr, 'PUT', '/u', '--data', 'hello'],
            reflect_text('PUT', '/u', {'content-length': '5'},
                         length_body(b'hello')))

    def test_data_empty_text(self):
        self.assertClientOutput(
            [self.addr, 'POST', '/u', '--data', ''],
            reflect_text('POST', '/u', {'content-length': '0'},
                         length_body(b'')))

    def test_data_file(self):
        data = os.urandom(3 * MIB + 17)
        path = os.path.join(self.make_tmp(), 'upload')
        with open(path, 'wb') as f:
            f.write(data)
        status, out, err = run_client([self.addr, 'PUT', '/f',
                                       '--data', '@' + path, '--json'])
        self.assertEqual((status, err), (0, ''))
        self.assertEqual(out, reflect_json(
            'PUT', '/f', {'content-length': str(len(data))},
            length_body(data)))

    def test_data_file_sent_again_on_each_repeat(self):
        data = b'0123456789' * 1000
        path = os.path.join(self.make_tmp(), 'upload')
        with open(path, 'wb') as f:
            f.write(data)
        self.assertClientOutput(
            [self.addr, 'POST', '/f', '--data', '@' + path, '--repeat', 2],
            reflect_text('POST', '/f', {'content-length': '10000'},
                         length_body(data)) * 2)

    def test_data_empty_file(self):
        path = os.path.join(self.make_tmp(), 'empty')
        open(path, 'wb').close()
        self.assertClientOutput(
            [self.addr, 'PUT', '/e', '--data', '@' + path],
            reflect_text('PUT', '/e', {'content-length': '0'},
                         length_body(b'')))

    def test_chunked_text(self):
        self.assertClientOutput(
            [self.addr, 'POST', '/c', '--chunked', 'hello'],
            reflect_text('POST', '/c', {'transfer-encoding': 'chunked'},
                         chunked_body(b'hello', b'')))

    def test_chunked_empty_text_sends_only_the_last_chunk(self):
        self.assertClientOutput(
            [self.addr, 'PUT', '/c', '--chunked', ''],
            reflect_text('PUT', '/c', {'transfer-encoding': 'chunked'},
                         chunked_body(b'')))

    def test_chunked_file_in_chunks_of_one_mib(self):
        data = os.urandom(3 * MIB + 17)
        path = os.path.join(self.make_tmp(), 'upload')
        with open(path, 'wb') as f:
            f.write(data)
        status, out, err = run_client([self.addr, 'PUT', '/f', '--chunked',
                                       '@' + path, '--json', '--repeat', 2])
        self.assertEqual((status, err), (0, ''))
        expected = reflect_json(
            'PUT', '/f', {'transfer-encoding': 'chunked'},
            chunked_body(data[:MIB], data[MIB:2 * MIB], data[2 * MIB:3 * MIB],
                         data[3 * MIB:], b''))
        self.assertEqual(out, expected * 2)

    def test_chunked_empty_file(self):
        path = os.path.join(self.make_tmp(), 'empty')
        open(path, 'wb').close()
        self.assertClientOutput(
            [self.addr, 'POST', '/e', '--chunked', '@' + path],
            reflect_text('POST', '/e', {'transfer-encoding': 'chunked'},
                         chunked_body(b'')))

    def test_chunked_response(self):
        data = reflection('GET', '/_chunked')
        self.assertClientOutput(
            [self.addr, 'GET', '/_chunked'],
            'HTTP/1.1 200 OK\ncontent-type: application/json\n'
            'transfer-encoding: chunked\n\n'
            '# chunk %d\n%s\n# chunk 0\n\n' % (len(data), data))

    def test_chunked_response_json(self):
        data = reflection('GET', '/_chunked/x').encode().hex()
        self.assertClientOutput(
            [self.addr, 'GET', '/_chunked/x', '--json'],
            '{"status":200,"reason":"OK","headers":{"content-type":'
            '"application/json","transfer-encoding":"chunked"},'
            '"body_hex":"%s","chunks":[{"extension":null,"data_hex":"%s"},'
            '{"extension":null,"data_hex":""}]}\n' % (data, data))

    def test_range(self):
        self.assertClientOutput([self.addr, 'GET', '/r', '--range', '0-4'],
                                reflect_text('GET', '/r',
                                             {'range': 'bytes=0-4'}))

    def test_range_largest(self):
        # CLI-RANGE-1: stop 9999999999999999 is the largest.
        self.assertClientOutput(
            [self.addr, 'GET', '/r', '--range', '10-9999999999999998'],
            reflect_text('GET', '/r', {'range': 'bytes=10-9999999999999998'}))

    def test_range_equal_to_a_range_header(self):
        # CLI-RANGE-2: a caller's range equal to the computed one is fine.
        self.assertClientOutput(
            [self.addr, 'GET', '/r', '--range', '3-7',
             '-H', 'range: bytes=3-7'],
            reflect_text('GET', '/r', {'range': 'bytes=3-7'}))

    def test_repeat(self):
        self.assertClientOutput([self.addr, 'GET', '/x', '--repeat', 3],
                                reflect_text('GET', '/x') * 3)

    def test_repeat_json(self):
        self.assertClientOutput([self.addr, 'PUT', '/x', '--data', 'abc',
                                 '--repeat', 3, '--json'],
                                reflect_json('PUT', '/x',
                                             {'content-length': '3'},
                                             length_body(b'abc')) * 3)

    def test_host_option(self):
        self.assertClientOutput([self.addr, 'GET', '/',
                                 '--host', 'example.com'],
                                reflect_text('GET', '/',
                                             {'host': 'example.com'}))

    def test_host_option_replaces_callers_host(self):
        # CLI-BASE-2.
        self.assertClientOutput([self.addr, 'GET', '/', '--host', 'base',
                                 '-H', 'host: mine'],
                                reflect_text('GET', '/', {'host': 'base'}))

    def test_callers_host_without_base_host(self):
        self.assertClientOutput([self.addr, 'GET', '/', '-H', 'host: mine'],
                                reflect_text('GET', '/', {'host': 'mine'}))

    def test_authorization(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/', '--authorization', 'Bearer t0k3n'],
            reflect_text('GET', '/', {'authorization': 'Bearer t0k3n'}))

    def test_authorization_replaces_callers(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/', '--authorization', 'base',
             '-H', 'authorization: mine'],
            reflect_text('GET', '/', {'authorization': 'base'}))

    def test_base_headers_on_every_request(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/', '--authorization', 'a', '--host', 'h',
             '--repeat', 2],
            reflect_text('GET', '/', {'authorization': 'a', 'host': 'h'}) * 2)

    def test_twenty_headers(self):
        # 19 caller headers and host: 20, the most (OUT-COUNT-1).
        headers = {'x-%02d' % i: 'v' for i in range(19)}
        args = [self.addr, 'GET', '/', '--host', 'h', '--json']
        for name in headers:
            args += ['-H', name + ': v']
        headers['host'] = 'h'
        self.assertClientOutput(args, reflect_json('GET', '/', headers))

    def test_head(self):
        self.assertClientOutput([self.addr, 'HEAD', '/x'],
                                reflect_text('HEAD', '/x'))

    def test_head_json(self):
        self.assertClientOutput([self.addr, 'HEAD', '/x', '--json'],
                                reflect_json('HEAD', '/x'))

    def test_head_repeat(self):
        # CLI-HEAD-1: nothing to consume between the responses.
        self.assertClientOutput([self.addr, 'HEAD', '/x', '--repeat', 2],
                                reflect_text('HEAD', '/x') * 2)

    def test_head_chunked_route(self):
        self.assertClientOutput([self.addr, 'HEAD', '/_chunked'],
                                'HTTP/1.1 200 OK\ncontent-type: '
                                'application/json\ntransfer-encoding: '
                                'chunked\n\n')

    def test_status_404_is_a_success(self):
        self.assertClientOutput([self.addr, 'GET', '/_status/404'],
                                'HTTP/1.1 404 Reflected\n\n')

    def test_status_json(self):
        self.assertClientOutput([self.addr, 'DELETE', '/_status/503',
                                 '--json'],
                                '{"status":503,"reason":"Reflected",'
                                '"headers":{},"body_hex":null,'
                                '"chunks":null}\n')

    def test_informational_status_returned_as_is(self):
        # CLI-FINAL-1: a 1xx is the response.
        self.assertClientOutput([self.addr, 'GET', '/_status/100',
                                 '--repeat', 2],
                                'HTTP/1.1 100 Reflected\n\n' * 2)

    def test_header_route(self):
        self.assertClientOutput([self.addr, 'GET', '/_header?x-k=v%20w'],
                                'HTTP/1.1 200 OK\nx-k: v w\n\n')

    def test_timeout_zero_means_none(self):
        self.assertClientOutput([self.addr, 'GET', '/', '--timeout', 0],
                                reflect_text('GET', '/'))

    def test_timeout_option(self):
        self.assertClientOutput([self.addr, 'GET', '/', '--timeout', 2.5],
                                reflect_text('GET', '/'))

    def test_deadline_option(self):  # CLI-TIMEOUT-2: one per exchange.
        self.assertClientOutput([self.addr, 'GET', '/', '--deadline', 0.5,
                                 '--repeat', 3],
                                reflect_text('GET', '/') * 3)


class ClientRefusedByServerTest(ReflectServerTest):
    """The server closes without answering: exit 1 naming the error and its
    rule (CLI-EOF-1)."""

    def test_application_fails(self):
        self.assertClientFails([self.addr, 'GET', '/_status/x'],
                               'request 1 failed',
                               'preamble_empty (PRE-EMPTY-1)')

    def test_invalid_status_not_sent(self):
        self.assertClientFails([self.addr, 'GET', '/_status/99'],
                               'request 1 failed',
                               'preamble_empty (PRE-EMPTY-1)')

    def test_body_to_head_not_sent(self):
        self.assertClientFails([self.addr, 'HEAD', '/_body'],
                               'request 1 failed',
                               'preamble_empty (PRE-EMPTY-1)')


class ClientRefusesRequestTest(ReflectServerTest):
    """Requests the client library refuses to send.  These are found after
    connecting, so they exit 1 (not 2) with the error and its rule."""

    def test_unknown_method(self):
        # CLI-METHOD-1: PATCH is not one of the five.
        self.assertClientFails([self.addr, 'PATCH', '/x'],
                               'request 1 failed', 'bad_method',
                               '(REQ-METHOD-1)')

    def test_lower_case_method(self):
        self.assertClientFails([self.addr, 'get', '/x'], 'bad_method')

    def test_body_with_get(self):
        self.assertClientFails([self.addr, 'GET', '/x', '--data', 'x'],
                               'body_not_allowed (CLI-BODY-1)')

    def test_chunked_body_with_delete(self):
        self.assertClientFails([self.addr, 'DELETE', '/x', '--chunked', 'x'],
                               'body_not_allowed (CLI-BODY-1)')

    def test_range_differs_from_range_header(self):
        self.assertClientFails([self.addr, 'GET', '/x', '--range', '0-4',
                                '-H', 'range: bytes=1-2'],
                               'range_mismatch (CLI-RANGE-2)')

    def test_upper_case_header_name(self):
        # OUT-NAME-1: names are sent in lower case; -H passes them as given.
        self.assertClientFails([self.addr, 'GET', '/x', '-H', 'X-Foo: bar'],
                               'bad_outgoing_header_name (OUT-NAME-1)')

    def test_empty_header_value(self):
        self.assertClientFails([self.addr, 'GET', '/x', '-H', 'x-foo:'],
                               'header_value_empty (HDR-VALUE-1)')

    def test_uri_without_slash(self):
        self.assertClientFails([self.addr, 'GET', 'x'], '(REQ-LINE-4)')

    def test_empty_path_component(self):
        self.assertClientFails([self.addr, 'GET', '/a//b'],
                               'empty_path_component (URI-PATH-2)')

    def test_framing_header_from_caller(self):
        self.assertClientFails([self.addr, 'DELETE', '/x',
                                '-H', 'content-length: 0'], '(OUT-FRAME-2)')

    def test_too_many_headers(self):
        # CLI-BASE-3: 19 caller headers, authorization and host: 21.
        args = [self.addr, 'GET', '/', '--host', 'h', '--authorization', 'a']
        for i in range(19):
            args += ['-H', 'x-%02d: v' % i]
        self.assertClientFails(args, 'too_many_headers (OUT-COUNT-1)')


class ClientTcpTest(ReflectServerTest):
    """A server on 127.0.0.1: the default host header (CLI-HOST-1)."""

    server_address = '127.0.0.1:0'

    def test_default_host(self):
        self.assertClientOutput([self.addr, 'GET', '/'],
                                reflect_text('GET', '/', {'host': self.addr}))

    def test_no_host(self):
        self.assertClientOutput([self.addr, 'GET', '/', '--no-host'],
                                reflect_text('GET', '/'))

    def test_host_option(self):
        self.assertClientOutput([self.addr, 'GET', '/', '--host', 'other:8'],
                                reflect_text('GET', '/', {'host': 'other:8'}))

    def test_dns_name(self):
        port = self.addr.rsplit(':', 1)[1]
        try:
            socket.getaddrinfo('localhost', int(port))
        except OSError:
            self.skipTest('localhost does not resolve here')
        self.assertClientOutput(['localhost:' + port, 'GET', '/'],
                                reflect_text('GET', '/',
                                             {'host': 'localhost:' + port}))

    def test_range_and_authorization(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/r', '--range', '0-0', '--authorization', 'x'],
            reflect_text('GET', '/r', {'authorization': 'x', 'host': self.addr,
                                       'range': 'bytes=0-0'}))


class ClientTlsTest(CliTest):
    """degu-server --tls-config and degu-client --tls-config with a PKI made
    by degu-pki (TLS-CLIENTAUTH-1, TLS-SNI-1, CLI-HOST-3)."""

    @classmethod
    def setUpClass(cls):
        if DEGU_PKI is None:
            raise unittest.SkipTest('no degu-pki given (third argument)')
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pki = os.path.join(cls.tmp.name, 'pki')
        subprocess.run([DEGU_PKI, cls.pki, '--bits', '2048'], check=True,
                       capture_output=True, timeout=60)
        try:
            cls.server = Server('127.0.0.1:0', extra=[
                '--tls-config', os.path.join(cls.pki, 'server.json')])
        except Exception:
            cls.tmp.cleanup()
            raise
        cls.addr = cls.server.address

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.server.kill()
            cls.tmp.cleanup()

    def config(self, name):
        return ['--tls-config', os.path.join(self.pki, name)]

    def test_authenticated_round_trip(self):
        # The port is written out: the TLS default is 443 (CLI-HOST-3).
        self.assertClientOutput(
            [self.addr, 'PUT', '/t', '--data', 'hi'] + self.config('client.json'),
            reflect_text('PUT', '/t', {'content-length': '2', 'host': self.addr},
                         body={'hex': '6869', 'kind': 'length'}))

    def test_client_without_certificate_is_refused(self):
        self.assertClientFails([self.addr, 'GET', '/'] +
                               self.config('client-anonymous.json'))

    def test_plain_client_is_refused(self):
        self.assertClientFails([self.addr, 'GET', '/'])

    def test_server_name_must_match(self):
        self.assertClientFails([self.addr, 'GET', '/', '--ssl-host',
                                'example.com'] + self.config('client.json'),
                               'handshake_failed', 'hostname mismatch')

    def test_server_name_in_certificate(self):
        self.assertClientOutput(
            [self.addr, 'GET', '/', '--ssl-host', 'localhost'] +
            self.config('client.json'),
            reflect_text('GET', '/', {'host': self.addr}))


@unittest.skipUnless(ipv6_loopback(),
                     'IPv6 loopback [::1] cannot be bound here')
class ClientIpv6Test(ReflectServerTest):
    """A server on [::1]: the host is enclosed in brackets (CLI-HOST-2)."""

    server_address = '[::1]:0'

    def test_default_host(self):
        self.assertTrue(self.addr.startswith('[::1]:'), self.addr)
        self.assertClientOutput([self.addr, 'GET', '/six'],
                                reflect_text('GET', '/six',
                                             {'host': self.addr}))


class ClientAbstractTest(ReflectServerTest):
    """A server on an abstract AF_UNIX name: no host header (CLI-HOST-4)."""

    server_address = '@' + unique_name('degu-client-test')

    def test_get(self):
        self.assertEqual(self.addr, self.server_address)
        self.assertClientOutput([self.addr, 'PUT', '/a', '--data', 'x'],
                                reflect_text('PUT', '/a',
                                             {'content-length': '1'},
                                             length_body(b'x')))


# --- degu-client against servers that misbehave ----------------------------

class ClientFailureTest(CliTest):
    """Connection failures and bad responses: exit 1, the error named."""

    def setUp(self):
        self.path = os.path.join(self.make_tmp(), 'fake.sock')

    def fake(self, answer):
        server = FakeServer(self.path, answer)
        self.addCleanup(server.stop)
        return server

    def test_nothing_listening_on_path(self):
        self.assertClientFails([self.path, 'GET', '/'],
                               'cannot connect to ' + self.path,
                               'connect_failed')

    def test_nothing_listening_on_abstract_name(self):
        name = '@' + unique_name('degu-nobody')
        self.assertClientFails([name, 'GET', '/'], 'cannot connect to ' + name)

    def test_nothing_listening_on_port(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as reserved:
            reserved.bind(('127.0.0.1', 0))  # Bound, not listening.
            addr = '127.0.0.1:%d' % reserved.getsockname()[1]
            self.assertClientFails([addr, 'GET', '/'],
                                   'cannot connect to ' + addr,
                                   'Connection refused')

    def test_closed_without_answer(self):
        server = self.fake(b'')
        self.assertClientFails([self.path, 'GET', '/x'], 'request 1 failed',
                               'preamble_empty (PRE-EMPTY-1)')
        self.assertEqual(server.requests, [b'GET /x HTTP/1.1\r\n\r\n'])

    def test_json_chunked_body_over_16_mib_is_refused(self):  # BODY-CHUNKED-2.
        mib = b'%x\r\n' % (1 << 20) + b'x' * (1 << 20) + b'\r\n'
        self.fake(b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
                  + mib * 17 + b'0\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/', '--json'], 'response body failed',
                               'chunked_read_too_large (BODY-CHUNKED-2)')

    def test_json_chunked_body_of_tiny_chunks_is_bounded(self):
        # 1 MiB of data in 262,144 one-byte chunks: within the data limit,
        # past what keeping the chunks may cost (64 bytes each).
        self.fake(b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
                  + b'1\r\nx\r\n' * 262144 + b'0\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/', '--json'], 'response body failed',
                               'chunked_read_too_large (BODY-CHUNKED-2)')

    def test_request_bytes_with_body_and_base_headers(self):
        server = self.fake(b'')
        self.assertClientFails(
            [self.path, 'PUT', '/x?y', '-H', 'x-b: 2', '-H', 'x-a: 1',
             '--authorization', 'Z', '--host', 'h', '--data', 'hello'],
            'preamble_empty')
        self.assertEqual(server.requests, [
            b'PUT /x?y HTTP/1.1\r\nauthorization: Z\r\ncontent-length: 5\r\n'
            b'host: h\r\nx-a: 1\r\nx-b: 2\r\n\r\nhello'])

    def test_request_bytes_chunked(self):
        server = self.fake(b'')
        self.assertClientFails([self.path, 'POST', '/c', '--chunked', 'hello'],
                               'preamble_empty')
        self.assertEqual(server.requests, [
            b'POST /c HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n'
            b'5\r\nhello\r\n0\r\n\r\n'])

    def test_request_bytes_range(self):
        server = self.fake(b'')
        self.assertClientFails([self.path, 'GET', '/', '--range', '0-4'],
                               'preamble_empty')
        self.assertEqual(server.requests,
                         [b'GET / HTTP/1.1\r\nrange: bytes=0-4\r\n\r\n'])

    def test_response_line_too_short(self):
        self.fake(b'HTTP/1.1 99 X\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/'], 'request 1 failed',
                               'response_line_too_short (RSP-LINE-2)')

    def test_bad_status(self):
        self.fake(b'HTTP/1.1 099 Too Low\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/'],
                               'bad_status (RSP-STATUS-1)')

    def test_bad_protocol(self):
        self.fake(b'HTTP/1.0 200 OK\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/'],
                               'bad_response_line (RSP-LINE-3)')

    def test_range_in_response(self):
        self.fake(b'HTTP/1.1 200 OK\r\nrange: bytes=0-1\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/'],
                               'range_in_response (FRAME-RANGE-2)')

    def test_short_length_body(self):
        self.fake(b'HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc')
        err = self.assertClientFails(
            [self.path, 'GET', '/'], 'response body failed',
            out='HTTP/1.1 200 OK\ncontent-length: 10\n\n')
        self.assertRegex(err, RULE)

    def test_short_length_body_json(self):
        self.fake(b'HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc')
        err = self.assertClientFails([self.path, 'GET', '/', '--json'],
                                     'response body failed')
        self.assertRegex(err, RULE)

    def test_incomplete_chunked_body(self):
        self.fake(b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
                  b'3\r\nabc\r\n')
        err = self.assertClientFails(
            [self.path, 'GET', '/'], 'response body failed',
            out='HTTP/1.1 200 OK\ntransfer-encoding: chunked\n\n'
                '# chunk 3\nabc\n')
        self.assertRegex(err, RULE)

    def test_chunk_extensions_printed(self):
        self.fake(b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
                  b'3;k=v\r\nabc\r\n0;end=1\r\n\r\n')
        self.assertClientOutput([self.path, 'GET', '/'],
                                'HTTP/1.1 200 OK\ntransfer-encoding: chunked'
                                '\n\n# chunk 3;k=v\nabc\n# chunk 0;end=1\n\n')

    def test_chunk_extensions_json(self):
        self.fake(b'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n'
                  b'3;k=v\r\nabc\r\n0\r\n\r\n')
        self.assertClientOutput([self.path, 'GET', '/', '--json'],
                                '{"status":200,"reason":"OK","headers":'
                                '{"transfer-encoding":"chunked"},'
                                '"body_hex":"616263","chunks":['
                                '{"extension":["k","v"],"data_hex":"616263"},'
                                '{"extension":null,"data_hex":""}]}\n')

    def test_reason_kept_as_received(self):
        # RSP-REASON-2.
        self.fake(b'HTTP/1.1 200   OK \r\nx-a: b\r\n\r\n')
        self.assertClientOutput([self.path, 'GET', '/'],
                                'HTTP/1.1 200   OK \nx-a: b\n\n')

    def test_no_framing_means_no_body(self):
        # FRAME-RSP-2 / CLI-EOF-1: never read until the connection closes.
        self.fake(b'HTTP/1.1 200 OK\r\n\r\nignored')
        self.assertClientOutput([self.path, 'GET', '/', '--json'],
                                '{"status":200,"reason":"OK","headers":{},'
                                '"body_hex":null,"chunks":null}\n')

    def test_second_request_on_closed_connection(self):
        self.fake(b'HTTP/1.1 204 No Content\r\n\r\n')
        self.assertClientFails([self.path, 'GET', '/', '--repeat', 2],
                               'request 2 failed: io: system (GEN-CLOSE-1): ',
                               out='HTTP/1.1 204 No Content\n\n')

    # A system error names its rule too (io::describe): the fake server
    # closes with request 2 unread, so request 2 meets EPIPE or ECONNRESET.
    def test_system_error_names_its_rule(self):
        self.fake(b'HTTP/1.1 204 No Content\r\n\r\n')
        err = self.assertClientFails([self.path, 'GET', '/', '--repeat', 2],
                                     'request 2 failed: io: system (GEN-CLOSE-1): ',
                                     out='HTTP/1.1 204 No Content\n\n')
        self.assertIn('(GEN-CLOSE-1)', err)

    def test_timeout(self):
        self.fake(None)
        start = time.monotonic()
        self.assertClientFails([self.path, 'GET', '/', '--timeout', '0.3'],
                               'request 1 failed', 'timeout')
        self.assertLess(time.monotonic() - start, 5)

    def assertDeadlineCuts(self, args, *messages):
        """degu-client --timeout 3 --deadline 1 with args fails, naming the
        deadline (CLI-TIMEOUT-2), after about 1 s: not before it, and
        well before the 20 s of the trickle."""
        start = time.monotonic()
        self.assertClientFails(
            [self.path, 'GET', '/', '--timeout', 3, '--deadline', 1] + args,
            *messages, 'whole-exchange deadline of 1000 ms passed',
            '(CLI-TIMEOUT-2)')
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.9)
        self.assertLess(elapsed, 5)

    def test_deadline_cuts_a_trickling_preamble(self):
        server = TrickleServer(self.path, b'HTTP/1.1 200 OK\r\n',
                               b'x-a: ' + b'a' * 2000)
        self.addCleanup(server.stop)
        self.assertDeadlineCuts([], 'request 1 failed: io: timeout')

    def test_deadline_cuts_a_trickling_body(self):
        server = TrickleServer(
            self.path, b'HTTP/1.1 200 OK\r\ncontent-length: 2000\r\n\r\n',
            b'b' * 2000)
        self.addCleanup(server.stop)
        self.assertDeadlineCuts(['--json'], 'response body failed: timeout')

    # Any positive --timeout is a timeout: below 1 ms it is rounded up, as
    # 0 ms would mean none.
    def test_tiny_timeout_is_still_a_timeout(self):
        self.fake(None)
        try:
            status, out, err = run_client(
                [self.path, 'GET', '/', '--timeout', '0.0004'], timeout=2)
        except subprocess.TimeoutExpired:
            self.fail('--timeout 0.0004 did not time out: no timeout at all')
        self.assertEqual(status, 1, (out, err))
        self.assertIn('timeout', err)


# --- degu-client arguments -------------------------------------------------

class ClientUsageTest(CliTest):
    """Bad arguments: exit 2 before connecting (nothing listens on the
    address, so a connection attempt would exit 1 instead)."""

    def setUp(self):
        self.tmp = self.make_tmp()
        self.addr = os.path.join(self.tmp, 'nobody.sock')

    def test_no_arguments(self):
        self.assertClientUsage([], 'address is required')

    def test_missing_method(self):
        self.assertClientUsage([self.addr], 'method is required')

    def test_missing_uri(self):
        self.assertClientUsage([self.addr, 'GET'], 'uri is required')

    def test_extra_argument(self):
        self.assertClientUsage([self.addr, 'GET', '/', 'more'], 'more')

    def test_unknown_option(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--verbose'],
                               '--verbose')

    def test_range_with_post(self):
        self.assertClientUsage([self.addr, 'POST', '/', '--range', '0-4'],
                               '--range')

    def test_range_with_data(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '0-4',
                                '--data', 'x'], '--range')

    def test_range_single_number(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '5'],
                               "--range: '5' is not FIRST-LAST")

    def test_range_without_last(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '5-'],
                               "'5-'")

    def test_range_without_first(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '-5'],
                               "'-5'")

    def test_range_not_numbers(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', 'a-b'],
                               "'a-b'")

    # --range is exactly FIRST-LAST in decimal digits, checked before
    # connecting (exit 2).
    def test_range_two_dashes(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '1-2-3'],
                               "'1-2-3'")

    def test_range_trailing_dash(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '1-2-'],
                               "'1-2-'")

    # No sign is accepted (no wrap-around to a huge number).
    def test_range_negative_last(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '1--3'],
                               "'1--3'")

    def test_range_beyond_64_bits(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range',
                                '0-18446744073709551616'], '--range')

    # CLI-RANGE-1's bounds are checked before connecting (exit 2).
    def test_range_last_before_first(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range', '5-4'],
                               '--range')

    def test_range_past_the_limit(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--range',
                                '0-9999999999999999'], '--range')

    def test_data_and_chunked(self):
        self.assertClientUsage([self.addr, 'PUT', '/', '--data', 'a',
                                '--chunked', 'b'], '--data', '--chunked')

    def test_data_missing_file(self):
        missing = os.path.join(self.tmp, 'missing')
        self.assertClientUsage([self.addr, 'PUT', '/',
                                '--data', '@' + missing],
                               "cannot read '%s'" % missing)

    def test_chunked_missing_file(self):
        missing = os.path.join(self.tmp, 'missing')
        self.assertClientUsage([self.addr, 'PUT', '/',
                                '--chunked', '@' + missing],
                               "cannot read '%s'" % missing)

    def test_data_at_alone(self):
        self.assertClientUsage([self.addr, 'PUT', '/', '--data', '@'],
                               "cannot read ''")

    # @FILE must be a readable regular file: a directory is refused before
    # connecting (exit 2).
    def test_data_directory(self):
        self.assertClientUsage([self.addr, 'PUT', '/',
                                '--data', '@' + self.tmp],
                               "cannot read '%s'" % self.tmp)

    def test_chunked_directory(self):
        self.assertClientUsage([self.addr, 'PUT', '/',
                                '--chunked', '@' + self.tmp],
                               "cannot read '%s'" % self.tmp)

    def test_header_without_colon(self):
        self.assertClientUsage([self.addr, 'GET', '/', '-H', 'x-foo bar'],
                               "-H: 'x-foo bar' is not 'name: value'")

    def test_header_without_name(self):
        self.assertClientUsage([self.addr, 'GET', '/', '-H', ': bar'], '-H')

    def test_bad_address(self):
        self.assertClientUsage(['nowhere', 'GET', '/'], 'address')

    def test_relative_unix_path(self):
        self.assertClientUsage(['sub/s.sock', 'GET', '/'],
                               'not absolute (ADDR-UNIX-1)')

    def test_unnormalised_unix_path(self):
        self.assertClientUsage(['/tmp/./s.sock', 'GET', '/'],
                               'not normalised (ADDR-UNIX-1)')

    def test_bad_port(self):
        self.assertClientUsage(['127.0.0.1:99999', 'GET', '/'], 'bad port')

    def test_bad_host(self):
        self.assertClientUsage(['bad_host!:80', 'GET', '/'],
                               'neither an IPv4 literal nor a DNS name')

    def test_ipv6_without_port(self):
        self.assertClientUsage(['[::1]', 'GET', '/'], 'address')

    def test_repeat_zero(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--repeat', 0],
                               '--repeat')

    def test_repeat_not_a_number(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--repeat', 'x'],
                               '--repeat')

    def test_timeout_negative(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--timeout', -1],
                               '--timeout')

    def test_timeout_too_large(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--timeout', 86401],
                               '--timeout')

    def test_deadline_zero(self):  # Off is the default, not a value.
        self.assertClientUsage([self.addr, 'GET', '/', '--deadline', 0],
                               '--deadline must be more than 0')

    def test_deadline_negative(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--deadline', -1],
                               '--deadline must be more than 0')

    def test_deadline_too_large(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--deadline', 86401],
                               '--deadline must be more than 0 and at most 86400')

    def test_deadline_not_finite(self):
        for value in ('nan', 'inf'):
            with self.subTest(value=value):
                self.assertClientUsage([self.addr, 'GET', '/', '--deadline',
                                        value], '--deadline must be more than 0')

    def test_deadline_not_a_number(self):
        for value in ('x', '1s', ''):
            with self.subTest(value=value):
                self.assertClientUsage([self.addr, 'GET', '/', '--deadline',
                                        value], '--deadline')

    def test_deadline_without_value(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--deadline'],
                               '--deadline')

    def test_host_and_no_host(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--host', 'h',
                                '--no-host'], '--host', '--no-host')

    def test_tls_config_missing_file(self):
        missing = os.path.join(self.tmp, 'missing.json')
        self.assertClientUsage([self.addr, 'GET', '/',
                                '--tls-config', missing],
                               '--tls-config %s: cannot read' % missing)

    def test_tls_config_not_json(self):
        path = os.path.join(self.tmp, 'tls.json')
        with open(path, 'w') as f:
            f.write('not json')
        self.assertClientUsage([self.addr, 'GET', '/', '--tls-config', path],
                               '--tls-config %s: ' % path, '(TLS-CONFIG-1)')

    def test_tls_config_unknown_key(self):
        path = os.path.join(self.tmp, 'tls.json')
        with open(path, 'w') as f:
            f.write('{"bogus": 1}')
        self.assertClientUsage([self.addr, 'GET', '/', '--tls-config', path],
                               '(TLS-CONFIG-1)', '"bogus"')

    def test_ssl_host_without_tls_config(self):
        self.assertClientUsage([self.addr, 'GET', '/', '--ssl-host', 'h'],
                               '--ssl-host needs --tls-config')

    def test_help(self):
        status, out, _ = run_client(['--help'])
        self.assertEqual(status, 0)
        for option in ('--header', '--data', '--chunked', '--range',
                       '--repeat', '--timeout', '--deadline', '--host',
                       '--no-host',
                       '--authorization', '--json', '--tls-config',
                       '--ssl-host'):
            self.assertIn(option, out)


def main(argv):
    global DEGU_CLIENT, DEGU_SERVER, DEGU_PKI
    if len(argv) < 3 or argv[1].startswith('-') or argv[2].startswith('-'):
        print('usage: test_degu_client.py DEGU_CLIENT DEGU_SERVER [DEGU_PKI] '
              '[unittest options]', file=sys.stderr)
        return 2
    DEGU_CLIENT = os.path.abspath(argv[1])
    DEGU_SERVER = os.path.abspath(argv[2])
    rest = argv[3:]
    if rest and not rest[0].startswith('-'):
        DEGU_PKI = os.path.abspath(rest.pop(0))
    for path in (DEGU_CLIENT, DEGU_SERVER, DEGU_PKI):
        if path is not None and not os.access(path, os.X_OK):
            print('test_degu_client.py: %s is not executable' % path,
                  file=sys.stderr)
            return 2
    program = unittest.main(argv=[argv[0]] + rest, exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
