#!/usr/bin/env python3
"""compare_original.py: differential comparison of the C++ Degu core (through
degu-parse) with the original Python Degu (its C extension and its
pure-Python backend).

What is compared: seven parse functions, one per degu-parse KIND --

  request         parse_request(preamble, rfile)
  response        parse_response(method, preamble, rfile), for each method
  chunk-line      parse_chunk(line)
  content-length  parse_content_length(value)
  range           parse_range(value)
  content-range   parse_content_range(value)
  header-name     parse_header_name(name)

How: a seeded, deterministic corpus is generated for every kind -- hand-picked
valid inputs and edge cases, every byte value in every syntactic slot, limits
at N and N+1, combinations and duplicates of the special headers, and random
mutations of valid inputs.  Every input goes through `degu-parse KIND --jsonl`
and through one long-lived worker process per backend of the original
(tools/original_worker.py, shared with record_original.py), which answers in
the shape of degu-parse's JSON verdicts.  A worker that dies (the C extension
aborts the interpreter on some inputs) is restarted and the input it died on
is reported.

Accept/reject must agree and, when both accept, every parsed field must
agree.  Each difference is classified through narrow, explicit predicates
(QUIRKS, KNOWN_CRASHES): it is a known erratum or divergence of the original
only if the predicate holds *and* our verdict on the input with that quirk
undone equals the original's verdict; anything else is UNEXPLAINED.  Quirks
are named after the errata of SPEC.md section 16 (E-1, E-10, ...).  For
inputs both sides reject, the original's error message is mapped to our error
names and the agreement rate is reported (informational only: the original
has no error codes and checks some things in another order).

The original is found only through the environment variable DEGU_PYTHONPATH
(a directory where `import degu` works); nothing of it is copied here.

Exit status: 0 when every difference is explained; 1 when there is an
UNEXPLAINED difference or a worker crashed on an input that is not a known
crash; 2 when the original or degu-parse cannot be found or run.
"""

import argparse
import collections
import json
import os
import pathlib
import random
import re
import subprocess
import sys
import threading
import time

import original_worker
from original_worker import (BACKEND_NAMES, BACKENDS, SetupError,
                             probe_backend, worker_main)

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_DEGU_PARSE = ROOT / 'build' / 'reference' / 'cli' / 'degu-parse'

KINDS = ('request', 'response', 'chunk-line', 'content-length', 'range',
         'content-range', 'header-name')
METHODS = ('GET', 'PUT', 'POST', 'HEAD', 'DELETE')

EXIT_OK, EXIT_DIFFERENCES, EXIT_SETUP = 0, 1, 2
UNEXPLAINED = 'UNEXPLAINED'
UNEXPECTED_CRASH = 'UNEXPECTED-CRASH'

DEFAULT_SEED = 1
DEFAULT_COUNT = 40000  # Mutations per kind: a full run takes well under 2 min.


###############################################################################
# The corpus.  A Case is one input to one parse function; origin says which
# generator made it ('hand', 'sweep:SLOT', 'limit', 'combo', 'mutation').

Case = collections.namedtuple('Case', 'kind data method origin')

CRLF = b'\r\n'


def request_preamble(method, uri, header_lines=()):
    """The bytes of a request preamble, without its final CRLFCRLF."""
    start = b'%s %s HTTP/1.1' % (method.encode(), uri)
    return CRLF.join([start] + list(header_lines))


def response_preamble(status_line, header_lines=()):
    """The bytes of a response preamble, without its final CRLFCRLF."""
    return CRLF.join([status_line] + list(header_lines))


def _cases(kind, inputs, origin, methods=(None,)):
    for data in inputs:
        for method in methods:
            yield Case(kind, data, method, origin)


HAND_REQUESTS = [
    b'GET / HTTP/1.1', b'PUT / HTTP/1.1', b'POST / HTTP/1.1',
    b'HEAD / HTTP/1.1', b'DELETE / HTTP/1.1',
    b'GET /a/b?x=1 HTTP/1.1', b'GET /a/ HTTP/1.1', b'GET /a? HTTP/1.1',
    b'GET /? HTTP/1.1', b'GET /./ HTTP/1.1', b'GET /... HTTP/1.1',
    b'GET /..a HTTP/1.1', b'GET /a.. HTTP/1.1', b'GET /.. HTTP/1.1',
    b'GET /a/../b HTTP/1.1', b'GET // HTTP/1.1', b'GET /a//b HTTP/1.1',
    b'GET /a// HTTP/1.1', b'GET /a/b/..//c HTTP/1.1', b'GET /a=//b HTTP/1.1',
    b'GET /a%20b HTTP/1.1', b'GET /?%zz HTTP/1.1', b'GET /a?b?c HTTP/1.1',
    b'GET /a?b/c HTTP/1.1', b'GET /a%/?/ HTTP/1.1', b'GET /../x?a/b HTTP/1.1',
    b'GET /+-.:_~09AZaz?%&+-.:=_~ HTTP/1.1',
    b'GET * HTTP/1.1', b'GET http://x/ HTTP/1.1', b'GET  / HTTP/1.1',
    b'GET /a /b HTTP/1.1', b'GET / HTTP/1.0', b'GET / http/1.1',
    b'get / HTTP/1.1', b'GET / HTTP/1.1 ', b' GET / HTTP/1.1',
    b'GET / HTTP/1.1\r', b'OPTIONS / HTTP/1.1', b'GET / HTTP/1.1x',
    b'', b'\r\n', b'\r\nGET / HTTP/1.1', b'GET / HTTP/1.1\n\n',
    b'GET / HTTP/1.1\r\nHost: example.com:8080',
    b'GET / HTTP/1.1\r\nA:   b ', b'GET / HTTP/1.1\r\na: b: c',
    b'GET / HTTP/1.1\r\na:bc', b'GET / HTTP/1.1\r\na:b',
    b'GET / HTTP/1.1\r\n: ab', b'GET / HTTP/1.1\r\na: ',
    b'GET / HTTP/1.1\r\nX_Y: z', b'GET / HTTP/1.1\r\nx y: z',
    b'GET / HTTP/1.1\r\nx:  ', b'GET / HTTP/1.1\r\nx: \t',
    b'GET / HTTP/1.1\r\na: b\r\n c', b'GET / HTTP/1.1\r\na: b\na: c',
    b'GET / HTTP/1.1\r\nContent-Type: application/json',
    b'GET / HTTP/1.1\r\nRange: bytes=0-0',
    b'GET / HTTP/1.1\r\nRange: bytes=5-4',
    b'GET / HTTP/1.1\r\nRange: bytes=-5', b'GET / HTTP/1.1\r\nRange: bytes=0-',
    b'GET / HTTP/1.1\r\nRange: bytes=0-1,2-3', b'GET / HTTP/1.1\r\nRange: ',
    b'GET / HTTP/1.1\r\nContent-Length: 0',
    b'PUT / HTTP/1.1\r\nContent-Length: 0',
    b'PUT / HTTP/1.1\r\nContent-Length: 00',
    b'PUT / HTTP/1.1\r\nContent-Length: 05',
    b'PUT / HTTP/1.1\r\nContent-Length: ',
    b'PUT / HTTP/1.1\r\nContent-Length: +5',
    b'POST / HTTP/1.1\r\nTransfer-Encoding: chunked',
    b'POST / HTTP/1.1\r\nTransfer-Encoding: Chunked',
    b'POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked',
    b'POST / HTTP/1.1\r\nTransfer-Encoding: ',
    b'PUT / HTTP/1.1\r\nContent-Range: bytes 0-1/2',
    b'PUT /x HTTP/1.1\r\nRange: bytes=0-1\r\nContent-Length: 4',
    b'GET / HTTP/1.1\r\nConnection: close\r\nExpect: 100-continue',
    b'GET / HTTP/1.1\r\n\r\na: b', b'GET / HTTP/1.1\r\na: b\r\n\r\nc: d',
    # Ending with CRLF: cannot come from a socket; the C extension accepts.
    b'GET / HTTP/1.1\r\n', b'GET / HTTP/1.1\r\nHost: x\r\n',
    b'PUT / HTTP/1.1\r\nContent-Length: 5\r\n', b'GET / HTTP/1.1\r\n\r\n',
    b'PUT / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n',
    b'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
    # Large, but the parse functions have no size limit of their own.
    request_preamble('GET', b'/' + b'a' * 32000),
    request_preamble('GET', b'/', [b'x-%d: %d' % (i, i) for i in range(1000)]),
    request_preamble('GET', b'/', [b'x: ' + b'v' * 40000]),
]

