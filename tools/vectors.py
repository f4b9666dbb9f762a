#!/usr/bin/env python3
"""vectors.py: format, lint and count the test vectors (docs/VECTORS.md).

  vectors.py fmt                 fill input_hex from input (exchange files:
                                 send_hex from send, response_hex from
                                 response; client exchange files:
                                 replies_hex from replies, sent_hex from
                                 sent), set or clear the flag "big-number"
                                 (and its note) from the numbers a vector
                                 holds, and write every file in canonical
                                 layout
  vectors.py lint [--require-observed]
                                 check every file: schema, IDs, rules,
                                 escaped form, error names, flags and their
                                 notes, numbers (docs/VECTORS.md, "Big
                                 numbers"); with --require-observed also
                                 that every vector records both backends of
                                 the original
  vectors.py seeds DIR           write the input of every byte vector to DIR,
                                 one file each named by its ID (fuzzer seeds)
  vectors.py coverage [--check]  write vectors/COVERAGE.md (rule -> accepting
                                 and rejecting vectors, and exchanges);
                                 --check fails when
                                 the file is stale or a SPEC rule has no
                                 vector and no entry in vectors/uncovered.json

Exit status: 0 when all is well, 1 when a check fails (each problem is
printed as FILE: ID: what), 2 on a usage error.
"""

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / 'vectors'
SCHEMAS = VECTORS / 'schemas'
SPEC = ROOT / 'SPEC.md'
COVERAGE = VECTORS / 'COVERAGE.md'
UNCOVERED = VECTORS / 'uncovered.json'


def _kinds(*families):
    """The vector kinds of those families, from the generated table
    (vectors/kinds.json, tools/gen_tables.py), in its order."""
    with open(VECTORS / 'kinds.json') as f:
        table = json.load(f)['kinds']
    return tuple(k['kind'] for k in table if k['family'] in families)


BYTE_KINDS = _kinds('parse')
RENDER_KINDS = _kinds('render')
EXCHANGE_KINDS = _kinds('exchange', 'client_exchange')
KINDS = BYTE_KINDS + RENDER_KINDS + EXCHANGE_KINDS

# Canonical member order of a vector; unknown members go last (and fail
# the schema).
VECTOR_ORDER = ('id', 'rules', 'level', 'comment', 'flags', 'method', 'wire',
                'app', 'options', 'send', 'send_hex', 'eof',
                'client', 'actions', 'replies', 'replies_hex', 'close',
                'input', 'input_hex', 'message', 'expected', 'observed')
# Member order of an exchange's expected response and observed outcome.
EXCHANGE_ORDER = ('response', 'response_hex', 'ending',
                  'sent', 'sent_hex', 'outcomes')
FILE_ORDER = ('kind', 'comment', 'notes', 'provenance', 'vectors')

# Big numbers (docs/VECTORS.md, "Big numbers"): every number in a vector
# file is an integer from 0 to MAX_NUMBER; a vector that holds one above
# MAX_SAFE (2^53 - 1, the largest integer every IEEE double holds exactly
# together with its neighbours) carries the flag BIG_FLAG, explained in
# its file's notes by BIG_NOTE.
MAX_SAFE = 2 ** 53 - 1
MAX_NUMBER = 10 ** 16
BIG_FLAG = 'big-number'
BIG_NOTE = ('holds an integer above 2^53 - 1, which a JSON parser that reads '
            'numbers as doubles rounds (docs/VECTORS.md, "Big numbers")')


# --- The escaped form ------------------------------------------------------

def escape(data):
    """The escaped form of bytes (docs/VECTORS.md)."""
    out = []
    for b in data:
        if b == 0x5C:
            out.append('\\\\')
        elif b == 0x0D:
            out.append('\\r')
        elif b == 0x0A:
            out.append('\\n')
        elif b == 0x09:
            out.append('\\t')
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append('\\x%02x' % b)
    return ''.join(out)


_ESCAPE = re.compile(r'\\(\\|r|n|t|x[0-9a-fA-F]{2})|(.)', re.DOTALL)


