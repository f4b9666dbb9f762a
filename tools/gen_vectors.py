#!/usr/bin/env python3
"""gen_vectors.py: the generated vector families (docs/VECTORS.md).

Families, each deterministic and each vector's ID derived from its content
(family, slot, byte value, size), so regenerating never renumbers anything:

  sweep-*    every one of the 256 byte values in every syntactic slot (of
             what is rendered: every ASCII value)
  limits-*   every limit at N and N+1
  combos-*   every combination of the four special headers, on requests
             of every method and on responses (to GET and to HEAD)
  dups-*     repeated headers: equal values, different values, other case

The expected outcome of each vector is worked out here from SPEC.md's
definitions (the byte classes of tools/gen_tables.py, the limits, the check
orders), never by running the reference, so the vectors test it.

Recorded observations of the original (`observed`, `provenance`) already in
a file are kept for vectors whose ID and input are unchanged.

Usage: gen_vectors.py [--check]   (--check: exit 1 naming stale files)
"""

import argparse
import sys

import vectors as vfmt

ROOT = vfmt.ROOT
OUT = ROOT / 'vectors' / 'generated'

sys.path.insert(0, str(ROOT / 'tools'))
import gen_tables  # noqa: E402  (the one definition of the byte classes)

CLASSES = {name: set(members.encode()) for (name, _, _, members)
           in gen_tables.CLASSES}
RULE_OF_ERROR = {name: rule for (name, rule, _) in gen_tables.ERRORS}

MAX_PREAMBLE = 32768
MAX_CHUNK_LINE = 4096
MAX_LENGTH = 9999999999999999
MAX_CHUNK = 0x1000000
NO_HEADERS = {}
NONE = {'kind': 'none'}


def reject(error, offset):
    return {'ok': False, 'error': error, 'rule': RULE_OF_ERROR[error],
            'offset': offset}


def request_ok(method, uri, path, query, headers=NO_HEADERS, framing=NONE):
    return {'ok': True, 'method': method, 'uri': uri, 'path': path,
            'query': query, 'headers': dict(headers), 'framing': framing}


def response_ok(status, reason, headers=NO_HEADERS, framing=NONE):
    return {'ok': True, 'status': status, 'reason': reason,
            'headers': dict(headers), 'framing': framing}


def lead_rule(rules, expected):
    """rules, starting with the rejecting rule of expected if any; every
    rejection also checks where it is reported (GEN-OFFSET-1)."""
    if expected['ok'] is False:
        rest = [r for r in rules if r != expected['rule']]
        return [expected['rule']] + rest + ['GEN-OFFSET-1']
    return rules


def vector(vid, rules, comment, data, expected, **extra):
    """A byte vector."""
    v = {'id': vid, 'rules': lead_rule(rules, expected), 'level': 'MUST',
         'comment': comment}
    v.update(extra)
    v['input'] = vfmt.escape(data)
    v['input_hex'] = data.hex()
    v['expected'] = expected
    return v


def rendered(data):
    return {'ok': True, 'output': vfmt.escape(data), 'output_hex': data.hex()}


def text(b):
    return bytes([b]).decode('latin-1')


# --- Byte sweeps -------------------------------------------------------------

REQUEST_LINE_LEN = len(b'GET / HTTP/1.1\r\n')  # Where a header line starts.