HAND_RESPONSES = [
    b'HTTP/1.1 200 OK', b'HTTP/1.1 200 X', b'HTTP/1.1 200   OK',
    b"HTTP/1.1 418 I'm a teapot", b'HTTP/1.1 200 OK.', b'HTTP/1.1 200 O_K',
    b'HTTP/1.1 404 Not Found', b'HTTP/1.1 200 OK ', b'HTTP/1.1 200  ',
    b'HTTP/1.1 099 Low', b'HTTP/1.1 600 High', b'HTTP/1.1 20a OK',
    b'HTTP/1.1 +20 OK', b'HTTP/1.1 -20 OK', b'HTTP/1.0 200 OK',
    b'http/1.1 200 OK', b'HTTP/1.1 200-OK', b'HTTP/1.1  200 OK',
    b'HTTP/1.1 2000 OK', b'HTTP/1.1 200\tOK', b'', b'\r\n',
    b'HTTP/1.1 204 No Content\r\nContent-Length: 5',
    b'HTTP/1.1 100 Continue\r\nContent-Length: 0',
    b'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked',
    b'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/10\r\n'
    b'Content-Length: 5',
    b'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-4/10\r\n'
    b'Transfer-Encoding: chunked',
    b'HTTP/1.1 200 OK\r\nRange: bytes=0-4',
    b'HTTP/1.1 200 OK\r\nContent-Type: application/json',
    b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked',
    b'HTTP/1.1 200 OK\r\nContent-Range: bytes */10',
    b'HTTP/1.1 200 OK\r\n', b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n',
    b'HTTP/1.1 200 OK\r\n\r\n',
    b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n'
    b'transfer-encoding: chunked\r\n',
    response_preamble(b'HTTP/1.1 200 ' + b'R' * 30000),
]

HAND_CHUNK_LINES = [
    b'0', b'5', b'a', b'A', b'ff', b'FFFFFF', b'ffffff', b'fffffff',
    b'1000000', b'1000001', b'0FFFFFF', b'00000001', b'01', b'00', b'', b' 5',
    b'5 ', b'-1',
    b'+1', b'0x5', b'5\r', b'g', b'5;', b'5;a=b', b'5;a=b;c', b'5;a=b;c=d',
    b'5; a=b', b'5;=b', b'5;a=', b'5;a', b'5;=', b'0;k=v', b'A;K=V',
    b'5;a==b', b'5;a=b=c', b'5;a=b\r', b';a=b', b'5;;a=b', b'5;a-b=c-d',
    b'5;a="b"', b'5;a=b c', b'5;a=b/c', b'5;k=' + b'v' * 4000,
]

HAND_CONTENT_LENGTHS = [
    b'0', b'1', b'42', b'9999999999999999', b'10000000000000000', b'00',
    b'05', b'', b' 5', b'5 ', b'-1', b'+1', b'1e3', b'0x10',
    b'0000000000000001', b'1,2', b'\xd9\xa1',
]

HAND_RANGES = [
    b'bytes=0-0', b'bytes=0-4', b'bytes=5-4', b'bytes=-5', b'bytes=0-',
    b'bytes=0-1,2-3', b'Bytes=0-1', b'bytes =0-1', b'bytes= 0-1',
    b'bytes=0 -1', b'bytes=0- 1', b'bytes=00-1', b'bytes=0-01', b'bytes=1-2-3',
    b'bytes=', b'bytes=-', b'bytes=1', b'bytes=0-1 ', b'bytes=--1', b'bytes',
    b'', b'bytes=0-9999999999999998', b'bytes=0-9999999999999999',
    b'bytes=9999999999999998-9999999999999998', b'bytes=5-5',
    b'bytes=1-0',
]

HAND_CONTENT_RANGES = [
    b'bytes 0-0/1', b'bytes 0-4/10', b'bytes 0-9/10', b'bytes 0-10/10',
    b'bytes 5-4/10', b'bytes */10', b'bytes 0-4/*', b'bytes=0-4/10',
    b'Bytes 0-4/10', b'bytes  0-4/10', b'bytes 0-4/00', b'bytes 00-4/10',
    b'bytes 1-2-3/4', b'bytes 1-2/3/4', b'bytes 0-0/0', b'bytes -1/2',
    b'bytes 0-/2', b'bytes 0-1/', b'', b'bytes ', b'bytes 0-1/2 ',
    b'bytes 0-9999999999999998/9999999999999999',
    b'bytes 9999999999999998-9999999999999998/9999999999999999',
]

HAND_HEADER_NAMES = [
    b'a', b'A', b'Content-Length', b'x-y', b'-', b'0', b'', b'a b', b'a_b',
    b'a:b', b'a:', b'\xc3\xa4', b'Host', b'HOST', b'content-range',
]


def hand_picked():
    """(a) Valid inputs and edge cases chosen by hand; responses with every
    method."""
    yield from _cases('request', HAND_REQUESTS, 'hand')
    yield from _cases('response', HAND_RESPONSES, 'hand', METHODS)
    yield from _cases('chunk-line', HAND_CHUNK_LINES, 'hand')
    yield from _cases('content-length', HAND_CONTENT_LENGTHS, 'hand')
    yield from _cases('range', HAND_RANGES, 'hand')
    yield from _cases('content-range', HAND_CONTENT_RANGES, 'hand')
    yield from _cases('header-name', HAND_HEADER_NAMES, 'hand')


def _substitutions(kind, name, text, method=None, before=b'', after=b''):
    """Slots that replace each byte of text (between before and after) in
    turn."""
    return [(kind, '%s[%d]' % (name, i), before + text[:i],
             text[i + 1:] + after, method) for i in range(len(text))]


