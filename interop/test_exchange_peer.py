"""test_exchange_peer.py: the parts the recorder uses to drive the
original in-process (tools/original_exchange.py), without the original
Degu (docs/VECTORS.md, "Exchange vectors" and "Client exchange vectors";
docs/REFLECT.md).

- tools/reflect_app.py gives the answers docs/REFLECT.md shows, and its
  answer to the probe is the one run_peer waits for;
- run_peer's endings against scripted servers over a socketpair: "open"
  only when the probe is answered, "closed" on end of input or a reset
  (with the bytes before it kept), "hung" only when nothing happens, and
  "eof" shuts the peer's sending side;
- run_harness answers each request only once it is complete (length and
  chunked bodies), shuts its side after the last reply with "close", and
  returns everything the client sent;
- the exchange files ask only for the server options a server under test
  is started with (degu-conform's {max_requests} and {timeout}).

Servers and client adapters under test are run by degu-conform
(conformance/conform/), which has its own tests.
"""
import json
import pathlib
import re
import socket
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))

import original_exchange  # noqa: E402
import reflect_app  # noqa: E402
import vectors  # noqa: E402


###############################################################################
# The reflect application, with stand-ins for the RGI objects.

class Body:
    def __init__(self, data=None, chunks=None):
        self.chunked = chunks is not None
        self.data, self.chunks = data, list(chunks or [])
        self.consumed = False

    def read(self):
        self.consumed = True
        return self.data

    def readchunk(self):
        chunk = self.chunks.pop(0)
        self.consumed = not chunk[1]
        return chunk


class Request:
    def __init__(self, method, uri, headers=None, body=None):
        self.method, self.uri, self.headers, self.body = (
            method, uri, headers or {}, body)
        path, _, query = uri.partition('?')
        self.query = query if '?' in uri else None
        self.path = [] if path == '/' else path[1:].split('/')
        self.mount = []


class Range:
    def __str__(self):
        return 'bytes=0-9'


class API:
    @staticmethod
    def ChunkedBodyIter(source):
        return ('chunked', list(source))


def render(response):
    """The bytes a conforming server sends for a response without a
    streamed body (OUT-RSP-1, OUT-ORDER-1, OUT-FRAME-1)."""
    status, reason, headers, body = response
    headers = dict(headers)
    if isinstance(body, bytes):
        headers['content-length'] = len(body)
    out = b'HTTP/1.1 %03d %s' % (status, reason.encode())
    for name in sorted(headers):
        out += b'\r\n%s: %s' % (name.encode(), str(headers[name]).encode())
    return out + b'\r\n\r\n' + (body if isinstance(body, bytes) else b'')


def reflect_md_blocks():
    """The wire-byte code blocks of docs/REFLECT.md (fenced without a
    language; a ```json block is left out), in order, with \\r\\n as CRLF."""
    text = (ROOT / 'docs' / 'REFLECT.md').read_text()
    return [b.replace('\\r\\n', '\r\n').encode()
            for (language, b) in re.findall(r'```(\w*)\n(.*?)\n```', text, re.S)
            if not language]


def test_the_documented_reflection():
    request = Request('PUT', '/a/b?x=1', {'content-length': 3},
                      Body(b'abc'))
    status, reason, headers, body = reflect_app.app(None, request, API)
    assert (status, reason, headers) == (
        200, 'OK', {'content-type': 'application/json'})
    assert body == reflect_md_blocks()[0]
    assert request.body.consumed


def test_a_chunked_body_is_bounded_like_the_reference():
    """docs/REFLECT.md: 16 MiB of data and 16 MiB of framing (64 bytes a
    chunk plus its extension) at most; past either, the application fails."""
    def app_with(chunks):
        return reflect_app.app(None, Request('POST', '/', {}, Body(chunks=chunks)), API)

    assert app_with([(None, b'x')] * 262143 + [(None, b'')])[0] == 200
    with pytest.raises(ValueError):
        app_with([(None, b'x')] * 262144 + [(None, b'')])
    mib = b'x' * (1 << 20)
    assert app_with([(None, mib)] * 16 + [(None, b'')])[0] == 200
    with pytest.raises(ValueError):
        app_with([(None, mib)] * 16 + [(None, b'x'), (None, b'')])
    with pytest.raises(ValueError):  # Extensions count.
        app_with([(('k', 'v' * 4096), b'x')] * 4096 + [(None, b'')])


def test_the_documented_answers_and_the_probe():
    blocks = reflect_md_blocks()
    probe = render(reflect_app.app(None, Request('GET', '/_probe'), API))
    assert probe == blocks[1] == original_exchange.PROBE_RESPONSE
    assert render(reflect_app.app(None, Request('GET', '/x'), API)) == \
        blocks[2]
    status, reason, headers, body = reflect_app.app(
        None, Request('GET', '/_chunked'), API)
    kind, chunks = body
    data = chunks[0][1]
    wire = render((status, reason, dict(headers,
                                        **{'transfer-encoding': 'chunked'}),
                   None)) + b'%x\r\n%s\r\n0\r\n\r\n' % (len(data), data)
    assert chunks[1] == (None, b'') and wire == blocks[3]


