#!/usr/bin/env python3
"""test_degu_parse.py DEGU_PARSE [unittest options]: end-to-end tests of the
degu-parse command line.

Each test runs the executable and checks its exact standard output (the JSON
verdict byte for byte, so field order too), its exit status and, for usage
errors, its message.  Standard library only; ctest runs it with the path of
the built executable.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

DEGU_PARSE = None  # Set from the command line.

PRE_TOO_LARGE = ('{"ok":false,"error":"preamble_too_large",'
                 '"rule":"PRE-SIZE-1","offset":32768}')


def run(args, stdin=b''):
    """degu-parse with args and stdin: (exit status, stdout, stderr)."""
    proc = subprocess.run([DEGU_PARSE] + list(args), input=stdin,
                          capture_output=True, timeout=60)
    return (proc.returncode, proc.stdout.decode('ascii'),
            proc.stderr.decode(errors='replace'))


class VerdictTest(unittest.TestCase):
    """Helpers shared by the test classes."""

    def assertVerdict(self, args, stdin, expected):
        """One verdict line, exactly expected, exit status 0."""
        status, out, err = run(args, stdin)
        self.assertEqual((status, err), (0, ''), out)
        self.assertEqual(out, expected + '\n')
        json.loads(out)  # And it is JSON.

    def assertUsageError(self, args, stdin=b'', message=None):
        """Exit status 2, nothing on stdout, message (if given) on stderr."""
        status, out, err = run(args, stdin)
        self.assertEqual(status, 2, (out, err))
        self.assertEqual(out, '')
        self.assertTrue(err.strip(), 'no message on stderr')
        if message is not None:
            self.assertIn(message, err)


class AcceptedTest(VerdictTest):
    """Every kind accepting an input: the fields and their order."""

    def test_request_with_range(self):
        self.assertVerdict(
            ['request'], b'GET /a/b?x=1 HTTP/1.1\r\nRange: bytes=0-4',
            '{"ok":true,"method":"GET","uri":"/a/b?x=1","path":["a","b"],'
            '"query":"x=1","headers":{"range":{"first":0,"last":4}},'
            '"framing":{"kind":"none"}}')

    def test_request_with_content_length_keeps_wire_order(self):
        self.assertVerdict(
            ['request'], b'PUT /x/ HTTP/1.1\r\nZeta: 1\r\nContent-Length: 5'
            b'\r\nAlpha: a b',
            '{"ok":true,"method":"PUT","uri":"/x/","path":["x",""],'
            '"query":null,"headers":{"zeta":"1","content-length":5,'
            '"alpha":"a b"},"framing":{"kind":"length","length":5}}')

    def test_request_chunked_with_empty_query(self):
        self.assertVerdict(
            ['request'], b'POST /? HTTP/1.1\r\nTransfer-Encoding: chunked',
            '{"ok":true,"method":"POST","uri":"/?","path":[],"query":"",'
            '"headers":{"transfer-encoding":"chunked"},'
            '"framing":{"kind":"chunked"}}')

    def test_response_with_content_range(self):
        self.assertVerdict(
            ['response'], b'HTTP/1.1 206 Partial Content\r\n'
            b'Content-Range: bytes 0-4/10\r\nContent-Length: 5',
            '{"ok":true,"status":206,"reason":"Partial Content",'
            '"headers":{"content-range":{"first":0,"last":4,"total":10},'
            '"content-length":5},"framing":{"kind":"length","length":5}}')

    def test_response_chunked(self):
        self.assertVerdict(
            ['response'], b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked',
            '{"ok":true,"status":200,"reason":"OK",'
            '"headers":{"transfer-encoding":"chunked"},'
            '"framing":{"kind":"chunked"}}')

    def test_chunk_line_with_extension(self):
        self.assertVerdict(['chunk-line'], b'5;k=v',
                           '{"ok":true,"size":5,"extension":'
                           '{"key":"k","value":"v"}}')

    def test_chunk_line_without_extension(self):
        self.assertVerdict(['chunk-line'], b'FfF',
                           '{"ok":true,"size":4095,"extension":null}')

    def test_content_length(self):
        self.assertVerdict(['content-length'], b'9999999999999999',
                           '{"ok":true,"value":9999999999999999}')

    def test_range(self):
        self.assertVerdict(['range'], b'bytes=0-9999999999999998',
                           '{"ok":true,"first":0,"last":9999999999999998}')

    def test_content_range(self):
        self.assertVerdict(['content-range'], b'bytes 0-4/10',
                           '{"ok":true,"first":0,"last":4,"total":10}')

    def test_header_name(self):
        self.assertVerdict(['header-name'], b'Content-Length',
                           '{"ok":true,"name":"content-length"}')


class RejectedTest(VerdictTest):
    """Every kind rejecting an input: error name, rule and offset."""

    def test_request(self):
        self.assertVerdict(
            ['request'], b'GET / HTTP/1.1\r\nContent-Length: 0',
            '{"ok":false,"error":"body_on_bodiless_method",'
            '"rule":"FRAME-METHOD-1","offset":16}')

    def test_request_line(self):
        self.assertVerdict(['request'], b'GET / HTTP/1.0',
                           '{"ok":false,"error":"bad_protocol",'
                           '"rule":"REQ-LINE-3","offset":5}')

    def test_empty_request(self):
        self.assertVerdict(['request'], b'',
                           '{"ok":false,"error":"preamble_empty",'
                           '"rule":"PRE-EMPTY-1","offset":0}')

    def test_response(self):
        self.assertVerdict(['response'], b'HTTP/1.1 600 OK',
                           '{"ok":false,"error":"bad_status",'
                           '"rule":"RSP-STATUS-1","offset":9}')

    def test_response_with_range(self):
        self.assertVerdict(['response'],
                           b'HTTP/1.1 200 OK\r\nRange: bytes=0-1',
                           '{"ok":false,"error":"range_in_response",'
                           '"rule":"FRAME-RANGE-2","offset":17}')

    def test_chunk_line(self):
        self.assertVerdict(['chunk-line'], b'1000001',
                           '{"ok":false,"error":"chunk_size_too_large",'
                           '"rule":"CHUNK-SIZE-3","offset":0}')

    def test_chunk_extension(self):
        self.assertVerdict(['chunk-line'], b'5;k=v w',
                           '{"ok":false,"error":"bad_chunk_extension_value",'
                           '"rule":"CHUNK-EXT-3","offset":5}')

    def test_content_length(self):
        self.assertVerdict(['content-length'], b'05',
                           '{"ok":false,"error":"bad_content_length",'
                           '"rule":"CL-SYNTAX-1","offset":0}')

    def test_range(self):
        self.assertVerdict(['range'], b'bytes=5-4',
                           '{"ok":false,"error":"range_reversed",'
                           '"rule":"RANGE-ORDER-1","offset":8}')

    def test_content_range(self):
        self.assertVerdict(['content-range'], b'bytes 0-10/10',
                           '{"ok":false,"error":"content_range_beyond_total",'
                           '"rule":"CRANGE-TOTAL-1","offset":11}')

    def test_header_name(self):
        self.assertVerdict(['header-name'], b'a_b',
                           '{"ok":false,"error":"bad_header_name_bytes",'
                           '"rule":"HDR-NAME-3","offset":1}')

    def test_binary_bytes_reach_the_core_unchanged(self):
        self.assertVerdict(['header-name'], b'a\x00\xff',
                           '{"ok":false,"error":"bad_header_name_bytes",'
                           '"rule":"HDR-NAME-3","offset":1}')

    def test_preamble_given_with_its_terminator(self):
        # Without --wire the input is exactly the preamble: a CRLFCRLF is
        # part of it (an empty header line).
        self.assertVerdict(['request'], b'GET / HTTP/1.1\r\n\r\n',
                           '{"ok":false,"error":"header_line_too_short",'
                           '"rule":"HDR-LINE-1","offset":16}')


class MethodTest(VerdictTest):
    """--method: the request a response answers."""

    RESPONSE = b'HTTP/1.1 200 OK\r\nContent-Length: 5'

    def test_head_response_has_no_body(self):
        self.assertVerdict(['response', '--method', 'HEAD'], self.RESPONSE,
                           '{"ok":true,"status":200,"reason":"OK",'
                           '"headers":{"content-length":5},'
                           '"framing":{"kind":"none"}}')

    def test_other_methods_read_the_body(self):
        for method in ('GET', 'PUT', 'POST', 'DELETE'):
            with self.subTest(method=method):
                self.assertVerdict(['response', '--method', method],
                                   self.RESPONSE,
                                   '{"ok":true,"status":200,"reason":"OK",'
                                   '"headers":{"content-length":5},'
                                   '"framing":{"kind":"length","length":5}}')

    def test_default_is_get(self):
        self.assertEqual(run(['response'], self.RESPONSE),
                         run(['response', '--method', 'GET'], self.RESPONSE))

    def test_bad_method(self):
        self.assertUsageError(['response', '--method', 'FOO'], self.RESPONSE,
                              'FOO')

    def test_lower_case_method(self):
        self.assertUsageError(['response', '--method', 'head'], self.RESPONSE)

    def test_method_only_for_responses(self):
        self.assertUsageError(['request', '--method', 'GET'],
                              b'GET / HTTP/1.1', '--method')


class WireTest(VerdictTest):
    """--wire: the element ends where a reader would end it."""

    def test_consumed(self):
        self.assertVerdict(['request', '--wire'], b'GET / HTTP/1.1\r\n\r\n',
                           '{"ok":true,"method":"GET","uri":"/","path":[],'
                           '"query":null,"headers":{},'
                           '"framing":{"kind":"none"},"consumed":18}')

    def test_body_bytes_after_the_preamble(self):
        self.assertVerdict(
            ['request', '--wire'],
            b'PUT /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello'
            b'GET / HTTP/1.1\r\n\r\n',
            '{"ok":true,"method":"PUT","uri":"/x","path":["x"],"query":null,'
            '"headers":{"content-length":5},'
            '"framing":{"kind":"length","length":5},"consumed":38}')

    def test_response(self):
        self.assertVerdict(['response', '--wire', '--method', 'HEAD'],
                           b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n',
                           '{"ok":true,"status":200,"reason":"OK",'
                           '"headers":{"content-length":5},'
                           '"framing":{"kind":"none"},"consumed":38}')

    def test_rejected_element_has_the_rejection_shape_only(self):
        self.assertVerdict(['request', '--wire'], b'GET / HTTP/1.0\r\n\r\n',
                           '{"ok":false,"error":"bad_protocol",'
                           '"rule":"REQ-LINE-3","offset":5}')

    def test_largest_preamble(self):
        # 32768 bytes including the CRLFCRLF is the most a reader buffers.
        head = b'GET / HTTP/1.1\r\nx: '
        value = b'v' * (32768 - len(head) - 4)
        status, out, _ = run(['request', '--wire'], head + value + b'\r\n\r\n')
        self.assertEqual(status, 0)
        verdict = json.loads(out)
        self.assertEqual((verdict['ok'], verdict['consumed']), (True, 32768))
        self.assertEqual(list(verdict), ['ok', 'method', 'uri', 'path',
                                         'query', 'headers', 'framing',
                                         'consumed'])

    def test_too_large(self):
        head = b'GET / HTTP/1.1\r\nx: '
        value = b'v' * (32768 - len(head) - 3)
        self.assertVerdict(['request', '--wire'], head + value + b'\r\n\r\n',
                           PRE_TOO_LARGE)
        self.assertVerdict(['request', '--wire'], b'x' * 40000, PRE_TOO_LARGE)

    def test_incomplete(self):
        self.assertVerdict(['request', '--wire'], b'GET / HTTP/1.1\r\n',
                           '{"ok":false,"error":"preamble_incomplete",'
                           '"rule":"PRE-EOF-1","offset":16}')

    def test_empty(self):
        for stdin in (b'', b'\r\n\r\n'):
            with self.subTest(stdin=stdin):
                self.assertVerdict(['response', '--wire'], stdin,
                                   '{"ok":false,"error":"preamble_empty",'
                                   '"rule":"PRE-EMPTY-1","offset":0}')

    def test_chunk_line(self):
        self.assertVerdict(['chunk-line', '--wire'],
                           b'a;k=v\r\n0123456789\r\n',
                           '{"ok":true,"size":10,"extension":'
                           '{"key":"k","value":"v"},"consumed":7}')

    def test_chunk_line_incomplete(self):
        self.assertVerdict(['chunk-line', '--wire'], b'5',
                           '{"ok":false,"error":"chunk_line_incomplete",'
                           '"rule":"CHUNK-LINE-2","offset":1}')

    def test_chunk_line_too_long(self):
        fits = b'1;k=' + b'v' * (4096 - 6) + b'\r\n'
        status, out, _ = run(['chunk-line', '--wire'], fits)
        self.assertEqual((status, json.loads(out)['consumed']), (0, 4096))
        self.assertVerdict(['chunk-line', '--wire'],
                           b'1;k=' + b'v' * (4096 - 5) + b'\r\n',
                           '{"ok":false,"error":"chunk_line_too_long",'
                           '"rule":"CHUNK-LINE-1","offset":4096}')

    def test_only_for_framed_kinds(self):
        self.assertUsageError(['content-length', '--wire'], b'5', '--wire')


class JsonlTest(VerdictTest):
    """--jsonl: one hex input per line, one verdict per line."""

    def test_several_lines(self):
        stdin = b''.join(x.hex().encode() + b'\n' for x in (
            b'GET / HTTP/1.1', b'', b'GET / HTTP/1.0'))
        status, out, err = run(['request', '--jsonl'], stdin)
        self.assertEqual((status, err), (0, ''))
        self.assertEqual(out.splitlines(), [
            '{"ok":true,"method":"GET","uri":"/","path":[],"query":null,'
            '"headers":{},"framing":{"kind":"none"}}',
            '{"ok":false,"error":"preamble_empty","rule":"PRE-EMPTY-1",'
            '"offset":0}',
            '{"ok":false,"error":"bad_protocol","rule":"REQ-LINE-3",'
            '"offset":5}'])

    def test_upper_case_hex_crlf_and_no_final_newline(self):
        status, out, _ = run(['header-name', '--jsonl'], b'4142\r\n612D62')
        self.assertEqual(status, 0)
        self.assertEqual(out, '{"ok":true,"name":"ab"}\n'
                              '{"ok":true,"name":"a-b"}\n')

    def test_method_and_wire(self):
        stdin = (b'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx').hex()
        self.assertVerdict(['response', '--jsonl', '--wire', '--method',
                            'HEAD'], stdin.encode() + b'\n',
                           '{"ok":true,"status":200,"reason":"OK",'
                           '"headers":{"content-length":1},'
                           '"framing":{"kind":"none"},"consumed":38}')

    def test_no_lines(self):
        self.assertEqual(run(['range', '--jsonl'], b''), (0, '', ''))

    def test_bad_hex_names_the_line(self):
        status, out, err = run(['range', '--jsonl'], b'6279\nzz\n62\n')
        self.assertEqual(status, 2)
        self.assertIn('line 2', err)
        self.assertNotIn('line 3', err)

    def test_odd_hex_names_the_line(self):
        status, _, err = run(['range', '--jsonl'], b'627\n')
        self.assertEqual(status, 2)
        self.assertIn('line 1', err)

    def test_no_file_with_jsonl(self):
        with tempfile.NamedTemporaryFile() as f:
            self.assertUsageError(['range', '--jsonl', f.name], b'',
                                  '--jsonl')


class InputTest(VerdictTest):
    """Where the bytes come from: a file or standard input."""

    DATA = b'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nX: \x7f'

    def test_file_and_stdin_agree(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'input')
            with open(path, 'wb') as f:
                f.write(self.DATA)
            from_file = run(['response', path])
            from_stdin = run(['response'], self.DATA)
            from_dash = run(['response', '-'], self.DATA)
        self.assertEqual(from_file, from_stdin)
        self.assertEqual(from_dash, from_stdin)
        self.assertEqual(from_file[1], '{"ok":false,"error":'
                         '"bad_header_value_bytes","rule":"HDR-VALUE-2",'
                         '"offset":52}\n')

    def test_file_holds_raw_bytes_with_wire(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'input')
            with open(path, 'wb') as f:
                f.write(b'0\r\n\r\n')
            self.assertVerdict(['chunk-line', '--wire', path], b'',
                               '{"ok":true,"size":0,"extension":null,'
                               '"consumed":3}')

    def test_missing_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'missing')
            self.assertUsageError(['request', path], b'', path)

    def test_directory_instead_of_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertUsageError(['request', tmp], b'')


class UsageTest(VerdictTest):
    """Arguments that are not a valid command line."""

    def test_no_subcommand(self):
        self.assertUsageError([])

    def test_unknown_subcommand(self):
        self.assertUsageError(['headers'], b'a: b', "unknown kind 'headers'")

    def test_two_files(self):
        self.assertUsageError(['request', 'a', 'b'])

    def test_unknown_option(self):
        self.assertUsageError(['request', '--strict'])

    def test_help(self):
        status, out, _ = run(['--help'])
        self.assertEqual(status, 0)
        for kind in ('request', 'response', 'chunk-line', 'content-length',
                     'range', 'content-range', 'header-name'):
            self.assertIn(kind, out)

    def test_subcommand_help(self):
        status, out, _ = run(['response', '--help'])
        self.assertEqual(status, 0)
        for option in ('--jsonl', '--wire', '--method'):
            self.assertIn(option, out)


def main(argv):
    global DEGU_PARSE
    if len(argv) < 2 or argv[1].startswith('-'):
        print('usage: test_degu_parse.py DEGU_PARSE [unittest options]',
              file=sys.stderr)
        return 2
    DEGU_PARSE = os.path.abspath(argv[1])
    if not os.access(DEGU_PARSE, os.X_OK):
        print('test_degu_parse.py: %s is not executable' % DEGU_PARSE,
              file=sys.stderr)
        return 2
    program = unittest.main(argv=[argv[0]] + argv[2:], exit=False)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