def sweep_slots():
    """Every syntactic slot as (kind, slot name, prefix, suffix, method): the
    byte under test goes between prefix and suffix."""
    req = b'GET / HTTP/1.1\r\n'
    rsp = b'HTTP/1.1 200 OK\r\n'
    slots = [
        ('request', 'method-start', b'', b'GET / HTTP/1.1', None),
        ('request', 'method-inside', b'G', b'T / HTTP/1.1', None),
        ('request', 'method-end', b'GET', b' / HTTP/1.1', None),
        ('request', 'method-uri-space', b'GET', b'/ HTTP/1.1', None),
        ('request', 'uri-first-slash', b'GET ', b'a HTTP/1.1', None),
        ('request', 'path-component', b'GET /a', b'b HTTP/1.1', None),
        ('request', 'path-component-alone', b'GET /', b' HTTP/1.1', None),
        ('request', 'path-later-component', b'GET /a/b', b'c/d HTTP/1.1',
         None),
        ('request', 'path-before-query', b'GET /a', b'?q HTTP/1.1', None),
        ('request', 'query', b'GET /a?x', b'y HTTP/1.1', None),
        ('request', 'query-alone', b'GET /a?', b' HTTP/1.1', None),
        ('request', 'uri-end', b'GET /a', b' HTTP/1.1', None),
        ('request', 'request-line-end', b'GET / HTTP/1.1', b'', None),
        ('request', 'request-line-end-then-header', b'GET / HTTP/1.1',
         b'\r\nx: y', None),
        ('request', 'line-break-cr', b'GET / HTTP/1.1', b'\nx: y', None),
        ('request', 'line-break-lf', b'GET / HTTP/1.1\r', b'x: y', None),
        ('request', 'header-name', req + b'x', b'y: z', None),
        ('request', 'header-name-alone', req, b': z', None),
        ('request', 'header-name-start', req, b'xy: z', None),
        ('request', 'header-colon', req + b'xy', b' z', None),
        ('request', 'header-colon-space', req + b'xy:', b'z', None),
        ('request', 'header-value', req + b'xy: a', b'b', None),
        ('request', 'header-value-alone', req + b'xy: ', b'', None),
        ('request', 'header-value-start', req + b'xy: ', b'ab', None),
        ('request', 'header-value-end', req + b'xy: ab', b'\r\nz: w', None),
        ('request', 'header-line-break-cr', req + b'a: b', b'\nc: d', None),
        ('request', 'header-line-break-lf', req + b'a: b\r', b'c: d', None),
        ('request', 'content-length-value', b'PUT / HTTP/1.1\r\n'
         b'Content-Length: 1', b'2', None),
        ('request', 'content-length-alone', b'PUT / HTTP/1.1\r\n'
         b'Content-Length: ', b'', None),
        ('request', 'transfer-encoding-value', b'PUT / HTTP/1.1\r\n'
         b'Transfer-Encoding: chunk', b'd', None),
        ('request', 'range-value', req + b'Range: bytes=1', b'-2', None),
        ('request', 'range-after-dash', req + b'Range: bytes=1-', b'2', None),
        ('response', 'status-space', b'HTTP/1.1 200', b'OK', 'GET'),
        ('response', 'reason', b'HTTP/1.1 200 O', b'K', 'GET'),
        ('response', 'reason-start', b'HTTP/1.1 200 ', b'OK', 'GET'),
        ('response', 'reason-end', b'HTTP/1.1 200 OK', b'', 'GET'),
        ('response', 'status-line-end-then-header', b'HTTP/1.1 200 OK',
         b'\r\nx: y', 'GET'),
        ('response', 'header-name', rsp + b'x', b'y: z', 'GET'),
        ('response', 'header-name-alone', rsp, b': z', 'GET'),
        ('response', 'header-colon', rsp + b'xy', b' z', 'GET'),
        ('response', 'header-colon-space', rsp + b'xy:', b'z', 'GET'),
        ('response', 'header-value', rsp + b'xy: a', b'b', 'GET'),
        ('response', 'header-value-alone', rsp + b'xy: ', b'', 'GET'),
        ('response', 'content-length-value', rsp + b'Content-Length: 1', b'2',
         'GET'),
        ('response', 'content-length-value-head', rsp + b'Content-Length: 1',
         b'2', 'HEAD'),
        ('response', 'content-range-value', rsp + b'Content-Range: bytes 0-',
         b'4/10', 'GET'),
        ('chunk-line', 'size-alone', b'', b'', None),
        ('chunk-line', 'size', b'1', b'2', None),
        ('chunk-line', 'size-start', b'', b'12', None),
        ('chunk-line', 'size-before-extension', b'5', b';k=v', None),
        ('chunk-line', 'semicolon', b'5', b'k=v', None),
        ('chunk-line', 'extension-key', b'5;k', b'y=v', None),
        ('chunk-line', 'extension-key-alone', b'5;', b'=v', None),
        ('chunk-line', 'equals', b'5;k', b'v', None),
        ('chunk-line', 'extension-value', b'5;k=v', b'w', None),
        ('chunk-line', 'extension-value-alone', b'5;k=', b'', None),
        ('content-length', 'digits-alone', b'', b'', None),
        ('content-length', 'digits', b'1', b'2', None),
        ('content-length', 'digits-start', b'', b'12', None),
        ('content-length', 'digits-end', b'12', b'', None),
        ('range', 'first-start', b'bytes=', b'12-34', None),
        ('range', 'last-end', b'bytes=12-34', b'', None),
        ('range', 'after-dash', b'bytes=12-', b'34', None),
        ('content-range', 'total-end', b'bytes 12-34/56', b'', None),
        ('content-range', 'after-slash', b'bytes 12-34/', b'56', None),
        ('header-name', 'alone', b'', b'', None),
        ('header-name', 'inside', b'a', b'b', None),
        ('header-name', 'start', b'', b'ab', None),
        ('header-name', 'end', b'ab', b'', None),
    ]
    slots += _substitutions('request', 'protocol', b' HTTP/1.1',
                            before=b'GET /')
    slots += _substitutions('response', 'status-line', b'HTTP/1.1 200', 'GET',
                            after=b' OK')
    slots += _substitutions('range', 'value', b'bytes=12-34')
    slots += _substitutions('content-range', 'value', b'bytes 12-34/56')
    return slots


def byte_sweeps():
    """(b) Each of the 256 byte values in every slot of sweep_slots()."""
    for (kind, name, prefix, suffix, method) in sweep_slots():
        for value in range(256):
            yield Case(kind, prefix + bytes([value]) + suffix, method,
                       'sweep:' + name)


