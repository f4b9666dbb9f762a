"""degu_mini: a small Degu implementation in standard-library Python 3.11.

Written from SPEC.md alone (rule IDs are given in the comments), as an
example of what degu-conform validates.  It is shared by the three example
programs next to it: parse_adapter.py, reflect_server.py and
client_adapter.py (see docs/VALIDATING.md).

Everything here works on bytes.  Parsing functions take an ``at`` argument,
the offset of their input inside the buffer being reported on, so that every
rejection carries the byte offset GEN-OFFSET-1 asks for.
"""

import socket

# --- Byte classes (SPEC.md 0.6) ---------------------------------------------

_ALNUM = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NAME_IN = b"-" + _ALNUM                                       # HDR-NAME-3
NAME_OUT = b"-0123456789abcdefghijklmnopqrstuvwxyz"           # OUT-NAME-1
VALUE = (b" \"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_"
         b"abcdefghijklmnopqrstuvwxyz~")                      # HDR-VALUE-2
URI = b"%&+-./0123456789:=?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
PATH = b"+-.0123456789:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
QUERY = b"%&+-.0123456789:=ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
REASON = b" -" + _ALNUM                                       # RSP-REASON-1
EXT_KEY = b"-" + _ALNUM                                       # CHUNK-EXT-2
EXT_VALUE = (b"\"'()*+,-.0123456789:;<>ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_"
             b"abcdefghijklmnopqrstuvwxyz~")                  # CHUNK-EXT-3
DECIMAL = b"0123456789"
HEX = b"0123456789ABCDEFabcdef"

METHODS = (b"GET", b"PUT", b"POST", b"HEAD", b"DELETE")       # REQ-METHOD-1
BODILESS = (b"GET", b"HEAD", b"DELETE")                       # FRAME-METHOD-1

PREAMBLE_MAX = 32768            # PRE-SIZE-1, OUT-SIZE-1
CHUNK_LINE_MAX = 4096           # CHUNK-LINE-1
CHUNK_MAX = 0x1000000           # CHUNK-SIZE-3, OUT-CHUNK-2
IO_MAX = 16 * 1024 * 1024       # BODY-READ-1, BODY-CHUNKED-2
MAX_HEADERS_OUT = 20            # OUT-COUNT-1
RANGE_LAST_MAX = 9999999999999998   # RANGE-MAX-1

# --- Errors ------------------------------------------------------------------

