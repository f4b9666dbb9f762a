#!/usr/bin/env python3
"""gen_tables.py: the single definition of Degu's byte classes, of the
core's rejection errors and of the vector kinds, and the generator of every
file derived from them.

Outputs (all checked in):
  reference/core/include/degu/core/char_table.h    C++ class enum and flag table
  reference/core/include/degu/core/error_list.inc  C++ X-macro list of errors
  vectors/char_classes.json                        the classes for other languages
  vectors/errors.json                              error names and SPEC rules
  conformance/vector_kinds.inc                     C++ X-macro list of vector kinds
  vectors/kinds.json                               the vector kinds for other languages
  SPEC.md (between the byte-class markers)         the class table of section 0.6

Usage:
  gen_tables.py           write the outputs
  gen_tables.py --check   exit 1 (naming the stale files) if any output differs
                          from what this definition generates

Contract: output depends only on this file, so regenerating an unchanged
definition changes nothing, byte for byte.
"""

import argparse
import json
import pathlib
import string
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

DIGITS = string.digits
LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase

# One entry per byte class: (name, SPEC rule, description, members).
# Bit i of a byte's flags is set when the byte belongs to CLASSES[i].
CLASSES = [
    ('name_in', 'HDR-NAME-3',
     'header name as received (upper case is folded to lower case)',
     '-' + DIGITS + UPPER + LOWER),
    ('name_out', 'OUT-NAME-1',
     'header name as sent (lower case only)',
     '-' + DIGITS + LOWER),
    ('value', 'HDR-VALUE-2',
     'header value (sent and received)',
     ' "%&\'()*+,-./' + DIGITS + ':;<=>?' + UPPER + '[]_' + LOWER + '~'),
    ('uri', 'URI-BYTES-1',
     'the whole request URI',
     '%&+-./' + DIGITS + ':=?' + UPPER + '_' + LOWER + '~'),
    ('path', 'URI-PATH-5',
     'one path component (between slashes)',
     '+-.' + DIGITS + ':' + UPPER + '_' + LOWER + '~'),
    ('query', 'URI-QUERY-1',
     'the query (after the first question mark)',
     '%&+-.' + DIGITS + ':=' + UPPER + '_' + LOWER + '~'),
    ('reason', 'RSP-REASON-1',
     'response reason phrase',
     ' -' + DIGITS + UPPER + LOWER),
    ('ext_key', 'CHUNK-EXT-2',
     'chunk extension key (case kept)',
     '-' + DIGITS + UPPER + LOWER),
    ('ext_value', 'CHUNK-EXT-3',
     'chunk extension value',
     '"\'()*+,-.' + DIGITS + ':;<>' + UPPER + '[]_' + LOWER + '~'),
    ('decimal', 'CL-SYNTAX-1',
     'decimal digit (content-length, range, content-range, status)',
     DIGITS),
    ('hex', 'CHUNK-SIZE-2',
     'hexadecimal digit (chunk size, either case)',
     DIGITS + 'ABCDEF' + 'abcdef'),
]