def sweep_request():
    out = []
    for b in range(256):
        c = text(b)
        # Method slot: only G makes a method (GET) of "?ET".
        data = bytes([b]) + b'ET / HTTP/1.1'
        exp = (request_ok('GET', '/', [], None) if b == ord('G')
               else reject('bad_method', 0))
        out.append(vector('gen-sweep-method-%02x' % b, ['REQ-METHOD-1'],
                          'Byte 0x%02x as the first byte of the method.' % b,
                          data, exp))
        # Path component slot: "/a?c".
        data = b'GET /a' + bytes([b]) + b'c HTTP/1.1'
        if b in CLASSES['path']:
            exp = request_ok('GET', '/a%sc' % c, ['a%sc' % c], None)
        elif b == ord('/'):
            exp = request_ok('GET', '/a/c', ['a', 'c'], None)
        elif b == ord('?'):
            exp = request_ok('GET', '/a?c', ['a'], 'c')
        elif b in CLASSES['uri']:
            exp = reject('bad_path_component_bytes', 6)
        else:
            exp = reject('bad_uri_bytes', 6)
        out.append(vector('gen-sweep-path-%02x' % b,
                          ['URI-PATH-5', 'URI-BYTES-1'],
                          'Byte 0x%02x inside a path component.' % b,
                          data, exp))
        # Query slot: "?a?c".
        data = b'GET /?a' + bytes([b]) + b'c HTTP/1.1'
        if b in CLASSES['query']:
            exp = request_ok('GET', '/?a%sc' % c, [], 'a%sc' % c)
        elif b in CLASSES['uri']:
            exp = reject('bad_query_bytes', 7)
        else:
            exp = reject('bad_uri_bytes', 7)
        out.append(vector('gen-sweep-query-%02x' % b,
                          ['URI-QUERY-1', 'URI-BYTES-1'],
                          'Byte 0x%02x inside the query.' % b, data, exp))
        # Header name slot: "a?c: v".
        data = b'GET / HTTP/1.1\r\na' + bytes([b]) + b'c: v'
        if b in CLASSES['name_in']:
            exp = request_ok('GET', '/', [], None,
                             {('a%sc' % c).lower(): 'v'})
        else:
            exp = reject('bad_header_name_bytes', REQUEST_LINE_LEN + 1)
        out.append(vector('gen-sweep-header-name-%02x' % b,
                          ['HDR-NAME-3', 'HDR-NAME-4'],
                          'Byte 0x%02x inside a header name.' % b, data, exp))
        # Header value slot: "x: a?c".
        data = b'GET / HTTP/1.1\r\nx: a' + bytes([b]) + b'c'
        if b in CLASSES['value']:
            exp = request_ok('GET', '/', [], None, {'x': 'a%sc' % c})
        else:
            exp = reject('bad_header_value_bytes', REQUEST_LINE_LEN + 4)
        out.append(vector('gen-sweep-header-value-%02x' % b, ['HDR-VALUE-2'],
                          'Byte 0x%02x inside a header value.' % b, data, exp))
    return out


def sweep_response():
    out = []
    for b in range(256):
        c = text(b)
        data = b'HTTP/1.1 200 O' + bytes([b]) + b'K'
        exp = (response_ok(200, 'O%sK' % c) if b in CLASSES['reason']
               else reject('bad_reason', 14))
        out.append(vector('gen-sweep-reason-%02x' % b, ['RSP-REASON-1'],
                          'Byte 0x%02x inside the reason phrase.' % b,
                          data, exp, method='GET'))
        data = b'HTTP/1.1 2' + bytes([b]) + b'0 OK'
        exp = (response_ok(200 + 10 * (b - 0x30), 'OK')
               if b in CLASSES['decimal'] else reject('bad_status', 9))
        out.append(vector('gen-sweep-status-%02x' % b, ['RSP-STATUS-1'],
                          'Byte 0x%02x as the middle digit of the status.' % b,
                          data, exp, method='GET'))
    return out


def chunk_line_ok(size, ext=None):
    return {'ok': True, 'size': size,
            'extension': None if ext is None else {'key': ext[0],
                                                   'value': ext[1]}}


