#!/usr/bin/env python3
"""test_degu_conform.py BUILD_DIR [unittest options]: end-to-end tests of the
degu-conform command line: exit codes, selection and its errors, adapters
that fail in the ways implementations do, reports.

BUILD_DIR is the CMake build directory; the tests run
conformance/conform/degu-conform there against the reference's degu-parse,
degu-render, degu-server and degu-client-adapter, and against the
deliberately broken adapters in adapters/.  Standard library only (the JSON
report is checked against its schema when python3-jsonschema is there).
Every command is bounded by a timeout.
"""
import contextlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
BUILD = None  # Set from the command line.
TIMEOUT = 300

# Under the sanitizers (CMake sets DEGU_CONFORM_SANITIZED), the whole-suite
# "the reference passes" runs are left to the conform_reference_* tests,
# which run the same suites there, and to the plain build, which runs these
# too; they cost about 150 s of a sanitizer CI run otherwise.  The runs over
# TLS stay: no other sanitizer test drives OpenSSL through the runner.
# Leaves out the runtime and robustness sections (their scenarios take
# seconds each), for tests about something else.
NO_SCENARIOS = ('--skip', 'runtime-*', '--skip', 'robust-*')

covered_elsewhere_when_sanitized = unittest.skipIf(
    os.environ.get('DEGU_CONFORM_SANITIZED') == '1',
    'under the sanitizers, conform_reference_* runs the whole suites')


def tool(*parts):
    return str(pathlib.Path(BUILD, *parts))


def conform(*args):
    """degu-conform ARGS -> CompletedProcess (text)."""
    return subprocess.run([tool('conformance', 'conform', 'degu-conform')] + list(args),
                          capture_output=True, text=True, timeout=TIMEOUT, check=False)


def server_command(extra=''):
    return ('%s --address {address} --app reflect --max-connections {max_connections} '
            '--max-requests {max_requests} --timeout {timeout}%s'
            % (tool('reference', 'cli', 'degu-server'), extra))


def parse_adapter(mode):
    return '%s %s %s %s' % (sys.executable, HERE / 'adapters' / 'mutating_parse_adapter.py',
                            tool('reference', 'cli', 'degu-parse'), mode)


def client_adapter(mode):
    return '%s %s %s %s' % (sys.executable, HERE / 'adapters' / 'mutating_client_adapter.py',
                            tool('conformance', 'degu-client-adapter'), mode)


def make_pki(test, directory):
    """A test PKI made by degu-pki in directory (client.json, server.json)."""
    made = subprocess.run([tool('reference', 'tls', 'degu-pki'), directory, '--bits', '2048'],
                          capture_output=True, text=True, timeout=TIMEOUT)
    test.assertEqual(made.returncode, 0, made.stderr)
    return directory