# Every rejection name and the rule it belongs to (vectors/errors.json).
RULES = {
    "preamble_empty": "PRE-EMPTY-1", "preamble_incomplete": "PRE-EOF-1",
    "preamble_too_large": "PRE-SIZE-1",
    "request_line_too_short": "REQ-LINE-2", "bad_protocol": "REQ-LINE-3",
    "bad_request_line": "REQ-LINE-4", "bad_method": "REQ-METHOD-1",
    "bad_uri_bytes": "URI-BYTES-1", "empty_path_component": "URI-PATH-2",
    "dotdot_path_component": "URI-PATH-4",
    "bad_path_component_bytes": "URI-PATH-5", "bad_query_bytes": "URI-QUERY-1",
    "header_line_too_short": "HDR-LINE-1", "bad_header_line": "HDR-LINE-2",
    "header_name_empty": "HDR-NAME-1", "header_name_too_long": "HDR-NAME-2",
    "bad_header_name_bytes": "HDR-NAME-3", "header_value_empty": "HDR-VALUE-1",
    "bad_header_value_bytes": "HDR-VALUE-2", "duplicate_header": "HDR-DUP-1",
    "bad_content_length": "CL-SYNTAX-1", "content_length_too_long": "CL-LEN-1",
    "bad_transfer_encoding": "TE-VALUE-1",
    "bad_range": "RANGE-SYNTAX-1", "range_too_long": "RANGE-LEN-1",
    "range_reversed": "RANGE-ORDER-1", "range_too_large": "RANGE-MAX-1",
    "bad_content_range": "CRANGE-SYNTAX-1",
    "content_range_too_long": "CRANGE-LEN-1",
    "content_range_reversed": "CRANGE-ORDER-1",
    "content_range_beyond_total": "CRANGE-TOTAL-1",
    "content_length_with_transfer_encoding": "FRAME-BOTH-1",
    "range_with_body_framing": "FRAME-RANGE-1",
    "range_in_response": "FRAME-RANGE-2",
    "content_range_in_request": "FRAME-CRANGE-1",
    "body_on_bodiless_method": "FRAME-METHOD-1",
    "response_line_too_short": "RSP-LINE-2", "bad_response_line": "RSP-LINE-3",
    "bad_status": "RSP-STATUS-1", "bad_reason": "RSP-REASON-1",
    "chunk_line_too_long": "CHUNK-LINE-1", "chunk_line_incomplete": "CHUNK-LINE-2",
    "bad_chunk_size": "CHUNK-SIZE-2", "chunk_size_too_long": "CHUNK-SIZE-1",
    "chunk_size_too_large": "CHUNK-SIZE-3",
    "bad_chunk_extension": "CHUNK-EXT-1",
    "bad_chunk_extension_key": "CHUNK-EXT-2",
    "bad_chunk_extension_value": "CHUNK-EXT-3",
    "bad_chunk_data_terminator": "CHUNK-DATA-1",
    "chunk_data_incomplete": "CHUNK-DATA-2",
    "bad_outgoing_header_name": "OUT-NAME-1", "too_many_headers": "OUT-COUNT-1",
    "output_too_large": "OUT-SIZE-1", "framing_header_mismatch": "OUT-FRAME-2",
}


class DeguError(Exception):
    """A rejection: the error name, its SPEC.md rule and the byte offset."""

    def __init__(self, name, offset):
        super().__init__(f"{name} ({RULES[name]}) at byte {offset}")
        self.name = name
        self.rule = RULES[name]
        self.offset = offset


def fail(name, offset):
    raise DeguError(name, offset)


def first_outside(data, byte_class):
    """Index of the first byte of data not in byte_class, or -1."""
    if not data.translate(None, byte_class):
        return -1
    for i, b in enumerate(data):
        if b not in byte_class:
            return i
    return -1


def check_class(data, byte_class, name, at):
    i = first_outside(data, byte_class)
    if i >= 0:
        fail(name, at + i)


def is_number(digits):
    """1 to 16 decimal digits, no leading zero unless exactly 0 (CL-SYNTAX-1)."""
    return (0 < len(digits) <= 16 and first_outside(digits, DECIMAL) < 0
            and (digits == b"0" or digits[0:1] != b"0"))


# --- Special header values (SPEC.md 5) ---------------------------------------

def parse_content_length(value, at=0):
    if len(value) > 16:                                 # CL-LEN-1, checked first
        fail("content_length_too_long", at + 16)
    check_class(value, DECIMAL, "bad_content_length", at)   # CL-SYNTAX-1
    if not is_number(value):                            # empty, leading zero
        fail("bad_content_length", at)
    return int(value)


def parse_transfer_encoding(value, at=0):
    if value != b"chunked":                             # TE-VALUE-1
        fail("bad_transfer_encoding", at)
    return True


def parse_range(value, at=0):
    """bytes=FIRST-LAST -> (first, last), both inclusive (RANGE-*)."""
    if len(value) > 39:                                 # RANGE-LEN-1
        fail("range_too_long", at + 39)
    if not value.startswith(b"bytes="):                 # RANGE-SYNTAX-1
        fail("bad_range", at)
    first, dash, last = value[6:].partition(b"-")
    if not dash or not is_number(first):                # a number is reported
        fail("bad_range", at + 6)                       # at its first byte
    last_at = at + 7 + len(first)
    if not is_number(last):
        fail("bad_range", last_at)
    first, last = int(first), int(last)
    if last < first:                                    # RANGE-ORDER-1
        fail("range_reversed", last_at)
    if last > RANGE_LAST_MAX:                           # RANGE-MAX-1
        fail("range_too_large", last_at)
    return first, last


