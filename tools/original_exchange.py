"""original_exchange.py: driving the original Degu's server and client
in-process for one exchange vector (docs/VECTORS.md, "Exchange vectors" and
"Client exchange vectors").

This is how the recorder (tools/record_original.py, through the worker
processes of tools/original_worker.py) observes the original on exchange
and client exchange vectors; tools/original_peer.py's client and
interop/original_client_adapter.py perform actions with the same code.
Servers and client adapters under test are run by the C++ runner,
`degu-conform server` and `degu-conform client`, not from here.

Server side (an `exchange` vector):

  server_request(vector)      the plain-JSON request of one run (the
                              worker's "exchange" kind)
  run_server(module, request) the backend's server loop serves one end of
                              an AF_UNIX socketpair in a thread, while
                              run_peer plays the client on the other end
  server_outcome, server_agrees
                              the run's result in the shape of `expected`,
                              and whether it is `expected`

Client side (a `client_exchange` vector):

  client_request(vector)      the plain-JSON request of one run (the
                              worker's "client-exchange" kind)
  run_client(module, request) the backend's Connection over one end of a
                              socketpair, with the original's base headers,
                              performs the actions while run_harness plays
                              the scripted server on the other end
  perform_actions(module, conn, actions)
                              the actions on a connection, and their
                              outcomes
  client_outcome, client_agrees
                              the run's result in the shape of `expected`,
                              and whether it is `expected`

`module` is a backend of the original (degu._base or degu._basepy), which
the caller has imported from DEGU_PYTHONPATH; nothing of the original is
imported when this module is.
"""

import errno
import socket
import threading
import time

import reflect_app
import vectors

DEFAULT_TIMEOUT = 10.0        # Seconds per exchange: only a safety net.
DEFAULT_MAX_REQUESTS = 1000   # SRV-MAXREQ-1
DEFAULT_SERVER_TIMEOUT = 30   # SRV-TIMEOUT-1

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
# The original's values in the JSON shape of degu-parse's verdicts (also
# the headers of a client exchange outcome).

def header_value_json(value):
    """A parsed value: Range(start, stop) is {"first", "last"} (last =
    stop - 1), ContentRange adds "total", int and str stay as they are."""
    kind = type(value).__name__
    if kind == 'Range':
        return {'first': value.start, 'last': value.stop - 1}
    if kind == 'ContentRange':
        return {'first': value.start, 'last': value.stop - 1,
                'total': value.total}
    if type(value) in (int, str):
        return value
    return {'unexpected': repr(value)}


def headers_json(headers):
    return {k: header_value_json(v) for (k, v) in headers.items()}


###############################################################################
# Server side: the peer (the client's part of an exchange).

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


###############################################################################
# Server side: the original's server loop.

def server_request(vector, timeout=DEFAULT_TIMEOUT):
    """What one run of an exchange vector needs, as plain JSON (the request
    of tools/original_worker.py's "exchange" kind)."""
    return {'kind': 'exchange', 'app': vector.get('app', 'reflect'),
            'options': vector.get('options', {}),
            'hex': vector['send_hex'], 'eof': bool(vector.get('eof')),
            'response_len': len(bytes.fromhex(
                vector['expected']['response_hex'])),
            'timeout': timeout}


def _app(name):
    if name != 'reflect':
        raise ValueError('unknown application %r' % name)
    return reflect_app.app


def run_server(module, request):
    """One exchange against the original's server loop: module is the
    backend (degu._base or degu._basepy); its _handle_requests(app,
    Session(address, credentials, max_requests), sock) serves one end of
    an AF_UNIX socketpair in a thread, as the original's server does for an
    accepted connection (the socket gets the server's timeout, and is
    closed when the loop ends), while run_peer plays the other end.
    Returns run_peer's result plus "server": how the loop ended."""
    app = _app(request.get('app', 'reflect'))
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


def server_outcome(result):
    """A run's result in the shape of an exchange's `expected` (None, a
    worker that died: {"crash": true})."""
    if result is None:
        return {'crash': True}
    data = bytes.fromhex(result['response_hex'])
    return {'response': vectors.escape(data), 'response_hex': data.hex(),
            'ending': result['ending']}


def server_agrees(expected, got):
    """The same response bytes and the same ending."""
    return not got.get('crash') and \
        got.get('response_hex') == expected['response_hex'] and \
        got.get('ending') == expected['ending']