def sweep_chunk_line():
    out = []
    for b in range(256):
        c = text(b)
        data = b'1' + bytes([b])
        if b in CLASSES['hex']:
            exp = chunk_line_ok(int('1' + c, 16))
        elif b == ord(';'):
            exp = reject('bad_chunk_extension', 2)  # Nothing after ';'.
        else:
            exp = reject('bad_chunk_size', 1)
        out.append(vector('gen-sweep-chunk-size-%02x' % b, ['CHUNK-SIZE-2'],
                          'Byte 0x%02x as the second byte of a chunk size.' % b,
                          data, exp))
        data = b'5;a' + bytes([b]) + b'c=v'
        if b in CLASSES['ext_key']:
            exp = chunk_line_ok(5, ('a%sc' % c, 'v'))
        elif b == ord('='):
            exp = reject('bad_chunk_extension_value', 5)  # Value "c=v".
        else:
            exp = reject('bad_chunk_extension_key', 3)
        out.append(vector('gen-sweep-ext-key-%02x' % b, ['CHUNK-EXT-2'],
                          'Byte 0x%02x inside a chunk extension key.' % b,
                          data, exp))
        data = b'5;k=a' + bytes([b]) + b'c'
        exp = (chunk_line_ok(5, ('k', 'a%sc' % c))
               if b in CLASSES['ext_value']
               else reject('bad_chunk_extension_value', 5))
        out.append(vector('gen-sweep-ext-value-%02x' % b, ['CHUNK-EXT-3'],
                          'Byte 0x%02x inside a chunk extension value.' % b,
                          data, exp))
    return out


def sweep_values():
    """Byte sweeps of the value kinds: {kind: [vectors]}."""
    cl, rng, crng, names = [], [], [], []
    for b in range(256):
        c = text(b)
        digit = b in CLASSES['decimal']
        cl.append(vector(
            'gen-sweep-content-length-%02x' % b, ['CL-SYNTAX-1'],
            'Byte 0x%02x as the second digit of a content-length.' % b,
            b'1' + bytes([b]),
            {'ok': True, 'value': int('1' + c)} if digit
            else reject('bad_content_length', 1)))
        rng.append(vector(
            'gen-sweep-range-%02x' % b, ['RANGE-SYNTAX-1'],
            'Byte 0x%02x as the second digit of LAST in a range.' % b,
            b'bytes=0-1' + bytes([b]),
            {'ok': True, 'first': 0, 'last': int('1' + c)} if digit
            else reject('bad_range', 8)))
        crng.append(vector(
            'gen-sweep-content-range-%02x' % b, ['CRANGE-SYNTAX-1'],
            'Byte 0x%02x as the second digit of TOTAL in a content-range.' % b,
            b'bytes 0-1/1' + bytes([b]),
            {'ok': True, 'first': 0, 'last': 1, 'total': int('1' + c)} if digit
            else reject('bad_content_range', 10)))
        names.append(vector(
            'gen-sweep-name-%02x' % b, ['HDR-NAME-3', 'HDR-NAME-4'],
            'Byte 0x%02x as the second byte of a header name.' % b,
            b'a' + bytes([b]),
            {'ok': True, 'name': ('a' + c).lower()}
            if b in CLASSES['name_in'] else reject('bad_header_name_bytes', 1)))
    return {'content_length': cl, 'range': rng, 'content_range': crng,
            'header_name': names}