def parse_content_range(value, at=0):
    """bytes FIRST-LAST/TOTAL -> (first, last, total) (CRANGE-*)."""
    if len(value) > 56:                                 # CRANGE-LEN-1
        fail("content_range_too_long", at + 56)
    if not value.startswith(b"bytes "):                 # CRANGE-SYNTAX-1
        fail("bad_content_range", at)
    # The value splits at '-' and '/' before any number is judged.
    first, dash, rest = value[6:].partition(b"-")
    if not dash:
        fail("bad_content_range", at + 6)
    last_at = at + 7 + len(first)
    last, slash, total = rest.partition(b"/")
    if not slash:
        fail("bad_content_range", last_at)
    total_at = last_at + len(last) + 1
    for number, number_at in ((first, at + 6), (last, last_at), (total, total_at)):
        if not is_number(number):
            fail("bad_content_range", number_at)
    first, last, total = int(first), int(last), int(total)
    if last < first:                                    # CRANGE-ORDER-1
        fail("content_range_reversed", last_at)
    if last >= total:                                   # CRANGE-TOTAL-1
        fail("content_range_beyond_total", total_at)
    return first, last, total


SPECIAL = {                                             # HDR-SPECIAL-1
    b"content-length": parse_content_length,
    b"transfer-encoding": parse_transfer_encoding,
    b"range": parse_range,
    b"content-range": parse_content_range,
}


def check_value(name, value, at):
    """The value rule of a header: its own grammar if special, else HDR-VALUE-2."""
    if name in SPECIAL:
        return SPECIAL[name](value, at)                 # HDR-VALUE-4
    check_class(value, VALUE, "bad_header_value_bytes", at)
    return value


def parse_header_name(name, at=0):
    if not name:                                        # HDR-NAME-1
        fail("header_name_empty", at)
    if len(name) > 32:                                  # HDR-NAME-2
        fail("header_name_too_long", at + 32)
    check_class(name, NAME_IN, "bad_header_name_bytes", at)   # HDR-NAME-3
    return name.lower()                                 # HDR-NAME-4 (ASCII only)


# --- Messages ----------------------------------------------------------------

class Message:
    """A parsed request or response preamble (URI-RESULT-1, HDR-RESULT-1)."""

    def __init__(self):
        self.method = self.uri = self.query = None      # requests
        self.path = None
        self.status = self.reason = None                # responses
        self.headers = {}       # folded name -> value bytes, in wire order
        self.typed = {}         # special name -> int, True or tuple
        self.framing = ("none",)    # ("length", N), ("chunked",) or ("none",)


def parse_uri(uri, at=0):
    """-> (path components, query or None), checked in URI-ORDER-1 order."""
    check_class(uri, URI, "bad_uri_bytes", at)          # URI-BYTES-1
    path, question, query = uri.partition(b"?")         # URI-SPLIT-1
    components = [] if path == b"/" else path[1:].split(b"/")   # URI-PATH-1
    pos = at + 1
    for i, component in enumerate(components):          # URI-PATH-6
        if not component and i < len(components) - 1:
            fail("empty_path_component", pos)           # URI-PATH-2 (-3)
        if component == b"..":
            fail("dotdot_path_component", pos)          # URI-PATH-4
        check_class(component, PATH, "bad_path_component_bytes", pos)
        pos += len(component) + 1
    check_class(query, QUERY, "bad_query_bytes", at + len(path) + 1)
    return components, (query if question else None)