@contextlib.contextmanager
def reference_server(*options):
    """The reference server with the reflect application and options,
    started for a --target test; yields the address it printed."""
    server = subprocess.Popen([tool('reference', 'cli', 'degu-server'), '--app', 'reflect'] +
                              list(options), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        yield server.stdout.readline().decode().strip()
    finally:
        server.terminate()
        server.wait(10)
        server.stdout.close()


class Base(unittest.TestCase):
    def assertExit(self, run, code):
        self.assertEqual(run.returncode, code,
                         'exit %d, wanted %d\nstdout: %s\nstderr: %s'
                         % (run.returncode, code, run.stdout[-3000:], run.stderr[-3000:]))

    def assertOnlyWithoutWireForm(self, run):
        # A byte vector whose element cannot travel in a message is the only
        # case a full run against the reference skips.
        reasons = re.findall(r'(?m)^\d+ cases? SKIPPED: (.*)$', run.stdout)
        for reason in reasons:
            self.assertTrue(reason.startswith('no wire form: '), reason)

    def assertUsage(self, run, *words):
        self.assertExit(run, 2)
        self.assertNotIn('Traceback', run.stderr)
        self.assertTrue(run.stderr.startswith('degu-conform: '), run.stderr)
        for w in words:
            self.assertIn(w, run.stderr)


class ParserRole(Base):
    @covered_elsewhere_when_sanitized
    def test_reference_passes_every_case(self):
        run = conform('parser', '--exec', tool('reference', 'cli', 'degu-parse'),
                      '--render-exec', tool('reference', 'cli', 'degu-render'))
        self.assertExit(run, 0)
        self.assertIn('Spec-conformant:       yes', run.stdout)
        self.assertNotRegex(run.stdout, r'(?m)^FAILED ')

    def test_a_wrong_offset_fails_and_names_the_vector(self):
        run = conform('parser', '--exec', parse_adapter('offset-content-length'),
                      '--only', 'CL-*')
        self.assertExit(run, 1)
        self.assertRegex(run.stdout, r'(?m)^FAILED gen-sweep-content-length-\S+  \[CL-')
        self.assertIn('(content_length)', run.stdout)  # The kind and file are named.
        self.assertIn('  adapter:  CMD content-length --jsonl\n', run.stdout)
        self.assertRegex(run.stdout, r'(?m)^  input:    \S')  # What it was given.
        self.assertIn('"offset":', run.stdout)
        self.assertIn('Spec-conformant:       no', run.stdout)

    def test_a_backend_profile_counts_only_that_backends_records(self):
        # A stand-in for the original's C backend: it accepts a repeated
        # header where only C was recorded doing so (E-1).
        only = ['--only', 'gen-dup-content-type-equal', '--only', 'gen-dup-x-equal']
        for profile, code in (('degu-0.19', 0), ('degu-0.19:c', 0), ('degu-0.19:py', 1),
                              ('spec', 1)):
            run = conform('parser', '--exec', parse_adapter('replay:c'), '--profile', profile,
                          *only)
            self.assertExit(run, code)
        self.assertIn('FAILED gen-dup-content-type-equal', run.stdout)
        self.assertUsage(conform('parser', '--exec', 'x', '--profile', 'degu-0.19:rust'),
                         '--profile')

    def test_errors_any_grades_rejections_without_offsets(self):
        run = conform('parser', '--exec', parse_adapter('offset-content-length'),
                      '--only', 'CL-*', '--errors', 'any')
        self.assertExit(run, 0)
        self.assertIn('--errors any', run.stdout)

    def test_exit_89_is_unimplemented_not_failed(self):
        run = conform('parser', '--exec', parse_adapter('unimplemented-range'),
                      '--only', 'RANGE-*', '--only', 'CL-*')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'parse +\d+ +0 +0 +[1-9]\d* +0')

    def test_nothing_ran_is_never_success(self):
        run = conform('parser', '--exec', parse_adapter('unimplemented-range'),
                      '--only', 'gen-sweep-range-*')
        self.assertExit(run, 2)
        self.assertIn('no case ran', run.stderr)

    def test_an_adapter_that_stops_fails_the_rest(self):
        run = conform('parser', '--exec', parse_adapter('stop-after-3'), '--only', 'RANGE-*')
        self.assertExit(run, 1)
        self.assertIn('the adapter exited 3: mutating_parse_adapter: stopping early', run.stdout)

    def test_render_cases_skip_without_a_render_adapter(self):
        run = conform('parser', '--exec', tool('reference', 'cli', 'degu-parse'))
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'render +0 +0 +0 +0 +[1-9]')


class Selection(Base):
    def parse(self, *args):
        return conform('parser', '--exec', tool('reference', 'cli', 'degu-parse'), *args)

    def test_list_prints_selected_cases_by_rule_pattern(self):
        run = self.parse('--list', '--only', 'CHUNK-EXT-*')
        self.assertExit(run, 0)
        lines = run.stdout.splitlines()
        self.assertTrue(lines)
        for line in lines:
            case_id, section, level, rules = line.split('\t')
            self.assertIn('CHUNK-EXT-', rules)

    def test_skip_removes_cases(self):
        every = self.parse('--list', '--only', 'RANGE-*').stdout.splitlines()
        fewer = self.parse('--list', '--only', 'RANGE-*', '--skip', 'RANGE-SYNTAX-*')
        self.assertExit(fewer, 0)
        self.assertLess(len(fewer.stdout.splitlines()), len(every))

    def test_a_pattern_that_matches_nothing_is_an_error(self):
        self.assertUsage(self.parse('--only', 'CHUNK-EXT-*', '--only', 'CHUNK-EXTT-*'),
                         "'CHUNK-EXTT-*' matches no case of the parser role")
        self.assertUsage(self.parse('--skip', 'nonesuch'), "'nonesuch'")

    def test_patterns_of_another_role_are_errors(self):
        self.assertUsage(self.parse('--only', 'srv-maxreq-*'), 'srv-maxreq-*')

    def test_dry_run_runs_nothing(self):
        run = conform('parser', '--exec', '/nonexistent/adapter', '--dry-run')
        self.assertExit(run, 0)
        self.assertIn('would run', run.stdout)