# The closed set of rejections: (name, SPEC rule, one-line meaning).
# Order is the enum order; append only, never reorder or reuse a name.
ERRORS = [
    # Reading a preamble (PRE).
    ('preamble_empty', 'PRE-EMPTY-1',
     'end of input, or an empty preamble, where a message was expected'),
    ('preamble_incomplete', 'PRE-EOF-1',
     'end of input after some bytes but before CRLFCRLF'),
    ('preamble_too_large', 'PRE-SIZE-1',
     'no CRLFCRLF within the first 32768 bytes'),
    # Request line (REQ).
    ('request_line_too_short', 'REQ-LINE-2',
     'request line shorter than 14 bytes'),
    ('bad_protocol', 'REQ-LINE-3',
     'request line does not end with " HTTP/1.1"'),
    ('bad_request_line', 'REQ-LINE-4',
     'no " /" between method and URI'),
    ('bad_method', 'REQ-METHOD-1',
     'method is not GET, PUT, POST, HEAD or DELETE'),
    # URI (URI).
    ('bad_uri_bytes', 'URI-BYTES-1',
     'byte not allowed anywhere in a URI'),
    ('empty_path_component', 'URI-PATH-2',
     'empty path component before the last one ("//")'),
    ('dotdot_path_component', 'URI-PATH-4',
     'path component is ".."'),
    ('bad_path_component_bytes', 'URI-PATH-5',
     'byte not allowed in a path component'),
    ('bad_query_bytes', 'URI-QUERY-1',
     'byte not allowed in the query'),
    # Header lines (HDR).
    ('header_line_too_short', 'HDR-LINE-1',
     'header line shorter than 4 bytes'),
    ('bad_header_line', 'HDR-LINE-2',
     'header line without ": "'),
    ('header_name_empty', 'HDR-NAME-1',
     'header name is empty'),
    ('header_name_too_long', 'HDR-NAME-2',
     'header name longer than 32 bytes'),
    ('bad_header_name_bytes', 'HDR-NAME-3',
     'byte not allowed in a header name'),
    ('header_value_empty', 'HDR-VALUE-1',
     'header value is empty'),
    ('bad_header_value_bytes', 'HDR-VALUE-2',
     'byte not allowed in a header value'),
    ('duplicate_header', 'HDR-DUP-1',
     'second header with the same (case-folded) name'),
    # The four special headers.
    ('bad_content_length', 'CL-SYNTAX-1',
     'content-length is not 1 to 16 decimal digits without a leading zero'),
    ('content_length_too_long', 'CL-LEN-1',
     'content-length value longer than 16 bytes'),
    ('bad_transfer_encoding', 'TE-VALUE-1',
     'transfer-encoding is not exactly "chunked"'),
    ('bad_range', 'RANGE-SYNTAX-1',
     'range is not "bytes=FIRST-LAST" with decimal numbers'),
    ('range_too_long', 'RANGE-LEN-1',
     'range value longer than 39 bytes'),
    ('range_reversed', 'RANGE-ORDER-1',
     'range LAST is smaller than FIRST'),
    ('range_too_large', 'RANGE-MAX-1',
     'range LAST is larger than 9999999999999998'),
    ('bad_content_range', 'CRANGE-SYNTAX-1',
     'content-range is not "bytes FIRST-LAST/TOTAL" with decimal numbers'),
    ('content_range_too_long', 'CRANGE-LEN-1',
     'content-range value longer than 56 bytes'),
    ('content_range_reversed', 'CRANGE-ORDER-1',
     'content-range LAST is smaller than FIRST'),
    ('content_range_beyond_total', 'CRANGE-TOTAL-1',
     'content-range LAST is not smaller than TOTAL'),
    # Combinations of headers, and which messages may have a body (FRAME).
    ('content_length_with_transfer_encoding', 'FRAME-BOTH-1',
     'both content-length and transfer-encoding'),
    ('range_with_body_framing', 'FRAME-RANGE-1',
     'range together with content-length or transfer-encoding'),
    ('range_in_response', 'FRAME-RANGE-2',
     'range header in a response'),
    ('content_range_in_request', 'FRAME-CRANGE-1',
     'content-range header in a request'),
    ('body_on_bodiless_method', 'FRAME-METHOD-1',
     'content-length or transfer-encoding on a GET, HEAD or DELETE request'),
    # Response line (RSP).
    ('response_line_too_short', 'RSP-LINE-2',
     'response line shorter than 15 bytes'),
    ('bad_response_line', 'RSP-LINE-3',
     'response line does not start "HTTP/1.1 " with a space after the status'),
    ('bad_status', 'RSP-STATUS-1',
     'status is not three decimal digits from 100 to 599'),
    ('bad_reason', 'RSP-REASON-1',
     'byte not allowed in the reason phrase'),
    # Chunked transfer coding (CHUNK).
    ('chunk_line_too_long', 'CHUNK-LINE-1',
     'no CRLF within the first 4096 bytes of a chunk-size line'),
    ('chunk_line_incomplete', 'CHUNK-LINE-2',
     'end of input before the CRLF of a chunk-size line'),
    ('bad_chunk_size', 'CHUNK-SIZE-2',
     'chunk size is not hexadecimal digits without a leading zero'),
    ('chunk_size_too_long', 'CHUNK-SIZE-1',
     'chunk size longer than 7 bytes'),
    ('chunk_size_too_large', 'CHUNK-SIZE-3',
     'chunk size larger than 0x1000000'),
    ('bad_chunk_extension', 'CHUNK-EXT-1',
     'chunk extension is not one "key=value" with both parts non-empty'),
    ('bad_chunk_extension_key', 'CHUNK-EXT-2',
     'byte not allowed in a chunk extension key'),
    ('bad_chunk_extension_value', 'CHUNK-EXT-3',
     'byte not allowed in a chunk extension value'),
    ('bad_chunk_data_terminator', 'CHUNK-DATA-1',
     'chunk data not followed by CRLF (this includes trailers)'),
    ('chunk_data_incomplete', 'CHUNK-DATA-2',
     'end of input inside chunk data or its CRLF'),
    # Rendering only (OUT): rules that bind a sender and no receiver.
    ('bad_outgoing_header_name', 'OUT-NAME-1',
     'outgoing header name has a byte outside "-0-9a-z"'),
    ('too_many_headers', 'OUT-COUNT-1',
     'more than 20 headers to send'),
    ('output_too_large', 'OUT-SIZE-1',
     'rendered preamble larger than 32768 bytes'),
    ('framing_header_mismatch', 'OUT-FRAME-2',
     'given framing header disagrees with the body being sent'),
]