def parse_request_line(line, msg, at=0):
    if len(line) < 14:                                  # REQ-LINE-2
        fail("request_line_too_short", at)
    if line[-9:] != b" HTTP/1.1":                       # REQ-LINE-3
        fail("bad_protocol", at + len(line) - 9)
    head = line[:-9]
    sp = head.find(b" /")                               # REQ-LINE-4
    if sp < 0:
        fail("bad_request_line", at)
    if head[:sp] not in METHODS:                        # REQ-METHOD-1
        fail("bad_method", at)
    msg.method, msg.uri = head[:sp], head[sp + 1:]
    msg.path, msg.query = parse_uri(msg.uri, at + sp + 1)


def parse_response_line(line, msg, at=0):
    if len(line) < 15:                                  # RSP-LINE-2
        fail("response_line_too_short", at)
    if line[:9] != b"HTTP/1.1 " or line[12:13] != b" ":     # RSP-LINE-3
        fail("bad_response_line", at)
    status = line[9:12]                                 # RSP-STATUS-1
    if first_outside(status, DECIMAL) >= 0 or not 100 <= int(status) <= 599:
        fail("bad_status", at + 9)
    check_class(line[13:], REASON, "bad_reason", at + 13)   # RSP-REASON-1
    msg.status, msg.reason = int(status), line[13:]


def check_framing(where, is_request, method):
    """FRAME-ORDER-1 after the header lines.  where: name -> offset of its line.

    A rule relating two lines reports the later one (GEN-OFFSET-1)."""
    cl = where.get(b"content-length")
    te = where.get(b"transfer-encoding")
    rng = where.get(b"range")
    framing = cl if cl is not None else te
    if cl is not None and te is not None:
        fail("content_length_with_transfer_encoding", max(cl, te))
    if rng is not None and framing is not None:
        fail("range_with_body_framing", max(rng, framing))
    if rng is not None and not is_request:
        fail("range_in_response", rng)
    if b"content-range" in where and is_request:
        fail("content_range_in_request", where[b"content-range"])
    if is_request and method in BODILESS and framing is not None:
        fail("body_on_bodiless_method", framing)


def parse_preamble(preamble, method=None, at=0):
    """Parse a request (method None) or a response to `method`.

    `preamble` is exactly the bytes before CRLFCRLF (PRE-LINES-1, -2)."""
    if not preamble:
        fail("preamble_empty", at)                      # PRE-EMPTY-1
    is_request = method is None
    msg = Message()
    end = preamble.find(b"\r\n")
    start_line = preamble if end < 0 else preamble[:end]
    if is_request:
        parse_request_line(start_line, msg, at)
    else:
        parse_response_line(start_line, msg, at)
    where = {}
    if end >= 0:
        pos = at + end + 2
        for line in preamble[end + 2:].split(b"\r\n"):  # HDR-ORDER-1
            if len(line) < 4:                           # HDR-LINE-1
                fail("header_line_too_short", pos)
            sep = line.find(b": ")                      # HDR-LINE-2
            if sep < 0:
                fail("bad_header_line", pos)
            name = parse_header_name(line[:sep], pos)
            value = line[sep + 2:]
            if not value:                               # HDR-VALUE-1
                fail("header_value_empty", pos + sep + 2)
            typed = check_value(name, value, pos + sep + 2)
            if name in where:                           # HDR-DUP-1
                fail("duplicate_header", pos)
            where[name] = pos
            msg.headers[name] = value
            if name in SPECIAL:
                msg.typed[name] = typed
            pos += len(line) + 2
    check_framing(where, is_request, msg.method)
    if b"content-length" in msg.typed:                  # FRAME-REQ-1, FRAME-RSP-2
        msg.framing = ("length", msg.typed[b"content-length"])
    elif b"transfer-encoding" in msg.typed:
        msg.framing = ("chunked",)
    if method == b"HEAD":                               # FRAME-RSP-1
        msg.framing = ("none",)
    return msg