def limits():
    """(c) Every limit at N and N+1 (or N-1 for minimums)."""
    name32, name33 = b'N' * 32, b'N' * 33
    nine16, one17 = b'9' * 16, b'1' + b'0' * 16
    req, rsp = b'GET / HTTP/1.1\r\n', b'HTTP/1.1 200 OK\r\n'
    yield from _cases('header-name', [name32, name33, name32.lower()], 'limit')
    yield from _cases('request', [req + name32 + b': v', req + name33 + b': v',
                                  req + b'a: b', req + b'a: ', req + b'a:b'],
                      'limit')
    yield from _cases('response', [rsp + name32 + b': v',
                                   rsp + name33 + b': v'], 'limit', ('GET',))
    digits = [nine16, one17, b'1' * 16, b'1' * 17, b'0' + b'9' * 15]
    yield from _cases('content-length', digits, 'limit')
    yield from _cases('request', [b'PUT / HTTP/1.1\r\nContent-Length: ' + d
                                  for d in digits], 'limit')
    ranges = [b'bytes=%s-%s' % (a, b) for (a, b) in [
        (b'0', b'9999999999999998'), (b'0', nine16), (b'0', one17),
        (b'9999999999999998', b'9999999999999998'), (b'1' * 16, b'1' * 16),
        (b'1' * 17, b'1' * 17), (b'1' * 16, b'1' * 17), (b'1' * 17, b'2')]]
    ranges.append(b'bytes=' + b'1' * 16 + b'-' + b'1' * 16)       # 39 bytes.
    ranges.append(b'bytes=' + b'1' * 16 + b'-' + b'1' * 16 + b' ')  # 40.
    ranges.append(b'bytes=' + b'1' * 16 + b'-' + b'1' * 17)       # 40.
    yield from _cases('range', ranges, 'limit')
    yield from _cases('request', [req + b'Range: ' + r for r in ranges],
                      'limit')
    cranges = [b'bytes %s-%s/%s' % t for t in [
        (b'0', b'9999999999999998', nine16), (b'0', nine16, nine16),
        (b'0', b'1', one17), (b'1' * 16, b'1' * 16, b'2' * 16),
        (b'1' * 17, b'1' * 16, b'2' * 16), (b'0', b'1', b'2' * 17),
        (b'0', b'1', b'2'), (b'0', b'0', b'1')]]
    cranges.append(b'bytes ' + b'1' * 16 + b'-' + b'1' * 16 + b'/'
                   + b'2' * 16)                                     # 56 bytes.
    cranges.append(b'bytes ' + b'1' * 16 + b'-' + b'1' * 16 + b'/'
                   + b'2' * 17)                                     # 57.
    yield from _cases('content-range', cranges, 'limit')
    yield from _cases('response',
                      [rsp + b'Content-Range: ' + c for c in cranges],
                      'limit', ('GET',))
    sizes = [b'ffffff', b'FFFFFF', b'fffffff', b'1000000', b'1000001',
             b'0ffffff', b'10000000', b'ffffffff', b'0000000', b'00000000',
             b'ffffff;k=v', b'1000000;k=v', b'1000001;k=v']
    yield from _cases('chunk-line', sizes, 'limit')
    yield from _cases('chunk-line', [b'5;k=' + b'v' * 4087,
                                     b'5;' + b'k' * 5000 + b'=v'], 'limit')
    lines = [b'GET / HTTP/1.1', b'GE / HTTP/1.1', b'GET /HTTP/1.1',
             b'PUT / HTTP/1.1', b'PU / HTTP/1.1', b'GET /a HTTP/1.1',
             b'GET  HTTP/1.1', b'X / HTTP/1.1', b'/ HTTP/1.1 ab']
    yield from _cases('request', lines, 'limit')
    status = [b'HTTP/1.1 200 OK', b'HTTP/1.1 200 O', b'HTTP/1.1 200 ',
              b'HTTP/1.1 100 OK', b'HTTP/1.1 599 OK', b'HTTP/1.1 099 OK',
              b'HTTP/1.1 600 OK', b'HTTP/1.1 000 OK', b'HTTP/1.1 999 OK',
              b'HTTP/1.1 200 AB', b'HTTP/1.1 200 A', b'HTTP/1.1 2000 OK']
    yield from _cases('response', status, 'limit', METHODS)


SPECIAL_LINES = {
    'content-length': b'Content-Length: 5',
    'transfer-encoding': b'Transfer-Encoding: chunked',
    'range': b'Range: bytes=0-4',
    'content-range': b'Content-Range: bytes 0-4/10',
}

# (name as first sent, first value, second value) for duplicate headers.
DUPLICATES = [
    (b'Content-Length', b'0', b'0'), (b'Content-Length', b'5', b'5'),
    (b'Content-Length', b'256', b'256'), (b'Content-Length', b'257', b'257'),
    (b'Content-Length', b'5', b'6'),
    (b'Transfer-Encoding', b'chunked', b'chunked'),
    (b'Range', b'bytes=0-4', b'bytes=0-4'),
    (b'Range', b'bytes=0-4', b'bytes=0-5'),
    (b'Content-Range', b'bytes 0-4/10', b'bytes 0-4/10'),
    (b'Content-Range', b'bytes 0-4/10', b'bytes 0-5/10'),
    (b'Content-Type', b'application/json', b'application/json'),
    (b'Content-Type', b'text/html', b'text/html'),
    (b'Content-Type', b'a', b'a'),
    (b'Accept', b'*', b'*'), (b'X', b'1', b'1'), (b'X', b'1', b'2'),
    (b'Accept', b'text/html', b'text/html'), (b'A', b'b', b'c'),
]


def _duplicate_blocks():
    """Header blocks that repeat one header: same case, other case, three
    times."""
    for (name, first, second) in DUPLICATES:
        yield [name + b': ' + first, name + b': ' + second]
        yield [name + b': ' + first, name.lower() + b': ' + second]
        yield [name.upper() + b': ' + first, name + b': ' + second]
        yield [name + b': ' + first, b'Host: h', name + b': ' + second]
        yield [name + b': ' + first, name + b': ' + second,
               name.lower() + b': ' + second]


def _special_blocks():
    """Header blocks with none, one, every ordered pair and all four of the
    special headers, with an ordinary header around them."""
    names = list(SPECIAL_LINES)
    blocks = [[]] + [[n] for n in names]
    blocks += [[a, b] for a in names for b in names if a != b]
    blocks.append(names)
    for block in blocks:
        lines = [SPECIAL_LINES[n] for n in block]
        yield lines
        yield [b'Host: h'] + lines + [b'Accept: */*']


def header_combinations():
    """(d) Special-header combinations and duplicates, in requests with each
    method and in responses to each method."""
    blocks = list(_special_blocks()) + list(_duplicate_blocks())
    for lines in blocks:
        for method in METHODS:
            yield Case('request', request_preamble(method, b'/x', lines), None,
                       'combo')
            yield Case('response',
                       response_preamble(b'HTTP/1.1 200 OK', lines), method,
                       'combo')


TOKENS = [
    b' HTTP/1.1', b'HTTP/1.1 ', b'\r\n', b'\r\n\r\n', b': ', b':', b' ', b' /',
    b'/', b'//', b'..', b'.', b'?', b'&', b'=', b'%', b'%20',
    b'content-length',
    b'Content-Length', b'transfer-encoding', b'chunked', b'range', b'Range',
    b'content-range', b'content-type', b'application/json', b'bytes=',
    b'bytes ', b'-', b';', b'0', b'1', b'00', b'9999999999999999',
    b'10000000000000000', b'1000000', b'ffffff', b'GET', b'PUT', b'POST',
    b'HEAD', b'DELETE', b'200', b'099', b'600', b'OK', b'\t', b'\x00', b'\xff',
    b'\n', b'\r', b'a' * 32, b'a' * 33, b'k=v', b'*', b'_', b'~', b'"', b',',
]


def _mutate_once(rng, data, donors):
    """One random edit of data: a bit flip, a byte replaced, inserted or
    deleted, a dictionary token inserted or replacing a span, a span cut, or
    a span spliced in from another valid input."""
    op = rng.randrange(8)
    at = rng.randint(0, len(data))
    if op == 0 and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + \
            data[at + 1:]
    if op == 1 and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
    if op == 2:
        return data[:at] + bytes([rng.randrange(256)]) + data[at:]
    if op == 3 and data:
        at = min(at, len(data) - 1)
        return data[:at] + data[at + rng.randint(1, 3):]
    if op == 4:
        return data[:at] + rng.choice(TOKENS) + data[at:]
    if op == 5:
        end = min(len(data), at + rng.randint(0, 4))
        return data[:at] + rng.choice(TOKENS) + data[end:]
    if op == 6 and data:
        end = min(len(data), at + rng.randint(1, 8))
        return data[:at] + data[end:]
    donor = rng.choice(donors)
    start = rng.randint(0, len(donor))
    piece = donor[start:start + rng.randint(1, 16)]
    return data[:at] + piece + data[at:]


def mutations(rng, seeds, count):
    """(e) count random mutations (1 to 4 edits) of the valid inputs in seeds,
    a {kind: [data]} map; responses get a random method."""
    for kind in KINDS:
        pool = [d for d in seeds.get(kind, []) if len(d) < 2048]
        if not pool:
            continue
        for _ in range(count):
            data = rng.choice(pool)
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
                data = _mutate_once(rng, data, pool)
            method = rng.choice(METHODS) if kind == 'response' else None
            yield Case(kind, data, method, 'mutation')


