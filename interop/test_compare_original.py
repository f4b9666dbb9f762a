"""test_compare_original.py: the C++ core (through degu-parse) against the
original Degu's C extension and pure-Python backend.

Runs tools/compare_original.py once on a smaller corpus than its default and
checks that every difference is a known quirk of the original and that no
worker of the original crashed unexpectedly.
"""
import json
import os
import subprocess

import pytest

if not os.environ.get('DEGU_PYTHONPATH'):
    pytest.skip('DEGU_PYTHONPATH is not set; skipping comparison with the '
                'original Degu', allow_module_level=True)

KINDS = ('request', 'response', 'chunk-line', 'content-length', 'range',
         'content-range', 'header-name')
COUNT = 20000  # Mutations per kind: the run takes about ten seconds.
SEED = 1


@pytest.fixture(scope='module')
def comparison(tmp_path_factory, compare_tool, degu_parse):
    """(exit status, stdout, stderr, report) of one comparison run."""
    report_path = tmp_path_factory.mktemp('compare') / 'report.json'
    proc = subprocess.run(
        compare_tool + ['--degu-parse', str(degu_parse), '--count', str(COUNT),
                        '--seed', str(SEED), '--json', str(report_path)],
        capture_output=True, text=True, timeout=300)
    if proc.returncode not in (0, 1):
        pytest.fail('compare_original.py exited %d:\n%s%s' % (
            proc.returncode, proc.stdout, proc.stderr), pytrace=False)
    with open(report_path) as f:
        report = json.load(f)
    return proc.returncode, proc.stdout, proc.stderr, report


def _describe(items):
    lines = []
    for item in items[:10]:
        lines.append('%s %s [%s] %s\n  hex %s\n  ours     %s\n  original %s'
                     % (item['kind'], item['method'] or '', item['origin'],
                        item['escaped'], item['hex'],
                        json.dumps(item.get('ours')),
                        json.dumps(item.get('original'))))
    return '\n'.join(lines)


def test_the_python_backend_was_compared(comparison):
    _, stdout, _, report = comparison
    assert 'py' in report['backends'], stdout


def test_the_c_extension_was_compared_when_built(comparison):
    _, _, _, report = comparison
    if 'c' not in report['backends']:
        pytest.skip('; '.join(report['notes']) or 'C extension not compared')


@pytest.mark.parametrize('kind', KINDS)
def test_every_kind_has_accepted_and_rejected_inputs(comparison, kind):
    _, _, _, report = comparison
    for backend, data in report['backends'].items():
        stats = data['per_kind'][kind]
        assert stats.get('agree, both accept', 0) > 0, (backend, kind)
        assert stats.get('agree, both reject', 0) > 0, (backend, kind)


@pytest.mark.parametrize('kind', KINDS)
def test_no_unexplained_difference(comparison, kind):
    _, _, _, report = comparison
    for backend, data in report['backends'].items():
        unexplained = [d for d in data['differences']
                       if d['class'] == 'UNEXPLAINED' and d['kind'] == kind]
        assert not unexplained, '%d UNEXPLAINED difference(s) with %s:\n%s' % (
            len(unexplained), backend, _describe(unexplained))


def test_no_unexpected_crash(comparison):
    _, _, _, report = comparison
    for backend, data in report['backends'].items():
        crashes = [c for c in data['crashes']
                   if c['class'] == 'UNEXPECTED-CRASH']
        assert not crashes, '%s worker crashed:\n%s' % (backend, '\n'.join(
            '%s %s\n%s' % (c['kind'], c['escaped'], c['stderr'])
            for c in crashes))


def test_exit_status_agrees_with_the_report(comparison):
    status, _, _, report = comparison
    failed = report['unexplained'] or report['unexpected_crashes']
    assert status == (1 if failed else 0)