def parse_chunk_line(line, at=0):
    """A chunk-size line without its CRLF -> (size, (key, value) or None)."""
    size, semi, ext = line.partition(b";")              # CHUNK-ORDER-1
    if len(size) > 7:                                   # CHUNK-SIZE-1
        fail("chunk_size_too_long", at + 7)
    check_class(size, HEX, "bad_chunk_size", at)        # CHUNK-SIZE-2
    if not size or (len(size) > 1 and size[0:1] == b"0"):
        fail("bad_chunk_size", at)
    n = int(size, 16)
    if n > CHUNK_MAX:                                   # CHUNK-SIZE-3
        fail("chunk_size_too_large", at)
    if not semi:
        return n, None
    key, eq, value = ext.partition(b"=")                # CHUNK-EXT-1
    if not eq:
        fail("bad_chunk_extension", at + len(size) + 1)
    return n, check_extension(key, value, at + len(size) + 1)


def check_extension(key, value, at):
    if not key or not value:                            # CHUNK-EXT-1
        fail("bad_chunk_extension", at)
    check_class(key, EXT_KEY, "bad_chunk_extension_key", at)        # CHUNK-EXT-2
    check_class(value, EXT_VALUE, "bad_chunk_extension_value",      # CHUNK-EXT-3
                at + len(key) + 1)
    return key, value


# --- Rendering (SPEC.md 9) ---------------------------------------------------

def render_request(method, uri, headers, body):
    """Request preamble with CRLFCRLF.  headers: [(name, value)] as bytes;
    body: ("none",), ("length", N) or ("chunked",)."""
    if method not in METHODS:                           # OUT-METHOD-1
        fail("bad_method", 0)
    if not uri.startswith(b"/"):                        # OUT-URI-1
        fail("bad_request_line", 0)
    parse_uri(uri, len(method) + 1)
    return _render(method + b" " + uri + b" HTTP/1.1", headers, body, method)


def render_response(status, reason, headers, body):
    if not isinstance(status, int) or not 100 <= status <= 599:
        fail("bad_status", 9)                           # OUT-STATUS-1
    if len(reason) < 2:                                 # OUT-REASON-1
        fail("response_line_too_short", 0)
    check_class(reason, REASON, "bad_reason", 13)
    return _render(b"HTTP/1.1 %03d " % status + reason, headers, body, None)


def _render(start_line, headers, body, method):
    """Headers and checks in the order of OUT-CHECK-1."""
    headers = list(headers)
    given = [(n, v) for n, v in headers
             if n in (b"content-length", b"transfer-encoding")]
    if body[0] == "length":                             # OUT-FRAME-1
        wanted = (b"content-length", b"%d" % body[1])
    elif body[0] == "chunked":
        wanted = (b"transfer-encoding", b"chunked")
    else:
        wanted = None
    if wanted is None:
        if given and method is not None:                # OUT-FRAME-2; a response
            fail("framing_header_mismatch", 0)          # may keep them (OUT-FRAME-3)
    else:
        if any(pair != wanted for pair in given):
            fail("framing_header_mismatch", 0)
        if not given:
            headers.append(wanted)
    if len(headers) > MAX_HEADERS_OUT:                  # OUT-COUNT-1
        fail("too_many_headers", 0)
    headers.sort(key=lambda pair: pair[0])              # OUT-ORDER-1 (stable)
    out = bytearray(start_line)
    where = {}
    for name, value in headers:
        pos = len(out) + 2
        if not name:                                    # OUT-NAME-2
            fail("header_name_empty", pos)
        if len(name) > 32:
            fail("header_name_too_long", pos + 32)
        check_class(name, NAME_OUT, "bad_outgoing_header_name", pos)
        if name in where:                               # OUT-DUP-1
            fail("duplicate_header", pos)
        if not value:                                   # OUT-VALUE-1
            fail("header_value_empty", pos + len(name) + 2)
        check_value(name, value, pos + len(name) + 2)   # OUT-SPECIAL-1
        where[name] = pos
        out += b"\r\n" + name + b": " + value
    check_framing(where, method is not None, method)    # OUT-COMBO-1
    out += b"\r\n\r\n"
    if len(out) > PREAMBLE_MAX:                         # OUT-SIZE-1
        fail("output_too_large", PREAMBLE_MAX)
    return bytes(out)


