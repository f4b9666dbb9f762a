"""conftest.py: what the suites comparing with the original Degu share.

degu-parse is found through the environment variable DEGU_PARSE, or else at
build/reference/cli/degu-parse in this repository; degu-server and
degu-client through DEGU_BIN_DIR, or else build/reference/cli; degu-conform
through DEGU_CONFORM, or else build/conformance/conform/degu-conform.  The
original Degu is found only through DEGU_PYTHONPATH; each suite skips when
it is unset.
"""
import contextlib
import os
import pathlib
import signal
import subprocess
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
def degu_conform():
    """The path of the degu-conform runner ($DEGU_CONFORM, else
    build/conformance/conform/degu-conform); fails the test when missing."""
    path = pathlib.Path(os.environ.get('DEGU_CONFORM') or ROOT / 'build' /
                        'conformance' / 'conform' / 'degu-conform')
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail('degu-conform not found at %s: run `make build` or set '
                    'DEGU_CONFORM' % path, pytrace=False)
    return path


@pytest.fixture(scope='session')
def compare_tool():
    """The command that runs tools/compare_original.py."""
    return [sys.executable, str(ROOT / 'tools' / 'compare_original.py')]


@pytest.fixture(scope='module')
def bin_dir():
    """The directory of degu-server and degu-client; fails when missing."""
    d = pathlib.Path(os.environ.get('DEGU_BIN_DIR')
                     or ROOT / 'build' / 'reference' / 'cli')
    for name in ('degu-server', 'degu-client'):
        if not (d / name).is_file():
            pytest.fail('%s not found in %s: run `make build` or set '
                        'DEGU_BIN_DIR' % (name, d), pytrace=False)
    return d


def c_backend_built():
    """Whether the original's C extension is built in DEGU_PYTHONPATH."""
    where = pathlib.Path(os.environ.get('DEGU_PYTHONPATH', '')) / 'degu'
    return any(p.name.startswith('_base') and p.suffix == '.so'
               for p in where.glob('*'))


@pytest.fixture(params=['c', 'py'])
def backend(request):
    """Each backend of the original; c skips when it is not built."""
    if request.param == 'c' and not c_backend_built():
        pytest.skip('the C extension is not built in DEGU_PYTHONPATH')
    return request.param


class Running:
    """A server process that prints its bound address first; client_args
    are what a client of it needs (TLS configuration)."""

    def __init__(self, argv, env=None, client_args=()):
        self.client_args = list(client_args)
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env=env)
        line = self.proc.stdout.readline().strip()  # Ends when it exits.
        if not line:
            self.stop()
            raise RuntimeError('%s did not start: %s' % (
                argv[0], self.proc.stderr.read()))
        self.address = line

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


PEER = [sys.executable, str(ROOT / 'tools' / 'original_peer.py')]


@contextlib.contextmanager
def serving_pair(backend, original_args, reference_argv, client_args=()):
    """(original, reference): tools/original_peer.py server with backend
    and original_args, and the reference server reference_argv, both
    stopped at the end however it comes."""
    env = dict(os.environ)
    original = Running(PEER + ['server', '--backend', backend] + original_args,
                       env, client_args)
    try:
        reference = Running(reference_argv, client_args=client_args)
    except Exception:
        original.stop()
        raise
    try:
        yield original, reference
    finally:
        original.stop()
        reference.stop()
