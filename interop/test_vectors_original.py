"""test_vectors_original.py: the recorded `observed` members of every test
vector still match what the original Degu does (docs/VECTORS.md, "Two
oracles").

One test item per vector and backend of the original (`[ID-c]`, `[ID-py]`),
exchange vectors included (the backend's server loop, in-process) and
client exchange vectors (the backend's Connection against a scripted
server):
all vectors go through one worker per backend once per session
(tools/record_original.py's observe()), and each item compares what the
original does now, errata explained as the recorder explains them, with what
the file records.  Files without a provenance have not been recorded yet and
are skipped here (test_vectors_recorded.py reports them).  Then the recorder
itself: a second run changes nothing, an unchanged recording keeps its date,
an unexplained difference writes nothing and exits 1, and an erratum whose
undo check fails is not an explanation.  Last, degu-conform runs every
exchange vector and request-side wire case against the original's real
server (tools/original_peer.py server: degu.server on AF_UNIX sockets, one
per option set) and every client exchange vector against its client
(interop/original_client_adapter.py), each backend, under the degu-0.19
profile, and must find what was recorded.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

if not os.environ.get('DEGU_PYTHONPATH'):
    pytest.skip('DEGU_PYTHONPATH is not set; skipping vectors against the '
                'original Degu', allow_module_level=True)

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))

import record_original  # noqa: E402
import vectors  # noqa: E402

RECORDER = [sys.executable, str(ROOT / 'tools' / 'record_original.py')]


def _collect():
    """(relative path, vector) for every vector of every file that loads."""
    out = []
    for path in vectors.vector_files():
        try:
            doc = vectors.load(path)
        except ValueError:
            continue  # Not JSON (being written?): vectors.py lint reports it.
        for v in doc.get('vectors', []):
            if 'id' in v:
                out.append((str(path.relative_to(ROOT)), v))
    return out


VECTORS = _collect()


@pytest.fixture(scope='session')
def recording():
    """(setup, files, findings) of one run of every file through the
    original."""
    try:
        setup = record_original.make_setup()
    except record_original.SetupError as e:
        pytest.fail(str(e), pytrace=False)
    files, problems = [], {}
    for path in vectors.vector_files():
        try:
            files.append(record_original.load_file(path))
        except (OSError, ValueError) as e:
            problems[str(path.relative_to(ROOT))] = str(e)
    findings = record_original.observe(setup, files)
    by_id = {}
    for f in files:
        rel = str(f.path.relative_to(ROOT))
        for v in f.doc['vectors']:
            by_id[(rel, v['id'])] = (f, v, findings[(f.path, v['id'])])
    return setup, by_id, problems


@pytest.mark.parametrize('backend', record_original.BACKENDS)
@pytest.mark.parametrize('path,vector', [pytest.param(p, v, id=v['id'])
                                         for (p, v) in VECTORS])
def test_recorded_observation_matches_the_original(recording, path, vector,
                                                   backend):
    setup, by_id, problems = recording
    if backend not in setup.infos:
        pytest.skip('; '.join(setup.notes) or '%s not run' % backend)
    if path in problems:
        pytest.fail('%s cannot be recorded: %s' % (path, problems[path]),
                    pytrace=False)
    f, v, per_backend = by_id[(path, vector['id'])]
    if 'provenance' not in f.doc:
        pytest.skip('%s is not recorded yet (run tools/record_original.py)'
                    % path)
    finding = per_backend[backend]
    if finding.observed is None:
        pytest.fail('the original differs with no erratum:\n' + '\n'.join(
            record_original.describe_unexplained(f, v, per_backend)),
            pytrace=False)
    recorded = v.get('observed', {}).get(backend)
    assert recorded == finding.observed, (
        '%s: %s records %s for %s, but the original now gives %s' % (
            path, v['id'], json.dumps(recorded), backend,
            json.dumps(finding.observed)))


###############################################################################
# The recorder itself, on copies of vector files.

HEADER_NAMES = {
    'kind': 'header_name',
    'comment': 'Recorder test.',
    'vectors': [
        {'id': 't-lower', 'rules': ['HDR-NAME-3'], 'level': 'MUST',
         'comment': 'x.', 'input': 'a', 'input_hex': '61',
         'expected': {'ok': True, 'name': 'a'}},
        {'id': 't-upper', 'rules': ['HDR-NAME-4'], 'level': 'MUST',
         'comment': 'x.', 'input': 'A-B', 'input_hex': '412d42',
         'expected': {'ok': True, 'name': 'a-b'}},
        {'id': 't-space', 'rules': ['HDR-NAME-3'], 'level': 'MUST',
         'comment': 'x.', 'input': 'a b', 'input_hex': '612062',
         'expected': {'ok': False, 'error': 'bad_header_name_bytes',
                      'rule': 'HDR-NAME-3', 'offset': 1}},
    ],
}

CHUNK_LINES = {
    'kind': 'render_chunk_line',
    'comment': 'Recorder test.',
    'vectors': [
        {'id': 't-ext-empty', 'rules': ['OUT-CHUNK-3'], 'level': 'MUST',
         'comment': 'x.', 'message': {'size': 1, 'extension': {
             'key': '', 'value': ''}},
         'expected': {'ok': False, 'error': 'bad_chunk_extension',
                      'rule': 'CHUNK-EXT-1', 'offset': 2}},
        {'id': 't-plain', 'rules': ['OUT-CHUNK-1'], 'level': 'MUST',
         'comment': 'x.', 'message': {'size': 10, 'extension': None},
         'expected': {'ok': True, 'output': 'a\\r\\n',
                      'output_hex': '610d0a'}},
    ],
}

DUPLICATES = {
    'kind': 'request',
    'comment': 'Recorder test.',
    'vectors': [
        {'id': 't-dup-length', 'rules': ['HDR-DUP-1'], 'level': 'MUST',
         'comment': 'x.',
         'input': 'PUT / HTTP/1.1\\r\\nContent-Length: 5\\r\\n'
                  'content-length: 5',
         'input_hex': (b'PUT / HTTP/1.1\r\nContent-Length: 5\r\n'
                       b'content-length: 5').hex(),
         'expected': {'ok': False, 'error': 'duplicate_header',
                      'rule': 'HDR-DUP-1', 'offset': 35}},
    ],
}


EXCHANGES = {
    'kind': 'exchange',
    'comment': 'Recorder test.',
    'vectors': [
        {'id': 't-404-open', 'rules': ['SRV-KEEPALIVE-1'], 'level': 'MUST',
         'comment': 'x.', 'app': 'reflect',
         'send': 'GET /_status/404 HTTP/1.1\\r\\n\\r\\n',
         'send_hex': b'GET /_status/404 HTTP/1.1\r\n\r\n'.hex(),
         'expected': {'response': 'HTTP/1.1 404 Reflected\\r\\n\\r\\n',
                      'response_hex': b'HTTP/1.1 404 Reflected\r\n\r\n'.hex(),
                      'ending': 'open'}},
        {'id': 't-eof', 'rules': ['SRV-EOF-1'], 'level': 'MUST',
         'comment': 'x.', 'app': 'reflect', 'send': '', 'send_hex': '',
         'eof': True,
         'expected': {'response': '', 'response_hex': '', 'ending': 'closed'}},
        {'id': 't-crlf', 'rules': ['SRV-RESPONSE-1'], 'level': 'MUST',
         'comment': 'x.', 'app': 'reflect',
         'send': 'GET /_header?x=a%0D%0Ab HTTP/1.1\\r\\n\\r\\n',
         'send_hex': b'GET /_header?x=a%0D%0Ab HTTP/1.1\r\n\r\n'.hex(),
         'expected': {'response': '', 'response_hex': '', 'ending': 'closed'}},
    ],
}


def _write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(vectors.dump(doc))
    return path


def _run(*argv, env=None):
    return subprocess.run(RECORDER + list(argv), capture_output=True,
                          text=True, timeout=300, env=env)


def test_recording_twice_changes_nothing(tmp_path):
    paths = [_write(tmp_path, 'names.json', HEADER_NAMES),
             _write(tmp_path, 'chunks.json', CHUNK_LINES)]
    first = _run('--files', *map(str, paths))
    assert first.returncode == 0, first.stdout + first.stderr
    texts = [p.read_bytes() for p in paths]
    for p in paths:
        doc = vectors.load(p)
        assert 'provenance' in doc
        assert all(set(v['observed']) <= {'c', 'py'} and v['observed']
                   for v in doc['vectors'])
    chunks = vectors.load(paths[1])['vectors']
    assert chunks[0]['observed']['py']['erratum'] == 'E-8'
    assert chunks[1]['observed']['py'] == 'expected'
    second = _run('--files', *map(str, paths))
    assert second.returncode == 0, second.stdout + second.stderr
    assert [p.read_bytes() for p in paths] == texts
    assert 'unchanged' in second.stdout


def test_exchanges_are_recorded_twice_alike(tmp_path):
    path = _write(tmp_path, 'exchanges.json', EXCHANGES)
    first = _run('--files', str(path))
    assert first.returncode == 0, first.stdout + first.stderr
    text = path.read_bytes()
    observed = [v['observed'] for v in vectors.load(path)['vectors']]
    assert observed[0] == observed[1] == {'c': 'expected', 'py': 'expected'}
    assert {o['erratum'] for o in observed[2].values()} == {'E-2'}
    assert observed[2]['py']['outcome']['ending'] == 'open'
    second = _run('--files', str(path))
    assert second.returncode == 0, second.stdout + second.stderr
    assert path.read_bytes() == text


def test_an_unexplained_exchange_writes_nothing(tmp_path):
    doc = json.loads(json.dumps(EXCHANGES))
    doc['vectors'][0]['expected']['ending'] = 'closed'
    path = _write(tmp_path, 'exchanges.json', doc)
    before = path.read_bytes()
    proc = _run('--files', str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert path.read_bytes() == before
    assert 't-404-open' in proc.stdout and 'UNEXPLAINED' in proc.stdout


CLIENT_EXCHANGES = {
    'kind': 'client_exchange',
    'comment': 'Recorder test.',
    'vectors': [
        {'id': 't-host', 'rules': ['CLI-HOST-1'], 'level': 'MUST',
         'comment': 'x.', 'client': {'address': ['example.com', 8080]},
         'actions': [{'method': 'GET', 'uri': '/', 'headers': []}],
         'replies': ['HTTP/1.1 204 No Content\\r\\n\\r\\n'],
         'replies_hex': [b'HTTP/1.1 204 No Content\r\n\r\n'.hex()],
         'expected': {
             'sent': 'GET / HTTP/1.1\\r\\nhost: example.com:8080\\r\\n'
                     '\\r\\n',
             'sent_hex': b'GET / HTTP/1.1\r\nhost: example.com:8080\r\n'
                         b'\r\n'.hex(),
             'outcomes': [{'ok': True, 'status': 204,
                           'reason': 'No Content', 'headers': {},
                           'body_hex': None}]}},
    ],
}


def test_client_exchanges_are_recorded_twice_alike(tmp_path):
    path = _write(tmp_path, 'client.json', CLIENT_EXCHANGES)
    first = _run('--files', str(path))
    assert first.returncode == 0, first.stdout + first.stderr
    text = path.read_bytes()
    assert vectors.load(path)['vectors'][0]['observed'] == \
        {'c': 'expected', 'py': 'expected'}
    second = _run('--files', str(path))
    assert second.returncode == 0, second.stdout + second.stderr
    assert path.read_bytes() == text


def test_an_unexplained_client_exchange_writes_nothing(tmp_path):
    doc = json.loads(json.dumps(CLIENT_EXCHANGES))
    doc['vectors'][0]['client']['address'] = ['example.com', 80]
    path = _write(tmp_path, 'client.json', doc)
    before = path.read_bytes()
    proc = _run('--files', str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert path.read_bytes() == before
    assert 't-host' in proc.stdout and 'UNEXPLAINED' in proc.stdout


def test_an_unchanged_recording_keeps_its_date(tmp_path):
    path = _write(tmp_path, 'names.json', HEADER_NAMES)
    assert _run('--files', str(path)).returncode == 0
    doc = vectors.load(path)
    doc['provenance']['recorded'] = '2000-01-01'
    doc['provenance']['python'] = '0.0.0'
    path.write_text(vectors.dump(doc))
    before = path.read_bytes()
    proc = _run('--files', str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert path.read_bytes() == before


def test_a_changed_observation_gets_a_new_provenance(tmp_path):
    path = _write(tmp_path, 'names.json', HEADER_NAMES)
    assert _run('--files', str(path)).returncode == 0
    doc = vectors.load(path)
    doc['provenance']['recorded'] = '2000-01-01'
    doc['vectors'][0]['observed'] = {'c': {'outcome': {'ok': False},
                                           'erratum': 'E-17'}}
    path.write_text(vectors.dump(doc))
    assert _run('--files', str(path)).returncode == 0
    doc = vectors.load(path)
    assert doc['provenance']['recorded'] != '2000-01-01'
    assert doc['vectors'][0]['observed'] == {'c': 'expected',
                                             'py': 'expected'}


def test_an_unexplained_difference_writes_nothing(tmp_path):
    doc = json.loads(json.dumps(HEADER_NAMES))
    doc['vectors'][0]['expected'] = {
        'ok': False, 'error': 'bad_header_name_bytes', 'rule': 'HDR-NAME-3',
        'offset': 0}
    path = _write(tmp_path, 'names.json', doc)
    other = _write(tmp_path, 'chunks.json', CHUNK_LINES)
    before = path.read_bytes()
    proc = _run('--files', str(path), str(other))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert path.read_bytes() == before
    assert 't-lower' in proc.stdout and 'UNEXPLAINED' in proc.stdout
    assert 'provenance' in vectors.load(other)  # Other files are recorded.


def test_a_dry_run_writes_nothing(tmp_path):
    path = _write(tmp_path, 'names.json', HEADER_NAMES)
    before = path.read_bytes()
    proc = _run('--dry-run', '--files', str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert path.read_bytes() == before
    assert 'dry run' in proc.stdout


def test_an_erratum_is_given_only_when_undoing_it_explains(tmp_path):
    """E-1 with a degu-parse that disagrees with the original on the input
    with the repeat dropped is unexplained; with the real one it is E-1."""
    path = _write(tmp_path, 'dups.json', DUPLICATES)
    fake = tmp_path / 'degu-parse'
    fake.write_text('#!/bin/sh\nwhile read line; do echo \'{"ok": false, '
                    '"error": "x", "rule": "X-1", "offset": 0}\'; done\n')
    fake.chmod(0o755)
    proc = _run('--dry-run', '--degu-parse', str(fake), '--files', str(path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 't-dup-length' in proc.stdout
    real = record_original.find_degu_parse()
    if real is None:
        pytest.skip('degu-parse is not built')
    proc = _run('--degu-parse', real, '--files', str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    observed = vectors.load(path)['vectors'][0]['observed']
    assert {o['erratum'] for o in observed.values()} == {'E-1'}


def test_a_vector_file_is_found_by_name(tmp_path):
    proc = _run('--dry-run', '--files', 'no-such-file')
    assert proc.returncode == 2
    assert 'no vector file' in proc.stderr


def test_the_repository_files_are_recorded_as_the_recorder_would(tmp_path):
    """A dry run over copies of every recorded file changes nothing."""
    copies = []
    for path in vectors.vector_files():
        if 'provenance' in vectors.load(path):
            copy = tmp_path / path.parent.name / path.name
            copy.parent.mkdir(exist_ok=True)
            shutil.copy(path, copy)
            copies.append(copy)
    if not copies:
        pytest.skip('no recorded vector file')
    before = [c.read_bytes() for c in copies]
    proc = _run('--files', *map(str, copies))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    changed = [str(c) for c, b in zip(copies, before) if c.read_bytes() != b]
    assert not changed, proc.stdout[-3000:]


###############################################################################
# degu-conform against the original's real server and client.

PEER = ROOT / 'tools' / 'original_peer.py'
ADAPTER = ROOT / 'interop' / 'original_client_adapter.py'

def _conform(degu_conform, tmp_path, role, command, *extra):
    """(completed process, JSON report) of one degu-conform run under the
    degu-0.19 profile."""
    report = tmp_path / ('%s.json' % role)
    proc = subprocess.run(
        [str(degu_conform), role, '--exec', command, '--profile', 'degu-0.19',
         '-q', '--json', str(report)] + list(extra),
        capture_output=True, text=True, timeout=900)
    assert report.exists(), proc.stdout[-3000:] + proc.stderr
    return proc, json.loads(report.read_text())


def _recorded(case, backend):
    """(what the vector of a report case records for backend: its
    `expected` or the outcome its erratum names, whether that is
    `expected`)."""
    v = next(v for v in vectors.load(vectors.VECTORS / case['file'])
             ['vectors'] if v['id'] == case['vector_id'])
    observed = v['observed'][backend]
    if observed == 'expected':
        return v['expected'], True
    return observed['outcome'], False


def test_the_original_server_through_degu_conform(degu_conform, backend,
                                                  tmp_path):
    """degu-conform server --exec tools/original_peer.py server
    (degu.server.Server running tools/reflect_app.py; a server per option
    set, on AF_UNIX): every case is Degu 0.19 compatible, and every
    exchange vector gives exactly what was recorded for this backend."""
    command = ('%s %s server --backend %s --address {address} '
               '--max-connections {max_connections} --max-requests '
               '{max_requests} --timeout {timeout}'
               % (sys.executable, PEER, backend))
    proc, report = _conform(degu_conform, tmp_path, 'server', command,
                            '--transport', 'unix')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    exchanges = [c for c in report['cases'] if c['kind'] == 'exchange']
    assert exchanges and all(c['verdict'] == 'OK' for c in exchanges)
    for case in exchanges:
        want, _ = _recorded(case, backend)
        got = case['exchange']
        fate = 'closed' if got['observed_fate'] == 'reset' else \
            got['observed_fate']
        assert (got['received_hex'], fate) == (
            want['response_hex'], want['ending']), case['id']


def test_the_original_client_through_degu_conform(degu_conform, backend,
                                                  tmp_path):
    """degu-conform client --exec interop/original_client_adapter.py on
    every client exchange vector (the wire cases derived from response-side
    vectors are left to a full run: about two minutes per backend): all
    pass, and each is judged against what was recorded for this backend."""
    command = '%s %s --backend %s' % (sys.executable, ADAPTER, backend)
    proc, report = _conform(degu_conform, tmp_path, 'client', command,
                            '--skip', '*.wire.*')
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    cases = report['cases']
    assert cases and all(c['kind'] == 'client_exchange' and
                         c['verdict'] == 'OK' for c in cases)
    for case in cases:
        want, is_expected = _recorded(case, backend)
        assert case['exchange']['received_hex'] == want['sent_hex'], \
            case['id']
        # The outcomes are in the report only for failures: a case passes
        # against `expected` exactly when that is what was recorded.
        assert case['spec_ok'] == is_expected, case['id']