def sweep_render():
    """Every ASCII byte value (a message is JSON text, so 0x80 and above
    cannot stand for one byte) in each slot of what a sender renders:
    {kind: [vectors]}."""
    requests, responses, lines = [], [], []
    for b in range(128):
        c = chr(b)
        message = {'method': 'GET', 'uri': '/', 'headers': [['a' + c, 'v']],
                   'body': NONE}
        exp = (rendered(b'GET / HTTP/1.1\r\na' + bytes([b]) + b': v\r\n\r\n')
               if b in CLASSES['name_out']
               else reject('bad_outgoing_header_name', REQUEST_LINE_LEN + 1))
        requests.append(render_vector(
            'gen-sweep-render-header-name-%02x' % b, ['OUT-NAME-1'],
            'Byte 0x%02x inside a header name to send.' % b, message, exp))
        message = {'method': 'GET', 'uri': '/', 'headers': [['x', 'a' + c]],
                   'body': NONE}
        exp = (rendered(b'GET / HTTP/1.1\r\nx: a' + bytes([b]) + b'\r\n\r\n')
               if b in CLASSES['value']
               else reject('bad_header_value_bytes', REQUEST_LINE_LEN + 4))
        requests.append(render_vector(
            'gen-sweep-render-header-value-%02x' % b,
            ['OUT-VALUE-1', 'HDR-VALUE-2'],
            'Byte 0x%02x inside a header value to send.' % b, message, exp))
        message = {'method': 'GET', 'uri': '/a' + c, 'headers': [],
                   'body': NONE}
        line = b'GET /a' + bytes([b]) + b' HTTP/1.1\r\n\r\n'
        if b in CLASSES['path'] or b in b'/?':
            exp = rendered(line)
        elif b in CLASSES['uri']:
            exp = reject('bad_path_component_bytes', 6)
        else:
            exp = reject('bad_uri_bytes', 6)
        requests.append(render_vector(
            'gen-sweep-render-uri-%02x' % b, ['OUT-URI-1', 'URI-BYTES-1'],
            'Byte 0x%02x at the end of a URI to send.' % b, message, exp))
        message = {'status': 200, 'reason': 'O' + c + 'K', 'headers': [],
                   'body': NONE}
        exp = (rendered(b'HTTP/1.1 200 O' + bytes([b]) + b'K\r\n\r\n')
               if b in CLASSES['reason'] else reject('bad_reason', 14))
        responses.append(render_vector(
            'gen-sweep-render-reason-%02x' % b, ['OUT-REASON-1'],
            'Byte 0x%02x inside a reason phrase to send.' % b, message, exp))
        message = {'size': 5, 'extension': {'key': 'a' + c, 'value': 'v'}}
        exp = (rendered(b'5;a' + bytes([b]) + b'=v\r\n')
               if b in CLASSES['ext_key']
               else reject('bad_chunk_extension_key', 3))
        lines.append(render_vector(
            'gen-sweep-render-ext-key-%02x' % b, ['OUT-CHUNK-3', 'CHUNK-EXT-2'],
            'Byte 0x%02x inside a chunk extension key to send.' % b,
            message, exp))
        message = {'size': 5, 'extension': {'key': 'k', 'value': 'a' + c}}
        exp = (rendered(b'5;k=a' + bytes([b]) + b'\r\n')
               if b in CLASSES['ext_value']
               else reject('bad_chunk_extension_value', 5))
        lines.append(render_vector(
            'gen-sweep-render-ext-value-%02x' % b,
            ['OUT-CHUNK-3', 'CHUNK-EXT-3'],
            'Byte 0x%02x inside a chunk extension value to send.' % b,
            message, exp))
    return {'render_request': requests, 'render_response': responses,
            'render_chunk_line': lines}


# --- Limits at N and N+1 -----------------------------------------------------