def render_request(description):
    data = json.dumps(description).encode() if isinstance(description, dict) \
        else description
    return Request('POST', '/_render', {'content-length': len(data)}, Body(data))


def test_the_render_route_hands_the_description_over():
    status, reason, headers, body = reflect_app.app(None, render_request(
        {'status': 600, 'reason': 'O\x00K', 'headers': [['X', 'a\r\nb'], ['a', '2']],
         'body': {'hex': '6869'}}), API)
    assert (status, reason, list(headers.items()), body) == \
        (600, 'O\x00K', [('X', 'a\r\nb'), ('a', '2')], b'hi')
    *_, body = reflect_app.app(None, render_request(
        {'status': 200, 'reason': 'OK', 'headers': [],
         'body': {'chunks': [[['k', 'v'], '6869'], [None, '']]}}), API)
    assert body == ('chunked', [(('k', 'v'), b'hi'), (None, b'')])


@pytest.mark.parametrize('description', [
    b'', b'{', b'[]', {'reason': 'OK', 'headers': [], 'body': None},
    {'status': True, 'reason': 'OK', 'headers': [], 'body': None},
    {'status': 200, 'reason': 'OK', 'headers': [['x']], 'body': None},
    {'status': 200, 'reason': 'OK', 'headers': []},
    {'status': 200, 'reason': 'OK', 'headers': [], 'body': {'hex': '6 9'}},
    {'status': 200, 'reason': 'OK', 'headers': [], 'body': {'chunks': [['k', '']]}}])
def test_the_render_route_fails_on_a_bad_description(description):
    with pytest.raises(reflect_app.ReflectError):
        reflect_app.app(None, render_request(description), API)


def test_head_gets_the_length_and_no_body():
    get = reflect_app.app(None, Request('GET', '/x'), API)
    head = reflect_app.app(None, Request('HEAD', '/x'), API)
    assert head[3] is None
    assert head[2]['content-length'] == len(
        reflect_app.reflection(Request('HEAD', '/x'), None))
    assert len(get[3]) == head[2]['content-length'] - 1  # GET vs HEAD


def test_bodies_and_headers_are_reflected():
    chunks = [(('a', 'b'), b'hi'), (None, b'')]
    request = Request('POST', '/c', {'transfer-encoding': 'chunked',
                                     'range': Range(), 'content-length': 7},
                      Body(chunks=chunks))
    reflected = json.loads(reflect_app.app(None, request, API)[3])
    assert reflected['body'] == {'kind': 'chunked', 'chunks': [
        {'ext': ['a', 'b'], 'hex': '6869'}, {'ext': None, 'hex': ''}]}
    assert reflected['headers'] == {'transfer-encoding': 'chunked',
                                    'range': 'bytes=0-9',
                                    'content-length': '7'}


def test_control_routes():
    unread = Request('PUT', '/_unread', {'content-length': 1}, Body(b'x'))
    assert reflect_app.app(None, unread, API) == (200, 'OK', {}, None)
    assert not unread.body.consumed
    read = Request('PUT', '/_status/404', {'content-length': 1}, Body(b'x'))
    assert reflect_app.app(None, read, API) == (404, 'Reflected', {}, None)
    assert read.body.consumed
    assert reflect_app.app(None, Request('GET', '/_status/600'), API)[0] == 600
    for bad in ('/_status', '/_status/abc', '/_status/1000', '/_header',
                '/_header?x', '/_header?x=%zz'):
        with pytest.raises(reflect_app.ReflectError):
            reflect_app.app(None, Request('GET', bad), API)
    assert reflect_app.app(None, Request('GET', '/_header?x=a%0D%0Ab'),
                           API) == (200, 'OK', {'x': 'a\r\nb'}, None)
    head_body = reflect_app.app(None, Request('HEAD', '/_body'), API)
    assert isinstance(head_body[3], bytes)


###############################################################################
# run_peer against scripted servers.

def scripted(script, timeout=2.0, send=b'GET / HTTP/1.1\r\n\r\n',
             response_len=5, eof=False):
    """run_peer's result against script(server_socket, received) running in
    a thread on the other end of a socketpair."""
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    seen = {}

    def serve():
        try:
            script(server, seen)
        finally:
            server.close()
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        return original_exchange.run_peer(client, send, eof, response_len,
                                          timeout), \
            seen
    finally:
        client.close()
        thread.join(5)


def read_until(sock, end):
    data = b''
    while not data.endswith(end):
        more = sock.recv(4096)
        if not more:
            break
        data += more
    return data


def test_open_only_when_the_probe_is_answered():
    def script(sock, seen):
        read_until(sock, b'\r\n\r\n')
        sock.sendall(b'hello')
        seen['probe'] = read_until(sock, b'\r\n\r\n')
        sock.sendall(original_exchange.PROBE_RESPONSE)
        seen['after'] = sock.recv(10)
    result, seen = scripted(script)
    assert result == {'response_hex': b'hello'.hex(), 'ending': 'open'}
    assert seen == {'probe': original_exchange.PROBE, 'after': b''}


