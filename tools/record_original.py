#!/usr/bin/env python3
"""record_original.py: record what the original Python Degu does with every
test vector (the `observed` and `provenance` members of docs/VECTORS.md).

For every vector file under vectors/hand and vectors/generated, each vector
goes through both backends of the original -- its C extension (`c`) and its
pure-Python backend (`py`) -- each in one long-lived worker process
(tools/original_worker.py) that survives the C extension aborting.  What
runs, per kind:

  request, response   parse_request(preamble, rfile) / parse_response(method,
                      preamble, rfile); with "wire" the preamble is first cut
                      as a reader would (the first CRLFCRLF ending within
                      32768 bytes; none, or an empty preamble, is a
                      rejection) and `consumed` is its end
  chunk_line          parse_chunk(line); with "wire" cut at the first CRLF
                      ending within 4096 bytes
  chunked_body        readchunk() over an in-memory file until the chunk of
                      empty data; `consumed` is the file position then
  content_length, range, content_range, header_name
                      parse_content_length() and the like (a range
                      Range(start, stop) is first = start, last = stop - 1)
  render_request, render_response
                      the header pairs become the dict the original takes;
                      the framing header is applied as the original's writer
                      does for a body of that framing (set_output_headers
                      with a bytes body of the length, a ChunkedBodyIter, or
                      None); then the original's writer (which checks the
                      method) writes the preamble to an in-memory socket.  A
                      message that repeats a header name cannot be expressed
                      as a dict: it agrees only with an expected
                      `duplicate_header` rejection
  render_chunk_line   format_chunk((extension, data of the size))
  exchange            the backend's server loop, _handle_requests(app,
                      Session(...), sock), serves one end of an AF_UNIX
                      socketpair in a thread, running the reflect
                      application (docs/REFLECT.md, tools/reflect_app.py),
                      while tools/original_exchange.py plays the peer
                      (run_peer)
  client_exchange     the backend's Connection(sock, base_headers), with the
                      base headers of degu.client.Client(address, host=...,
                      authorization=...), performs the actions on one end of
                      an AF_UNIX socketpair, reading each response body
                      completely, while tools/original_exchange.py's
                      harness plays the server (run_harness)

The result is compared with `expected`: the same accept/reject and, for
accepts, every field (any rejection agrees with any expected rejection);
for an exchange, the same response bytes and the same ending; for a client
exchange, the same bytes sent and the same outcome of every action (any
failure agrees with any expected failure).  No erratum explains a client
exchange difference yet: every one fails.
Agreement is recorded as "expected"; a difference as {"outcome": the
original's outcome in the expected shape ({"ok": false} for a rejection,
{"crash": true} for an abort), "erratum": "E-n"}.

A difference gets an erratum (SPEC.md section 16) only through the narrow
predicates below, each checked against the input and, where it can be, by
undoing the quirk: E-1 (duplicates compared by identity) and E-10 (C ignores
a final CRLF of a preamble buffer) through compare_original.py's quirks,
confirmed by degu-parse on the input with the quirk undone; E-9 (a chunk of
0x1000000 aborts C and fails Py at that very chunk); E-2, E-4, E-5, E-6,
E-7, E-8 (the original renders what the specification refuses), confirmed by
the original's output being the message rendered verbatim; E-3 (a given
content-length is compared as text with the body's integer length),
confirmed by the original rendering the expected output when given the
integer; for exchanges, E-2 and E-4 (a header the reflect application's
/_header route hands the server is sent although OUT-VALUE-1 or
OUT-SPECIAL-1 refuse it), confirmed by the original's response being that
header rendered verbatim, and E-13 (Py sends part of a /_chunked answer
whose one chunk exceeds its 32768-byte write buffer, then fails), confirmed
by the loop ending in an AssertionError after more than 32768 bytes of the
expected response.  A difference with no erratum is a bug in SPEC.md or a
new erratum to write: nothing is written for its file, every such vector is
printed, and the exit status is 1.

Only `observed` (for the backends that ran) and `provenance` are rewritten,
through tools/vectors.py's canonical layout.  When no observed member of a
file changes, its provenance -- and so its recording date -- is kept, so a
second run changes nothing, byte for byte.  A file that changed on disk while
the original was running is not written (run again).

The original is found only through DEGU_PYTHONPATH.  Exit status: 0 every
difference explained; 1 an unexplained difference, or a file that could not
be read or written; 2 DEGU_PYTHONPATH unset, `import degu` failing, or a
usage error.
"""

import argparse
import collections
import datetime
import json
import os
import pathlib
import re
import subprocess
import sys
import threading