class UsageErrors(Base):
    def test_no_role(self):
        self.assertUsage(conform())

    def test_unknown_option(self):
        self.assertUsage(conform('parser', '--exec', 'x', '--frobnicate'), 'frobnicate')

    def test_unknown_profile(self):
        self.assertUsage(conform('parser', '--exec', 'x', '--profile', 'degu-0.18'), 'degu-0.18')

    def test_missing_adapter(self):
        self.assertUsage(conform('parser', '--exec', '/nonexistent/adapter'),
                         "cannot execute '/nonexistent/adapter'")

    def test_unterminated_quote(self):
        self.assertUsage(conform('parser', '--exec', "degu-parse 'x"), 'unterminated')

    def test_unknown_placeholder(self):
        self.assertUsage(conform('server', '--exec', 'srv {adress}'), 'unknown placeholder {adress}')

    def test_unknown_delivery(self):
        self.assertUsage(conform('server', '--exec', server_command(), '--delivery', 'once,chop'),
                         "unknown mode 'chop'")

    def test_tls_needs_its_command(self):
        self.assertUsage(conform('server', '--exec', server_command(), '--transport', 'tls'),
                         '--tls-exec')
        self.assertUsage(conform('server', '--exec', server_command(), '--transport', 'tls',
                                 '--tls-exec', server_command()), '{tls_config}')
        self.assertUsage(conform('server', '--exec', server_command(),
                                 '--tls-exec', server_command(' --tls-config {tls_config}')),
                         'not asked for')
        self.assertUsage(conform('client', '--exec', 'x {address}', '--transport', 'tls'),
                         '--tls-exec')
        self.assertUsage(conform('client', '--exec', 'x {address}', '--transport', 'tls',
                                 '--tls-exec', 'x {address} {tls_config} {timeout}'),
                         'unknown placeholder {timeout}')

    def test_unknown_transport(self):
        self.assertUsage(conform('server', '--exec', server_command(), '--transport', 'v4,ipx'),
                         "unknown transport 'ipx'")

    def test_bad_target_address(self):
        self.assertUsage(conform('server', '--target', 'relative/path.sock'), '--target')

    def test_unknown_target_option(self):
        self.assertUsage(conform('server', '--target', 'max_request=1@/tmp/x.sock'),
                         "unknown server option 'max_request=1'")

    def test_unreachable_target(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertUsage(conform('server', '--target', os.path.join(tmp, 'none.sock')),
                             'cannot connect to the server')

    def test_vectors_directory_without_vectors(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertUsage(conform('parser', '--exec', 'x', '--vectors', tmp), 'hand/')

    def test_a_vector_file_of_an_unknown_kind(self):
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, 'hand'))
            with open(os.path.join(tmp, 'hand', 'x.json'), 'w') as f:
                json.dump({'kind': 'chunk-line', 'vectors': []}, f)
            run = conform('parser', '--exec', 'x', '--vectors', tmp)
        self.assertUsage(run, 'malformed vector hand/x.json', 'unknown kind "chunk-line"')

    def test_server_that_exits_at_once(self):
        self.assertUsage(conform('server', '--exec', 'false {address}'),
                         'exited 1 before accepting connections')