def render_chunk_line(size, ext):
    """The chunk-size line with its CRLF.  ext: (key, value) bytes or None."""
    if not 0 <= size <= CHUNK_MAX:                      # OUT-CHUNK-2
        fail("chunk_size_too_large", 0)
    line = b"%x" % size                                 # OUT-CHUNK-1
    if ext is not None:                                 # OUT-CHUNK-3
        key, value = check_extension(ext[0], ext[1], len(line) + 1)
        line += b";" + key + b"=" + value
    return line + b"\r\n"


def render_chunks(chunks):
    """A whole chunked body from [(ext or None, data)], the last with empty data."""
    out = bytearray()
    for ext, data in chunks:
        out += render_chunk_line(len(data), ext) + data + b"\r\n"
    return bytes(out)


# --- Reading from a connection -----------------------------------------------

class BodyError(Exception):
    """End of input or misuse while reading a body (BODY-ERROR-1)."""


class Reader:
    """Buffered reading of preambles, chunk lines and data (GEN-PARSE-1).

    `recv(n)` returns up to n bytes, b"" at end of input.  Offsets in the
    errors count from the first byte this reader ever returned."""

    def __init__(self, recv):
        self._recv = recv
        self._buf = bytearray()
        self._eof = False
        self.consumed = 0

    def _fill(self):
        if not self._eof:
            data = self._recv(65536)
            if data:
                self._buf += data
                return True
            self._eof = True
        return False

    def _take(self, n):
        data = bytes(self._buf[:n])
        del self._buf[:n]
        self.consumed += n
        return data

    def _read_line(self, terminator, limit, too_long, incomplete):
        start = self.consumed
        while True:
            end = self._buf.find(terminator, 0, limit)  # must end within limit
            if end >= 0:
                line = self._take(end)
                self._take(len(terminator))
                return start, line
            if len(self._buf) >= limit:
                fail(too_long, start + limit)
            if not self._fill():
                if incomplete is None:
                    return start, None
                fail(incomplete, start + len(self._buf))

    def read_preamble(self):
        """-> (offset, preamble bytes); PRE-TERM-1, PRE-SIZE-1, PRE-EMPTY-1, PRE-EOF-1."""
        start, preamble = self._read_line(b"\r\n\r\n", PREAMBLE_MAX,
                                          "preamble_too_large", None)
        if preamble is None:                            # end of input
            if self._buf:
                fail("preamble_incomplete", start + len(self._buf))
            fail("preamble_empty", start)
        if not preamble:                                # CRLFCRLF alone
            fail("preamble_empty", start)
        return start, preamble

    def read_chunk_line(self):
        """-> (offset, line); CHUNK-LINE-1, CHUNK-LINE-2."""
        return self._read_line(b"\r\n", CHUNK_LINE_MAX,
                               "chunk_line_too_long", "chunk_line_incomplete")

    def read_exact(self, n, incomplete=None):
        """n bytes (BODY-BUFFER-1); end of input first is an error."""
        start = self.consumed
        while len(self._buf) < n:
            if not self._fill():
                if incomplete:
                    fail(incomplete, start + len(self._buf))
                raise BodyError(f"end of input after {len(self._buf)} of {n} bytes")
        return self._take(n)

    def read_chunk(self):
        """One chunk -> (size, ext, data) (CHUNK-FORM-1, CHUNK-DATA-1, -2)."""
        at, line = self.read_chunk_line()
        size, ext = parse_chunk_line(line, at)
        data_at = self.consumed
        data = self.read_exact(size + 2, "chunk_data_incomplete")
        if data[size:] != b"\r\n":
            fail("bad_chunk_data_terminator", data_at + size)
        return size, ext, data[:size]

    def read_chunked_body(self):
        """Every chunk up to and including the last -> [(ext, data)]: a whole
        read, so at most 16 MiB of data (BODY-CHUNKED-2), and at most 16 MiB
        of framing kept (64 bytes a chunk plus its extension, REFLECT.md)."""
        chunks = []
        data_total = framing_total = 0
        while True:
            size, ext, data = self.read_chunk()
            data_total += size
            framing_total += 64 + (len(ext[0]) + len(ext[1]) if ext else 0)
            if data_total > IO_MAX or framing_total > IO_MAX:
                raise BodyError("chunked_read_too_large")
            chunks.append((ext, data))
            if size == 0:                               # CHUNK-LAST-1
                return chunks