def limits_request():
    out = []
    head = b'GET / HTTP/1.1\r\nx: '
    for total in (MAX_PREAMBLE, MAX_PREAMBLE + 1):
        value = b'v' * (total - len(head) - 4)
        data = head + value + b'\r\n\r\n'
        if total <= MAX_PREAMBLE:
            exp = request_ok('GET', '/', [], None, {'x': value.decode()})
            exp['consumed'] = total
        else:
            exp = reject('preamble_too_large', MAX_PREAMBLE)
        out.append(vector('gen-limit-preamble-%d' % total, ['PRE-SIZE-1'],
                          'A preamble of %d bytes with its CRLFCRLF.' % total,
                          data, exp, wire=True, flags=['huge']))
    for n in (32, 33):
        data = b'GET / HTTP/1.1\r\n' + b'a' * n + b': v'
        exp = (request_ok('GET', '/', [], None, {'a' * n: 'v'}) if n <= 32
               else reject('header_name_too_long', REQUEST_LINE_LEN + 32))
        out.append(vector('gen-limit-header-name-%d' % n, ['HDR-NAME-2'],
                          'A header name of %d bytes.' % n, data, exp))
    for line in (b'GET / HTTP/1.1', b'GE / HTTP/1.1'):
        exp = (request_ok('GET', '/', [], None) if len(line) >= 14
               else reject('request_line_too_short', 0))
        out.append(vector('gen-limit-request-line-%d' % len(line),
                          ['REQ-LINE-2'],
                          'A request line of %d bytes.' % len(line), line, exp))
    for line in (b'a: b', b'a: '):
        exp = (request_ok('GET', '/', [], None, {'a': 'b'}) if len(line) >= 4
               else reject('header_line_too_short', REQUEST_LINE_LEN))
        out.append(vector('gen-limit-header-line-%d' % len(line),
                          ['HDR-LINE-1'],
                          'A header line of %d bytes.' % len(line),
                          b'GET / HTTP/1.1\r\n' + line, exp))
    for digits in (16, 17):
        value = b'9' * digits
        data = b'PUT / HTTP/1.1\r\ncontent-length: ' + value
        exp = (request_ok('PUT', '/', [], None,
                          {'content-length': int(value)},
                          {'kind': 'length', 'length': int(value)})
               if digits <= 16
               else reject('content_length_too_long', len(data) - 1))
        out.append(vector('gen-limit-request-content-length-%d' % digits,
                          ['CL-LEN-1', 'CL-MAX-1'],
                          'A content-length of %d nines in a request.' % digits,
                          data, exp))
    return out


def limits_response():
    out = []
    for line in (b'HTTP/1.1 200 OK', b'HTTP/1.1 200 O'):
        exp = (response_ok(200, 'OK') if len(line) >= 15
               else reject('response_line_too_short', 0))
        out.append(vector('gen-limit-response-line-%d' % len(line),
                          ['RSP-LINE-2'],
                          'A response line of %d bytes.' % len(line), line,
                          exp, method='GET'))
    for status in ('099', '100', '599', '600'):
        n = int(status)
        exp = (response_ok(n, 'OK') if 100 <= n <= 599
               else reject('bad_status', 9))
        out.append(vector('gen-limit-status-%s' % status, ['RSP-STATUS-1'],
                          'Status %s.' % status,
                          b'HTTP/1.1 ' + status.encode() + b' OK', exp,
                          method='GET'))
    return out


def limits_chunk_line():
    out = []
    for total in (MAX_CHUNK_LINE, MAX_CHUNK_LINE + 1):
        value = b'v' * (total - len(b'1;k=') - 2)
        data = b'1;k=' + value + b'\r\n'
        if total <= MAX_CHUNK_LINE:
            exp = chunk_line_ok(1, ('k', value.decode()))
            exp['consumed'] = total
        else:
            exp = reject('chunk_line_too_long', MAX_CHUNK_LINE)
        out.append(vector('gen-limit-chunk-line-%d' % total, ['CHUNK-LINE-1'],
                          'A chunk-size line of %d bytes with its CRLF.' % total,
                          data, exp, wire=True))
    for size in ('1000000', '1000001', 'ffffff', '10000000'):
        n = int(size, 16)
        if len(size) > 7:
            exp = reject('chunk_size_too_long', 7)
        elif n > MAX_CHUNK:
            exp = reject('chunk_size_too_large', 0)
        else:
            exp = chunk_line_ok(n)
        out.append(vector('gen-limit-chunk-size-%s' % size,
                          ['CHUNK-SIZE-1', 'CHUNK-SIZE-3'],
                          'Chunk size %s (%d digits).' % (size, len(size)),
                          size.encode(), exp))
    return out


