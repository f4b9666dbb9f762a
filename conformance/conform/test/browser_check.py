#!/usr/bin/env python3
"""browser_check.py BUILD_DIR: the HTML report as a person sees it.

Runs degu-conform to make real reports (a parse adapter with a wrong
offset, so the page has failures to show; the reference parser; the
reference client), writes a single-report page and a compare page, opens
each in headless Chromium and asserts on the rendered page: the script
ran, the claims and matrix cells show the right answer in the right
colour, a failing case is open with its bytes and the first differing
byte marked, the filter box and the verdict toggles hide what they
should, and nothing overflows a 1280-pixel window.  Screenshots are left
in BUILD_DIR/conformance/conform/html-check/ for a person to look at.

The browser is driven through the DevTools protocol over
--remote-debugging-pipe (JSON messages ended by NUL on fds 3 and 4), so
the check needs only the standard library and Debian's chromium, which
tools/install_deps.sh installs.  Without chromium the check fails,
saying so.
"""
import base64
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
TIMEOUT = 60  # Seconds for any one browser step or command.


class Browser:
    """One headless Chromium, one page, driven over the DevTools pipe."""

    def __init__(self, binary, profile_dir):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        args = [binary, '--headless=new', '--remote-debugging-pipe', '--disable-gpu',
                '--no-first-run', '--no-default-browser-check', '--hide-scrollbars',
                '--user-data-dir=' + profile_dir, '--window-size=1280,900']
        if os.geteuid() == 0:
            args.append('--no-sandbox')  # Chromium refuses to run as root otherwise.

        def wire_fds():
            # Copies first, so that neither end lands on 3 or 4 before it is
            # moved there; os.dup2 leaves 3 and 4 inheritable, and every other
            # descriptor Python opened closes on exec.
            reading, writing = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(args, preexec_fn=wire_fds, close_fds=False,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b''
        self.serial = 0
        target = self.call('Target.createTarget', url='about:blank')['targetId']
        self.session = self.call('Target.attachToTarget', targetId=target,
                                 flatten=True)['sessionId']
        self.call('Page.enable', session=True)
        self.call('Emulation.setDeviceMetricsOverride', session=True, width=1280,
                  height=900, deviceScaleFactor=1, mobile=False)

    def call(self, method, session=False, **params):
        self.serial += 1
        message = {'id': self.serial, 'method': method, 'params': params}
        if session:
            message['sessionId'] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b'\0')
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self.next_message(deadline)
            if reply.get('id') == self.serial:
                if 'error' in reply:
                    raise AssertionError('%s: %s' % (method, reply['error']))
                return reply['result']

    def next_message(self, deadline):
        while b'\0' not in self.buffer:
            if time.monotonic() > deadline:
                raise AssertionError('the browser did not answer within %d s' % TIMEOUT)
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise AssertionError('the browser closed the DevTools pipe')
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b'\0')
        return json.loads(message)

    def open(self, path):
        self.call('Page.navigate', session=True, url=pathlib.Path(path).as_uri())
        deadline = time.monotonic() + TIMEOUT
        while self.js("document.readyState") != 'complete' or \
                self.js("document.body && document.body.getAttribute('data-js')") != 'ready':
            if time.monotonic() > deadline:
                raise AssertionError('%s: the page did not finish loading and run its script'
                                     % path)
            time.sleep(0.05)

    def js(self, expression):
        result = self.call('Runtime.evaluate', session=True, expression=expression,
                           returnByValue=True)
        if 'exceptionDetails' in result:
            raise AssertionError('%s: %s' % (expression, result['exceptionDetails']))
        return result['result'].get('value')

    def screenshot(self, path, full_page=False):
        params = {'format': 'png'}
        if full_page:
            params['captureBeyondViewport'] = True
        data = self.call('Page.captureScreenshot', session=True, **params)['data']
        pathlib.Path(path).write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.call('Browser.close')
        except AssertionError:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)


# JS helpers evaluated in the page: what a person sees, not the markup.
# checkVisibility() also sees what a closed <details> hides.
SHOWN = "(function (e) { return !!e && e.checkVisibility({visibilityProperty: true}) && " \
        "e.getClientRects().length > 0; })"
BACKGROUND = "(function (e) { return getComputedStyle(e).backgroundColor; })"


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print('  ok: ' + what)