def unescape(text):
    """Bytes from an escaped form; ValueError when it is not one."""
    out = bytearray()
    pos = 0
    while pos < len(text):
        m = _ESCAPE.match(text, pos)
        if m.group(2) is not None:
            c = m.group(2)
            if c == '\\' or not (0x20 <= ord(c) <= 0x7E):
                raise ValueError('not an escaped form at %d: %r' % (pos, c))
            out.append(ord(c))
        else:
            e = m.group(1)
            out.extend({'\\': b'\\', 'r': b'\r', 'n': b'\n', 't': b'\t'}.get(
                e, None) or bytes([int(e[1:], 16)]))
        pos = m.end()
    return bytes(out)


# --- Loading ---------------------------------------------------------------

def vector_files():
    return sorted(list((VECTORS / 'hand').glob('*.json')) +
                  list((VECTORS / 'generated').glob('*.json')))


def find_files(names):
    """The vector files named (paths, or names under the repository,
    vectors/, vectors/hand or vectors/generated, with or without .json),
    resolved; every vector file when names is empty.  Raises ValueError
    naming the first that is not found."""
    if not names:
        return vector_files()
    out = []
    for name in names:
        tries = [pathlib.Path(name)]
        for base in (ROOT, VECTORS, VECTORS / 'hand', VECTORS / 'generated'):
            tries += [base / name, base / (name + '.json')]
        found = next((p for p in tries if p.is_file()), None)
        if found is None:
            raise ValueError('no vector file %r' % name)
        out.append(found.resolve())
    return out


def load(path):
    with open(path) as f:
        return json.load(f)


def load_kind(names, kind, ids=()):
    """The vectors of kind in the files named (see find_files), or in every
    file of that kind when names is empty; only those whose ID is in ids
    when ids is not empty.  Raises ValueError for a named file that is
    missing or of another kind."""
    out = []
    for path in find_files(names):
        doc = load(path)
        if doc.get('kind') != kind:
            if names:
                raise ValueError('%s is not a %s file' % (path, kind))
            continue
        out.extend(v for v in doc['vectors'] if not ids or v['id'] in ids)
    return out


def ordered(obj, order):
    keys = [k for k in order if k in obj] + [k for k in obj if k not in order]
    return {k: obj[k] for k in keys}


def compact(value):
    return json.dumps(value, ensure_ascii=True, separators=(', ', ': '))


def dump(doc):
    """Canonical text of a vector file: file members and vector members one
    a line, each value compact, members in canonical order."""
    doc = ordered(doc, FILE_ORDER)
    lines = ['{']
    members = [k for k in doc if k != 'vectors']
    for k in members:
        lines.append('  %s: %s,' % (compact(k), compact(doc[k])))
    lines.append('  "vectors": [')
    vectors = [ordered(v, VECTOR_ORDER) for v in doc.get('vectors', [])]
    for i, v in enumerate(vectors):
        lines.append('    {')
        keys = list(v)
        for j, k in enumerate(keys):
            comma = ',' if j + 1 < len(keys) else ''
            lines.append('      %s: %s%s' % (compact(k), compact(v[k]), comma))
        lines.append('    }' + (',' if i + 1 < len(vectors) else ''))
    lines.append('  ]')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def numbers(value, where=''):
    """(member path, number) for every number in value, booleans aside."""
    if isinstance(value, dict):
        for key, v in value.items():
            yield from numbers(v, '%s.%s' % (where, key))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numbers(v, '%s[%d]' % (where, i))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield where, value


def big_numbers(vector):
    """(member path, integer) for every integer above MAX_SAFE in a
    vector."""
    return [(w, n) for (w, n) in numbers(vector)
            if isinstance(n, int) and n > MAX_SAFE]