TOOLS = pathlib.Path(__file__).resolve().parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import compare_original  # noqa: E402  (quirks E-1, E-10; agree; degu-parse)
import original_exchange  # noqa: E402
import original_worker  # noqa: E402
import reflect_app  # noqa: E402  (percent_decode, for E-2 and E-4)
import vectors  # noqa: E402
from original_worker import BACKENDS, BACKEND_NAMES, SetupError  # noqa: E402

ROOT = TOOLS.parent
EXIT_OK, EXIT_UNEXPLAINED, EXIT_SETUP = 0, 1, 2
ORIGINAL = 'json420/degu'
DEFAULT_COMMIT = 'a172bab'
STALL_SECONDS = 60
MAX_CHUNK = 0x1000000
INEXPRESSIBLE = ('cannot be expressed: the original takes headers as a dict, '
                 'which cannot repeat a name')

SKIP_NOTE = 'DEGU_PYTHONPATH is not set; skipping vectors against the ' \
    'original Degu'


###############################################################################
# Setup.

Setup = collections.namedtuple(
    'Setup', 'python degu_pythonpath infos degu_parse commit notes')


def find_degu_parse(given=None):
    """degu-parse for the undo checks of E-1 and E-10: given, $DEGU_PARSE or
    build/reference/cli/degu-parse; None when there is none."""
    for candidate in (given, os.environ.get('DEGU_PARSE'),
                      ROOT / 'build' / 'reference' / 'cli' / 'degu-parse'):
        if candidate and os.path.isfile(candidate) and \
                os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def original_commit(degu_pythonpath, fallback):
    """The short git commit of the original when DEGU_PYTHONPATH is the top
    of a git work tree, else fallback."""
    where = os.path.realpath(degu_pythonpath)

    def git(*argv):
        proc = subprocess.run(['git', '-C', where] + list(argv),
                              capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else None
    try:
        top = git('rev-parse', '--show-toplevel')
        if top and os.path.realpath(top) == where:
            return git('rev-parse', '--short=7', 'HEAD') or fallback
    except OSError:
        pass
    return fallback


def make_setup(backends=None, python=None, degu_parse=None,
               commit=DEFAULT_COMMIT):
    """Checks that the original can be run; raises SetupError.  backends
    None means c and py, c being skipped with a note when the C extension
    is not built; named backends must all import."""
    degu_pythonpath = os.environ.get('DEGU_PYTHONPATH')
    if not degu_pythonpath:
        raise SetupError('DEGU_PYTHONPATH is not set: point it at a directory '
                         'where `import degu` works (the original Degu)')
    python = python or sys.executable
    infos, notes = {}, []
    for backend in backends or BACKENDS:
        hello = original_worker.probe_backend(python, backend,
                                              degu_pythonpath)
        if hello.get('ready'):
            infos[backend] = hello
        elif backend == 'c' and backends is None:
            notes.append('%s not run: %s' % (BACKEND_NAMES['c'],
                                             hello['error']))
        else:
            raise SetupError('cannot import the original Degu (%s) from '
                             'DEGU_PYTHONPATH=%s: %s' % (
                                 BACKEND_NAMES[backend], degu_pythonpath,
                                 hello['error']))
    found = find_degu_parse(degu_parse)
    if found is None:
        notes.append('degu-parse not found (build it or set DEGU_PARSE): '
                     'E-1 and E-10 rest on their predicates, unconfirmed')
    return Setup(python, degu_pythonpath, infos, found,
                 original_commit(degu_pythonpath, commit), notes)


###############################################################################
# Vector files.

VectorFile = collections.namedtuple('VectorFile', 'path text doc')


def display(path):
    try:
        return str(pathlib.Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def load_file(path):
    """A VectorFile, or raises ValueError saying why it cannot be recorded."""
    text = pathlib.Path(path).read_text()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError('not JSON: %s' % e)
    kind = doc.get('kind')
    if kind not in vectors.KINDS:
        raise ValueError('unknown kind %r' % kind)
    for v in doc.get('vectors', []):
        problem = None
        if 'id' not in v or 'expected' not in v:
            problem = 'a vector without "id" or "expected"'
        elif kind in vectors.RENDER_KINDS and 'message' not in v:
            problem = 'no "message"'
        elif kind == 'client_exchange':
            problem = _client_exchange_problem(v)
        elif kind in vectors.EXCHANGE_KINDS:
            problem = _exchange_problem(v)
        elif kind in vectors.BYTE_KINDS:
            try:
                data = input_bytes(v)
                if 'input' in v and vectors.unescape(v['input']) != data:
                    problem = 'input and input_hex differ'
            except (KeyError, ValueError) as e:
                problem = 'bad input: %s' % e
        if problem:
            raise ValueError('%s: %s' % (v.get('id', '?'), problem))
    return VectorFile(pathlib.Path(path), text, doc)


def _exchange_problem(v):
    try:
        send = bytes.fromhex(v['send_hex'])
        response = bytes.fromhex(v['expected']['response_hex'])
        if vectors.unescape(v['send']) != send:
            return 'send and send_hex differ'
        if vectors.unescape(v['expected']['response']) != response:
            return 'expected response and response_hex differ'
        if v['expected']['ending'] not in ('open', 'closed'):
            return 'expected ending is neither "open" nor "closed"'
    except (KeyError, TypeError, ValueError) as e:
        return 'bad exchange: %s' % e
    return None


def _client_exchange_problem(v):
    try:
        if [vectors.unescape(r).hex() for r in v['replies']] != \
                v['replies_hex']:
            return 'replies and replies_hex differ'
        expected = v['expected']
        if vectors.unescape(expected['sent']).hex() != expected['sent_hex']:
            return 'expected sent and sent_hex differ'
        if len(expected['outcomes']) != len(v['actions']):
            return 'expected outcomes: not one per action'
    except (KeyError, TypeError, ValueError) as e:
        return 'bad client exchange: %s' % e
    return None


def input_bytes(vector):
    if 'input_hex' in vector:
        return bytes.fromhex(vector['input_hex'])
    return vectors.unescape(vector['input'])


###############################################################################
# Running the vectors through the original.

def worker_kind(kind):
    return kind.replace('_', '-')


def requests_for(kind, vector):
    """The worker requests for one vector: the vector itself, and for
    rendering with a given content-length the E-3 variant."""
    if kind == 'client_exchange':
        return [original_exchange.client_request(vector)]
    if kind in vectors.EXCHANGE_KINDS:
        return [original_exchange.server_request(vector)]
    if kind in vectors.RENDER_KINDS:
        first = {'kind': worker_kind(kind), 'message': vector['message']}
        out = [first]
        if kind != 'render_chunk_line' and _given_length(vector['message']):
            out.append(dict(first, variant='content-length-as-int'))
        return out
    return [{'kind': worker_kind(kind), 'hex': input_bytes(vector).hex(),
             'method': vector.get('method'),
             'wire': bool(vector.get('wire'))}]


def outcome_of(kind, answer):
    """The original's outcome in the shape of `expected`."""
    if answer is None:
        return {'crash': True}
    if kind == 'client_exchange':
        if 'sent_hex' not in answer:  # The harness itself failed.
            return {'harness_error': '%s: %s' % (answer.get('exception'),
                                                 answer.get('message'))}
        return original_exchange.client_outcome(answer)
    if kind in vectors.EXCHANGE_KINDS:
        if 'response_hex' not in answer:  # The harness itself failed.
            return {'harness_error': '%s: %s' % (answer.get('exception'),
                                                 answer.get('message'))}
        return original_exchange.server_outcome(answer)
    if not answer['ok']:
        return {'ok': False}
    if kind in vectors.RENDER_KINDS:
        data = bytes.fromhex(answer['output_hex'])
        return {'ok': True, 'output': vectors.escape(data),
                'output_hex': data.hex()}
    return dict(answer)


def agrees(expected, answer, outcome):
    if outcome.get('crash') or 'harness_error' in outcome:
        return False
    if 'outcomes' in expected:
        return original_exchange.client_agrees(expected, outcome)
    if 'ending' in expected:
        return original_exchange.server_agrees(expected, outcome)
    if answer.get('inexpressible'):
        return expected.get('ok') is False and \
            expected.get('error') == 'duplicate_header'
    return compare_original.agree(expected, outcome)


# One vector run through one backend.  observed: the member to record, or
# None when the difference is unexplained.
Finding = collections.namedtuple(
    'Finding', 'observed outcome answer stderr candidates')


def run_all(setup, requests):
    """{backend: (answers, {index: crash stderr})} for every backend of
    setup, all backends at once."""
    outcome = {}

    def run(backend):
        try:
            answers, crashes = original_worker.run_backend(
                setup.python, backend, setup.degu_pythonpath, requests,
                STALL_SECONDS)
            outcome[backend] = (answers, {c.index: c.stderr for c in crashes})
        except SetupError as e:
            outcome[backend] = e
    threads = [threading.Thread(target=run, args=(b,)) for b in setup.infos]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for value in outcome.values():
        if isinstance(value, SetupError):
            raise value
    return outcome


def observe(setup, files):
    """{(path, vector id): {backend: Finding}} for every vector of files
    (VectorFile), every backend of setup."""
    requests, slots = [], []   # slots[i]: (path, vector, [request indexes])
    for f in files:
        kind = f.doc['kind']
        for v in f.doc.get('vectors', []):
            mine = requests_for(kind, v)
            first = len(requests)
            slots.append((f.path, kind, v,
                          list(range(first, first + len(mine)))))
            requests.extend(mine)
    ran = run_all(setup, requests)
    findings, pending = {}, []
    for path, kind, v, indexes in slots:
        per_backend = {}
        for backend in [b for b in BACKENDS if b in ran]:
            answers, crashes = ran[backend]
            answer = answers[indexes[0]]
            outcome = outcome_of(kind, answer)
            if agrees(v['expected'], answer or {}, outcome):
                per_backend[backend] = Finding('expected', outcome, answer,
                                               None, [])
                continue
            variants = [answers[i] for i in indexes[1:]]
            stderr = crashes.get(indexes[0])
            candidates = explanations(kind, v, backend, answer, outcome,
                                      stderr, variants)
            per_backend[backend] = Finding(None, outcome, answer, stderr,
                                           candidates)
            pending.extend(c for c in candidates if c.check is not None)
        findings[(path, v['id'])] = per_backend
    confirmed = run_checks(setup, pending)
    for per_backend in findings.values():
        for backend, finding in per_backend.items():
            if finding.observed is not None:
                continue
            for c in finding.candidates:
                if c.check is None or confirmed.get(id(c)):
                    per_backend[backend] = finding._replace(observed={
                        'outcome': finding.outcome, 'erratum': c.erratum})
                    break
    return findings


###############################################################################
# Errata.  Each explanation is an erratum whose predicate holds for the
# input; check is None when the predicate includes its own confirmation, or
# ('parse', Case, outcome): degu-parse on Case (the input with the quirk
# undone) must agree with outcome.

Explanation = collections.namedtuple('Explanation', 'erratum check')

CLASSES = {c['name']: c['bytes'] for c in
           vectors.load(vectors.VECTORS / 'char_classes.json')['classes']}

SPECIAL_ERRORS = {
    'content-length': {'bad_content_length', 'content_length_too_long'},
    'transfer-encoding': {'bad_transfer_encoding'},
    'range': {'bad_range', 'range_too_long', 'range_reversed',
              'range_too_large'},
    'content-range': {'bad_content_range', 'content_range_too_long',
                      'content_range_reversed', 'content_range_beyond_total'},
}
URI_ERRORS = {'bad_uri_bytes', 'empty_path_component', 'dotdot_path_component',
              'bad_path_component_bytes', 'bad_query_bytes',
              'bad_request_line', 'request_line_too_short', 'bad_protocol'}
EXTENSION_ERRORS = {'bad_chunk_extension', 'bad_chunk_extension_key',
                    'bad_chunk_extension_value'}
METHODS = ('GET', 'PUT', 'POST', 'HEAD', 'DELETE')
FRAMING = ('content-length', 'transfer-encoding')


def explanations(kind, vector, backend, answer, outcome, stderr, variants):
    expected = vector['expected']
    if kind in ('request', 'response'):
        return _parse_quirks(kind, vector, backend, expected, outcome)
    if kind == 'chunked_body':
        return _max_chunk(vector, backend, answer, stderr)
    if kind in vectors.RENDER_KINDS and answer is not None and \
            not answer.get('inexpressible'):
        return _render_gaps(kind, vector['message'], expected, outcome,
                            variants)
    if kind == 'client_exchange':
        return []
    if kind in vectors.EXCHANGE_KINDS and answer is not None:
        return _exchange_gaps(vector, outcome) + \
            _large_chunk(vector, backend, answer, outcome)
    return []


# --- E-1, E-10: compare_original's quirks ----------------------------------

def _erratum_of_quirk(name):
    return re.match(r'E-[0-9]+', name).group(0)


def _parse_quirks(kind, vector, backend, expected, outcome):
    """E-1 and E-10: the original accepts what we reject; the quirk's
    predicate holds for the preamble and degu-parse on the preamble with
    the quirk undone gives the original's verdict."""
    if expected.get('ok') is not False or outcome.get('ok') is not True:
        return []
    data = input_bytes(vector)
    if vector.get('wire'):
        end = data.find(b'\r\n\r\n', 0, original_worker.PREAMBLE_LIMIT)
        if end <= 0:
            return []
        data = data[:end]
    case = compare_original.Case(worker_kind(kind), data, vector.get('method'),
                                 'vector')
    theirs = {k: v for (k, v) in outcome.items() if k != 'consumed'}
    out = []
    quirks = {q.name: q for q in compare_original.QUIRKS}
    for names, undone in compare_original.candidate_explanations(
            backend, case, expected):
        # The erratum whose error we give is the one that explains it.
        erratum = next(_erratum_of_quirk(n) for n in names
                       if expected['error'] in quirks[n].our_errors)
        out.append(Explanation(erratum, ('parse', case._replace(data=undone),
                                         theirs)))
    return out


# --- E-9: the chunk of maximum size ---------------------------------------

_SIZE = re.compile(rb'(0|[1-9A-Fa-f][0-9A-Fa-f]{0,6})(;|$)')


def max_chunk_index(data):
    """The index of the first chunk of size 0x1000000 in a chunked body,
    walking it as CHUNK-* do, or None when none is reached."""
    pos, index = 0, 0
    while True:
        end = data.find(b'\r\n', pos, pos + original_worker.CHUNK_LINE_LIMIT)
        if end < 0:
            return None
        m = _SIZE.match(data[pos:end])
        if not m:
            return None
        size = int(m.group(1), 16)
        if size == MAX_CHUNK:
            return index
        if size == 0:
            return None
        pos, index = end + 2 + size + 2, index + 1


def _max_chunk(vector, backend, answer, stderr):
    """E-9: a chunk of 0x1000000 is reached; C aborted in its read (the
    fatal error names _readinto), Py failed at that very chunk."""
    index = max_chunk_index(input_bytes(vector))
    if index is None:
        return []
    if backend == 'c' and answer is None and stderr and \
            'Fatal Python error' in stderr and '_readinto' in stderr:
        return [Explanation('E-9', None)]
    if backend == 'py' and answer is not None and not answer['ok'] and \
            answer.get('chunks_read') == index:
        return [Explanation('E-9', None)]
    return []


# --- E-2 .. E-8: rendering ------------------------------------------------

def _headers_with_framing(message):
    """The header dict the original renders: the given pairs, plus the
    framing header for the body when not given."""
    headers = dict((n, v) for (n, v) in message['headers'])
    body = message['body']
    if body['kind'] == 'length':
        headers.setdefault('content-length', str(body['length']))
    elif body['kind'] == 'chunked':
        headers.setdefault('transfer-encoding', 'chunked')
    return headers


def verbatim(kind, message):
    """The message rendered without any check: what the original emits
    when it validates nothing (the quirk undone)."""
    if kind == 'render_chunk_line':
        ext = message['extension']
        if ext is None:
            return ('%x\r\n' % message['size']).encode()
        return ('%x;%s=%s\r\n' % (message['size'], ext['key'],
                                  ext['value'])).encode('utf-8')
    if kind == 'render_request':
        line = '%s %s HTTP/1.1' % (message['method'], message['uri'])
    else:
        line = 'HTTP/1.1 %d %s' % (message['status'], message['reason'])
    headers = _headers_with_framing(message)
    return (line + ''.join('\r\n%s: %s' % kv for kv in sorted(headers.items()))
            + '\r\n\r\n').encode('utf-8')


def _outside(text, cls):
    return any(c not in CLASSES[cls] for c in text)


def _given_length(message):
    """A given content-length that spells the body's length in decimal."""
    body = message.get('body', {})
    given = [v for (n, v) in message.get('headers', [])
             if n == 'content-length']
    return body.get('kind') == 'length' and len(given) == 1 and \
        re.fullmatch(r'0|[1-9][0-9]*', given[0]) is not None and \
        int(given[0]) == body['length']


def _gap(kind, message, error):
    """The renderer-validation erratum whose predicate holds for a message
    we refuse with error, or None."""
    given = dict((n, v) for (n, v) in message.get('headers', []))
    if kind == 'render_chunk_line':
        return 'E-8' if error in EXTENSION_ERRORS and \
            message['extension'] is not None else None
    if kind == 'render_request' and error in URI_ERRORS and \
            message['method'] in METHODS:
        return 'E-7'
    if kind == 'render_response' and error == 'bad_reason' and \
            _outside(message['reason'], 'reason'):
        return 'E-6'
    if kind == 'render_response' and error == 'response_line_too_short' and \
            len(message['reason']) == 1:
        return 'E-5'
    if error == 'bad_header_value_bytes' and \
            any(_outside(v, 'value') for v in given.values()):
        return 'E-2'
    if any(error in errors and name in given
           for (name, errors) in SPECIAL_ERRORS.items()):
        return 'E-4'
    final = _headers_with_framing(message)
    body = message['body']['kind']
    combos = {
        'content_length_with_transfer_encoding':
            all(n in final for n in FRAMING),
        'range_with_body_framing':
            'range' in final and any(n in final for n in FRAMING),
        'range_in_response': kind == 'render_response' and 'range' in final,
        'content_range_in_request':
            kind == 'render_request' and 'content-range' in final,
        'body_on_bodiless_method':
            kind == 'render_request' and
            message['method'] in ('GET', 'HEAD', 'DELETE') and
            any(n in final for n in FRAMING),
        # Mismatches the original's framing check does not see: a framing
        # header in a request without a body, or the other framing header.
        'framing_header_mismatch':
            (kind == 'render_request' and body == 'none' and
             any(n in given for n in FRAMING)) or
            (body == 'length' and 'transfer-encoding' in given) or
            (body == 'chunked' and 'content-length' in given),
    }
    return 'E-4' if combos.get(error) else None


def _render_gaps(kind, message, expected, outcome, variants):
    """E-2 .. E-8: we refuse, the original renders the message verbatim.
    E-3: we render, the original refuses a given content-length for being
    text, and renders what we do when given the integer."""
    if expected.get('ok') is False and outcome.get('ok') is True:
        erratum = _gap(kind, message, expected['error'])
        if erratum and outcome['output_hex'] == verbatim(kind, message).hex():
            return [Explanation(erratum, None)]
        return []
    if expected.get('ok') is True and outcome.get('ok') is False and \
            kind != 'render_chunk_line' and _given_length(message) and \
            variants and variants[0] is not None and \
            compare_original.agree(expected, outcome_of(kind, variants[0])):
        return [Explanation('E-3', None)]
    return []


# --- E-2, E-4: headers a server sends unchecked ---------------------------

_HEADER_ROUTE = re.compile(
    rb'(GET|HEAD) /_header\?([^=\s]+)=(\S*) HTTP/1\.1\r\n\r\n')


def _exchange_gaps(vector, outcome):
    """E-2, E-4: the vector is one request to the reflect application's
    /_header route, whose header we require the server to refuse (closed,
    nothing sent); the original instead sent status 200 with exactly that
    header, verbatim, and kept the connection open.  E-4 when the header is
    one of the special headers, E-2 when its value has a byte outside the
    class `value`."""
    m = _HEADER_ROUTE.fullmatch(bytes.fromhex(vector['send_hex']))
    expected = vector['expected']
    if m is None or expected['response_hex'] or \
            expected['ending'] != 'closed' or outcome.get('ending') != 'open':
        return []
    try:
        name = reflect_app.percent_decode(m.group(2).decode('ascii'))
        value = reflect_app.percent_decode(m.group(3).decode('ascii'))
    except reflect_app.ReflectError:
        return []
    sent = ('HTTP/1.1 200 OK\r\n%s: %s\r\n\r\n' % (name, value)).encode(
        'latin-1')
    if outcome.get('response_hex') != sent.hex() or \
            _outside(name, 'name_out') or not value:
        return []
    if name in SPECIAL_ERRORS:
        return [Explanation('E-4', None)]
    if _outside(value, 'value'):
        return [Explanation('E-2', None)]
    return []


# --- E-13: Py and a chunk larger than its write buffer ----------------------

WRITE_BUFFER = 32768
_CHUNKED_ROUTE = re.compile(rb'(GET|PUT|POST) /_chunked HTTP/1\.1\r\n')
_CHUNKED_ANSWER = re.compile(
    rb'HTTP/1\.1 200 OK\r\ncontent-type: application/json\r\n'
    rb'transfer-encoding: chunked\r\n\r\n([0-9a-f]{1,7})\r\n')


def _large_chunk(vector, backend, answer, outcome):
    """E-13: a request to the reflect application's /_chunked route whose
    reflection, one chunk, is larger than the write buffer; Py sent part of
    the expected response (more than the write buffer holds), failed with an
    AssertionError, and closed."""
    expected = bytes.fromhex(vector['expected']['response_hex'])
    got = bytes.fromhex(outcome.get('response_hex', ''))
    m = _CHUNKED_ANSWER.match(expected)
    if backend != 'py' or m is None or int(m.group(1), 16) <= WRITE_BUFFER \
            or not _CHUNKED_ROUTE.match(bytes.fromhex(vector['send_hex'])):
        return []
    if outcome.get('ending') == 'closed' and WRITE_BUFFER < len(got) < \
            len(expected) and expected.startswith(got) and \
            str(answer.get('server', '')).startswith('AssertionError'):
        return [Explanation('E-13', None)]
    return []


def run_checks(setup, explanations_):
    """{id(explanation): bool} for explanations with a check."""
    confirmed = {}
    parse = [e for e in explanations_ if e.check[0] == 'parse']
    if parse and setup.degu_parse is None:
        return {id(e): True for e in parse}
    if parse:
        verdicts = compare_original.run_degu_parse(
            setup.degu_parse, [e.check[1] for e in parse])
        for e, verdict in zip(parse, verdicts):
            confirmed[id(e)] = compare_original.agree(verdict, e.check[2])
    return confirmed


###############################################################################
# Recording.

def provenance(setup, today):
    first = setup.infos.get('py') or next(iter(setup.infos.values()))
    return {'original': ORIGINAL, 'commit': setup.commit,
            'python': first['python'], 'openssl': first.get('openssl', ''),
            'recorded': today,
            'backends': [b for b in BACKENDS if b in setup.infos]}


def recorded_doc(f, findings, setup, today):
    """The file's document with observed and provenance rewritten, or None
    when a vector has an unexplained difference."""
    doc = json.loads(f.text)
    changed = False
    for v in doc.get('vectors', []):
        per_backend = findings[(f.path, v['id'])]
        if any(x.observed is None for x in per_backend.values()):
            return None
        old = v.get('observed', {})
        new = dict(old)
        for backend, finding in per_backend.items():
            new[backend] = finding.observed
        new = {b: new[b] for b in BACKENDS if b in new}
        if new != old:
            changed = True
        v['observed'] = new
    if changed or 'provenance' not in doc:
        doc['provenance'] = provenance(setup, today)
    return doc


def tally(files, findings, backends):
    """{path: {backend: Counter}} with 'agree', erratum IDs, 'unexplained'."""
    out = {}
    for f in files:
        counts = {b: collections.Counter() for b in backends}
        for v in f.doc.get('vectors', []):
            for backend, finding in findings[(f.path, v['id'])].items():
                o = finding.observed
                counts[backend]['agree' if o == 'expected' else
                                'unexplained' if o is None else
                                o['erratum']] += 1
        out[f.path] = counts
    return out


def _short(value, limit=300):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else text[:limit] + '...'


def describe_unexplained(f, vector, per_backend):
    """Lines describing one vector with an unexplained difference."""
    kind = f.doc['kind']
    lines = ['%s: %s' % (display(f.path), vector['id'])]
    if kind == 'client_exchange':
        lines.append('  client   %s' % _short(vector['client']))
        lines.append('  actions  %s' % _short(vector['actions']))
        lines.append('  replies  %s%s' % (_short(vector['replies']),
                                          ' (then close)'
                                          if vector.get('close') else ''))
    elif kind in vectors.EXCHANGE_KINDS:
        lines.append('  send     %s%s%s' % (
            _short(vector['send']), ' (then eof)' if vector.get('eof') else '',
            ' options %s' % json.dumps(vector['options'])
            if vector.get('options') else ''))
    elif kind in vectors.RENDER_KINDS:
        lines.append('  message  %s' % _short(vector['message']))
    else:
        extra = ''.join([' (method %s)' % vector['method']
                         if 'method' in vector else '',
                         ' (wire)' if vector.get('wire') else ''])
        lines.append('  input    %s%s' % (_short(vectors.escape(
            input_bytes(vector))), extra))
    lines.append('  expected %s' % _short(vector['expected']))
    for backend, finding in per_backend.items():
        if finding.observed is None:
            what = 'UNEXPLAINED'
        elif finding.observed == 'expected':
            what = 'agrees'
        else:
            what = finding.observed['erratum']
        answer = finding.answer or {}
        if answer.get('inexpressible'):
            shown = INEXPRESSIBLE
        elif kind == 'client_exchange' and 'sent' in finding.outcome:
            shown = '%s sent %s  (errors: %s; server: %s)' % (
                _short(finding.outcome['outcomes']),
                _short(finding.outcome['sent']), answer.get('errors'),
                answer.get('ending'))
        elif kind in vectors.EXCHANGE_KINDS and 'ending' in finding.outcome:
            shown = '%s %s  (server: %s)' % (
                finding.outcome['ending'],
                _short(finding.outcome['response']), answer.get('server'))
        else:
            shown = _short(finding.outcome)
            if answer.get('ok') is False:
                shown += '  (%s: %s)' % (
                    answer.get('exception'),
                    _short(answer.get('message', ''), 120))
            if finding.stderr:
                shown += '  (%s)' % finding.stderr.strip().splitlines()[0]
        lines.append('  %-8s %s: %s' % (backend, what, shown))
    return lines


def record(setup, paths, dry_run=False, out=sys.stdout, today=None):
    """Records the files; returns the exit status."""
    today = today or datetime.date.today().isoformat()
    files, status = [], EXIT_OK
    for path in paths:
        try:
            files.append(load_file(path))
        except (OSError, ValueError) as e:
            print('%s: cannot record: %s' % (display(path), e), file=out)
            status = EXIT_UNEXPLAINED
    for note in setup.notes:
        print('note: ' + note, file=out)
    findings = observe(setup, files)
    backends = [b for b in BACKENDS if b in setup.infos]
    counts = tally(files, findings, backends)
    unexplained = []
    for f in files:
        doc = recorded_doc(f, findings, setup, today)
        parts = []
        for backend in backends:
            c = counts[f.path][backend]
            parts.append('%s: %d agree%s%s' % (
                backend, c['agree'],
                ''.join(', %s %d' % (e, n) for (e, n) in sorted(
                    c.items(), key=lambda kv: _erratum_key(kv[0]))
                    if e.startswith('E-')),
                ', %d UNEXPLAINED' % c['unexplained']
                if c['unexplained'] else ''))
        if doc is None:
            state = 'NOT written (unexplained differences)'
            for v in f.doc.get('vectors', []):
                per_backend = findings[(f.path, v['id'])]
                if any(x.observed is None for x in per_backend.values()):
                    unexplained.append(describe_unexplained(f, v, per_backend))
            status = EXIT_UNEXPLAINED
        else:
            text = vectors.dump(doc)
            if text == f.text:
                state = 'unchanged'
            elif dry_run:
                state = 'would be rewritten (dry run)'
            elif f.path.read_text() != f.text:
                state = 'NOT written: it changed while recording; run again'
                status = EXIT_UNEXPLAINED
            else:
                f.path.write_text(text)
                state = 'written'
        print('%s: %d vectors; %s; %s' % (
            display(f.path), len(f.doc.get('vectors', [])), '; '.join(parts),
            state), file=out)
    if unexplained:
        print('\n%d vector(s) differ from the original with no erratum (a bug '
              'in SPEC.md or a new erratum to write):' % len(unexplained),
              file=out)
        for lines in unexplained:
            print('\n'.join(lines), file=out)
    total = collections.Counter()
    for per_file in counts.values():
        for backend, c in per_file.items():
            for key, n in c.items():
                total[(backend, key)] += n
    print('\nrecord_original: %d files, %d vectors; %s' % (
        len(files), sum(len(f.doc.get('vectors', [])) for f in files),
        '; '.join('%s: %s' % (b, ', '.join(
            '%s %d' % (k, total[(b, k)]) for k in sorted(
                {k for (bb, k) in total if bb == b}, key=_erratum_key)))
            for b in backends)), file=out)
    return status


def _erratum_key(name):
    m = re.fullmatch(r'E-([0-9]+)', name)
    return (1, int(m.group(1)), '') if m else (0 if name == 'agree' else 2,
                                               0, name)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description='Record what the original Python Degu (found through '
        'DEGU_PYTHONPATH) does with every test vector: rewrites the '
        '"observed" and "provenance" members of the vector files.')
    parser.add_argument('--files', nargs='+', metavar='FILE', default=[],
                        help='record only these vector files (paths, or names '
                        'under vectors/hand or vectors/generated)')
    parser.add_argument('--backends', default=None,
                        help='backends of the original: c, py or c,py '
                        '(default: both; c is skipped with a note when the C '
                        'extension is not built)')
    parser.add_argument('--dry-run', action='store_true',
                        help='report only; write nothing')
    parser.add_argument('--commit', default=DEFAULT_COMMIT,
                        help='the original\'s commit for provenance when '
                        'DEGU_PYTHONPATH is not a git work tree (default: '
                        '%(default)s)')
    parser.add_argument('--python', default=sys.executable,
                        help='interpreter for the original (default: this '
                        'one)')
    parser.add_argument('--degu-parse', default=None,
                        help='degu-parse, to confirm E-1 and E-10 (default: '
                        '$DEGU_PARSE or build/reference/cli/degu-parse)')
    args = parser.parse_args(argv)
    if args.backends is not None:
        args.backends = [b for b in args.backends.split(',') if b]
        for backend in args.backends:
            if backend not in BACKENDS:
                parser.error('unknown backend %r (choose c or py)' % backend)
        if not args.backends:
            parser.error('--backends names no backend')
    return args


def main(argv):
    args = parse_args(argv)
    try:
        setup = make_setup(args.backends, args.python, args.degu_parse,
                           args.commit)
        try:
            paths = vectors.find_files(args.files)
        except ValueError as e:
            raise SetupError(str(e))
        return record(setup, paths, args.dry_run)
    except SetupError as e:
        print('record_original: %s' % e, file=sys.stderr)
        return EXIT_SETUP


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