class ServerRole(Base):
    # The whole suite against the reference runs in ctest (conform_reference_*);
    # these tests select what they need (hand-written vectors: 'gen-*' left
    # out), so that they stay quick under the sanitizers too.
    @covered_elsewhere_when_sanitized
    def test_reference_passes_over_every_transport(self):
        run = conform('server', '--exec', server_command(), '--transport', 'unix,abstract,v4,v6',
                      '--skip', 'gen-*', *NO_SCENARIOS)
        self.assertExit(run, 0)
        for t in ('unix', 'abstract', 'v4', 'v6'):
            self.assertRegex(run.stdout, r'server %s +\d+ +0 +0 +0 +\d+' % t)
        self.assertOnlyWithoutWireForm(run)

    def test_a_server_that_ignores_max_requests_fails(self):
        command = ("sh -c 'exec %s --address \"$1\" --app reflect' sh {address} "
                   "{max_requests} {timeout}" % tool('reference', 'cli', 'degu-server'))
        run = conform('server', '--exec', command, '--only', 'SRV-MAXREQ-1')
        self.assertExit(run, 1)
        self.assertIn('FAILED srv-maxreq-1-limit-1.unix', run.stdout)
        self.assertIn('(then open)', run.stdout)
        self.assertIn('(run twice: stable)', run.stdout)
        self.assertIn('first difference at byte', run.stdout)

    def lenient(self, mode, *args):
        command = '%s %s %s {address} %s {max_requests} {timeout}' % (
            sys.executable, HERE / 'adapters' / 'lenient_front.py', mode,
            tool('reference', 'cli', 'degu-server'))
        return conform('server', '--exec', command, *args)

    def test_the_relay_alone_is_conformant(self):
        self.assertExit(self.lenient('none', '--skip', 'gen-*', *NO_SCENARIOS), 0)

    def test_lenient_servers_are_caught_by_the_wire_forms_of_parse_vectors(self):
        # The exchange vectors alone let these through; the wire forms of
        # the byte vectors do not.
        for mode, vector in (('upper-method', 'req-method-1-lower-case-get'),
                             ('bare-lf', None), ('collapse-slashes', None)):
            only_exchanges = self.lenient(mode, '--skip', '*.wire.*', *NO_SCENARIOS)
            wire = self.lenient(mode, '--only', '*.wire.*', '--skip', 'gen-*')
            self.assertExit(wire, 1)
            self.assertRegex(wire.stdout, r'(?m)^FAILED \S+\.wire\.unix ')
            if vector:
                self.assertIn('FAILED %s.wire.unix' % vector, wire.stdout)
                self.assertExit(only_exchanges, 0)

    def test_a_server_that_frames_responses_itself_is_caught_by_render_vectors(self):
        # It sends what it should refuse: a bad or disagreeing framing
        # header handed over by the application (OUT-SPECIAL-1, OUT-FRAME-2).
        run = self.lenient('own-framing', '--only', 'OUT-SPECIAL-1', '--only', 'OUT-FRAME-2')
        self.assertExit(run, 1)
        self.assertIn('FAILED out-frame-2-response-wrong-length.wire.unix', run.stdout)
        self.assertIn('FAILED out-special-1-bad-content-length.wire.unix', run.stdout)

    def test_a_server_that_needs_a_preamble_in_one_read_is_caught_by_delivery(self):
        # (Its habit also closes a half preamble at once, which the runtime
        # section catches: left out here.)
        at_once = self.lenient('one-read', '--skip', '*.wire.*', *NO_SCENARIOS)
        self.assertExit(at_once, 0)
        pieces = self.lenient('one-read', '--skip', '*.wire.*', *NO_SCENARIOS,
                              '--delivery', 'once,bytes,split')
        self.assertExit(pieces, 1)
        self.assertRegex(pieces.stdout, r'(?m)^FAILED \S+\.unix\.bytes ')
        self.assertRegex(pieces.stdout, r'(?m)^FAILED \S+\.unix\.split ')
        self.assertIn('(one byte at a time)', pieces.stdout)
        self.assertNotRegex(pieces.stdout, r'(?m)^FAILED \S+\.unix ')

    def test_a_server_ignoring_its_options_fails_the_runtime_section(self):
        command = ("sh -c 'exec %s --address \"$1\" --app reflect' sh {address} "
                   "{max_connections} {max_requests} {timeout}"
                   % tool('reference', 'cli', 'degu-server'))
        run = conform('server', '--exec', command, '--only', 'runtime-srv-maxconn-1-*',
                      '--only', 'runtime-srv-timeout-1-silent')
        self.assertExit(run, 1)
        self.assertIn('FAILED runtime-srv-maxconn-1-slot-freed.unix', run.stdout)
        self.assertIn('the second connection was served while the first held the only slot',
                      run.stdout)
        self.assertIn('FAILED runtime-srv-timeout-1-silent.unix', run.stdout)
        self.assertIn('with a 1 s timeout', run.stdout)

    def test_serial_slot_waits_are_non_strict(self):
        command = '%s %s {address} {max_connections}' % (
            sys.executable, HERE / 'adapters' / 'serial_slots_server.py')
        run = conform('server', '--exec', command, '--transport', 'v4',
                      '--only', 'runtime-srv-maxconn-2-*')
        self.assertIn('NON-STRICT runtime-srv-maxconn-2-burst.v4', run.stdout)
        self.assertIn('the slot waits ran one after another', run.stdout)
        self.assertExit(run, 0)  # A SHOULD: still spec-conformant,
        self.assertIn('Degu-0.19-compatible:  yes', run.stdout)  # and E-26 allows it.

    def test_a_bare_close_misses_the_lingering_close(self):
        command = '%s %s {address}' % (sys.executable, HERE / 'adapters' / 'bare_close_server.py')
        run = conform('server', '--exec', command, '--transport', 'v4',
                      '--only', 'runtime-srv-close-2-*')
        self.assertIn('NON-STRICT runtime-srv-close-2-lingering.v4', run.stdout)
        self.assertIn('the connection was reset', run.stdout)  # Cut short or not.
        compat = conform('server', '--exec', command, '--transport', 'v4',
                         '--only', 'runtime-srv-close-2-*', '--profile', 'degu-0.19')
        self.assertExit(compat, 0)
        self.assertIn('Degu-0.19-compatible:  yes', compat.stdout)

    def test_the_runtime_section_reports_its_own_rows(self):
        run = conform('server', '--exec', server_command(), '--only', 'runtime-*',
                      '--transport', 'unix,v4')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'runtime unix +9 +0 +0 +0 +0')
        self.assertRegex(run.stdout, r'runtime v4 +10 +0 +0 +0 +0')  # SRV-CLOSE-2: TCP only

    def test_the_robustness_section_reports_its_figures(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, 'r.json')
            run = conform('server', '--exec', server_command(), '--transport', 'unix',
                          '--only', 'robust-flood-connect-close', '--only', 'robust-slow-stalled-body',
                          '--json', report)
            self.assertExit(run, 0)
            self.assertRegex(run.stdout, r'robustness unix +2 +0 +0 +0 +0')
            with open(report) as f:
                cases = {c['id']: c for c in json.load(f)['cases']}
        flood = cases['robust-flood-connect-close.unix']
        self.assertEqual(flood['section'], 'robustness')
        self.assertRegex(flood['figures']['baseline'], r'^\d+ descriptors, \d+ threads, ')
        self.assertRegex(flood['figures']['connections'], r'^500 in ')
        stalled = cases['robust-slow-stalled-body.unix']
        self.assertRegex(stalled['figures']['cut after'], r'^\d+\.\d\d s$')
        self.assertIn('bystander latency max', stalled['figures'])

    def test_a_server_that_ignores_its_timeout_fails_the_robustness_section(self):
        # The example server given a timeout of 100 s or more ("10{timeout}").
        command = '%s %s {address} {max_requests} 10{timeout} {max_connections}' % (
            sys.executable, ROOT / 'examples' / 'python' / 'reflect_server.py')
        run = conform('server', '--exec', command, '--transport', 'unix',
                      '--only', 'robust-slow-stalled-body')
        self.assertExit(run, 1)
        self.assertIn('FAILED robust-slow-stalled-body.unix', run.stdout)
        self.assertIn('still open after', run.stdout)
        self.assertIn('measured: cut after: (still open)', run.stdout)

    def test_reference_passes_over_tls(self):
        run = conform('server', '--exec', server_command(),
                      '--tls-exec', server_command(' --tls-config {tls_config}'),
                      '--transport', 'tls', '--only', 'srv-*', '--delivery', 'once,bytes')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'server tls +[1-9]\d* +0 +0 +0 +0')

    def test_the_runtime_section_runs_over_tls(self):
        # All but the two SRV-MAXCONN-1 scenarios and the TCP-only SRV-CLOSE-2.
        run = conform('server', '--exec', server_command(),
                      '--tls-exec', server_command(' --tls-config {tls_config}'),
                      '--transport', 'tls', '--only', 'runtime-*')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'runtime tls +6 +0 +0 +0 +0')
        # The robustness section over TLS: all but the four plain-only cases.
        robust = conform('server', '--exec', server_command(),
                         '--tls-exec', server_command(' --tls-config {tls_config}'),
                         '--transport', 'tls', '--only', 'robust-*')
        self.assertExit(robust, 0)
        self.assertRegex(robust.stdout, r'robustness tls +6 +0 +0 +0 +0')
        listed = conform('server', '--exec', server_command(),
                         '--tls-exec', server_command(' --tls-config {tls_config}'),
                         '--transport', 'tls', '--only', 'runtime-*', '--list')
        self.assertExit(listed, 0)
        self.assertIn('runtime-srv-timeout-1-silent.tls', listed.stdout)
        self.assertNotIn('maxconn', listed.stdout)

    def test_a_server_without_client_certificates_fails_over_tls(self):
        # The run's PKI gives the runner a client certificate; a server
        # configured with another CA refuses the handshake: every case fails
        # and says why.
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(self, os.path.join(tmp, 'other'))
            other = ("sh -c 'exec %s --address \"$1\" --app reflect --tls-config %s' "
                     "sh {address} {tls_config}" % (tool('reference', 'cli', 'degu-server'),
                                                   os.path.join(pki, 'server.json')))
            run = conform('server', '--exec', server_command(), '--tls-exec', other,
                          '--transport', 'tls', '--only', 'srv-keepalive-1-*')
        self.assertExit(run, 1)
        self.assertIn('TLS handshake failed', run.stdout)

    @covered_elsewhere_when_sanitized
    def test_reference_passes_every_delivery(self):
        run = conform('server', '--exec', server_command(), '--skip', '*.wire.*',
                      '--skip', 'robust-*', '--transport', 'unix,v4',
                      '--delivery', 'once,bytes,split')
        self.assertExit(run, 0)

    def test_target_runs_default_options_and_skips_the_rest(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 's.sock')
            with reference_server('--address', path) as address:
                self.assertEqual(address, path)
                run = conform('server', '--target', path)
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'server unix +\d+ +0 +0 +0 +[1-9]')
        self.assertIn('needs a server started with options', run.stdout)

    def test_target_over_tls(self):
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(self, os.path.join(tmp, 'pki'))
            with reference_server('--address', '127.0.0.1:0', '--tls-config',
                                  os.path.join(pki, 'server.json')) as address:
                client_json = os.path.join(pki, 'client.json')
                run = conform('server', '--target', 'tls:' + address,
                              '--tls-client-config', client_json, '--only', 'srv-*')
                self.assertUsage(conform('server', '--target', 'tls:' + address),
                                 '--tls-client-config')
                self.assertUsage(conform('server', '--target', address,
                                         '--tls-client-config', client_json),
                                 '--tls-client-config is for --target tls:ADDR')
                self.assertUsage(conform('server', '--target', 'tls:/tmp/x.sock',
                                         '--tls-client-config', client_json), 'over TCP')
                self.assertUsage(conform('server', '--target', 'tls:' + address,
                                         '--tls-client-config', os.path.join(tmp, 'no.json')),
                                 '--tls-client-config')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'server tls +[1-9]\d* +0 +0 +0 +\d+')