def set_big_flag(doc):
    """Gives every vector of doc that holds a big number the flag BIG_FLAG
    and takes it from every other; keeps the file's note for the flag in
    step.  Other flags keep their order."""
    used = False
    for v in doc.get('vectors', []):
        flags = [f for f in v.get('flags', []) if f != BIG_FLAG]
        if big_numbers(v):
            flags.append(BIG_FLAG)
            used = True
        if flags:
            v['flags'] = flags
        else:
            v.pop('flags', None)
    notes = dict(doc.get('notes', {}))
    notes.pop(BIG_FLAG, None)
    if used:
        notes[BIG_FLAG] = BIG_NOTE
    if notes:
        doc['notes'] = notes
    else:
        doc.pop('notes', None)
    return doc


def spec_rules():
    text = SPEC.read_text()
    rules = set(re.findall(r'\*\*([A-Z]+(?:-[A-Z]+)*-[0-9]+)\*\*', text))
    errata = set(re.findall(r'\*\*(E-[0-9]+)\b', text))
    return rules, errata


def error_rules():
    return {e['name']: e['rule'] for e in load(VECTORS / 'errors.json')['errors']}


# --- fmt -------------------------------------------------------------------

def fill_hex(obj, text_key, hex_key):
    """Fills obj[hex_key] from the escaped obj[text_key] and puts the
    latter in canonical form; False when both are given and differ."""
    if text_key not in obj:
        return True
    data = unescape(obj[text_key])
    if hex_key in obj and obj[hex_key] != data.hex():
        return False
    obj[hex_key] = data.hex()
    obj[text_key] = escape(data)
    return True


def fmt_exchange(v):
    """Fills send_hex and response_hex; the names of the pairs that
    differ."""
    bad = []
    if 'replies' in v:
        data = [unescape(r) for r in v['replies']]
        if 'replies_hex' in v and v['replies_hex'] != [d.hex() for d in data]:
            bad.append('replies and replies_hex')
        else:
            v['replies_hex'] = [d.hex() for d in data]
            v['replies'] = [escape(d) for d in data]
    if not fill_hex(v, 'send', 'send_hex'):
        bad.append('send and send_hex')
    expected = v.get('expected')
    if isinstance(expected, dict):
        if not fill_hex(expected, 'response', 'response_hex'):
            bad.append('expected response and response_hex')
        if not fill_hex(expected, 'sent', 'sent_hex'):
            bad.append('expected sent and sent_hex')
        v['expected'] = ordered(expected, EXCHANGE_ORDER)
    return bad


def cmd_fmt(_args):
    problems = 0
    for path in vector_files():
        doc = load(path)
        exchange = doc.get('kind') in EXCHANGE_KINDS
        for v in doc.get('vectors', []):
            bad = fmt_exchange(v) if exchange else \
                [] if fill_hex(v, 'input', 'input_hex') else \
                ['input and input_hex']
            for what in bad:
                print('%s: %s: %s differ; fix one by hand'
                      % (path.name, v.get('id'), what))
                problems += 1
        text = dump(set_big_flag(doc))
        if path.read_text() != text:
            path.write_text(text)
    return 1 if problems else 0


# --- lint ------------------------------------------------------------------

def schema_validators():
    """A validator per kind, or None when jsonschema is not installed."""
    try:
        import jsonschema
    except ImportError:
        return None
    store = {}
    for p in SCHEMAS.glob('*.schema.json'):
        s = load(p)
        store[s['$id']] = s
    resolver_cls = jsonschema.RefResolver
    out = {}
    for kind in KINDS:
        schema = load(SCHEMAS / ('%s.schema.json' % kind))
        resolver = resolver_cls(base_uri=schema['$id'], referrer=schema,
                                store=store)
        out[kind] = jsonschema.Draft202012Validator(schema, resolver=resolver)
    return out