def build_corpus(seed, count, valid_seeds_of):
    """The whole deterministic corpus, without duplicate (kind, method, data).

    valid_seeds_of(cases) returns {kind: [data]}: the inputs among cases that
    degu-parse accepts, which the mutations start from."""
    fixed = []
    for generator in (hand_picked, byte_sweeps, limits, header_combinations):
        fixed.extend(generator())
    seeds = valid_seeds_of(fixed)
    rng = random.Random(seed)
    corpus, seen = [], set()
    for case in fixed + list(mutations(rng, seeds, count)):
        key = (case.kind, case.method, case.data)
        if key not in seen:
            seen.add(key)
            corpus.append(case)
    return corpus


###############################################################################
# Running degu-parse.

def run_degu_parse(path, cases):
    """Our verdict (parsed JSON) for every case, in order; one
    `degu-parse KIND --jsonl [--method M]` run per kind and method."""
    groups = collections.defaultdict(list)
    for index, case in enumerate(cases):
        groups[(case.kind, case.method)].append(index)
    verdicts = [None] * len(cases)
    for (kind, method), indexes in groups.items():
        argv = [str(path), kind, '--jsonl']
        if method is not None:
            argv += ['--method', method]
        stdin = ''.join(cases[i].data.hex() + '\n' for i in indexes)
        proc = subprocess.run(argv, input=stdin.encode(), capture_output=True)
        lines = proc.stdout.decode().splitlines()
        if proc.returncode != 0 or len(lines) != len(indexes):
            raise SetupError('%s exited %d after %d of %d verdicts: %s' % (
                ' '.join(argv), proc.returncode, len(lines), len(indexes),
                proc.stderr.decode(errors='replace').strip()))
        for i, line in zip(indexes, lines):
            verdicts[i] = json.loads(line)
    return verdicts


###############################################################################
# Running the original: the workers live in original_worker.py (shared with
# record_original.py); here cases become worker requests.

def run_backend(python, backend, degu_pythonpath, cases, stall_seconds):
    """The original's results for every case (None where the worker died or
    hung) and the crashes, as Crash(index, returncode, stderr)."""
    requests = [{'kind': case.kind, 'hex': case.data.hex(),
                 'method': case.method} for case in cases]
    return original_worker.run_backend(python, backend, degu_pythonpath,
                                       requests, stall_seconds)


###############################################################################
# Comparing verdicts.

def canonical(verdict):
    """A string equal for equal verdicts: top-level and nested keys sorted,
    header order (wire order) kept, JSON types kept (1 != true)."""
    def walk(value, keep_order):
        if isinstance(value, dict):
            items = value.items() if keep_order else sorted(value.items())
            return [[k, walk(v, k == 'headers')] for (k, v) in items]
        if isinstance(value, list):
            return [walk(v, False) for v in value]
        return value
    fields = {k: v for (k, v) in verdict.items() if k != 'ok'}
    return json.dumps([verdict.get('ok'), walk(fields, False)])


def agree(ours, theirs):
    """Same accept/reject decision and, when both accept, the same fields."""
    if ours['ok'] != theirs['ok']:
        return False
    if not ours['ok']:
        return True
    return canonical(ours) == canonical(theirs)


def difference_kind(ours, theirs):
    if ours['ok'] and not theirs['ok']:
        return 'we accept, original rejects'
    if theirs['ok'] and not ours['ok']:
        return 'we reject, original accepts'
    return 'different fields'


###############################################################################
# Known quirks of the original.  Each is a narrow predicate on the input plus
# a transformation that undoes the quirk; a difference is explained only when
# the predicate holds and our verdict on the transformed input equals the
# original's verdict.

def _split_preamble(data):
    lines = data.split(CRLF)
    return lines[0], lines[1:]


def _header_name_value(line):
    name, sep, value = line.partition(b': ')
    return (name.lower(), value) if sep else (None, None)


def _identity_duplicate(backend, name, value):
    """Whether the original's duplicate check (which compares the stored
    objects, not their values) lets a repeat of name: value through."""
    if name == b'content-length':
        # Small ints are shared objects in CPython.
        return re.fullmatch(rb'0|[1-9][0-9]{0,2}', value) is not None and \
            int(value) <= 256
    if name == b'transfer-encoding':
        return value == b'chunked'  # Both backends store one shared str.
    if backend == 'c':
        return name == b'content-type' and value == b'application/json'
    # Python: one-character str values are shared objects; range and
    # content-range values are new objects every time.
    return name not in (b'range', b'content-range') and len(value) == 1


def _duplicates(data):
    """{name: [values]} for every header name (case folded) that occurs more
    than once in the preamble data."""
    _, lines = _split_preamble(data)
    values = collections.defaultdict(list)
    for line in lines:
        name, value = _header_name_value(line)
        if name is not None:
            values[name].append(value)
    return {n: v for (n, v) in values.items() if len(v) > 1}


def duplicates_applies(backend, case):
    """Every repeated header has equal values that the backend's identity
    check takes for the same object."""
    if case.kind not in ('request', 'response'):
        return False
    repeated = _duplicates(case.data)
    return bool(repeated) and all(
        len(set(values)) == 1 and _identity_duplicate(backend, name, values[0])
        for (name, values) in repeated.items())


def drop_duplicates(data):
    """data without the repeats of header lines (the original keeps the
    first)."""
    start, lines = _split_preamble(data)
    seen, kept = set(), [start]
    for line in lines:
        name, _ = _header_name_value(line)
        if name is not None and name in seen:
            continue
        seen.add(name)
        kept.append(line)
    return CRLF.join(kept)


def trailing_crlf_applies(backend, case):
    """The C extension ignores one CRLF at the very end of a preamble."""
    return backend == 'c' and case.kind in ('request', 'response') and \
        case.data.endswith(CRLF) and not case.data.endswith(CRLF + CRLF)


def drop_trailing_crlf(data):
    return data[:-len(CRLF)]


# our_errors: the errors we give for the input the quirk concerns.
Quirk = collections.namedtuple('Quirk',
                               'name explanation our_errors applies undo')

QUIRKS = [
    Quirk('E-1-duplicate-identity',
          'the original detects a repeated header by object identity, not by '
          'value: equal content-length values 0..256 and repeated '
          '"transfer-encoding: chunked" pass in both backends, '
          '"content-type: application/json" in the C extension, and any '
          'one-byte value of an ordinary header in the Python backend; we '
          'reject every repeat (HDR-DUP-1)',
          {'duplicate_header'}, duplicates_applies, drop_duplicates),
    Quirk('E-10-c-trailing-crlf',
          'the C extension ignores a CRLF at the end of a preamble given to '
          'the parse function (a socket reader never yields one); we and the '
          'Python backend see an empty, too short header line',
          {'header_line_too_short'}, trailing_crlf_applies,
          drop_trailing_crlf),
]

# Crashes of the original that are expected: (name, predicate(backend,
# case)).  The two known aborts of the C extension cannot be reached through
# the functions compared here -- E-11 needs a URI without a path, which a
# request line never yields, and E-9 a chunk *read* of 0x1000000 bytes, which
# parse_chunk does not do -- so every crash here is unexpected.
KnownCrash = collections.namedtuple('KnownCrash', 'name applies')
KNOWN_CRASHES = []


def _quirk_combinations():
    """Every non-empty set of quirks, smallest first."""
    combos = [[q] for q in QUIRKS]
    for i in range(len(QUIRKS)):
        for j in range(i + 1, len(QUIRKS)):
            combos.append([QUIRKS[i], QUIRKS[j]])
    return combos


def candidate_explanations(backend, case, ours):
    """(quirk names, transformed data) for every set of quirks whose
    predicates hold for case, given our rejection ours."""
    out = []
    for combo in _quirk_combinations():
        if ours['ok'] or ours['error'] not in set().union(
                *(q.our_errors for q in combo)):
            continue
        if all(q.applies(backend, case) for q in combo):
            data = case.data
            for quirk in combo:
                data = quirk.undo(data)
            out.append(([q.name for q in combo], data))
    return out