CLASS_HEADER = '''\
// Generated by tools/gen_tables.py from its CLASSES definition; do not edit.
// Check: python3 tools/gen_tables.py --check
#pragma once

#include <cstdint>

namespace degu::core {

// CharClass: one value per byte class; the value is the class's bit number
// in kCharTable.
enum class CharClass : std::uint8_t {
'''

# One entry per vector kind (docs/VECTORS.md, "Files"): (kind, the KIND
# argument of degu-parse and degu-render, family, goes to a server over the
# wire, goes to a client over the wire).  family: "parse" (bytes a parser
# judges), "render" (a message a sender renders), "exchange" (a connection
# to a server), "client_exchange" (a connection from a client).  The wire
# columns say which side degu-conform sends a vector of the kind to
# (docs/VALIDATING.md, "Wire cases").
KINDS = [
    ('request', 'request', 'parse', True, False),
    ('response', 'response', 'parse', False, True),
    ('chunk_line', 'chunk-line', 'parse', True, True),
    ('chunked_body', 'chunked-body', 'parse', True, True),
    ('content_length', 'content-length', 'parse', True, False),
    ('range', 'range', 'parse', True, False),
    ('content_range', 'content-range', 'parse', False, True),
    ('header_name', 'header-name', 'parse', True, False),
    ('render_request', 'request', 'render', False, True),
    ('render_response', 'response', 'render', True, False),
    ('render_chunk_line', 'chunk-line', 'render', True, True),
    ('exchange', '', 'exchange', False, False),
    ('client_exchange', '', 'client_exchange', False, False),
]

KINDS_HEADER = '''\
// vector_kinds.inc: GENERATED by tools/gen_tables.py -- do not edit.
//
// DEGU_VECTOR_KIND(kind, cli_name, family, to_server, to_client): every
// kind of vector file (docs/VECTORS.md, "Files"); cli_name is the KIND
// argument of degu-parse and degu-render ("" for exchanges).
'''

ERROR_HEADER = '''\
// Generated by tools/gen_tables.py from its ERRORS definition; do not edit.
// Check: python3 tools/gen_tables.py --check
//
// DEGU_ERROR(enumerator, "SPEC rule", "meaning"), in enum order.
'''


def label(byte):
    """A readable name for one byte value, for table comments."""
    if byte == 0x20:
        return 'SP'
    if 0x21 <= byte <= 0x7E:
        return chr(byte)
    names = {0x00: 'NUL', 0x09: 'HT', 0x0A: 'LF', 0x0D: 'CR', 0x7F: 'DEL'}
    return names.get(byte, '%02X' % byte)


def flags_of(byte):
    flags = 0
    for bit, (_, _, _, members) in enumerate(CLASSES):
        if byte < 0x80 and chr(byte) in members:
            flags |= 1 << bit
    return flags


def check_definition():
    """Refuses a definition that would generate a broken table."""
    assert len(CLASSES) <= 16, 'flag word is 16 bits'
    names = [e[0] for e in ERRORS]
    assert len(set(names)) == len(names), 'duplicate error name'
    for (name, _, _, members) in CLASSES:
        assert len(set(members)) == len(members), 'repeated byte in ' + name
        assert all(ord(c) < 0x80 for c in members), name
    kinds = [k[0] for k in KINDS]
    assert len(set(kinds)) == len(kinds), 'duplicate vector kind'
    for (kind, cli, family, _, _) in KINDS:
        assert family in ('parse', 'render', 'exchange', 'client_exchange'), kind
        assert bool(cli) == (family in ('parse', 'render')), kind