def lint_vector(v, kind, where, rules, errata, errors, require_observed):
    """Problems of one vector, as strings."""
    out = []
    for r in v.get('rules', []):
        if r not in rules:
            out.append('rule %s is not in SPEC.md' % r)
    if 'input' in v:
        try:
            data = unescape(v['input'])
            if data.hex() != v.get('input_hex'):
                out.append('input and input_hex differ')
            if escape(data) != v['input']:
                out.append('input is not in canonical escaped form')
        except ValueError as e:
            out.append(str(e))
    expected = v.get('expected', {})
    if expected.get('ok') is False:
        name = expected.get('error')
        if name not in errors:
            out.append('unknown error %r' % name)
        elif errors[name] != expected.get('rule'):
            out.append('error %s belongs to %s, not %s'
                       % (name, errors[name], expected.get('rule')))
        elif v.get('rules', [None])[0] != expected.get('rule'):
            out.append('the first rule must be the rejecting rule %s'
                       % expected.get('rule'))
    if 'consumed' in expected and not v.get('wire') and kind != 'chunked_body':
        out.append('"consumed" without "wire"')
    if kind in EXCHANGE_KINDS:
        out.extend(lint_exchange(v))
    observed = v.get('observed', {})
    for backend, o in observed.items():
        if isinstance(o, dict) and o.get('erratum') not in errata:
            out.append('%s: erratum %s is not in SPEC.md'
                       % (backend, o.get('erratum')))
    if require_observed and set(observed) != {'c', 'py'}:
        out.append('not recorded for both backends of the original')
    out.extend(lint_numbers(v))
    return out


def lint_numbers(v):
    """Problems of a vector's numbers (docs/VECTORS.md, "Big numbers")."""
    out = []
    for where, n in numbers(v):
        if isinstance(n, float):
            out.append('%s: %r is not an integer (no fraction or exponent '
                       'in a vector)' % (where, n))
        elif not 0 <= n <= MAX_NUMBER:
            out.append('%s: %d is outside 0 to %d' % (where, n, MAX_NUMBER))
    big = big_numbers(v)
    flagged = BIG_FLAG in v.get('flags', [])
    if big and not flagged:
        out.append('holds %s = %d, above 2^53 - 1, without the flag "%s" '
                   '(run tools/vectors.py fmt)' % (big[0] + (BIG_FLAG,)))
    if flagged and not big:
        out.append('has the flag "%s" but no integer above 2^53 - 1 (run '
                   'tools/vectors.py fmt)' % BIG_FLAG)
    return out


def lint_file_numbers(doc):
    """Problems of a file's own members: numbers outside the vectors, and
    flags without a note."""
    out = []
    for where, n in numbers({k: v for k, v in doc.items() if k != 'vectors'}):
        out.append('file member %s: a number (%r); only vectors hold numbers'
                   % (where.lstrip('.'), n))
    notes = doc.get('notes', {})
    used = {f for v in doc.get('vectors', []) for f in v.get('flags', [])}
    for f in sorted(used - set(notes)):
        out.append('flag "%s" has no entry in the file\'s "notes"' % f)
    for f in sorted(set(notes) - used):
        out.append('"notes" explains the flag "%s", which no vector has' % f)
    return out


def _escaped_pair(obj, text_key, hex_key, what):
    if not isinstance(obj, dict) or text_key not in obj:
        return []
    try:
        data = unescape(obj[text_key])
    except ValueError as e:
        return ['%s: %s' % (what, e)]
    out = []
    if data.hex() != obj.get(hex_key):
        out.append('%s: %s and %s differ' % (what, text_key, hex_key))
    if escape(data) != obj[text_key]:
        out.append('%s: %s is not in canonical escaped form'
                   % (what, text_key))
    return out