def test_closed_after_the_response():
    def script(sock, seen):
        read_until(sock, b'\r\n\r\n')
        sock.sendall(b'hello')
    result, _ = scripted(script)
    assert result == {'response_hex': b'hello'.hex(), 'ending': 'closed'}


def test_a_reset_loses_nothing_already_sent():
    def script(sock, seen):
        sock.recv(4)  # Leaves unread input behind: the peer sees a reset.
        sock.sendall(b'hel')
    result, _ = scripted(script, send=b'GET / HTTP/1.1\r\n\r\n' * 100)
    assert result == {'response_hex': b'hel'.hex(), 'ending': 'closed'}


def test_extra_bytes_and_a_wrong_keep_alive_show():
    def script(sock, seen):
        read_until(sock, b'\r\n\r\n')
        sock.sendall(b'hello, more')
        read_until(sock, b'\r\n\r\n')
        sock.sendall(original_exchange.PROBE_RESPONSE)
        sock.recv(10)
    result, _ = scripted(script)
    assert result == {'response_hex': b'hello, more'.hex(), 'ending': 'open'}


def test_hung_only_when_nothing_happens():
    def script(sock, seen):
        read_until(sock, b'\r\n\r\n')
        sock.sendall(b'he')
        sock.recv(10)  # Returns when the peer gives up and closes.
    result, _ = scripted(script, timeout=0.5)
    assert result == {'response_hex': b'he'.hex(), 'ending': 'hung'}


def test_eof_shuts_the_sending_side_and_sends_no_probe():
    def script(sock, seen):
        seen['input'] = read_until(sock, b'never')
        sock.sendall(b'bye')
    result, seen = scripted(script, send=b'abc', response_len=0, eof=True)
    assert result == {'response_hex': b'bye'.hex(), 'ending': 'closed'}
    assert seen['input'] == b'abc'


###############################################################################
# run_harness against scripted clients.

def harness(client_script, replies, close=False, timeout=2.0):
    """run_harness's result serving replies to client_script(sock, seen)
    running in a thread on the other end of a socketpair."""
    client, server = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    seen = {}

    def play():
        try:
            client_script(client, seen)
        finally:
            client.close()
    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    try:
        return original_exchange.run_harness(server, replies, close,
                                             timeout), seen
    finally:
        server.close()
        thread.join(5)


def test_request_end_frames_bodies():
    end = original_exchange.request_end
    assert end(b'GET / HTTP/1.1\r\n\r\nGET') == 18
    assert end(b'GET / HTTP/1.1\r\n') is None
    assert end(b'PUT / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab') is None
    assert end(b'PUT / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcd') == 40
    chunked = b'POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n'
    assert end(chunked + b'2;k=v\r\nhi\r\n') is None
    assert end(chunked + b'2;k=v\r\nhi\r\n0\r\n\r\nX') == \
        len(chunked) + 16


def test_a_reply_waits_for_its_whole_request():
    first = b'PUT / HTTP/1.1\r\ncontent-length: 4\r\n\r\n'

    def script(sock, seen):
        sock.sendall(first + b'ab')
        sock.settimeout(0.3)
        try:
            seen['early'] = sock.recv(100)
        except socket.timeout:
            seen['early'] = None
        sock.settimeout(2)
        sock.sendall(b'cd')
        seen['reply'] = sock.recv(100)
        sock.sendall(b'GET / HTTP/1.1\r\n\r\n')
        seen['end'] = sock.recv(100)
    result, seen = harness(script, [b'R1', b'R2'], close=True)
    assert seen == {'early': None, 'reply': b'R1', 'end': b'R2'}
    assert result == {'sent_hex': (first + b'abcdGET / HTTP/1.1\r\n\r\n')
                      .hex(), 'ending': 'eof'}


def test_close_with_no_reply_shuts_at_once():
    def script(sock, seen):
        seen['first'] = sock.recv(100)
    result, seen = harness(script, [], close=True)
    assert seen == {'first': b''}
    assert result == {'sent_hex': '', 'ending': 'eof'}


def test_harness_hung_when_the_client_never_closes():
    def script(sock, seen):
        sock.sendall(b'GET / HTTP/1.1\r\n\r\n')
        seen['reply'] = sock.recv(100)
        sock.recv(100)  # Returns when the harness gives up.
    result, seen = harness(script, [b'R'], timeout=0.5)
    assert seen['reply'] == b'R' and result['ending'] == 'hung'


###############################################################################
# The vector files.

def test_the_exchange_files_need_only_the_known_server_options():
    """Every option set is one degu-conform can start a server with."""
    sets = [v.get('options', {}) for v in vectors.load_kind([], 'exchange')]
    assert sets and all(set(s) <= {'max_requests', 'timeout'} for s in sets)
