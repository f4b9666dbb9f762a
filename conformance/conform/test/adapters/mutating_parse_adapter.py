#!/usr/bin/env python3
"""mutating_parse_adapter.py DEGU_PARSE MODE KIND [ARGS...] --jsonl:
degu-parse with one deliberate fault, for testing that degu-conform
catches it.  MODE:

  offset-content-length   every content-length rejection reports its
                          offset one byte later
  unimplemented-range     exits 89 (not implemented) for the range kind
  stop-after-3            prints three verdicts of each group, then exits 3
  replay:BACKEND          for an input a vector holds, the outcome the
                          original's BACKEND (c or py) was recorded giving
                          where an erratum says it differs (a stand-in for
                          that backend)
  fine                    no fault

Standard library only.
"""
import glob
import json
import os
import subprocess
import sys

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), *(['..'] * 4 + ['vectors']))


def recorded(backend, kind):
    """input_hex -> the outcome BACKEND was recorded giving, for the
    vectors of kind whose record names an erratum."""
    out = {}
    for path in glob.glob(os.path.join(VECTORS, '*', '*.json')):
        with open(path) as f:
            doc = json.load(f)
        if not isinstance(doc, dict) or doc.get('kind', '').replace('_', '-') != kind:
            continue
        for v in doc.get('vectors', []):
            seen = (v.get('observed') or {}).get(backend)
            if isinstance(seen, dict) and 'outcome' in seen and 'input_hex' in v:
                out[v['input_hex']] = seen['outcome']
    return out


def main(argv):
    degu_parse, mode, args = argv[1], argv[2], argv[3:]
    kind = args[0]
    if mode == 'unimplemented-range' and kind == 'range':
        return 89
    data = sys.stdin.buffer.read()
    out = subprocess.run([degu_parse] + args, input=data, capture_output=True,
                         check=False)
    lines = out.stdout.decode().splitlines()
    if mode == 'offset-content-length' and kind == 'content-length':
        verdicts = [json.loads(line) for line in lines]
        for v in verdicts:
            if not v['ok']:
                v['offset'] += 1
        lines = [json.dumps(v) for v in verdicts]
    if mode.startswith('replay:'):
        table = recorded(mode[len('replay:'):], kind)
        inputs = data.decode().splitlines()
        lines = [json.dumps(table[i.strip()]) if i.strip() in table else line
                 for (i, line) in zip(inputs, lines)]
    if mode == 'stop-after-3':
        print('\n'.join(lines[:3]))
        sys.stderr.write('mutating_parse_adapter: stopping early\n')
        return 3
    sys.stdout.write(''.join(line + '\n' for line in lines))
    return out.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv))