def limits_values():
    cl = []
    for value in ('9' * 16, '1' + '0' * 16):
        exp = ({'ok': True, 'value': int(value)} if len(value) <= 16
               else reject('content_length_too_long', 16))
        cl.append(vector('gen-limit-content-length-%d-digits' % len(value),
                         ['CL-LEN-1', 'CL-MAX-1'],
                         'A content-length of %d digits.' % len(value),
                         value.encode(), exp))
    rng = []
    last_max = MAX_LENGTH - 1
    cases = [
        ('bytes=0-%d' % last_max, {'ok': True, 'first': 0, 'last': last_max}),
        ('bytes=0-%d' % MAX_LENGTH, reject('range_too_large', 8)),
        ('bytes=1000000000000000-%d' % last_max,
         {'ok': True, 'first': 10 ** 15, 'last': last_max}),
        ('bytes=1000000000000000-%d0' % last_max, reject('range_too_long', 39)),
    ]
    for value, exp in cases:
        rng.append(vector('gen-limit-range-%d-bytes-%s' % (
            len(value), 'max' if value.endswith(str(last_max)) else 'over'),
            ['RANGE-LEN-1', 'RANGE-MAX-1'],
            'A range value of %d bytes.' % len(value), value.encode(), exp))
    crng = []
    top = '9' * 16
    cases = [
        ('largest-values', 'bytes %d-%d/%s' % (last_max, last_max, top),
         {'ok': True, 'first': last_max, 'last': last_max, 'total': MAX_LENGTH}),
        ('56-bytes', 'bytes 1000000000000000-1000000000000000/%s' % top,
         {'ok': True, 'first': 10 ** 15, 'last': 10 ** 15, 'total': MAX_LENGTH}),
        ('57-bytes', 'bytes 1000000000000000-1000000000000000/%s0' % top,
         reject('content_range_too_long', 56)),
    ]
    for label, value, exp in cases:
        crng.append(vector('gen-limit-content-range-%s' % label,
                           ['CRANGE-LEN-1', 'CRANGE-MAX-1'],
                           'A content-range value of %d bytes.' % len(value),
                           value.encode(), exp))
    return {'content_length': cl, 'range': rng, 'content_range': crng}


def render_vector(vid, rules, comment, message, expected):
    """A rendering vector."""
    return {'id': vid, 'rules': lead_rule(rules, expected), 'level': 'MUST',
            'comment': comment,
            'message': message, 'expected': expected}


def limits_render():
    out = []
    for count in (20, 21):
        headers = [['h%02d' % i, 'v'] for i in range(count - 1)]
        message = {'method': 'PUT', 'uri': '/', 'headers': headers,
                   'body': {'kind': 'length', 'length': 1}}
        if count <= 20:
            lines = sorted([(h, v) for (h, v) in headers] +
                           [('content-length', '1')])
            data = b'PUT / HTTP/1.1' + b''.join(
                b'\r\n%s: %s' % (h.encode(), v.encode()) for (h, v) in lines
            ) + b'\r\n\r\n'
            exp = rendered(data)
        else:
            exp = reject('too_many_headers', 0)
        out.append(render_vector(
            'gen-limit-render-headers-%d' % count, ['OUT-COUNT-1'],
            '%d headers to send, the automatic content-length included.'
            % count, message, exp))
    head = b'GET / HTTP/1.1\r\nx: '
    for total in (MAX_PREAMBLE, MAX_PREAMBLE + 1):
        value = 'v' * (total - len(head) - 4)
        message = {'method': 'GET', 'uri': '/', 'headers': [['x', value]],
                   'body': {'kind': 'none'}}
        exp = (rendered(head + value.encode() + b'\r\n\r\n')
               if total <= MAX_PREAMBLE
               else reject('output_too_large', MAX_PREAMBLE))
        out.append(render_vector(
            'gen-limit-render-preamble-%d' % total, ['OUT-SIZE-1'],
            'A preamble of %d bytes to send.' % total, message, exp))
    return out


# --- Combinations of the special headers ----------------------------------