###############################################################################
# Mapping the original's error messages onto our error names (informational).

# (category, pattern matched at the start of the message, our error names
# that mean the same rule).  The original has one message for several of our
# errors (range, content-range).
ORIGINAL_MESSAGES = [
    ('preamble-empty', r'(request|response) preamble is empty',
     {'preamble_empty'}),
    ('request-line-too-short', r'request line too short',
     {'request_line_too_short'}),
    ('bad-protocol', r'bad protocol in request line', {'bad_protocol'}),
    ('bad-request-line', r'bad request line', {'bad_request_line'}),
    ('bad-method', r'bad HTTP method', {'bad_method'}),
    ('bad-uri-bytes', r'bad bytes in uri', {'bad_uri_bytes'}),
    ('double-slash-in-path', r"b'//' in path", {'empty_path_component'}),
    ('bad-path-component', r'bad path component', {'dotdot_path_component'}),
    ('bad-path-component-bytes', r'bad bytes in path component',
     {'bad_path_component_bytes'}),
    ('bad-query-bytes', r'bad bytes in query', {'bad_query_bytes'}),
    ('header-line-too-short', r'header line too short',
     {'header_line_too_short'}),
    ('bad-header-line', r'bad header line', {'bad_header_line'}),
    ('header-name-empty', r'header name is empty', {'header_name_empty'}),
    ('header-name-too-long', r'header name too long',
     {'header_name_too_long'}),
    ('bad-header-name-bytes', r'bad bytes in header name',
     {'bad_header_name_bytes'}),
    ('header-value-empty', r'header value is empty', {'header_value_empty'}),
    ('bad-header-value-bytes', r'bad bytes in header value',
     {'bad_header_value_bytes'}),
    ('duplicate-header', r'duplicate header', {'duplicate_header'}),
    ('bad-content-length', r'bad content-length', {'bad_content_length'}),
    ('content-length-too-long', r'content-length too long',
     {'content_length_too_long'}),
    ('bad-transfer-encoding', r'bad transfer-encoding',
     {'bad_transfer_encoding'}),
    ('bad-range', r'bad range', {'bad_range', 'range_reversed',
                                 'range_too_large'}),
    ('range-too-long', r'range too long', {'range_too_long'}),
    ('bad-content-range', r'bad content-range',
     {'bad_content_range', 'content_range_reversed',
      'content_range_beyond_total'}),
    ('content-range-too-long', r'content-range too long',
     {'content_range_too_long'}),
    ('both-framing-headers',
     r'cannot have both content-length and transfer-encoding',
     {'content_length_with_transfer_encoding'}),
    ('range-with-framing', r'cannot include range header and content-length',
     {'range_with_body_framing'}),
    ('range-in-response', r"response cannot include a 'range' header",
     {'range_in_response'}),
    ('content-range-in-request',
     r"request cannot include a 'content-range' header",
     {'content_range_in_request'}),
    ('body-on-bodiless-method',
     r"'[A-Z]+' request with a '(content-length|transfer-encoding)' header",
     {'body_on_bodiless_method'}),
    ('response-line-too-short', r'response line too short',
     {'response_line_too_short'}),
    ('bad-response-line', r'bad response line', {'bad_response_line'}),
    ('bad-status', r'bad status', {'bad_status'}),
    ('bad-reason', r'bad reason', {'bad_reason'}),
    ('chunk-size-too-long', r'chunk_size is too long',
     {'chunk_size_too_long'}),
    ('bad-chunk-size', r'bad chunk_size', {'bad_chunk_size'}),
    ('chunk-size-too-large', r'need chunk_size <= ', {'chunk_size_too_large'}),
    ('bad-chunk-extension-key', r'bad chunk extension key',
     {'bad_chunk_extension_key'}),
    ('bad-chunk-extension-value', r'bad chunk extension value',
     {'bad_chunk_extension_value'}),
    ('bad-chunk-extension', r'bad chunk extension', {'bad_chunk_extension'}),
    ('crlf-not-found', r"b'\\r\\n' not found", {'chunk_line_incomplete'}),
]


def original_category(result):
    """(category, our error names it corresponds to) for an original
    rejection; the category is that of the longest matching pattern."""
    message = result.get('message', '')
    if result.get('exception') not in ('ValueError', 'EmptyPreambleError'):
        return '%s: %s' % (result.get('exception'), message[:60]), set()
    best = None
    for (category, pattern, names) in ORIGINAL_MESSAGES:
        match = re.match(pattern, message)
        if match and (best is None or match.end() > best[0]):
            best = (match.end(), category, names)
    if best is None:
        return 'unmapped: ' + message[:60], set()
    return best[1], best[2]


# Known reasons why the original's message names another rule than our error
# on an input both reject: (erratum, explanation, predicate(backend, case,
# our error, their category)).  A mismatch none of these explains is shown
# as 'not explained' (informational: acceptance agrees).
NAMING_NOTES = [
    ('E-1', 'the original let the identical repeat through and then failed '
     'a later rule; we stop at the repeat',
     lambda backend, case, error, category: error == 'duplicate_header' and
     duplicates_applies(backend, case)),
    ('E-17', 'an empty special header value is reported as bad syntax of '
     'that header, not as an empty value',
     lambda backend, case, error, category: error == 'header_value_empty' and
     category in ('bad-content-length', 'bad-transfer-encoding', 'bad-range',
                  'bad-content-range')),
    ('E-17', "the Python backend looks for '//' in the whole path before "
     'checking components',
     lambda backend, case, error, category: backend == 'py' and
     category == 'double-slash-in-path' and
     error in ('dotdot_path_component', 'bad_path_component_bytes')),
    ('E-17', 'an empty chunk-size line is reported as a missing CRLF',
     lambda backend, case, error, category: category == 'crlf-not-found' and
     case.data == b'' and error == 'bad_chunk_size'),
]


def naming_note(backend, case, error, category):
    for (erratum, explanation, applies) in NAMING_NOTES:
        if applies(backend, case, error, category):
            return '%s: %s' % (erratum, explanation)
    return None


###############################################################################
# The comparison itself.

def _example(case, ours, theirs):
    return {'kind': case.kind, 'method': case.method, 'origin': case.origin,
            'hex': case.data.hex(), 'escaped': _escaped(case.data),
            'ours': ours, 'original': theirs}


def _escaped(data, limit=160):
    text = repr(data)[2:-1]
    if len(text) <= limit:
        return text
    return text[:limit] + '...(%d bytes)' % len(data)


def verified_explanations(path, cases, ours, backend_results, differing):
    """{(backend, index): quirk names} for the differing inputs that a set
    of quirks explains: its predicates hold and degu-parse on the input with
    the quirks undone gives exactly the original's verdict."""
    pending = []  # (backend, index, quirk names, transformed data)
    for backend, index in differing:
        if not backend_results[backend][index]['ok']:
            continue  # Every quirk makes the original accept more.
        for names, data in candidate_explanations(backend, cases[index],
                                                  ours[index]):
            pending.append((backend, index, names, data))
    transformed = [Case(cases[i].kind, data, cases[i].method, 'undo')
                   for (_, i, _, data) in pending]
    verdicts = run_degu_parse(path, transformed) if transformed else []
    explained = {}
    for (backend, index, names, _), verdict in zip(pending, verdicts):
        if (backend, index) not in explained and \
                agree(verdict, backend_results[backend][index]):
            explained[(backend, index)] = names
    return explained