class ClientRole(Base):
    @covered_elsewhere_when_sanitized
    def test_reference_passes_with_fd_and_address(self):
        run = conform('client', '--exec', tool('conformance', 'degu-client-adapter'),
                      '--skip', 'gen-*')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'client socketpair +\d+ +0 +0 +0 +\d+')
        self.assertOnlyWithoutWireForm(run)
        run = conform('client', '--exec',
                      tool('conformance', 'degu-client-adapter') + ' --connect {address}',
                      '--transport', 'v4,v6', '--skip', 'gen-*')
        self.assertExit(run, 0)

    def test_a_lenient_client_is_caught_by_the_wire_forms(self):
        run = conform('client', '--exec', client_adapter('lenient-bare-lf') +
                      ' --connect {address}', '--only', '*.wire.*', '--skip', 'gen-*')
        self.assertExit(run, 1)
        self.assertRegex(run.stdout, r'(?m)^FAILED \S+\.wire\.unix ')

    def test_the_client_runtime_section(self):
        run = conform('client', '--exec', tool('conformance', 'degu-client-adapter'),
                      '--only', 'runtime-*')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'runtime socketpair +3 +0 +0 +0 +0')
        # Without its timeout the client waits until the harness gives up.
        run = conform('client', '--exec', client_adapter('no-timeout'),
                      '--only', 'runtime-cli-timeout-1-silent', '--timeout', '3')
        self.assertExit(run, 1)
        self.assertIn('FAILED runtime-cli-timeout-1-silent.socketpair', run.stdout)
        self.assertIn('its timeout was not applied', run.stdout)

    def test_a_client_that_folds_names_is_caught_by_render_vectors(self):
        run = conform('client', '--exec', client_adapter('fold-names'), '--only', 'OUT-NAME-1')
        self.assertExit(run, 1)
        self.assertIn('FAILED out-name-1-capitalised.wire.socketpair', run.stdout)
        self.assertIn('Spec-conformant:       no', run.stdout)

    def test_a_client_that_needs_a_preamble_in_one_read_is_caught_by_delivery(self):
        command = client_adapter('one-read') + ' --connect {address}'
        # (Its habit also fails runtime-cli-timeout-1-half-preamble at once.)
        self.assertExit(conform('client', '--exec', command, '--skip', '*.wire.*',
                                '--skip', 'runtime-*'), 0)
        pieces = conform('client', '--exec', command, '--skip', '*.wire.*',
                         '--delivery', 'bytes')
        self.assertExit(pieces, 1)
        self.assertRegex(pieces.stdout, r'(?m)^FAILED \S+\.unix\.bytes ')

    @covered_elsewhere_when_sanitized
    def test_reference_passes_every_delivery(self):
        run = conform('client', '--exec', tool('conformance', 'degu-client-adapter'),
                      '--skip', '*.wire.*', '--delivery', 'once,bytes,split')
        self.assertExit(run, 0)

    def test_reference_passes_over_tls(self):
        adapter = tool('conformance', 'degu-client-adapter')
        run = conform('client', '--exec', adapter + ' --connect {address}',
                      '--tls-exec', adapter + ' --connect {address} --tls-config {tls_config}',
                      '--transport', 'v4,tls', '--skip', 'gen-*')
        self.assertExit(run, 0)
        self.assertRegex(run.stdout, r'client tls +[1-9]\d* +0 +0 +0 +\d+')

    def test_a_client_that_does_not_check_the_server_fails_over_tls(self):
        # An adapter given another PKI's client configuration does not trust
        # the run's server: every case fails, saying why.
        with tempfile.TemporaryDirectory() as tmp:
            pki = make_pki(self, os.path.join(tmp, 'other'))
            adapter = tool('conformance', 'degu-client-adapter')
            other = ("sh -c 'exec %s --connect \"$1\" --tls-config %s' sh {address} "
                     "{tls_config}" % (adapter, os.path.join(pki, 'client.json')))
            run = conform('client', '--exec', adapter + ' --connect {address}',
                          '--tls-exec', other, '--transport', 'tls', '--only', 'cli-base-1-*')
        self.assertExit(run, 1)
        self.assertIn('TLS handshake failed', run.stdout)

    def test_a_wrong_status_fails(self):
        run = conform('client', '--exec', client_adapter('swap-status'), '--only', 'CLI-HEAD-*')
        self.assertExit(run, 1)
        self.assertIn('the outcomes differ from expected', run.stdout)
        self.assertIn('"status":299', run.stdout)

    def test_a_failure_that_passes_when_run_again_is_flaky(self):
        with tempfile.TemporaryDirectory() as tmp:
            run = conform('client', '--exec', client_adapter('flaky:' + tmp),
                          '--only', 'cli-head-1-length-without-body')
        self.assertExit(run, 1)  # Flaky is still a failure.
        self.assertIn('(run twice: flaky)', run.stdout)

    def test_unimplemented_client(self):
        run = conform('client', '--exec', client_adapter('unimplemented'), '--only', 'CLI-BASE-*')
        self.assertExit(run, 2)
        self.assertIn('no case ran', run.stderr)