SPECIAL = [  # (short name, header line, typed value)
    ('cl', b'content-length: 5', ('content-length', 5)),
    ('te', b'transfer-encoding: chunked', ('transfer-encoding', 'chunked')),
    ('range', b'range: bytes=0-4', ('range', {'first': 0, 'last': 4})),
    ('crange', b'content-range: bytes 0-4/10',
     ('content-range', {'first': 0, 'last': 4, 'total': 10})),
]


def combination_outcome(present, offsets, is_response, method):
    """The first FRAME rule broken (FRAME-ORDER-1), or None."""
    def later(*names):
        return max(offsets[n] for n in names if n in present)
    if 'cl' in present and 'te' in present:
        return reject('content_length_with_transfer_encoding',
                      later('cl', 'te'))
    if 'range' in present:
        if 'cl' in present or 'te' in present:
            return reject('range_with_body_framing', later('range', 'cl', 'te'))
        if is_response:
            return reject('range_in_response', offsets['range'])
    if 'crange' in present and not is_response:
        return reject('content_range_in_request', offsets['crange'])
    if not is_response and method not in ('PUT', 'POST'):
        if 'cl' in present or 'te' in present:
            return reject('body_on_bodiless_method', later('cl', 'te'))
    return None


def combos():
    requests, responses = [], []
    subsets = [[s for (i, s) in enumerate(SPECIAL) if mask >> i & 1]
               for mask in range(16)]
    targets = [(m, False) for m in ('GET', 'PUT', 'POST', 'HEAD', 'DELETE')]
    targets += [('GET', True), ('HEAD', True)]
    for subset in subsets:
        names = [s[0] for s in subset]
        for (method, is_response) in targets:
            start = (b'HTTP/1.1 200 OK' if is_response
                     else method.encode() + b' / HTTP/1.1')
            data, offsets = start, {}
            for (name, line, _) in subset:
                data += b'\r\n'
                offsets[name] = len(data)
                data += line
            exp = combination_outcome(set(names), offsets, is_response, method)
            if exp is None:
                headers = dict(s[2] for s in subset)
                framing = NONE
                if 'cl' in names:
                    framing = {'kind': 'length', 'length': 5}
                elif 'te' in names:
                    framing = {'kind': 'chunked'}
                if is_response:
                    exp = response_ok(200, 'OK', headers,
                                      NONE if method == 'HEAD' else framing)
                else:
                    exp = request_ok(method, '/', [], None, headers, framing)
            label = '-'.join(names) or 'none'
            rules = ['FRAME-ORDER-1', 'FRAME-BOTH-1', 'FRAME-RANGE-1']
            rules += (['FRAME-RANGE-2', 'FRAME-CRANGE-2', 'FRAME-RSP-1']
                      if is_response else
                      ['FRAME-CRANGE-1', 'FRAME-METHOD-1', 'FRAME-REQ-1'])
            if is_response:
                responses.append(vector(
                    'gen-combo-response-to-%s-%s' % (method.lower(), label),
                    rules, 'A response to %s with: %s.' % (method, label),
                    data, exp, method=method))
            else:
                requests.append(vector(
                    'gen-combo-%s-%s' % (method.lower(), label), rules,
                    'A %s request with: %s.' % (method, label), data, exp))
    return requests, responses


def duplicates():
    out = []
    cases = [  # (name, first value, other value)
        ('content-length', '5', '6'),
        ('transfer-encoding', 'chunked', None),
        ('range', 'bytes=0-4', 'bytes=0-5'),
        ('content-type', 'application/json', 'text/plain'),
        ('x', 'b', 'c'),
    ]
    for (name, value, other) in cases:
        variants = [('equal', name, value), ('upper', name.upper(), value)]
        if other is not None:
            variants.append(('different', name, other))
        for (label, second_name, second_value) in variants:
            first = b'%s: %s' % (name.encode(), value.encode())
            data = b'PUT / HTTP/1.1\r\n' + first + b'\r\n'
            offset = len(data)
            data += b'%s: %s' % (second_name.encode(), second_value.encode())
            out.append(vector(
                'gen-dup-%s-%s' % (name, label), ['HDR-DUP-1'],
                'Header %s twice (%s).' % (name, label), data,
                reject('duplicate_header', offset)))
    return out


