#!/usr/bin/env python3
"""test_summary.py LOG...: one line summing up test logs.

Each LOG is the output of `ctest` in one build directory, or of pytest; the
line names each log's directory (or file) and its counts.  Exit 1 if any log
shows a failure or is missing its summary.
"""
import pathlib
import re
import sys

SUMMARY = re.compile(r'(\d+)% tests passed, (\d+) tests failed out of (\d+)')
PYTEST_COUNT = re.compile(r'(\d+) (passed|failed|skipped|errors?|xfailed|xpassed)')
PYTEST_LAST = re.compile(r'^=*\s*(\d+ \w+.*) in [\d.]+s', re.MULTILINE)


def pytest_part(path, text):
    """(part, failed) for a pytest log, from its final counts line."""
    lines = PYTEST_LAST.findall(text)
    if not lines:
        return ('%s: no pytest summary' % path.name, True)
    counts = {k: int(n) for (n, k) in PYTEST_COUNT.findall(lines[-1])}
    bad = counts.get('failed', 0) + counts.get('error', 0) + counts.get('errors', 0)
    return ('%s: %d passed, %d skipped, %d failed'
            % (path.stem, counts.get('passed', 0), counts.get('skipped', 0), bad),
            bad > 0)


def main(logs):
    parts, failed = [], False
    for log in logs:
        path = pathlib.Path(log)
        text = path.read_text() if path.exists() else ''
        if path.name != 'ctest.log':
            part, bad_log = pytest_part(path, text)
            parts.append(part)
            failed |= bad_log
            continue
        match = SUMMARY.search(text)
        if not match:
            parts.append('%s: no ctest summary' % path.parent.name)
            failed = True
            continue
        bad, total = int(match.group(2)), int(match.group(3))
        failed |= bad > 0
        parts.append('%s: %d/%d passed' % (path.parent.name, total - bad, total))
    print('make test: %s (%s)' % ('FAIL' if failed else 'PASS', '; '.join(parts)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