def render_char_table():
    out = [CLASS_HEADER]
    for bit, (name, rule, desc, members) in enumerate(CLASSES):
        out.append('  %s = %d,  // %s: %s (%d bytes)\n'
                   % (name, bit, rule, desc, len(members)))
    out.append('};\n\n')
    out.append('// kCharTable: one flag word per byte value, 8 bytes a row; '
               'bit i set means\n// the byte belongs to the CharClass '
               'whose value is i.\n')
    out.append('inline constexpr std::uint16_t kCharTable[256] = {\n')
    for row in range(0, 256, 8):
        cells = ', '.join('0x%04x' % flags_of(b) for b in range(row, row + 8))
        names = ' '.join(label(b) for b in range(row, row + 8))
        out.append('    /* %02X */ %s,  // %s\n' % (row, cells, names))
    out.append('};\n\n')
    out.append('// in_class: whether byte b belongs to class c.\n'
               'constexpr bool in_class(std::uint8_t b, CharClass c) {\n'
               '  return (kCharTable[b] >> static_cast<unsigned>(c)) & 1u;\n'
               '}\n\n}  // namespace degu::core\n')
    return ''.join(out)


def render_error_list():
    out = [ERROR_HEADER]
    for (name, rule, meaning) in ERRORS:
        out.append('DEGU_ERROR(%s, "%s", "%s")\n'
                   % (name, rule, meaning.replace('"', '\\"')))
    return ''.join(out)


def render_kinds_inc():
    out = [KINDS_HEADER]
    for (kind, cli, family, to_server, to_client) in KINDS:
        out.append('DEGU_VECTOR_KIND(%s, "%s", %s, %s, %s)\n'
                   % (kind, cli, family, str(to_server).lower(),
                      str(to_client).lower()))
    return ''.join(out)


def render_kinds_json():
    doc = {
        'comment': 'Degu vector kinds; generated by tools/gen_tables.py',
        'kinds': [
            {'kind': kind, 'cli_name': cli or None, 'family': family,
             'to_server': to_server, 'to_client': to_client}
            for (kind, cli, family, to_server, to_client) in KINDS
        ],
    }
    return json.dumps(doc, indent=2) + '\n'


def render_classes_json():
    doc = {
        'comment': 'Degu byte classes; generated by tools/gen_tables.py',
        'classes': [
            {
                'name': name,
                'rule': rule,
                'description': desc,
                'bytes_hex': ''.join('%02x' % b for b in
                                     sorted(ord(c) for c in members)),
                'bytes': ''.join(sorted(members)),
            }
            for (name, rule, desc, members) in CLASSES
        ],
    }
    return json.dumps(doc, indent=2) + '\n'


def render_errors_json():
    doc = {
        'comment': 'Degu core rejections; generated by tools/gen_tables.py',
        'errors': [
            {'name': name, 'rule': rule, 'meaning': meaning}
            for (name, rule, meaning) in ERRORS
        ],
    }
    return json.dumps(doc, indent=2) + '\n'


SPEC_BEGIN = '<!-- BEGIN GENERATED byte classes: tools/gen_tables.py -->\n'
SPEC_END = '<!-- END GENERATED byte classes -->\n'


def spec_members(members):
    """The members of a class as SPEC.md writes them: SP spelled out."""
    ordered = ''.join(sorted(members))
    if ordered.startswith(' '):
        return 'SP and `%s`' % ordered[1:]
    return '`%s`' % ordered


def render_spec():
    """SPEC.md with the byte-class table between its markers replaced."""
    text = (ROOT / 'SPEC.md').read_text()
    begin = text.find(SPEC_BEGIN)
    end = text.find(SPEC_END)
    if begin < 0 or end < begin:
        raise SystemExit('gen_tables: SPEC.md lacks the byte-class markers')
    rows = ['| class | rule | bytes | members (exactly) |\n',
            '|---|---|---|---|\n']
    for (name, rule, _, members) in CLASSES:
        rows.append('| `%s` | %s | %d | %s |\n'
                    % (name, rule, len(members), spec_members(members)))
    return text[:begin + len(SPEC_BEGIN)] + ''.join(rows) + text[end:]


OUTPUTS = {
    'reference/core/include/degu/core/char_table.h': render_char_table,
    'reference/core/include/degu/core/error_list.inc': render_error_list,
    'vectors/char_classes.json': render_classes_json,
    'vectors/errors.json': render_errors_json,
    'conformance/vector_kinds.inc': render_kinds_inc,
    'vectors/kinds.json': render_kinds_json,
    'SPEC.md': render_spec,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true',
                        help='compare instead of writing; exit 1 if stale')
    args = parser.parse_args()
    check_definition()
    stale = []
    for rel, render in OUTPUTS.items():
        path = ROOT / rel
        text = render()
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        print('gen_tables: stale generated files (run tools/gen_tables.py):',
              file=sys.stderr)
        for rel in stale:
            print('  ' + rel, file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