# --- Files -------------------------------------------------------------------

def families():
    """{file name: (kind, comment, vectors)}."""
    values = sweep_values()
    limited = limits_values()
    combo_requests, combo_responses = combos()
    files = {
        'sweep-request.json': ('request', 'Every byte value in the method, '
                               'path, query, header-name and header-value '
                               'slots of a request.', sweep_request()),
        'sweep-response.json': ('response', 'Every byte value in the reason '
                                'and status slots of a response.',
                                sweep_response()),
        'sweep-chunk-line.json': ('chunk_line', 'Every byte value in the '
                                  'size, extension-key and extension-value '
                                  'slots of a chunk-size line.',
                                  sweep_chunk_line()),
        'limits-request.json': ('request', 'Request limits at N and N+1.',
                                limits_request()),
        'limits-response.json': ('response', 'Response limits at N and N+1.',
                                 limits_response()),
        'limits-chunk-line.json': ('chunk_line', 'Chunk-size line limits at '
                                   'N and N+1.', limits_chunk_line()),
        'limits-render-request.json': ('render_request', 'Rendering limits at '
                                       'N and N+1.', limits_render()),
        'combos-request.json': ('request', 'Every set of the four special '
                                'headers on every method.', combo_requests),
        'combos-response.json': ('response', 'Every set of the four special '
                                 'headers on responses to GET and HEAD.',
                                 combo_responses),
        'dups-request.json': ('request', 'Repeated headers.', duplicates()),
    }
    for kind, vecs in sweep_render().items():
        stem = kind.replace('_', '-')
        files['sweep-%s.json' % stem] = (
            kind, 'Every ASCII byte value in the slots of a %s.'
            % stem.replace('render-', 'rendered '), vecs)
    for kind in ('content_length', 'range', 'content_range', 'header_name'):
        stem = kind.replace('_', '-')
        files['sweep-%s.json' % stem] = (
            kind, 'Every byte value in a %s.' % stem, values[kind])
        if kind in limited:
            files['limits-%s.json' % stem] = (
                kind, '%s limits at N and N+1.' % stem, limited[kind])
    return files


HUGE_NOTE = {'huge': 'input over 4 KiB; runners may split it at fewer indexes'}


def with_recordings(path, doc):
    """doc, keeping observed members and provenance from the file at path
    for vectors whose ID and input are unchanged."""
    if not path.exists():
        return doc
    old = vfmt.load(path)
    previous = {v['id']: v for v in old.get('vectors', [])}
    kept = False
    for v in doc['vectors']:
        p = previous.get(v['id'])
        if p and 'observed' in p and p.get('input_hex') == v.get('input_hex') \
                and p.get('message') == v.get('message'):
            v['observed'] = p['observed']
            kept = True
    if kept and 'provenance' in old:
        doc['provenance'] = old['provenance']
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true')
    args = parser.parse_args()
    stale = []
    expected_files = set()
    for name, (kind, comment, vecs) in families().items():
        path = OUT / name
        expected_files.add(path)
        doc = {'kind': kind, 'comment': comment}
        if any('huge' in v.get('flags', []) for v in vecs):
            doc['notes'] = HUGE_NOTE
        doc['vectors'] = vecs
        # The flag "big-number" follows from the numbers a vector holds
        # (docs/VECTORS.md, "Big numbers"), as tools/vectors.py fmt sets it.
        text = vfmt.dump(vfmt.set_big_flag(with_recordings(path, doc)))
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    for path in OUT.glob('*.json'):
        if path not in expected_files:
            stale.append(path.name + ' (no family writes it)')
    if stale:
        print('gen_vectors: stale generated files (run tools/gen_vectors.py):',
              file=sys.stderr)
        for s in stale:
            print('  ' + s, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