class Expectations(Base):
    def run_with(self, expectations, mode='offset-content-length'):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'known.json')
            with open(path, 'w') as f:
                f.write(expectations if isinstance(expectations, str)
                        else json.dumps(expectations))
            return conform('parser', '--exec', parse_adapter(mode), '--only', 'CL-*',
                           '--expectations', path)

    @classmethod
    def setUpClass(cls):
        # The way a user starts the file: the failures of a JSON report.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'r.json')
            conform('parser', '--exec', parse_adapter('offset-content-length'),
                    '--only', 'CL-*', '--json', path)
            with open(path) as f:
                failed = [c['id'] for c in json.load(f)['cases'] if c['verdict'] == 'FAILED']
        assert failed
        cls.KNOWN = {'comment': 'offsets of content-length rejections are off by one',
                     'known_failures': [{'pattern': i, 'reason': 'offsets off by one',
                                         'role': 'parser'} for i in failed] +
                     [{'pattern': 'srv-*', 'role': 'server', 'reason': 'another role'}]}

    def test_known_failures_do_not_fail_the_run(self):
        run = self.run_with(self.KNOWN)
        self.assertExit(run, 0)
        self.assertIn('known failure gen-sweep-content-length-', run.stdout)
        self.assertNotIn('UNEXPECTED PASS', run.stdout)
        self.assertNotRegex(run.stdout, r'(?m)^FAILED ')

    def test_unlisted_failures_still_fail(self):
        partial = {'known_failures': self.KNOWN['known_failures'][1:]}
        run = self.run_with(partial)
        self.assertExit(run, 1)
        self.assertRegex(run.stdout, r'(?m)^FAILED %s ' % self.KNOWN['known_failures'][0]['pattern'])

    def test_a_known_failure_that_passes_fails_the_run(self):
        run = self.run_with(self.KNOWN, mode='fine')
        self.assertExit(run, 1)
        self.assertIn('UNEXPECTED PASS gen-sweep-content-length-', run.stdout)
        self.assertIn('remove the entry', run.stdout)

    def test_bad_files_are_usage_errors(self):
        stale = {'known_failures': [{'pattern': 'CL-SYNTX-*', 'reason': 'typo'}]}
        self.assertUsage(self.run_with(stale), "known failure 'CL-SYNTX-*' matches no case")
        self.assertUsage(self.run_with('{"known_failures": ['), 'not a JSON object')
        self.assertUsage(self.run_with({'known_failures': [{'pattern': 'CL-*'}]}),
                         'known_failures[0]: needs a non-empty "reason"')
        self.assertUsage(self.run_with({'known_failure': []}), 'unknown member "known_failure"')
        self.assertUsage(self.run_with({'known_failures': [
            {'pattern': 'CL-*', 'reason': 'x', 'role': 'parse'}]}), "unknown role 'parse'")


