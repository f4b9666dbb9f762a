"""test_vectors_recorded.py: every vector file records the original Degu
(docs/VECTORS.md, "Two oracles"); runs without the original.

- every file has a `provenance` (it was recorded by tools/record_original.py);
- in a recorded file, every vector has `observed` for both backends, "c" and
  "py" (a file without provenance fails only the first check, which names
  it, rather than once per vector);
- the recorder exits 2, saying why, when DEGU_PYTHONPATH is unset or does
  not lead to the original.
"""
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / 'tools'))

import vectors  # noqa: E402

RECORDER = [sys.executable, str(ROOT / 'tools' / 'record_original.py')]
FILES = vectors.vector_files()
RECORD_HINT = ('run DEGU_PYTHONPATH=/path/to/degu tools/record_original.py '
               '--files %s')


def _load(path):
    try:
        return vectors.load(path)
    except ValueError as e:
        pytest.fail('%s is not JSON: %s' % (path.relative_to(ROOT), e),
                    pytrace=False)


def _ids(paths):
    return [str(p.relative_to(vectors.VECTORS)) for p in paths]


@pytest.mark.parametrize('path', FILES, ids=_ids(FILES))
def test_the_file_is_recorded(path):
    doc = _load(path)
    rel = path.relative_to(ROOT)
    if 'provenance' not in doc:
        pytest.fail('%s is not recorded: %s' % (rel, RECORD_HINT % rel),
                    pytrace=False)
    provenance = doc['provenance']
    for member in ('original', 'commit', 'python', 'recorded', 'backends'):
        if member not in provenance:
            pytest.fail('%s: provenance has no %r' % (rel, member),
                        pytrace=False)
    if set(provenance['backends']) != {'c', 'py'}:
        pytest.fail('%s was recorded with backends %s only: %s' % (
            rel, ', '.join(provenance['backends']), RECORD_HINT % rel),
            pytrace=False)


@pytest.mark.parametrize('path', FILES, ids=_ids(FILES))
def test_every_vector_records_both_backends(path):
    doc = _load(path)
    rel = path.relative_to(ROOT)
    if 'provenance' not in doc:
        pytest.skip('%s is not recorded yet (see test_the_file_is_recorded)'
                    % rel)
    missing = ['%s (has %s)' % (v.get('id', '?'),
                                ', '.join(sorted(v.get('observed', {})))
                                or 'nothing')
               for v in doc.get('vectors', [])
               if set(v.get('observed', {})) != {'c', 'py'}]
    if missing:
        pytest.fail('%s: %d vector(s) not recorded for both backends: %s; %s'
                    % (rel, len(missing), ', '.join(missing),
                       RECORD_HINT % rel), pytrace=False)


def test_the_recorder_needs_degu_pythonpath():
    env = {k: v for (k, v) in os.environ.items() if k != 'DEGU_PYTHONPATH'}
    proc = subprocess.run(RECORDER + ['--dry-run'], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert 'DEGU_PYTHONPATH is not set' in proc.stderr


def test_the_recorder_needs_the_original(tmp_path):
    env = dict(os.environ, DEGU_PYTHONPATH=str(tmp_path))
    proc = subprocess.run(RECORDER + ['--dry-run'], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert 'cannot import the original Degu' in proc.stderr
