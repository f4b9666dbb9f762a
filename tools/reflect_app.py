"""reflect_app.py: the reflect application of docs/REFLECT.md for servers
that speak the RGI of the original Python Degu: app(session, request, api)
returning (status, reason, headers, body).

Nothing is imported from Degu here: the body classes come in through the
`api` argument of each call, so the application runs under any
Degu-compatible server (the original's C extension or pure-Python backend,
or another implementation of the same interface).

  import reflect_app
  server = degu.server.Server(address, reflect_app.app)
"""

import json

CONTENT_TYPE = 'application/json'
PROBE_URI = '/_probe'

# What a chunked body may cost the application (docs/REFLECT.md, "Reading
# the request body"): 16 MiB of data, and 16 MiB of framing, each chunk
# charged 64 bytes plus its extension's key and value.
MAX_BODY_DATA = 16 * 1024 * 1024
MAX_CHUNK_FRAMING = 16 * 1024 * 1024
CHUNK_FRAMING_CHARGE = 64


class ReflectError(Exception):
    """A control route was used wrongly: the application fails, and the
    server must close the connection without a response (SRV-ERROR-1)."""


def canonical_json(obj):
    """Keys sorted, separators "," and ":", ASCII only, no newline."""
    return json.dumps(obj, sort_keys=True, separators=(',', ':'),
                      ensure_ascii=True).encode('ascii')


def wire_text(value):
    """A header value as the text it had on the wire.  The RGI gives
    content-length as an integer and range as an object whose str() is its
    wire form; every other value is already text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return '%d' % value
    return str(value)


def read_body(body):
    """Reads a request body completely; its reflection."""
    if body is None:
        return None
    if not body.chunked:
        return {'kind': 'length', 'hex': body.read().hex()}
    chunks = []
    (data_total, framing_total) = (0, 0)
    while True:
        (ext, data) = body.readchunk()
        data_total += len(data)
        framing_total += CHUNK_FRAMING_CHARGE + (0 if ext is None else len(ext[0]) + len(ext[1]))
        if data_total > MAX_BODY_DATA or framing_total > MAX_CHUNK_FRAMING:
            raise ValueError('the chunked body costs more than the reflect application keeps')
        chunks.append({'ext': None if ext is None else [ext[0], ext[1]],
                       'hex': data.hex()})
        if not data:
            return {'kind': 'chunked', 'chunks': chunks}


def reflection(request, body):
    return canonical_json({
        'body': body,
        'headers': {name: wire_text(value)
                    for (name, value) in request.headers.items()},
        'method': request.method,
        'mount': list(request.mount),
        'path': list(request.path),
        'query': request.query,
        'uri': request.uri,
    })


def percent_decode(text):
    """%HH becomes the byte HH; every other character stands for itself.
    The result is text with one character per byte."""
    out = bytearray()
    i = 0
    while i < len(text):
        if text[i] == '%':
            digits = text[i + 1:i + 3]
            if len(digits) != 2 or any(c not in '0123456789abcdefABCDEF'
                                       for c in digits):
                raise ReflectError('bad percent escape in %r' % text)
            out.append(int(digits, 16))
            i += 3
        else:
            out.extend(text[i].encode('latin-1'))
            i += 1
    return out.decode('latin-1')


HEX_DIGITS = frozenset('0123456789abcdefABCDEF')


def member(obj, name, kind):
    """obj[name], which must be of type kind (bool is no int here)."""
    if not isinstance(obj, dict) or name not in obj:
        raise ReflectError('/_render needs a member %r' % name)
    value = obj[name]
    if not isinstance(value, kind) or (kind is int and
                                       isinstance(value, bool)):
        raise ReflectError('/_render: %r must be of type %s'
                           % (name, kind.__name__))
    return value


def pair(value, what):
    """A two-element JSON array of strings, as a tuple."""
    if not (isinstance(value, list) and len(value) == 2 and
            all(isinstance(v, str) for v in value)):
        raise ReflectError('/_render: %s is [string, string]' % what)
    return (value[0], value[1])


def hex_data(text):
    """The bytes an even number of hexadecimal digits (either case) stand
    for; bytes.fromhex alone would also take spaces."""
    if not (isinstance(text, str) and len(text) % 2 == 0 and
            HEX_DIGITS.issuperset(text)):
        raise ReflectError('/_render: bad hexadecimal data %r' % (text,))
    return bytes.fromhex(text)


def body_of(description, api):
    """The body the original's interface takes for a body description:
    None, {"hex": H} or {"chunks": [[EXT, H], ...]} (docs/REFLECT.md, "The
    render route"; a client exchange action's `body` has the same shape)."""
    if description is None:
        return None
    if isinstance(description, dict) and 'hex' in description:
        return hex_data(description['hex'])
    chunks = []
    for chunk in member(description, 'chunks', list):
        if not (isinstance(chunk, list) and len(chunk) == 2):
            raise ReflectError('/_render: a chunk is [EXT, HEX]')
        ext = None if chunk[0] is None else pair(chunk[0], 'an extension')
        chunks.append((ext, hex_data(chunk[1])))
    return api.ChunkedBodyIter(chunks)


def render_route(body, api):
    """/_render: the response the request body describes (docs/REFLECT.md,
    "The render route"), handed over unchecked: refusing a bad one is the
    server's job (SRV-RESPONSE-1)."""
    if body is None or body['kind'] != 'length':
        raise ReflectError('/_render needs a body of known length')
    try:
        d = json.loads(bytes.fromhex(body['hex']).decode('utf-8'))
    except ValueError as e:  # Not UTF-8 or not JSON.
        raise ReflectError('/_render: the body is no JSON: %s' % e)
    status = member(d, 'status', int)
    reason = member(d, 'reason', str)
    headers = {}
    for (name, value) in (pair(p, 'a header')
                          for p in member(d, 'headers', list)):
        if name in headers:  # A dict cannot carry both.
            raise ReflectError('/_render: header %r given twice' % name)
        headers[name] = value
    if 'body' not in d:
        raise ReflectError("/_render needs a member 'body'")
    return (status, reason, headers, body_of(d['body'], api))


def app(session, request, api):
    route = request.path[0] if request.path else None
    head = request.method == 'HEAD'
    if route == '_unread':
        return (200, 'OK', {}, None)
    body = read_body(request.body)
    if route == '_status':
        digits = request.path[1] if len(request.path) > 1 else ''
        if not (1 <= len(digits) <= 3 and
                all(c in '0123456789' for c in digits)):
            raise ReflectError('/_status needs 1 to 3 decimal digits')
        return (int(digits), 'Reflected', {}, None)
    if route == '_header':
        query = request.query
        if query is None or '=' not in query:
            raise ReflectError('/_header needs a query NAME=VALUE')
        (name, value) = query.split('=', 1)
        return (200, 'OK', {percent_decode(name): percent_decode(value)},
                None)
    if route == '_render':
        return render_route(body, api)
    data = reflection(request, body)
    if route == '_chunked':
        if head:
            return (200, 'OK', {'content-type': CONTENT_TYPE,
                                'transfer-encoding': 'chunked'}, None)
        return (200, 'OK', {'content-type': CONTENT_TYPE},
                api.ChunkedBodyIter([(None, data), (None, b'')]))
    if head and route != '_body':
        return (200, 'OK', {'content-type': CONTENT_TYPE,
                            'content-length': len(data)}, None)
    return (200, 'OK', {'content-type': CONTENT_TYPE}, data)