class Reports(Base):
    def test_json_and_junit(self):
        with tempfile.TemporaryDirectory() as tmp:
            js, xml = os.path.join(tmp, 'r.json'), os.path.join(tmp, 'r.xml')
            run = conform('parser', '--exec', parse_adapter('offset-content-length'),
                          '--only', 'CL-*', '--only', 'RANGE-*',
                          '--json', js, '--junit', xml)
            self.assertExit(run, 1)
            with open(js) as f:
                report = json.load(f)
            tree = ET.parse(xml)
            check_schema(self, report)
        cases = report['cases']
        failed = [c for c in cases if c['verdict'] == 'FAILED']
        self.assertTrue(failed)
        self.assertTrue(all(c['kind'] == 'content_length' for c in failed))
        self.assertEqual(report['totals']['failed'], len(failed))
        self.assertFalse(report['conformance']['spec'])
        junit_cases = tree.getroot().findall('.//testcase')
        self.assertEqual(len(junit_cases), len(cases))
        self.assertEqual(len(tree.getroot().findall('.//failure')), len(failed))
        self.assertEqual(failed[0]['adapter']['arguments'], 'content-length --jsonl')
        self.assertIn('input_hex', failed[0]['adapter'])

    def test_html_and_compare(self):
        # The page's content is checked in a browser by browser_check.py;
        # here: it is written, and compare refuses what is not a report.
        with tempfile.TemporaryDirectory() as tmp:
            js, page = os.path.join(tmp, 'r.json'), os.path.join(tmp, 'r.html')
            run = conform('parser', '--exec', tool('reference', 'cli', 'degu-parse'),
                          '--only', 'CL-*', '--json', js, '--html', page,
                          '--label', 'my <parser>')
            self.assertExit(run, 0)
            self.assertIn('HTML report: ' + page, run.stdout)
            with open(page) as f:
                text = f.read()
            self.assertTrue(text.startswith('<!DOCTYPE html>'))
            self.assertIn('<strong class="run-label">my &lt;parser&gt;</strong>', text)
            with open(js) as f:
                self.assertEqual(json.load(f)['run']['label'], 'my <parser>')
            both = os.path.join(tmp, 'both.html')
            run = subprocess.run([tool('conformance', 'conform', 'degu-conform'), 'compare',
                                  js, js, '--html', both], capture_output=True, text=True,
                                 timeout=TIMEOUT, check=False)
            self.assertExit(run, 0)
            self.assertIn('(2 reports)', run.stdout)
            not_report = os.path.join(tmp, 'x.json')
            with open(not_report, 'w') as f:
                f.write('{"format": "something else"}')
            self.assertUsage(conform('compare', js, not_report, '--html', both),
                             not_report, 'format')
            self.assertUsage(conform('compare', os.path.join(tmp, 'missing.json'),
                                     '--html', both), 'cannot open')
            self.assertUsage(conform('compare', js), '--html')
            self.assertUsage(conform('parser', '--exec', 'x', '--label', 'a\tb'), '--label')
            self.assertUsage(conform('parser', '--exec', tool('reference', 'cli', 'degu-parse'),
                                     '--only', 'CL-*', '--html', os.path.join(tmp, 'no', 'x')),
                             'cannot write')


def check_schema(test, report):
    try:
        import jsonschema
    except ImportError:
        return  # The schema test of ctest covers it where jsonschema is.
    with open(ROOT / 'conformance' / 'report.schema.json') as f:
        jsonschema.validate(report, json.load(f))


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    BUILD = sys.argv.pop(1)
    unittest.main()