def lint_exchange(v):
    """Problems particular to an exchange vector."""
    out = _escaped_pair(v, 'send', 'send_hex', 'send')
    expected = v.get('expected', {})
    out += _escaped_pair(expected, 'response', 'response_hex', 'expected')
    out += _escaped_pair(expected, 'sent', 'sent_hex', 'expected')
    replies, replies_hex = v.get('replies', []), v.get('replies_hex', [])
    if len(replies) != len(replies_hex):
        out.append('replies and replies_hex differ in length')
    for i, (r, h) in enumerate(zip(replies, replies_hex)):
        out += _escaped_pair({'r': r, 'h': h}, 'r', 'h', 'reply %d' % i)
    if 'actions' in v and \
            len(expected.get('outcomes', [])) != len(v['actions']):
        out.append('expected outcomes: not one per action')
    if v.get('eof') and expected.get('ending') != 'closed':
        out.append('"eof" needs the ending "closed" (no probe can follow)')
    for backend, o in v.get('observed', {}).items():
        if isinstance(o, dict):
            out += _escaped_pair(o.get('outcome'), 'response', 'response_hex',
                                 'observed %s' % backend)
            out += _escaped_pair(o.get('outcome'), 'sent', 'sent_hex',
                                 'observed %s' % backend)
    return out


def cmd_lint(args):
    rules, errata = spec_rules()
    errors = error_rules()
    validators = schema_validators()
    if validators is None:
        print('vectors.py: jsonschema is not installed; schemas not checked '
              '(install python3-jsonschema)', file=sys.stderr)
    seen = {}
    problems = []
    files = vector_files()
    for path in files:
        rel = path.relative_to(ROOT)
        try:
            doc = load(path)
        except json.JSONDecodeError as e:
            problems.append('%s: not JSON: %s' % (rel, e))
            continue
        kind = doc.get('kind')
        if kind not in KINDS:
            problems.append('%s: unknown kind %r' % (rel, kind))
            continue
        if validators is not None:
            for e in sorted(validators[kind].iter_errors(doc), key=str)[:20]:
                where = '/'.join(str(p) for p in e.absolute_path)
                problems.append('%s: schema: at %s: %s' % (rel, where, e.message))
        for p in lint_file_numbers(doc):
            problems.append('%s: %s' % (rel, p))
        generated = path.parent.name == 'generated'
        for v in doc.get('vectors', []):
            vid = v.get('id', '?')
            if vid in seen:
                problems.append('%s: %s: duplicate ID (also in %s)'
                                % (rel, vid, seen[vid]))
            seen[vid] = rel
            if generated != vid.startswith('gen-'):
                problems.append('%s: %s: generated IDs, and only they, start '
                                'with "gen-"' % (rel, vid))
            for p in lint_vector(v, kind, rel, rules, errata, errors,
                                 args.require_observed):
                problems.append('%s: %s: %s' % (rel, vid, p))
    for p in problems:
        print(p)
    print('vectors.py lint: %d files, %d vectors, %d problems'
          % (len(files), len(seen), len(problems)))
    return 1 if problems else 0


# --- coverage --------------------------------------------------------------

def coverage_counts():
    """{rule: (accepting, rejecting, exchanges)} and the totals."""
    counts = {}
    totals = {'hand': 0, 'generated': 0}
    for path in vector_files():
        doc = load(path)
        totals[path.parent.name] += len(doc['vectors'])
        exchange = doc.get('kind') in EXCHANGE_KINDS
        for v in doc['vectors']:
            accepted = not exchange and v['expected'].get('ok') is True
            rejected = not exchange and not accepted
            for r in v['rules']:
                acc, rej, exc = counts.get(r, (0, 0, 0))
                counts[r] = (acc + accepted, rej + rejected, exc + exchange)
    return counts, totals


def errata_vectors():
    """{erratum: {backend: [vector IDs]}} from the recorded observations."""
    out = {}
    for path in vector_files():
        for v in load(path)['vectors']:
            for backend, o in sorted(v.get('observed', {}).items()):
                if isinstance(o, dict):
                    out.setdefault(o['erratum'], {}).setdefault(
                        backend, []).append(v['id'])
    return out


def render_errata(errata):
    def number(e):
        return int(e.split('-')[1])

    lines = ['', '## Errata seen in the recorded vectors', '',
             'Vectors whose recorded outcome in the original differs from '
             '`expected`, by SPEC.md erratum and backend (c: C extension, '
             'py: pure-Python backend).', '']
    for e in sorted(errata, key=number):
        for backend in ('c', 'py'):
            ids = errata[e].get(backend, [])
            if ids:
                lines.append('- **%s** (%s, %d): %s'
                             % (e, backend, len(ids), ', '.join(ids)))
    return '\n'.join(lines) + '\n'