class Body:
    """A received body (SPEC.md 10.1), read whole, once."""

    def __init__(self, reader, framing):
        self.reader = reader
        self.kind = framing[0]                          # "length" or "chunked"
        self.length = framing[1] if self.kind == "length" else None
        self.consumed = False

    def read(self):
        """Length body -> bytes; chunked body -> [(ext, data)] (last included)."""
        if self.consumed:
            raise BodyError("body already consumed")
        self.consumed = True                            # BODY-CONSUME-1
        if self.kind == "length":
            if self.length > IO_MAX:                    # BODY-READ-1
                raise BodyError("read_too_large")
            return self.reader.read_exact(self.length)
        return self.reader.read_chunked_body()


# --- Addresses (SPEC.md 13, in the forms degu-conform passes) -----------------

def parse_address(text):
    """'/path', '@abstract', 'host:port' or '[v6]:port' -> (family, sockaddr)."""
    if text.startswith("/"):                            # ADDR-UNIX-1
        return socket.AF_UNIX, text
    if text == "@":                                     # ADDR-UNIX-2: the kernel
        return socket.AF_UNIX, b""                      # picks a name
    if text.startswith("@"):
        return socket.AF_UNIX, b"\0" + text[1:].encode()
    if text.startswith("["):                            # ADDR-INET-2
        host, _, port = text[1:].partition("]:")
        return socket.AF_INET6, (host, int(port), 0, 0)
    host, _, port = text.rpartition(":")                # ADDR-INET-1
    return socket.AF_INET, (host, int(port))


def format_address(family, sockaddr):
    if family == socket.AF_UNIX:
        if isinstance(sockaddr, bytes):
            return "@" + sockaddr[1:].decode(errors="replace")
        return sockaddr
    if family == socket.AF_INET6:
        return f"[{sockaddr[0]}]:{sockaddr[1]}"
    return f"{sockaddr[0]}:{sockaddr[1]}"


# --- Verdicts and the escaped form (docs/VECTORS.md) -------------------------

def typed_headers(msg):
    """Headers as a verdict shows them: special values typed, others text."""
    out = {}
    for name, value in msg.headers.items():
        typed = msg.typed.get(name)
        key = name.decode()
        if name == b"content-length":
            out[key] = typed
        elif name == b"range":
            out[key] = {"first": typed[0], "last": typed[1]}
        elif name == b"content-range":
            out[key] = {"first": typed[0], "last": typed[1], "total": typed[2]}
        else:
            out[key] = value.decode()
    return out


def framing_json(msg):
    if msg.framing[0] == "length":
        return {"kind": "length", "length": msg.framing[1]}
    return {"kind": msg.framing[0]}


def escape(data):
    """The escaped form of bytes (docs/VECTORS.md, "input")."""
    out = []
    for b in data:
        if b == 0x5C:
            out.append("\\\\")
        elif b in (0x0D, 0x0A, 0x09):
            out.append({0x0D: "\\r", 0x0A: "\\n", 0x09: "\\t"}[b])
        elif 0x20 <= b <= 0x7E:
            out.append(chr(b))
        else:
            out.append(f"\\x{b:02x}")
    return "".join(out)
