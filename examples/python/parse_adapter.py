#!/usr/bin/python3
"""Parse and render adapter for degu-conform, on top of degu_mini.

    parse_adapter.py KIND [--wire] [--method M] --jsonl
    parse_adapter.py --render KIND --jsonl

Parse mode: every line of standard input is one input in hexadecimal; every
line of output is its verdict (docs/VECTORS.md, "Vectors").  Render mode:
every line of input is one message as JSON (docs/VECTORS.md, "Messages for
the rendering kinds").  See docs/VALIDATING.md.
"""

import json
import sys

import degu_mini as degu

NOT_IMPLEMENTED = 89        # degu-conform reports such kinds as UNIMPLEMENTED


def rejection(err):
    return {"ok": False, "error": err.name, "rule": err.rule, "offset": err.offset}


def extension_json(ext):
    return None if ext is None else {"key": ext[0].decode(), "value": ext[1].decode()}


def message_json(msg):
    if msg.method is not None:
        out = {"ok": True, "method": msg.method.decode(), "uri": msg.uri.decode(),
               "path": [c.decode() for c in msg.path],
               "query": None if msg.query is None else msg.query.decode()}
    else:
        out = {"ok": True, "status": msg.status, "reason": msg.reason.decode()}
    out["headers"] = degu.typed_headers(msg)
    out["framing"] = degu.framing_json(msg)
    return out


def parse(kind, data, wire, method):
    """One verdict for one input."""
    if kind in ("request", "response"):
        if wire:        # bytes as they arrive: cut the preamble first (PRE-TERM-1)
            reader = degu.Reader(_once(data))
            _, data = reader.read_preamble()
            verdict = message_json(degu.parse_preamble(data, method))
            verdict["consumed"] = reader.consumed
            return verdict
        return message_json(degu.parse_preamble(data, method))
    if kind == "chunk-line":
        consumed = None
        if wire:
            reader = degu.Reader(_once(data))
            _, data = reader.read_chunk_line()
            consumed = reader.consumed
        size, ext = degu.parse_chunk_line(data)
        verdict = {"ok": True, "size": size, "extension": extension_json(ext)}
        if consumed is not None:
            verdict["consumed"] = consumed
        return verdict
    if kind == "chunked-body":
        reader = degu.Reader(_once(data))
        chunks = []
        while True:
            size, ext, chunk = reader.read_chunk()
            chunks.append({"size": size, "extension": extension_json(ext),
                           "data_hex": chunk.hex()})
            if size == 0:
                return {"ok": True, "chunks": chunks, "consumed": reader.consumed}
    if kind == "content-length":
        return {"ok": True, "value": degu.parse_content_length(data)}
    if kind == "range":
        first, last = degu.parse_range(data)
        return {"ok": True, "first": first, "last": last}
    if kind == "content-range":
        first, last, total = degu.parse_content_range(data)
        return {"ok": True, "first": first, "last": last, "total": total}
    if kind == "header-name":
        return {"ok": True, "name": degu.parse_header_name(data).decode()}
    raise KeyError(kind)


def _once(data):
    """A recv() over a byte string: everything at once, then end of input."""
    pieces = [data]
    return lambda n: pieces.pop() if pieces else b""


def render(kind, message):
    """One verdict for one message; strings are sent as their UTF-8 bytes."""
    if kind == "chunk-line":
        ext = message["extension"]
        if ext is not None:
            ext = (ext["key"].encode(), ext["value"].encode())
        out = degu.render_chunk_line(message["size"], ext)
    else:
        headers = [(n.encode(), v.encode()) for n, v in message["headers"]]
        body = message["body"]
        body = ("length", body["length"]) if body["kind"] == "length" else (body["kind"],)
        if kind == "request":
            out = degu.render_request(message["method"].encode(),
                                      message["uri"].encode(), headers, body)
        else:
            out = degu.render_response(message["status"],
                                       message["reason"].encode(), headers, body)
    return {"ok": True, "output": degu.escape(out), "output_hex": out.hex()}


def main(argv):
    rendering = "--render" in argv
    args = [a for a in argv if a not in ("--render", "--jsonl", "--wire")]
    wire = "--wire" in argv
    method = None
    if "--method" in args:
        i = args.index("--method")
        method = args[i + 1].encode()
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit("usage: parse_adapter.py [--render] KIND [--wire] [--method M] --jsonl")
    kind = args[0]
    kinds = (("request", "response", "chunk-line") if rendering else
             ("request", "response", "chunk-line", "chunked-body", "content-length",
              "range", "content-range", "header-name"))
    if kind not in kinds:
        sys.exit(NOT_IMPLEMENTED)
    if kind == "response" and not rendering and method is None:
        sys.exit("response needs --method")
    for line in sys.stdin:
        try:
            if rendering:
                verdict = render(kind, json.loads(line))
            else:
                verdict = parse(kind, bytes.fromhex(line.strip()), wire, method)
        except degu.DeguError as err:
            verdict = rejection(err)
        sys.stdout.write(json.dumps(verdict) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
