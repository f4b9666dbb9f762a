#!/usr/bin/env python3
"""mutating_client_adapter.py ADAPTER MODE ARGS...: a client adapter
(docs/VECTORS.md) with one deliberate fault, for testing degu-conform.

  swap-status       the first outcome that succeeded reports status 299
  flaky:DIR         swap-status the first time it sees an exchange (a marker
                    file in DIR remembers it), no fault after that
  lenient-bare-lf   (with --connect ADDR) a client that takes a bare LF in
                    what the server sends as CRLF: it connects to ADDR and
                    relays to ADAPTER --fd N over a socketpair, rewriting
  one-read          (with --connect ADDR) a client that expects its first
                    read to hold the whole response preamble: relayed as
                    above, and cut off when the first piece does not
  fold-names        a client that folds header names to lower case instead
                    of refusing upper-case ones (OUT-NAME-1)
  no-timeout        a client without a timeout: the vector's client
                    timeout is dropped, so the default (65 s) applies
  unimplemented     exits 89 (not implemented)
  fine              no fault

Standard library only.
"""
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading

from relay import connect, first_read_whole, pump


def lenient(adapter, args, request, mode):
    address = args[args.index('--connect') + 1]
    upstream = connect(address)
    mine, theirs = socket.socketpair()
    state = []
    rewrite = ((lambda b: first_read_whole(b, state)) if mode == 'one-read'
               else (lambda b: re.sub(rb'(?<!\r)\n', b'\r\n', b)))
    down = threading.Thread(target=pump, daemon=True, args=(upstream, mine, rewrite))
    up = threading.Thread(target=pump, daemon=True, args=(mine, upstream, lambda b: b))
    down.start()
    up.start()
    out = subprocess.run([adapter, '--fd', str(theirs.fileno())], input=request,
                         capture_output=True, check=False, pass_fds=(theirs.fileno(),))
    theirs.close()
    up.join(10)
    upstream.close()
    sys.stdout.buffer.write(out.stdout)
    sys.stderr.buffer.write(out.stderr)
    return out.returncode


def main(argv):
    adapter, mode, args = argv[1], argv[2], argv[3:]
    if mode == 'unimplemented':
        return 89
    request = sys.stdin.buffer.read()
    if mode.startswith('flaky:'):
        marker = os.path.join(mode[len('flaky:'):], hashlib.sha256(request).hexdigest())
        mode = 'fine' if os.path.exists(marker) else 'swap-status'
        open(marker, 'w').close()
    if mode in ('lenient-bare-lf', 'one-read'):
        return lenient(adapter, args, request, mode)
    if mode == 'no-timeout':
        vector = json.loads(request)
        vector['client'].pop('timeout', None)
        request = json.dumps(vector).encode()
    if mode == 'fold-names':
        vector = json.loads(request)
        for action in vector['actions']:
            action['headers'] = [[n.lower(), v] for (n, v) in action['headers']]
        request = json.dumps(vector).encode()
    fds = [int(a) for (flag, a) in zip(args, args[1:]) if flag == '--fd']
    out = subprocess.run([adapter] + args, input=request,
                         capture_output=True, check=False, pass_fds=fds)
    sys.stderr.buffer.write(out.stderr)
    if out.returncode != 0 or mode != 'swap-status':
        sys.stdout.buffer.write(out.stdout)
        return out.returncode
    outcomes = json.loads(out.stdout.decode().splitlines()[-1])
    for o in outcomes:
        if o.get('ok'):
            o['status'] = 299
            break
    print(json.dumps(outcomes))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