def render_coverage(rules, counts, totals, uncovered):
    lines = ['# Vector coverage', '',
             'Generated by `tools/vectors.py coverage` from the files under '
             '`vectors/`; do not edit.', '',
             'Vectors: %d hand-written, %d generated, %d in all.'
             % (totals['hand'], totals['generated'],
                totals['hand'] + totals['generated']), '',
             'Accepting and rejecting: vectors of the parsing and rendering '
             'kinds whose expected verdict accepts or rejects.  Exchanges: '
             'exchange vectors (a connection to a server running the reflect '
             'application, docs/REFLECT.md) and client exchange vectors (a '
             'client talking to a scripted server).', '',
             'Note: for a rule no vector checks, why, and what checks it '
             'instead (from `vectors/uncovered.json`).  `untestable`: '
             'the rule is about a programming interface, timing, several '
             'connections or TLS, which no vector kind can express; the '
             'note names the tests of the reference that check it.  '
             '`runtime`: as well, `degu-conform server` checks it on a live '
             'server with the runtime cases named (defined in '
             '`conformance/conform/runtime_cases.cc`).', '',
             '| rule | accepting | rejecting | exchanges | note |',
             '|---|---|---|---|---|']

    def key(rule):
        head, _, n = rule.rpartition('-')
        return (head, int(n))

    for r in sorted(rules, key=key):
        acc, rej, exc = counts.get(r, (0, 0, 0))
        note = ''
        if r in uncovered:
            note = '%s: %s' % (uncovered[r]['status'], uncovered[r]['reason'])
        lines.append('| %s | %d | %d | %d | %s |' % (r, acc, rej, exc, note))
    return '\n'.join(lines) + '\n'


def cmd_coverage(args):
    rules, _ = spec_rules()
    counts, totals = coverage_counts()
    uncovered = load(UNCOVERED) if UNCOVERED.exists() else {}
    text = render_coverage(rules, counts, totals, uncovered)
    text += render_errata(errata_vectors())
    problems = []
    for r in sorted(rules):
        has = sum(counts.get(r, (0, 0, 0))) > 0
        if not has and r not in uncovered:
            problems.append('%s has no vector and no entry in '
                            'vectors/uncovered.json' % r)
        if has and r in uncovered:
            problems.append('%s has vectors but is listed in '
                            'vectors/uncovered.json' % r)
    for r in uncovered:
        if r not in rules:
            problems.append('vectors/uncovered.json names %s, which is not '
                            'in SPEC.md' % r)
    if args.check:
        if not COVERAGE.exists() or COVERAGE.read_text() != text:
            problems.append('vectors/COVERAGE.md is stale (run '
                            'tools/vectors.py coverage)')
    else:
        COVERAGE.write_text(text)
    for p in problems:
        print(p)
    return 1 if problems else 0


def cmd_seeds(args):
    out = pathlib.Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in vector_files():
        for v in load(path)['vectors']:
            if 'input_hex' in v:
                (out / v['id']).write_bytes(bytes.fromhex(v['input_hex']))
                count += 1
    print('vectors.py seeds: %d inputs in %s' % (count, out))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('fmt', help='fill input_hex and normalise layout')
    lint = sub.add_parser('lint', help='check every vector file')
    lint.add_argument('--require-observed', action='store_true')
    cov = sub.add_parser('coverage', help='write or check vectors/COVERAGE.md')
    cov.add_argument('--check', action='store_true')
    seeds = sub.add_parser('seeds', help='write fuzzer seeds')
    seeds.add_argument('dir')
    args = parser.parse_args()
    return {'fmt': cmd_fmt, 'lint': cmd_lint, 'coverage': cmd_coverage,
            'seeds': cmd_seeds}[args.command](args)


if __name__ == '__main__':
    sys.exit(main())