###############################################################################
# Client side: the harness (the scripted server).

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
    """Serves one connection: reads requests; when the k-th complete
    request has arrived (preamble up to CRLFCRLF, then a body framed by
    content-length or transfer-encoding: chunked) sends the k-th reply
    piece; after the last piece, with close, shuts its sending side; reads
    on until the client closes the connection.  Returns {"sent_hex",
    "ending"}: every byte the client sent, and "eof" (the client closed)
    or "hung" (the time limit was reached)."""
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


def _start_harness(request):
    """An AF_UNIX socketpair with run_harness serving one end in a thread:
    (client end, thread, result dict that run_harness's answer fills once
    the thread has ended)."""
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
# Client side: the original's client.

def client_request(vector, timeout=DEFAULT_TIMEOUT):
    """What one run of a client exchange vector needs, as plain JSON (the
    request of tools/original_worker.py's "client-exchange" kind)."""
    return {'kind': 'client-exchange', 'client': vector['client'],
            'actions': vector['actions'],
            'replies_hex': vector['replies_hex'],
            'close': bool(vector.get('close')), 'timeout': timeout}


def base_headers(client):
    """The original's base headers for a vector's `client` member: those of
    degu.client.Client(address, host=..., authorization=...), which makes
    no connection.  The caller has made the original importable (it is
    found only through DEGU_PYTHONPATH)."""
    import degu.client
    address = client['address']
    if isinstance(address, list):
        address = tuple(address)
    options = {k: client[k] for k in ('host', 'authorization') if k in client}
    return degu.client.Client(address, **options).base_headers


def perform(module, conn, action):
    """One action: request() with the header pairs as the dict the
    original takes, or get_range() for a `range` action."""
    headers = dict((k, v) for (k, v) in action['headers'])
    if 'range' in action:
        (start, stop) = action['range']
        return conn.get_range(action['uri'], headers, start, stop)
    return conn.request(action['method'], action['uri'], headers,
                        reflect_app.body_of(action.get('body'), module))


def perform_actions(module, conn, actions):
    """Performs the actions in order on conn, reading each response body
    completely unless read_body is false; a failed action does not stop
    the others.  Returns (outcomes, errors): the outcomes of a client
    exchange (docs/VECTORS.md), and for each action None or the text of
    the exception it failed with."""
    outcomes, errors = [], []
    for action in actions:
        try:
            r = perform(module, conn, action)
            unread = r.body is None or not action.get('read_body', True)
            body = None if unread else r.body.read().hex()
            outcomes.append({'ok': True, 'status': r.status,
                             'reason': r.reason,
                             'headers': headers_json(r.headers),
                             'body_hex': body})
            errors.append(None)
        except Exception as e:  # Every failure is an outcome.
            outcomes.append({'ok': False})
            errors.append('%s: %s' % (type(e).__name__, e))
    return outcomes, errors


def run_on_socket(module, sock, request):
    """The client's part of one client exchange on sock, a connected
    socket: the backend's Connection(sock, base_headers) performs the
    request's actions and is closed.  Returns (outcomes, errors) of
    perform_actions."""
    # The client's own timeout (CLI-TIMEOUT-1, as Client(timeout=...) sets
    # it on the sockets it makes), else the driver's.
    sock.settimeout(request['client'].get('timeout',
                                          request.get('timeout', DEFAULT_TIMEOUT)))
    conn = module.Connection(sock, base_headers(request['client']))
    try:
        return perform_actions(module, conn, request['actions'])
    finally:
        conn.close()


def run_client(module, request):
    """One client exchange: module is the backend (degu._base or
    degu._basepy); run_on_socket on one end of a socketpair, run_harness
    on the other.  Returns {"sent_hex", "outcomes", "ending", "errors"}."""
    timeout = request.get('timeout', DEFAULT_TIMEOUT)
    client_sock, thread, result = _start_harness(request)
    try:
        outcomes, errors = run_on_socket(module, client_sock, request)
    finally:
        client_sock.close()
    thread.join(timeout + 5)
    return {'sent_hex': result.get('sent_hex', ''),
            'ending': result.get('ending', 'hung'),
            'outcomes': outcomes, 'errors': errors}


def client_outcome(result):
    """A run's result in the shape of a client exchange's `expected`."""
    if result is None:
        return {'crash': True}
    data = bytes.fromhex(result['sent_hex'])
    return {'sent': vectors.escape(data), 'sent_hex': data.hex(),
            'outcomes': result['outcomes']}


def client_agrees(expected, got):
    """Sent bytes equal, and every action's outcome equal (a failure is
    {"ok": false} on both sides)."""
    if got.get('crash') or got.get('sent_hex') != expected['sent_hex']:
        return False
    return got.get('outcomes') == expected['outcomes']
