#!/usr/bin/env python3
"""original_worker.py: runs inputs through the original Python Degu in worker
processes that survive its crashes.  Shared by tools/compare_original.py and
tools/record_original.py.

The original is found only through the environment variable DEGU_PYTHONPATH
(a directory where `import degu` works); nothing of it is copied here.  Each
backend -- the C extension `degu._base` ("c") or the pure-Python
`degu._basepy` ("py") -- runs in its own long-lived worker process: this
file run as `original_worker.py BACKEND`.  The C extension aborts the
interpreter on some inputs (SPEC.md E-9); a worker that dies or hangs is
restarted and the input it died on is reported as a crash.

Protocol: the worker's first line is a greeting, {"ready": true, "module",
"file", "degu", "python", "openssl"} or {"ready": false, "error"}; then it
answers one JSON line per request line.  A request is

  {"kind": KIND, "hex": INPUT, "method": M | null, "wire": bool,
   "message": {...}, "variant": null | "content-length-as-int"}

with KIND one of

  request         parse_request(preamble, rfile)
  response        parse_response(method, preamble, rfile)
  chunk-line      parse_chunk(line)
  content-length  parse_content_length(value)
  range           parse_range(value)
  content-range   parse_content_range(value)
  header-name     parse_header_name(name)
  chunked-body    readchunk(rfile) until the chunk of empty data
  render-request  the original's request writer (see _render_message)
  render-response the original's response writer
  render-chunk-line  format_chunk((extension, data))
  exchange        an exchange vector against the backend's server loop
                  (tools/original_exchange.py run_server; the request is
                  original_exchange.server_request's)
  client-exchange a client exchange vector: the backend's Connection
                  against a scripted server (original_exchange.run_client;
                  the request is original_exchange.client_request's)

and the answer is a verdict in the shape of degu-parse's JSON (render kinds:
{"ok": true, "output_hex"}; exchange: {"response_hex", "ending", "server"};
client-exchange: {"sent_hex", "outcomes", "ending", "errors"}),
or a rejection {"ok": false, "exception", "message"}.  With "wire" (request,
response, chunk-line) the input is bytes as a reader receives them: the
element is cut at its terminator first, as a reader would (CRLFCRLF within
32768 bytes, CRLF within 4096 bytes), and an accepting verdict adds
"consumed".
"""

import collections
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time

import original_exchange

BACKENDS = ('c', 'py')
BACKEND_NAMES = {'c': 'C extension (degu._base)',
                 'py': 'Python backend (degu._basepy)'}

PREAMBLE_LIMIT = 32768    # PRE-SIZE-1: terminator ends within these bytes.
CHUNK_LINE_LIMIT = 4096   # CHUNK-LINE-1: CRLF ends within these bytes.
MAX_IO_SIZE = 16777216    # The original's largest single read or chunk.


class SetupError(Exception):
    """The original cannot be run (the tools exit 2)."""


###############################################################################
# Inside the worker: the original's verdicts in degu-parse's shape (header
# values through original_exchange.header_value_json, shared with the
# outcomes of client exchanges).

def _framing_json(body):
    if body is None:
        return {'kind': 'none'}
    kind = type(body).__name__
    if kind == 'Body':
        return {'kind': 'length', 'length': body.content_length}
    if kind == 'ChunkedBody':
        return {'kind': 'chunked'}
    return {'kind': 'unexpected', 'repr': repr(body)}


class ReaderRejection(ValueError):
    """The element was not found in wire input, as a reader would not find
    it (no terminator within the limit, or an empty preamble)."""


def _cut(data, terminator, limit, empty_allowed):
    """(element, consumed) of wire input: the bytes before the first
    terminator that ends within limit bytes."""
    index = data.find(terminator, 0, limit)
    if index < 0:
        raise ReaderRejection('%r not found within %d bytes'
                              % (terminator, limit))
    if index == 0 and not empty_allowed:
        raise ReaderRejection('empty preamble')
    return data[:index], index + len(terminator)


class _MemorySocket:
    """A socket that keeps what is sent and has nothing to receive."""

    def __init__(self):
        self.sent = bytearray()

    def recv_into(self, buf):
        return 0

    def send(self, data):
        self.sent += bytes(data)
        return len(data)

    def shutdown(self, how):
        pass

    def close(self):
        pass