def classify_differences(path, cases, ours, backend_results):
    """{backend: [difference]} where a difference is an _example() plus
    'what', 'class' (quirk names joined by '+', or UNEXPLAINED) and
    'explanation'."""
    differing = [(backend, index)
                 for backend, results in backend_results.items()
                 for index, theirs in enumerate(results)
                 if theirs is not None and not agree(ours[index], theirs)]
    explained = verified_explanations(path, cases, ours, backend_results,
                                      differing)
    quirks = {q.name: q.explanation for q in QUIRKS}
    out = collections.defaultdict(list)
    for backend, index in differing:
        theirs = backend_results[backend][index]
        names = explained.get((backend, index))
        item = _example(cases[index], ours[index], theirs)
        item['what'] = difference_kind(ours[index], theirs)
        item['class'] = '+'.join(names) if names else UNEXPLAINED
        item['explanation'] = '; '.join(quirks[n] for n in names) if names \
            else 'no known quirk of the original explains this difference'
        out[backend].append(item)
    return out


def classify_crashes(backend, cases, crashes):
    out = []
    for crash in crashes:
        case = cases[crash.index]
        known = [k.name for k in KNOWN_CRASHES if k.applies(backend, case)]
        item = _example(case, None, None)
        item.update({'class': known[0] if known else UNEXPECTED_CRASH,
                     'returncode': crash.returncode,
                     'stderr': crash.stderr})
        out.append(item)
    return out


def error_name_mapping(backend, cases, ours, results):
    """How often our error name is one the original's message names, over
    inputs both reject; mismatches grouped by (their category, our error),
    each with the erratum that explains it, if any."""
    matched, total = 0, 0
    mismatches = {}
    for case, mine, theirs in zip(cases, ours, results):
        if theirs is None or mine['ok'] or theirs['ok']:
            continue
        total += 1
        category, names = original_category(theirs)
        if mine['error'] in names:
            matched += 1
            continue
        note = naming_note(backend, case, mine['error'], category)
        key = '%s -> %s%s' % (category, mine['error'],
                              '' if note else ' (not explained)')
        entry = mismatches.setdefault(key, {'count': 0, 'note': note,
                                            'examples': []})
        entry['count'] += 1
        if len(entry['examples']) < 3:
            entry['examples'].append(_example(case, mine, theirs))
    return {'both_reject': total, 'matched': matched,
            'not_explained': sum(e['count'] for e in mismatches.values()
                                 if e['note'] is None),
            'mismatches': dict(sorted(mismatches.items(),
                                      key=lambda kv: -kv[1]['count']))}


def summarise(cases, ours, backend_results, differences, crashes, infos):
    """The machine-readable report."""
    report = {'inputs': {}, 'backends': {}, 'c_vs_py': None}
    per_kind = collections.Counter(c.kind for c in cases)
    origins = collections.defaultdict(collections.Counter)
    for case in cases:
        origins[case.kind][case.origin.split(':')[0]] += 1
    for kind in KINDS:
        report['inputs'][kind] = {'total': per_kind[kind],
                                  'by_origin': dict(origins[kind])}
    for backend, results in backend_results.items():
        stats = {}
        for kind in KINDS:
            stats[kind] = collections.Counter()
        for case, mine, theirs in zip(cases, ours, results):
            s = stats[case.kind]
            if theirs is None:
                s['crashed'] += 1
            elif agree(mine, theirs):
                s['agree, both %s' % ('accept' if mine['ok'] else
                                      'reject')] += 1
            else:
                s['differ'] += 1
        classes = collections.Counter(d['class'] for d in differences[backend])
        by_class = collections.defaultdict(lambda: collections.Counter())
        for d in differences[backend]:
            by_class[d['class']][d['kind']] += 1
        report['backends'][backend] = {
            'info': infos[backend],
            'per_kind': {k: dict(v) for (k, v) in stats.items()},
            'differences_by_class': dict(classes),
            'differences_by_class_and_kind': {
                k: dict(v) for (k, v) in by_class.items()},
            'differences': differences[backend],
            'crashes': crashes[backend],
            'error_names': error_name_mapping(backend, cases, ours, results),
        }
    if len(backend_results) == 2:
        report['c_vs_py'] = c_vs_py(cases, backend_results['c'],
                                    backend_results['py'])
    return report


def c_vs_py(cases, c_results, py_results):
    """How often the two backends of the original disagree, by kind and
    direction (each such input also differs from us, so it is classified
    above)."""
    split = collections.Counter()
    for case, c, py in zip(cases, c_results, py_results):
        if c is None or py is None or agree(c, py):
            continue
        if c['ok'] and not py['ok']:
            what = 'C accepts, Python rejects'
        elif py['ok'] and not c['ok']:
            what = 'Python accepts, C rejects'
        else:
            what = 'different fields'
        split['%s: %s' % (case.kind, what)] += 1
    return dict(split)


def unexplained_counts(report):
    """(UNEXPLAINED differences, unexpected crashes) over all backends."""
    differences = crashes = 0
    for data in report['backends'].values():
        differences += sum(1 for d in data['differences']
                           if d['class'] == UNEXPLAINED)
        crashes += sum(1 for c in data['crashes']
                       if c['class'] == UNEXPECTED_CRASH)
    return differences, crashes


###############################################################################
# Printing.

def _print_example(item, indent='      '):
    method = ' (%s)' % item['method'] if item['method'] else ''
    print('%s%s%s [%s] %s' % (indent, item['kind'], method, item['origin'],
                              item['escaped']))
    hexed = item['hex']
    if len(hexed) > 120:
        hexed = hexed[:120] + '...'
    print('%s  hex %s' % (indent, hexed or '(empty)'))
    if item.get('ours') is not None:
        print('%s  ours     %s' % (indent, _short(item['ours'])))
    if item.get('original') is not None:
        print('%s  original %s' % (indent, _short(item['original'])))


def diverse(items, n):
    """Up to n of items, one per (kind, origin, method) first."""
    firsts, rest, seen = [], [], set()
    for item in items:
        key = (item['kind'], item['origin'].split(':')[0], item['method'])
        (rest if key in seen else firsts).append(item)
        seen.add(key)
    return (firsts + rest)[:n]


def _short(verdict, limit=200):
    text = json.dumps(verdict)
    return text if len(text) <= limit else text[:limit] + '...'


