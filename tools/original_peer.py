#!/usr/bin/env python3
"""original_peer.py: the original Degu's real server or client, as a peer
for interop tests (interop/test_peer_original.py).

  original_peer.py server --backend c|py --address ADDR [--tls-config FILE]
                          [--app reflect|files:DIR] [--max-connections N]
                          [--max-requests N] [--timeout S]
      Serves the reflect app (tools/reflect_app.py, docs/REFLECT.md), or
      the original's FilesApp for DIR, with degu.server.Server (or
      SSLServer), given the options max_connections, max_requests and
      timeout when named
      (the original's defaults otherwise); prints the bound address as its
      first line; serves until SIGTERM.  As a server under test:
        degu-conform server --exec 'python3 tools/original_peer.py server
          --backend c --address {address} --max-connections
          {max_connections} --max-requests {max_requests} --timeout
          {timeout}' --profile degu-0.19
  original_peer.py client --backend c|py --address ADDR [--tls-config FILE]
      Reads {"client": {...options}, "actions": [...]} (actions as in client
      exchange vectors, docs/VECTORS.md) on standard input, performs them on
      one connection of degu.client.Client (or SSLClient) as the recorder
      does (tools/original_exchange.py perform_actions: each response body
      read completely unless read_body is false), and prints the outcomes
      array as one JSON line; a failed action's outcome adds "error", the
      exception it failed with.

ADDR: /abs/path.sock, @name (abstract; "@" alone: the kernel chooses),
HOST:PORT, or [IPV6]:PORT.  The original is imported from DEGU_PYTHONPATH;
with --backend py its C extension is kept out, with c it must be built.
Exit status 2 for bad arguments or when the original cannot be imported.
"""

import argparse
import json
import math
import os
import pathlib
import signal
import sys
import threading

TOOLS = pathlib.Path(__file__).resolve().parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import original_exchange  # noqa: E402
import reflect_app  # noqa: E402


def import_degu(backend):
    where = os.environ.get('DEGU_PYTHONPATH')
    if not where:
        raise SystemExit('original_peer.py: DEGU_PYTHONPATH is not set')
    sys.path.insert(0, os.path.realpath(where))
    if backend == 'py':
        sys.modules['degu._base'] = None  # Importing it now fails: Py backend.
    import degu.base
    module = degu.base.Connection.__module__
    if module != ('degu._base' if backend == 'c' else 'degu._basepy'):
        raise SystemExit('original_peer.py: backend %s not available (got %s)'
                         % (backend, module))
    return degu


def parse_address(text):
    if text.startswith('/'):
        return text
    if text.startswith('@'):
        return b'\0' + text[1:].encode() if len(text) > 1 else b''
    if text.startswith('['):
        host, _, port = text[1:].partition(']:')
        return (host, int(port), 0, 0)
    host, _, port = text.rpartition(':')
    return (host, int(port))


def format_address(address):
    if isinstance(address, str):
        return address
    if isinstance(address, bytes):
        return '@' + address[1:].decode()
    if len(address) == 4:
        return '[%s]:%d' % address[:2]
    return '%s:%d' % address


def load_tls(path):
    if path is None:
        return None
    with open(path) as f:
        return json.load(f)


def run_server(degu, args):
    import degu.server
    address = parse_address(args.address)
    if args.app.startswith('files:'):
        import degu.applib
        app = degu.applib.FilesApp(args.app[len('files:'):])
    elif args.app == 'reflect':
        app = reflect_app.app
    else:
        raise SystemExit('original_peer.py: unknown --app %r' % args.app)
    options = {}
    if args.max_connections is not None:
        options['max_connections'] = args.max_connections
    if args.max_requests is not None:
        options['max_requests'] = args.max_requests
    if args.timeout is not None:
        options['timeout'] = args.timeout
    tls = load_tls(args.tls_config)
    if tls is None:
        server = degu.server.Server(address, app, **options)
    else:
        sslctx = degu.server.build_server_sslctx(tls)
        server = degu.server.SSLServer(sslctx, address, app, **options)
    print(format_address(server.address), flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    return 0


def run_client(degu, args):
    import degu.client
    request = json.load(sys.stdin)
    options = dict(request.get('client', {}))
    address = parse_address(args.address)
    tls = load_tls(args.tls_config)
    if tls is None:
        client = degu.client.Client(address, **options)
    else:
        sslctx = degu.client.build_client_sslctx(tls)
        client = degu.client.SSLClient(sslctx, address, **options)
    conn = client.connect()
    module = sys.modules[type(conn).__module__]
    try:
        outcomes, errors = original_exchange.perform_actions(
            module, conn, request['actions'])
    finally:
        conn.close()
    for outcome, error in zip(outcomes, errors):
        if error is not None:
            outcome['error'] = error
    print(json.dumps(outcomes), flush=True)
    return 0


def positive_int(text):
    value = int(text)
    if value <= 0:
        raise ValueError(text)
    return value


def positive_number(text):
    """An int when the text is one (as degu-conform's {timeout} is), else
    a float; the original takes either."""
    try:
        value = int(text)
    except ValueError:
        value = float(text)
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(text)
    return value


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('role', choices=('server', 'client'))
    parser.add_argument('--backend', choices=('c', 'py'), required=True)
    parser.add_argument('--address', required=True)
    parser.add_argument('--tls-config')
    parser.add_argument('--app', default='reflect')
    parser.add_argument('--max-connections', type=positive_int, metavar='N',
                        help='server: connections handled at once (the '
                        "original's default: 50)")
    parser.add_argument('--max-requests', type=positive_int, metavar='N',
                        help='server: requests per connection (the '
                        "original's default: 1000)")
    parser.add_argument('--timeout', type=positive_number, metavar='S',
                        help="server: socket timeout in seconds (the "
                        "original's default: 30)")
    args = parser.parse_args(argv)
    if args.role == 'client' and (args.max_connections, args.max_requests,
                                  args.timeout) != (None, None, None):
        parser.error('--max-connections, --max-requests and --timeout are '
                     'server options')
    if args.role == 'server':
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        degu = import_degu(args.backend)
    except ImportError as e:
        print('original_peer.py: cannot import the original: %s' % e,
              file=sys.stderr)
        return 2
    return (run_server if args.role == 'server' else run_client)(degu, args)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
