#!/usr/bin/env python3
"""original_client_adapter.py: the client adapter of docs/VECTORS.md
("Client exchange vectors") for the original Python Degu's client.

  original_client_adapter.py --backend c|py --fd N [--timeout S]
      < {"client": {...}, "actions": [...]}

The original is imported from DEGU_PYTHONPATH the way the recorder's
workers import it (tools/original_worker.py import_backend): --backend c is
its C extension (degu._base), py its pure-Python backend (degu._basepy).
The client's part is the recorder's own (tools/original_exchange.py
run_on_socket): the base headers are those of the original's
degu.client.Client(address, host=..., authorization=...) for the `client`
member (it connects nowhere); the backend's Connection(sock, base_headers)
over the inherited, connected socket N performs the actions in order,
reading each response body completely unless read_body is false, and is
closed.  The outcomes array is printed as one JSON line on standard output,
the exception each failed action failed with on standard error.  S (default
10) is the socket timeout.

  degu-conform client --exec 'python3 interop/original_client_adapter.py
      --backend c' --profile degu-0.19

Exit status: 0 the actions were performed (whatever their outcomes); 1 the
original refused to create the client or the connection; 2 bad arguments or
input, or the original cannot be imported.  Never 89: every client exchange
is implemented.
"""

import argparse
import json
import os
import pathlib
import socket
import sys

TOOLS = pathlib.Path(__file__).resolve().parent.parent / 'tools'
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import original_exchange  # noqa: E402
import original_worker  # noqa: E402

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def read_request(stream):
    """{"client", "actions"} from the runner, or raises ValueError."""
    request = json.load(stream)
    if not isinstance(request, dict) or \
            not isinstance(request.get('client'), dict) or \
            not isinstance(request.get('actions'), list):
        raise ValueError('standard input is not {"client": {...}, '
                         '"actions": [...]}')
    return request


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--backend', choices=original_worker.BACKENDS,
                        required=True)
    parser.add_argument('--fd', type=int, required=True, metavar='N',
                        help='an inherited socket connected to the server')
    parser.add_argument('--timeout', type=float, metavar='S',
                        default=original_exchange.DEFAULT_TIMEOUT)
    args = parser.parse_args(argv)

    def fail(status, message):
        print('original_client_adapter.py: %s' % message, file=sys.stderr)
        return status

    if not os.environ.get('DEGU_PYTHONPATH'):
        return fail(EXIT_USAGE, 'DEGU_PYTHONPATH is not set')
    try:
        module = original_worker.import_backend(args.backend)
    except Exception as e:  # Any import failure of the original.
        return fail(EXIT_USAGE, 'cannot import the original (%s): %s: %s' % (
            original_worker.BACKEND_NAMES[args.backend], type(e).__name__, e))
    try:
        request = read_request(sys.stdin)
    except ValueError as e:
        return fail(EXIT_USAGE, 'bad input: %s' % e)
    try:
        sock = socket.socket(fileno=args.fd)
    except OSError as e:
        return fail(EXIT_USAGE, '--fd %d is not a socket: %s' % (args.fd, e))
    try:
        outcomes, errors = original_exchange.run_on_socket(
            module, sock, dict(request, timeout=args.timeout))
    except Exception as e:  # Client() or Connection() refused.
        return fail(EXIT_REFUSED, '%s: %s' % (type(e).__name__, e))
    finally:
        sock.close()
    for i, error in enumerate(errors):
        if error is not None:
            print('action %d: %s' % (i, error), file=sys.stderr)
    print(json.dumps(outcomes), flush=True)
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
