#!/usr/bin/python3
"""Client adapter for degu-conform: a small Degu client performing actions.

    client_adapter.py --fd N            use the inherited, connected socket N
    client_adapter.py --connect ADDRESS connect to ADDRESS (as reflect_server.py)

Reads {"client": ..., "actions": [...]} on standard input, performs the
actions on one connection, prints the outcomes as one JSON line and closes
the connection (docs/VECTORS.md, "Client exchange vectors").
"""

import json
import socket
import sys

import degu_mini as degu

TIMEOUT = 65.0                  # CLI-TIMEOUT-1


class ClientError(Exception):
    """A request that failed; the connection may or may not still be open."""


def base_headers(client):
    """CLI-BASE-1: authorization (if configured) and host (CLI-HOST-*)."""
    headers = {}
    if client.get("authorization") is not None:
        headers[b"authorization"] = client["authorization"].encode()
    address = client["address"]
    if "host" in client:                                # CLI-HOST-5
        host = client["host"]
    elif isinstance(address, list):                     # CLI-HOST-1
        host = address[0]
        if ":" in host:                                 # CLI-HOST-2
            host = f"[{host}]"
        if address[1] != 80:                            # CLI-HOST-3 (plain client)
            host = f"{host}:{address[1]}"
    else:
        host = None                                     # CLI-HOST-4: AF_UNIX
    if host is not None:
        headers[b"host"] = host.encode()
    return headers


class Connection:
    """One exchange at a time over one socket (CLI-PIPELINE-1)."""

    def __init__(self, sock, base):
        self.sock = sock
        self.base = base
        self.reader = degu.Reader(sock.recv)
        self.closed = False
        self.unread = None              # the previous response's unread body

    def close(self):
        if not self.closed:
            self.closed = True
            self.sock.close()

    def request(self, method, uri, headers, body=None, read_body=True):
        """-> (response Message, body bytes or None).

        body: None, bytes, or [(ext, data)] chunks ending with empty data."""
        if self.closed:                                 # CLI-CLOSE-1
            raise ClientError("connection closed")
        # Checks of the caller's arguments: nothing sent, the connection stays
        # open (CLI-CLOSE-2).
        if method not in degu.METHODS:                  # CLI-METHOD-1
            raise ClientError("bad method")
        if body is not None and method not in (b"PUT", b"POST"):
            raise ClientError("a body needs PUT or POST")       # CLI-BODY-1
        headers = dict(headers)
        headers.update(self.base)                       # CLI-BASE-2
        if body is None:
            framing = ("none",)                         # CLI-BODY-2
        elif isinstance(body, bytes):
            framing = ("length", len(body))
        else:
            framing = ("chunked",)
        try:
            preamble = degu.render_request(method, uri, list(headers.items()), framing)
            data = body if isinstance(body, bytes) else b""
            if framing[0] == "chunked":
                data = degu.render_chunks(body)
        except degu.DeguError as err:
            raise ClientError(str(err))
        if self.unread is not None:                     # CLI-CONSUME-1
            self.close()
            raise ClientError("previous response body not consumed")
        try:
            self.sock.sendall(preamble + data)
            _, head = self.reader.read_preamble()       # CLI-EOF-1: empty is an error
            response = degu.parse_preamble(head, method)    # FRAME-RSP-4
            received = None
            if response.framing[0] != "none":           # CLI-HEAD-1 via FRAME-RSP-1
                response_body = degu.Body(self.reader, response.framing)
                if read_body:
                    received = response_body.read()
                    if response_body.kind == "chunked":
                        received = b"".join(data for _, data in received)
                else:
                    self.unread = response_body
            return response, received
        except Exception:
            self.close()                                # CLI-CLOSE-1
            raise


def range_header(start, stop):
    """CLI-RANGE-1: the half-open interval [start, stop) as a range header."""
    if not (isinstance(start, int) and isinstance(stop, int)
            and 0 <= start < stop <= 9999999999999999):
        raise ClientError("bad range")
    return b"bytes=%d-%d" % (start, stop - 1)


def perform(conn, action):
    headers = [(n.encode(), v.encode()) for n, v in action["headers"]]
    if "range" in action:
        wanted = range_header(*action["range"])
        given = dict(headers).get(b"range")
        if given is not None and given != wanted:       # CLI-RANGE-2
            raise ClientError("range header differs from the range asked for")
        headers = [(n, v) for n, v in headers if n != b"range"] + [(b"range", wanted)]
    body = action.get("body")
    if body is not None:
        if "hex" in body:
            body = bytes.fromhex(body["hex"])
        else:
            body = [(None if ext is None else (ext[0].encode(), ext[1].encode()),
                     bytes.fromhex(data)) for ext, data in body["chunks"]]
    response, received = conn.request(action["method"].encode(), action["uri"].encode(),
                                      headers, body, action.get("read_body", True))
    return {"ok": True, "status": response.status, "reason": response.reason.decode(),
            "headers": degu.typed_headers(response),
            "body_hex": None if received is None else received.hex()}


def main(argv):
    if len(argv) == 2 and argv[0] == "--fd":
        sock = socket.socket(fileno=int(argv[1]))
    elif len(argv) == 2 and argv[0] == "--connect":
        family, sockaddr = degu.parse_address(argv[1])
        sock = socket.socket(family, socket.SOCK_STREAM)
        if family == socket.AF_UNIX:                    # ADDR-UNIX-3
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        sock.connect(sockaddr)
    else:
        sys.exit("usage: client_adapter.py --fd N | --connect ADDRESS")
    job = json.load(sys.stdin)
    sock.settimeout(job["client"].get("timeout", TIMEOUT))     # None: no timeout
    conn = Connection(sock, base_headers(job["client"]))
    outcomes = []
    for action in job["actions"]:
        try:
            outcomes.append(perform(conn, action))
        except Exception as err:                        # a failed action does
            print(f"client_adapter: {err}", file=sys.stderr)    # not stop the rest
            outcomes.append({"ok": False})
    print(json.dumps(outcomes), flush=True)
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1:])