def _render_message(module, kind, message, variant):
    """The bytes the original's writer puts on the wire for the preamble of
    message (render kinds of docs/VECTORS.md).

    The header pairs become the dict the original takes (a message with a
    repeated name cannot be expressed: {"ok": false, "inexpressible": true}).
    The framing header follows from the body the way the original's writers
    do it: set_output_headers() with a bytes body of the given length (a
    BodyIter above 16 MiB, which frames the same), a ChunkedBodyIter, or
    None.  Then SocketWrapper.write_request() / write_response() -- the
    original's writer, which checks the method before rendering -- write the
    preamble, with no body, to an in-memory socket.  Variant
    "content-length-as-int" passes a given content-length as an int (used to
    check SPEC.md E-3)."""
    names = [name for (name, _) in message['headers']]
    if len(set(names)) != len(names):
        return {'ok': False, 'inexpressible': True,
                'message': 'repeated header names cannot be expressed in '
                'the dict the original takes'}
    headers = dict((name, value) for (name, value) in message['headers'])
    if variant == 'content-length-as-int' and 'content-length' in headers:
        headers['content-length'] = int(headers['content-length'])
    body = message['body']
    if body['kind'] == 'length':
        n = body['length']
        body = bytes(n) if n <= MAX_IO_SIZE else module.BodyIter([], n)
    elif body['kind'] == 'chunked':
        body = module.ChunkedBodyIter([(None, b'')])
    else:
        body = None
    module.set_output_headers(headers, body)
    sock = _MemorySocket()
    writer = module.SocketWrapper(sock)
    if kind == 'render-request':
        writer.write_request(message['method'], message['uri'], headers, None)
    else:
        writer.write_response(message['status'], message['reason'], headers,
                              None)
    return {'ok': True, 'output_hex': bytes(sock.sent).hex()}


def _format_chunk_line(module, message):
    """format_chunk() of a chunk of message['size'] bytes.  Sizes above
    MAX_IO_SIZE + 1 are given as MAX_IO_SIZE + 1 bytes: the original refuses
    every size above MAX_IO_SIZE alike, by length."""
    ext = message['extension']
    if ext is not None:
        ext = (ext['key'], ext['value'])
    data = bytes(min(message['size'], MAX_IO_SIZE + 1))
    line = module.format_chunk((ext, data))
    return {'ok': True, 'output_hex': line.hex()}


def _read_chunked_body(module, data):
    """Chunk by chunk with the original's readchunk() over an in-memory
    file, up to the chunk of empty data."""
    import io
    rfile = io.BytesIO(data)
    chunks = []
    try:
        while True:
            (ext, chunk) = module.readchunk(rfile)
            chunks.append({'size': len(chunk),
                           'extension': None if ext is None else
                           {'key': ext[0], 'value': ext[1]},
                           'data_hex': chunk.hex()})
            if not chunk:
                break
    except Exception as e:  # A rejection: say after how many chunks.
        e.chunks_read = len(chunks)
        raise
    return {'ok': True, 'chunks': chunks, 'consumed': rfile.tell()}


def parse(module, kind, data, method, wire=False):
    """The original's parse of data, shaped like a degu-parse verdict."""
    import io
    consumed = None
    if wire and kind in ('request', 'response'):
        data, consumed = _cut(data, b'\r\n\r\n', PREAMBLE_LIMIT, False)
    elif wire and kind == 'chunk-line':
        data, consumed = _cut(data, b'\r\n', CHUNK_LINE_LIMIT, True)
    if kind == 'request':
        r = module.parse_request(data, io.BytesIO())
        out = {'ok': True, 'method': r.method, 'uri': r.uri,
               'path': list(r.path), 'query': r.query,
               'headers': original_exchange.headers_json(r.headers),
               'framing': _framing_json(r.body)}
    elif kind == 'response':
        r = module.parse_response(method, data, io.BytesIO())
        out = {'ok': True, 'status': r.status, 'reason': r.reason,
               'headers': original_exchange.headers_json(r.headers),
               'framing': _framing_json(r.body)}
    elif kind == 'chunk-line':
        (size, ext) = module.parse_chunk(data)
        extension = None if ext is None else {'key': ext[0], 'value': ext[1]}
        out = {'ok': True, 'size': size, 'extension': extension}
    elif kind == 'content-length':
        out = {'ok': True, 'value': module.parse_content_length(data)}
    elif kind == 'range':
        r = module.parse_range(data)
        out = dict({'ok': True}, **original_exchange.header_value_json(r))
    elif kind == 'content-range':
        r = module.parse_content_range(data)
        out = dict({'ok': True}, **original_exchange.header_value_json(r))
    elif kind == 'header-name':
        out = {'ok': True, 'name': module.parse_header_name(data)}
    elif kind == 'chunked-body':
        out = _read_chunked_body(module, data)
    else:
        raise ValueError('unknown kind %r' % kind)
    if consumed is not None:
        out['consumed'] = consumed
    return out


def answer(module, request):
    """The worker's answer to one request (a dict, see the module doc)."""
    kind = request['kind']
    try:
        if kind in ('render-request', 'render-response'):
            return _render_message(module, kind, request['message'],
                                   request.get('variant'))
        if kind == 'render-chunk-line':
            return _format_chunk_line(module, request['message'])
        if kind == 'exchange':
            return original_exchange.run_server(module, request)
        if kind == 'client-exchange':
            return original_exchange.run_client(module, request)
        return parse(module, kind, bytes.fromhex(request['hex']),
                     request.get('method'), request.get('wire', False))
    except Exception as e:  # Rejections of every type are recorded.
        result = {'ok': False, 'exception': type(e).__name__,
                  'message': str(e)}
        if hasattr(e, 'chunks_read'):
            result['chunks_read'] = e.chunks_read
        return result


