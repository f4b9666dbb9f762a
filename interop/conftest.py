"""conftest.py: what the suites comparing with the original Degu share.

degu-parse is found through the environment variable DEGU_PARSE, or else at
build/reference/cli/degu-parse in this repository.  The original Degu is
found only through DEGU_PYTHONPATH; each suite skips when it is unset.
"""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope='session')
def degu_parse():
    """The path of the degu-parse executable; fails the test when missing."""
    path = pathlib.Path(os.environ.get('DEGU_PARSE')
                        or ROOT / 'build' / 'reference' / 'cli' / 'degu-parse')
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail('degu-parse not found at %s: run `make build` or set '
                    'DEGU_PARSE' % path, pytrace=False)
    return path


@pytest.fixture(scope='session')
def compare_tool():
    """The command that runs tools/compare_original.py."""
    return [sys.executable, str(ROOT / 'tools' / 'compare_original.py')]
