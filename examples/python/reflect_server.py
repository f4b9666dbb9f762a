#!/usr/bin/python3
"""A small Degu server running the reflect application (docs/REFLECT.md).

    reflect_server.py ADDRESS MAX_REQUESTS TIMEOUT [MAX_CONNECTIONS]

ADDRESS is an AF_UNIX path, @name (abstract), 127.0.0.1:PORT or [::1]:PORT.
It prints the bound address, serves one thread per connection and exits
cleanly on SIGTERM or SIGINT.  For degu-conform:

    degu-conform server --exec 'python3 examples/python/reflect_server.py {address} {max_requests} {timeout} {max_connections}'
"""

import json
import os
import signal
import socket
import sys
import threading
import time

import degu_mini as degu

MAX_CONNECTIONS = 50            # SRV-MAXCONN-1: the default
MAX_WAITING = 128               # accepted connections waiting for a slot
SLOT_WAIT = 2.0


class AppFailed(Exception):
    """The application ends the request without a response (SRV-ERROR-1)."""


# --- The reflect application -------------------------------------------------

def reflect(request, body):
    """-> (status, reason, [(name, value)], body); body is None, bytes or
    [(ext, data)] chunks.  Reads the request body unless the route is /_unread."""
    route = request.path[0] if request.path else None
    if body is not None and route != b"_unread":
        received = body.read()
        if body.kind == "length":
            body_json = {"hex": received.hex(), "kind": "length"}
        else:
            body_json = {"kind": "chunked", "chunks": [
                {"ext": None if ext is None else [ext[0].decode(), ext[1].decode()],
                 "hex": data.hex()} for ext, data in received]}
    else:
        body_json = None
    reflection = json.dumps({
        "body": body_json,
        "headers": {n.decode(): v.decode() for n, v in request.headers.items()},
        "method": request.method.decode(),
        "mount": [],
        "path": [c.decode() for c in request.path],
        "query": None if request.query is None else request.query.decode(),
        "uri": request.uri.decode(),
    }, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
    head = request.method == b"HEAD"
    json_type = (b"content-type", b"application/json")

    if route == b"_chunked":
        if head:
            return 200, b"OK", [json_type, (b"transfer-encoding", b"chunked")], None
        return 200, b"OK", [json_type], [(None, reflection), (None, b"")]
    if route == b"_status":
        code = request.path[1] if len(request.path) > 1 else b""
        if not (1 <= len(code) <= 3 and code.isdigit()):
            raise AppFailed("/_status needs 1 to 3 digits")
        return int(code), b"Reflected", [], None
    if route == b"_unread":
        return 200, b"OK", [], None
    if route == b"_body":
        return 200, b"OK", [json_type], reflection      # even to HEAD
    if route == b"_header":
        name, eq, value = (request.query or b"").partition(b"=")
        if request.query is None or not eq:
            raise AppFailed("/_header needs ?NAME=VALUE")
        return 200, b"OK", [(percent_decode(name), percent_decode(value))], None
    if route == b"_render":
        if body is None or body.kind != "length":
            raise AppFailed("/_render needs a body of known length")
        return described(json.loads(received.decode()))
    if head:
        length = b"%d" % len(reflection)
        return 200, b"OK", [json_type, (b"content-length", length)], None
    return 200, b"OK", [json_type], reflection


def described(d):
    """/_render: the response d describes, handed over unchecked (strings as
    their UTF-8); refusing a bad one is the server's job (SRV-RESPONSE-1)."""
    if type(d) is not dict or type(d.get("status")) is not int:
        raise AppFailed("/_render needs an integer status")
    if type(d["reason"]) is not str:
        raise AppFailed("/_render needs a string reason")
    out = d["body"]
    if out is None:
        body = None
    elif type(out) is dict and "hex" in out:
        body = hex_bytes(out["hex"])
    else:
        body = [(None if ext is None else text_pair(ext), hex_bytes(data))
                for ext, data in out["chunks"]]
    headers = [text_pair(pair) for pair in d["headers"]]
    return d["status"], d["reason"].encode(), headers, body


def text_pair(pair):
    if type(pair) is not list or [type(t) for t in pair] != [str, str]:
        raise AppFailed("/_render: a pair of strings was expected")
    return pair[0].encode(), pair[1].encode()


def hex_bytes(text):
    """Pairs of hex digits alone (bytes.fromhex also skips spaces)."""
    if type(text) is not str or len(text) % 2 or not set(text.encode()) <= set(degu.HEX):
        raise AppFailed("/_render: bad hexadecimal data")
    return bytes.fromhex(text)


def percent_decode(text):
    out, i = bytearray(), 0
    while i < len(text):
        if text[i:i + 1] == b"%":
            pair = text[i + 1:i + 3]
            if len(pair) != 2 or degu.first_outside(pair, degu.HEX) >= 0:
                raise AppFailed("bad percent escape")
            out.append(int(pair, 16))
            i += 3
        else:
            out.append(text[i])
            i += 1
    return bytes(out)


# --- The connection loop (SPEC.md 11) -----------------------------------------

def respond(request, body, response):
    """The bytes to send for an application response, piece by piece, each
    checked before it is yielded: AppFailed or DeguError before the first
    piece sends nothing (OUT-ATOMIC-1), after it ends the body (OUT-BODY-3)."""
    status, reason, headers, out_body = response
    if body is not None and not body.consumed:          # SRV-CONSUME-1
        raise AppFailed("request body not consumed")
    if request.method == b"HEAD" and out_body is not None:
        raise AppFailed("a body in the response to HEAD")   # SRV-HEAD-1
    if out_body is None:
        yield degu.render_response(status, reason, headers, ("none",))
    elif isinstance(out_body, bytes):
        framing = ("length", len(out_body))
        yield degu.render_response(status, reason, headers, framing) + out_body
    else:                   # a chunked body is a stream: one chunk at a time
        yield degu.render_response(status, reason, headers, ("chunked",))
        for i, (ext, data) in enumerate(out_body, 1):
            if (not data) != (i == len(out_body)):      # OUT-CHUNK-4
                raise AppFailed("only the last chunk has empty data")
            yield degu.render_chunk_line(len(data), ext) + data + b"\r\n"
        if not out_body:
            raise AppFailed("a chunked body without its last chunk")


class PreambleClock:
    """A recv for degu.Reader whose waits end by a deadline while one is set:
    a whole preamble gets the timeout, not only each wait (SRV-TIMEOUT-2)."""

    def __init__(self, conn, timeout):
        self.conn, self.timeout, self.deadline = conn, timeout, None

    def recv(self, n):
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("the request preamble took longer than the timeout")
            self.conn.settimeout(min(self.timeout, left))
        return self.conn.recv(n)

    def start(self):
        self.deadline = time.monotonic() + self.timeout

    def stop(self):
        self.deadline = None
        self.conn.settimeout(self.timeout)


def serve(conn, max_requests, timeout):
    """One connection: read, reflect, respond, until something ends it."""
    clock = PreambleClock(conn, timeout)
    reader = degu.Reader(clock.recv)
    sent = 0
    while True:
        try:
            clock.start()
            _, preamble = reader.read_preamble()
            clock.stop()
        except degu.DeguError as err:
            if err.name != "preamble_empty":            # SRV-EOF-1: normal end
                log(f"closed: {err}")
            return
        request = degu.parse_preamble(preamble)         # a rejection closes
        body = None
        if request.framing[0] != "none":
            body = degu.Body(reader, request.framing)
        response = reflect(request, body)
        for piece in respond(request, body, response):
            conn.sendall(piece)
        sent += 1
        status = response[0]
        if sent >= max_requests:                        # SRV-MAXREQ-1
            return
        if status >= 400 and status not in (404, 409, 412):     # SRV-KEEPALIVE-1
            return


def handle(conn, slots, max_requests, timeout, tcp):
    try:
        conn.settimeout(timeout)                        # SRV-TIMEOUT-1
        if tcp:     # a response goes out in pieces: no Nagle delay between them
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        serve(conn, max_requests, timeout)
    except Exception as err:                            # GEN-CLOSE-1, SRV-ERROR-1
        log(f"closed: {type(err).__name__}: {err}")
    finally:
        try:
            if tcp:
                linger(conn)
        finally:
            conn.close()
            slots.release()


def linger(conn):
    """SRV-CLOSE-2: over TCP, shut down sending and drain the input briefly so
    that closing with unread input cannot reset away the last response."""
    try:
        conn.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + 1.0
        drained = 0
        while drained < 16 * 1024 * 1024:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            conn.settimeout(left)
            data = conn.recv(65536)
            if not data:
                break
            drained += len(data)
    except OSError:
        pass


def log(text):
    print(f"reflect_server: {text}", file=sys.stderr, flush=True)


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit("usage: reflect_server.py ADDRESS MAX_REQUESTS TIMEOUT [MAX_CONNECTIONS]")
    family, sockaddr = degu.parse_address(argv[0])
    max_requests, timeout = int(argv[1]), float(argv[2])
    max_connections = int(argv[3]) if len(argv) == 4 else MAX_CONNECTIONS
    if not 1 <= max_requests <= 75000 or timeout <= 0:  # SRV-MAXREQ-2, SRV-OPTIONS-1
        sys.exit("max_requests must be 1 to 75000 and timeout positive")
    if max_connections < 1:
        sys.exit("max_connections must be positive")
    if family == socket.AF_UNIX and isinstance(sockaddr, str):
        if os.path.normpath(sockaddr) != sockaddr:      # ADDR-UNIX-1
            sys.exit(f"not an absolute, normalised path: {sockaddr}")
    listener = socket.socket(family, socket.SOCK_STREAM)
    if family != socket.AF_UNIX:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(sockaddr)
    listener.listen(128)
    print(degu.format_address(family, listener.getsockname()), flush=True)

    def stop(signum, frame):
        raise SystemExit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    slots = threading.BoundedSemaphore(max_connections)
    waiting = threading.BoundedSemaphore(MAX_WAITING)

    def admit(conn):
        """Waits for a slot beside the other waiting connections (SRV-MAXCONN-2)."""
        try:
            if not slots.acquire(timeout=SLOT_WAIT):    # SRV-MAXCONN-1
                conn.close()
                return
        finally:
            waiting.release()
        handle(conn, slots, max_requests, timeout, family != socket.AF_UNIX)

    try:
        while True:
            waiting.acquire()                           # the rest stay queued
            conn, _ = listener.accept()
            threading.Thread(target=admit, args=(conn,), daemon=True).start()
    finally:
        listener.close()
        if family == socket.AF_UNIX and isinstance(sockaddr, str):
            try:
                os.unlink(sockaddr)
            except OSError:
                pass


if __name__ == "__main__":
    main(sys.argv[1:])