def import_backend(backend):
    """The original's backend module, or raises ImportError."""
    where = os.path.realpath(os.environ['DEGU_PYTHONPATH'])
    sys.path.insert(0, where)
    import degu  # The package must import as a whole.
    found = os.path.realpath(degu.__file__)
    if not found.startswith(os.path.join(where, '')):
        raise ImportError('degu was imported from %s, not from '
                          'DEGU_PYTHONPATH' % found)
    if backend == 'c':
        from degu import _base as module
    else:
        from degu import _basepy as module
    return module


def worker_main(backend):
    """Serve the original's verdicts: the first line says whether the
    backend imported; then one line out per line in."""
    out = sys.stdout
    try:
        module = import_backend(backend)
    except Exception as e:  # Any import failure: report it, do not crash.
        out.write(json.dumps({'ready': False, 'error': '%s: %s' % (
            type(e).__name__, e)}) + '\n')
        return 0
    import degu
    import ssl
    out.write(json.dumps({'ready': True, 'module': module.__name__,
                          'file': getattr(module, '__file__', None),
                          'degu': degu.__file__,
                          'python': sys.version.split()[0],
                          'openssl': ssl.OPENSSL_VERSION}) + '\n')
    out.flush()
    for line in sys.stdin:
        out.write(json.dumps(answer(module, json.loads(line))) + '\n')
        out.flush()  # So that results before an abort are not lost.
    return 0


###############################################################################
# Outside: running the workers.

Crash = collections.namedtuple('Crash', 'index returncode stderr')


class Worker:
    """One worker process for one backend of the original."""

    def __init__(self, python, backend, degu_pythonpath):
        env = dict(os.environ, DEGU_PYTHONPATH=degu_pythonpath,
                   PYTHONFAULTHANDLER='1', PYTHONDONTWRITEBYTECODE='1')
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [python, str(pathlib.Path(__file__).resolve()), backend],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr,
            env=env)
        line = self.proc.stdout.readline()
        try:
            self.hello = json.loads(line)
        except ValueError:
            self.hello = {'ready': False, 'error': 'worker did not start: '
                          + self.stderr_text()}

    def stderr_text(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors='replace').strip()

    def feed(self, requests):
        """Writes requests (dicts) to the worker from a thread (so that
        neither side blocks on a full pipe) and closes its input at the
        end."""
        def write():
            try:
                for request in requests:
                    self.proc.stdin.write((json.dumps(request) + '\n')
                                          .encode())
                self.proc.stdin.close()
            except (BrokenPipeError, OSError):
                pass  # The worker died; the reader reports where.
        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        return thread

    def watch(self, progress, stall_seconds):
        """Kills the worker from a thread when progress() stays the same
        for stall_seconds (a hang counts as a crash on that input)."""
        def watchdog():
            last, since = progress(), time.monotonic()
            while self.proc.poll() is None:
                time.sleep(0.2)
                now = progress()
                if now != last:
                    last, since = now, time.monotonic()
                elif time.monotonic() - since > stall_seconds:
                    self.stalled = True
                    self.proc.kill()
        self.stalled = False
        thread = threading.Thread(target=watchdog, daemon=True)
        thread.start()
        return thread

    def finish(self):
        returncode = self.proc.wait()
        text = self.stderr_text()
        if getattr(self, 'stalled', False):
            text += '\n(killed: no answer within the stall timeout)'
        self.stderr.close()
        self.proc.stdout.close()
        return returncode, text


def probe_backend(python, backend, degu_pythonpath):
    """The worker's greeting for backend: {'ready': bool, ...}."""
    worker = Worker(python, backend, degu_pythonpath)
    worker.proc.stdin.close()
    worker.finish()
    return worker.hello


def run_backend(python, backend, degu_pythonpath, requests, stall_seconds):
    """The original's answers to every request (None where the worker died
    or hung) and the crashes, as Crash(index, returncode, stderr)."""
    results, crashes = [None] * len(requests), []
    position = 0
    while position < len(requests):
        worker = Worker(python, backend, degu_pythonpath)
        if not worker.hello.get('ready'):
            raise SetupError('%s worker: %s' % (backend,
                                                worker.hello['error']))
        writer = worker.feed(requests[position:])
        watchdog = worker.watch(lambda: position, stall_seconds)
        for line in worker.proc.stdout:
            results[position] = json.loads(line)
            position += 1
        writer.join()
        watchdog.join()
        returncode, text = worker.finish()
        if position < len(requests):
            crashes.append(Crash(position, returncode, text[:2000]))
            position += 1  # Skip the input it died on and start again.
        elif returncode != 0:
            raise SetupError('%s worker exited %d: %s' % (backend, returncode,
                                                          text[-2000:]))
    return results, crashes


if __name__ == '__main__':
    if len(sys.argv) != 2 or sys.argv[1] not in BACKENDS:
        sys.exit('usage: original_worker.py c|py  (normally started by '
                 'compare_original.py or record_original.py)')
    sys.exit(worker_main(sys.argv[1]))
