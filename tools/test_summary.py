#!/usr/bin/env python3
"""test_summary.py LOG...: one line summing up ctest logs, one per build.

Each LOG is the output of `ctest` in one build directory; the line names the
directory and its counts.  Exit 1 if any log shows a failure or is missing
its summary.
"""
import pathlib
import re
import sys

SUMMARY = re.compile(r'(\d+)% tests passed, (\d+) tests failed out of (\d+)')


def main(logs):
    parts, failed = [], False
    for log in logs:
        path = pathlib.Path(log)
        match = SUMMARY.search(path.read_text()) if path.exists() else None
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