def print_summary(report, examples):
    print('Degu differential comparison: degu-parse vs the original Degu')
    print('seed %s, %s mutations per kind, %d inputs, %.1f s' % (
        report['seed'], report['count'], report['total_inputs'],
        report['seconds']))
    print('\nInputs per kind:')
    for kind, data in report['inputs'].items():
        origins = ', '.join('%s %d' % kv
                            for kv in sorted(data['by_origin'].items()))
        print('  %-15s %6d  (%s)' % (kind, data['total'], origins))
    for note in report['notes']:
        print('\nNOTE: ' + note)
    print('\nKnown quirks of the original (a difference is put in a class '
          'only if undoing the quirk makes our verdict equal the '
          'original\'s):')
    for quirk in QUIRKS:
        print('  %s: %s' % (quirk.name, quirk.explanation))
    for backend, data in report['backends'].items():
        info = data['info']
        print('\n== %s, Python %s, %s' % (BACKEND_NAMES[backend],
                                          info['python'], info['file']))
        print('  %-15s %8s %8s %8s %8s' % ('kind', 'accept', 'reject',
                                          'differ', 'crashed'))
        for kind, s in data['per_kind'].items():
            if not report['inputs'][kind]['total']:
                continue
            print('  %-15s %8d %8d %8d %8d' % (
                kind, s.get('agree, both accept', 0),
                s.get('agree, both reject', 0), s.get('differ', 0),
                s.get('crashed', 0)))
        classes = data['differences_by_class']
        if not classes:
            print('  no differences')
        for cls, count in sorted(classes.items(), key=lambda kv: -kv[1]):
            per_kind = ', '.join('%s %d' % kv for kv in sorted(
                data['differences_by_class_and_kind'][cls].items()))
            print('  %s: %d  (%s)' % (cls, count, per_kind))
            items = [d for d in data['differences'] if d['class'] == cls]
            for item in diverse(items, 20 if cls == UNEXPLAINED else examples):
                _print_example(item)
        for crash in data['crashes']:
            print('  crash (%s), exit %s:' % (crash['class'],
                                              crash['returncode']))
            _print_example(crash)
            lines = [l for l in crash['stderr'].splitlines() if l.strip()]
            for line in lines[:1] + [l for l in lines if 'File "' in l][:3]:
                print('        ' + line.strip())
        names = data['error_names']
        if names['both_reject']:
            print('  error names (informational): of %d inputs both reject, '
                  '%d (%.2f%%) get an error of ours that the original\'s '
                  'message names; %d others are not explained by an '
                  'erratum' % (
                      names['both_reject'], names['matched'],
                      100.0 * names['matched'] / names['both_reject'],
                      names['not_explained']))
        for key, entry in names['mismatches'].items():
            print('    %6d  %s' % (entry['count'], key))
            if entry['note']:
                print('            ' + entry['note'])
            for ex in entry['examples'][:1 if entry['note'] else 3]:
                print('            e.g. %s %s -> original: %s' % (
                    ex['kind'], ex['escaped'][:80],
                    ex['original']['message'][:80]))
    if report['c_vs_py'] is not None:
        print('\nC extension vs Python backend: %d inputs differ' % sum(
            report['c_vs_py'].values()))
        for key, count in sorted(report['c_vs_py'].items()):
            print('  %6d  %s' % (count, key))
    differences, crashes = report['unexplained'], report['unexpected_crashes']
    if differences or crashes:
        print('\nRESULT: FAIL: %d UNEXPLAINED difference(s), %d unexpected '
              'crash(es)' % (differences, crashes))
    else:
        print('\nRESULT: PASS: every difference is a known quirk of the '
              'original')


###############################################################################
# Main.

def check_setup(args):
    """(degu_pythonpath, degu-parse path, {backend: greeting}); raises
    SetupError when something is missing."""
    degu_pythonpath = os.environ.get('DEGU_PYTHONPATH')
    if not degu_pythonpath:
        raise SetupError('DEGU_PYTHONPATH is not set: point it at a directory '
                         'where `import degu` works (the original Degu)')
    path = pathlib.Path(args.degu_parse)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise SetupError('degu-parse not found at %s (run `make build` or use '
                         '--degu-parse)' % path)
    infos = {}
    for backend in args.backends:
        hello = probe_backend(args.python, backend, degu_pythonpath)
        if hello.get('ready'):
            infos[backend] = hello
        elif backend == 'py':
            raise SetupError('cannot import the original Degu from '
                             'DEGU_PYTHONPATH=%s: %s' % (degu_pythonpath,
                                                         hello['error']))
        else:
            infos[backend] = hello  # No C extension built: noted, skipped.
    return degu_pythonpath, path, infos


def valid_seeds_from(path):
    def valid_seeds_of(cases):
        verdicts = run_degu_parse(path, cases)
        seeds = collections.defaultdict(list)
        for case, verdict in zip(cases, verdicts):
            if verdict['ok'] and case.data not in seeds[case.kind]:
                seeds[case.kind].append(case.data)
        return seeds
    return valid_seeds_of


def compare(args):
    """Runs the whole comparison; returns the report."""
    started = time.monotonic()
    degu_pythonpath, path, infos = check_setup(args)
    notes = []
    for backend, hello in list(infos.items()):
        if not hello.get('ready'):
            notes.append('%s not compared: %s' % (BACKEND_NAMES[backend],
                                                  hello['error']))
            del infos[backend]
    cases = build_corpus(args.seed, args.count, valid_seeds_from(path))
    cases = [c for c in cases if c.kind in args.kinds]
    outcome = {}

    def run(backend):
        try:
            outcome[backend] = run_backend(args.python, backend,
                                           degu_pythonpath, cases,
                                           args.stall_timeout)
        except SetupError as e:
            outcome[backend] = e
    threads = [threading.Thread(target=run, args=(b,)) for b in infos]
    for t in threads:
        t.start()
    ours = run_degu_parse(path, cases)
    for t in threads:
        t.join()
    for value in outcome.values():
        if isinstance(value, SetupError):
            raise value
    backend_results = {b: outcome[b][0] for b in infos}
    crashes = {b: classify_crashes(b, cases, outcome[b][1]) for b in infos}
    differences = classify_differences(path, cases, ours, backend_results)
    report = summarise(cases, ours, backend_results, differences, crashes,
                       infos)
    report.update({'seed': args.seed, 'count': args.count,
                   'total_inputs': len(cases), 'notes': notes,
                   'degu_parse': str(path),
                   'seconds': time.monotonic() - started})
    report['unexplained'], report['unexpected_crashes'] = \
        unexplained_counts(report)
    return report


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Compare degu-parse with the original Python Degu '
        '(found through DEGU_PYTHONPATH) on a generated corpus.')
    parser.add_argument('--degu-parse', default=str(DEFAULT_DEGU_PARSE),
                        help='path to degu-parse (default: %(default)s)')
    parser.add_argument('--seed', type=int, default=DEFAULT_SEED,
                        help='seed of the random mutations (default: '
                        '%(default)s)')
    parser.add_argument('--count', type=int, default=DEFAULT_COUNT,
                        help='random mutations per kind (default: '
                        '%(default)s)')
    parser.add_argument('--kinds', default=','.join(KINDS),
                        help='comma-separated kinds to compare (default: all)')
    parser.add_argument('--backends', default='c,py',
                        help='backends of the original: c, py or c,py '
                        '(default: %(default)s; c is skipped with a note when '
                        'the C extension is not built)')
    parser.add_argument('--python', default=sys.executable,
                        help='interpreter for the original (default: this '
                        'one)')
    parser.add_argument('--stall-timeout', type=float, default=60,
                        metavar='SECONDS',
                        help='a worker of the original that answers nothing '
                        'for this long is killed and the input reported as a '
                        'crash (default: %(default)s)')
    parser.add_argument('--examples', type=int, default=3,
                        help='examples printed per class (default: '
                        '%(default)s; all UNEXPLAINED up to 20)')
    parser.add_argument('--json', metavar='FILE',
                        help='write the full report as JSON to FILE')
    parser.add_argument('--worker', choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.kinds = [k for k in args.kinds.split(',') if k]
    args.backends = [b for b in args.backends.split(',') if b]
    for kind in args.kinds:
        if kind not in KINDS:
            parser.error('unknown kind %r (choose from %s)' % (
                kind, ', '.join(KINDS)))
    for backend in args.backends:
        if backend not in BACKENDS:
            parser.error('unknown backend %r (choose c or py)' % backend)
    if args.count < 0:
        parser.error('--count must not be negative')
    return args


def main(argv):
    args = parse_args(argv)
    if args.worker:
        return worker_main(args.worker)
    try:
        report = compare(args)
    except SetupError as e:
        print('compare_original: %s' % e, file=sys.stderr)
        return EXIT_SETUP
    print_summary(report, args.examples)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(report, f, indent=1)
            f.write('\n')
    failed = report['unexplained'] or report['unexpected_crashes']
    return EXIT_DIFFERENCES if failed else EXIT_OK


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