def run(build, *args):
    tool = str(pathlib.Path(build, 'conformance', 'conform', 'degu-conform'))
    done = subprocess.run([tool] + list(args), capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode not in (0, 1):
        raise AssertionError('degu-conform %s: exit %d\n%s' % (args, done.returncode,
                                                               done.stderr))
    return done


def make_reports(build, out):
    parse = str(pathlib.Path(build, 'reference', 'cli', 'degu-parse'))
    broken = '%s %s %s offset-content-length' % (
        sys.executable, HERE / 'adapters' / 'mutating_parse_adapter.py', parse)
    run(build, 'parser', '-q', '--exec', broken, '--only', 'CL-*', '--json',
        str(out / 'broken.json'), '--html', str(out / 'broken.html'))
    run(build, 'parser', '-q', '--exec', parse, '--only', 'CL-*', '--json',
        str(out / 'reference.json'), '--label', 'reference parser')
    run(build, 'client', '-q', '--exec',
        str(pathlib.Path(build, 'conformance', 'degu-client-adapter')), '--only', 'CLI-*',
        '--json', str(out / 'client.json'))
    run(build, 'compare', str(out / 'broken.json'), str(out / 'reference.json'),
        str(out / 'client.json'), '--html', str(out / 'compare.html'))


def check_single(b, page, shots):
    b.open(page)
    print(page)
    check(b.js("document.title").startswith('degu-conform'), 'the title names the tool')
    spec = "document.getElementById('claim-spec')"
    check(b.js(SHOWN + "(%s)" % spec), 'the spec claim is on screen')
    check('no' in b.js(spec + ".innerText") and
          'Spec-conformant' in b.js(spec + ".innerText"), 'it reads "Spec-conformant … no"')
    check(b.js(spec + ".getBoundingClientRect().top") < 900,
          'the claims are in the first screenful')
    red = b.js(BACKGROUND + "(%s)" % spec)
    green = b.js(BACKGROUND + "(document.getElementById('claim-compat'))") \
        if b.js("document.getElementById('claim-compat').dataset.claim") == 'yes' else None
    check(red not in ('rgba(0, 0, 0, 0)', 'transparent'), 'a "no" claim is coloured (%s)' % red)
    if green is not None:
        check(green != red, 'a "yes" claim has another colour (%s)' % green)
    cell = "document.querySelector('td.cell[data-section=parse]')"
    check(b.js(cell + ".dataset.worst") == 'failed', 'the parse cell is marked failed')
    check(b.js(BACKGROUND + "(%s)" % cell) not in ('rgba(0, 0, 0, 0)', 'transparent'),
          'the failed cell is coloured')
    first = "document.querySelector('details.case.failing')"
    check(b.js(first + ".open") and b.js(SHOWN + "(%s)" % first), 'a failing case is open')
    check(b.js(SHOWN + "(%s.querySelector('pre.json.observed-verdict'))" % first),
          'its observed verdict is shown')
    check('offset' in b.js(first + ".innerText"), 'the differing member is named')
    passing = "document.querySelector('details.case.ok')"
    if b.js(passing + " !== null"):
        check(not b.js(SHOWN + "(%s.querySelector('dl.facts'))" % passing),
              'passing cases are collapsed')
    check(b.js("document.documentElement.scrollWidth") <= 1280,
          'nothing overflows a 1280-pixel window')
    b.screenshot(shots / 'single.png')
    b.js(first + ".scrollIntoView()")
    b.screenshot(shots / 'failing-case.png')

    failing_id = b.js(first + ".dataset.id")
    total = b.js("document.querySelectorAll('details.case').length")
    b.js("(function () { var f = document.getElementById('filter'); f.value = %s;"
         " f.dispatchEvent(new Event('input')); })()" % json.dumps(failing_id))
    shown = b.js("Array.prototype.filter.call(document.querySelectorAll('details.case'), "
                 "function (c) { return !c.hidden; }).map(function (c) "
                 "{ return c.dataset.id; })")
    check(failing_id in shown and len(shown) < total,
          'the filter box keeps %s and hides others (%d of %d shown)'
          % (failing_id, len(shown), total))
    check(('%d of %d cases shown' % (len(shown), total)) in b.js("document.body.innerText"),
          'the page says how many cases are shown')
    b.js("(function () { var f = document.getElementById('filter'); f.value = '';"
         " f.dispatchEvent(new Event('input'));"
         " var t = document.querySelector('input[data-verdict=FAILED]'); t.click(); })()")
    check(b.js("Array.prototype.every.call(document.querySelectorAll("
               "'details.case[data-verdict=FAILED]'), function (c) { return c.hidden; })"),
          'the FAILED toggle hides every FAILED case')
    b.screenshot(shots / 'single-toggled.png')


def check_compare(b, page, shots):
    b.open(page)
    print(page)
    rows = b.js("document.querySelectorAll('table.matrix.compare tr.impl').length")
    check(rows == 3, 'the compare matrix has a row per report (%s)' % rows)
    claims = b.js("Array.prototype.map.call(document.querySelectorAll("
                  "'table.matrix.compare td.claim.spec'), function (c) "
                  "{ return c.innerText.trim(); })")
    check(len(claims) == 3 and claims[0].startswith('no') and claims[1].startswith('yes'),
          'the broken parser says no, the reference yes (%s)' % claims)
    labels = b.js("Array.prototype.map.call(document.querySelectorAll("
                  "'table.matrix.compare tr.impl .run-label'), function (c) "
                  "{ return c.innerText.trim(); })")
    check(labels == ['reference parser'], 'the labelled run shows its label (%s)' % labels)
    link = "document.querySelector('table.matrix.compare tr.impl td.cell a')"
    target = b.js(link + ".getAttribute('href')")
    check(target and b.js("document.getElementById(%s) !== null" % json.dumps(target[1:])),
          'a matrix cell links to its group (%s)' % target)
    check(b.js("document.documentElement.scrollWidth") <= 1280,
          'nothing overflows a 1280-pixel window')
    b.screenshot(shots / 'compare.png')


def main(argv):
    if len(argv) != 2:
        print('usage: browser_check.py BUILD_DIR', file=sys.stderr)
        return 2
    build = pathlib.Path(argv[1]).resolve()
    binary = shutil.which('chromium') or shutil.which('chromium-browser')
    if binary is None:
        print('browser_check: chromium is not installed (tools/install_deps.sh installs it)',
              file=sys.stderr)
        return 1
    shots = build / 'conformance' / 'conform' / 'html-check'
    shots.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp)
        make_reports(build, out)
        for name in ('broken.html', 'compare.html'):
            shutil.copy(out / name, shots / name)
        profile = out / 'profile'
        profile.mkdir()
        b = Browser(binary, str(profile))
        try:
            check_single(b, shots / 'broken.html', shots)
            check_compare(b, shots / 'compare.html', shots)
        except AssertionError as e:
            print('browser_check: FAILED: %s' % e, file=sys.stderr)
            return 1
        finally:
            b.close()
    print('browser_check: passed; screenshots in %s' % shots)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
