#!/usr/bin/env python3
"""check_report_schema.py: validate a degu-conform JSON report against
conformance/report.schema.json.

  check_report_schema.py REPORT [--schema SCHEMA]

Prints one line.  Exit status: 0 when REPORT is valid, 1 when it is not
(the line names the first problem and where it is), 2 when REPORT or the
schema cannot be read, or jsonschema is not installed.
"""

import argparse
import json
import pathlib
import sys

MAX_MESSAGE = 200
SCHEMA = pathlib.Path(__file__).resolve().parents[2] / 'report.schema.json'


def load_json(path, what):
    """The JSON document at path, or exit 2 with one line saying why not."""
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print(f'{path}: cannot read {what}: {e}', file=sys.stderr)
        sys.exit(2)


def where(error):
    """A JSON pointer to the member an error is about ('/' for the top)."""
    return '/' + '/'.join(str(p) for p in error.absolute_path)


def summary(error):
    """What is wrong, on one short line (messages can quote a whole case)."""
    if error.validator == 'oneOf':
        text = 'fits not exactly one of the allowed forms'
        schema_path = '/'.join(str(p) for p in error.relative_schema_path)
        return f'{text} (schema {schema_path})'
    text = ' '.join(error.message.split())
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE - 3] + '...'
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('report', help='the JSON report to check')
    parser.add_argument('--schema', default=str(SCHEMA),
                        help='the schema (default: %(default)s)')
    args = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        print('check_report_schema.py: jsonschema is not installed '
              '(install python3-jsonschema)', file=sys.stderr)
        return 2
    schema = load_json(args.schema, 'the schema')
    report = load_json(args.report, 'the report')
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f'{args.schema}: not a valid schema: {e.message}',
              file=sys.stderr)
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(report))
    if error is not None:
        print(f'{args.report}: invalid at {where(error)}: {summary(error)}')
        return 1
    print(f'{args.report}: a valid degu-conform report')
    return 0


if __name__ == '__main__':
    sys.exit(main())
