"""The `sp-archive` command: validate records and print their JSON Schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import RecordError
from .schema import RECORD_KINDS, json_schema, write_schemas
from .validate import load_content

DEFAULT_CONTENT = Path("content")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 valid, 1 invalid, 2 usage)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        if getattr(args, "debug", False):
            raise
        print(f"sp-archive: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sp-archive", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check records; print every error with file, line and field")
    validate.add_argument("paths", nargs="*", type=Path, help="record files to report on (default: all of content/)")
    validate.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="the content folder (default: content/)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of record kinds")
    schema.add_argument("kind", nargs="?", choices=sorted(RECORD_KINDS), help="one kind (default: all, keyed by kind)")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write DIR/<kind>.schema.json files instead")
    schema.set_defaults(run=_schema)
    return parser


def _validate(args: argparse.Namespace) -> int:
    content, problems = load_content(args.content)
    if args.paths:
        wanted = {p.resolve() for p in args.paths}
        problems = [e for e in problems if Path(e.file).resolve() in wanted]
    errors = [e for e in problems if args.strict or not e.warning]
    warnings = [e for e in problems if not args.strict and e.warning]
    for problem in errors + warnings:
        print(_formatted(problem, args.format), file=sys.stderr if args.format == "text" else sys.stdout)
    counts = (len(content.communications), len(content.replies), len(content.norms), len(content.mandates))
    if errors:
        files = len({e.file for e in errors})
        print(f"{len(errors)} error(s) in {files} file(s)", file=sys.stderr)
        return 1
    print("valid: {} communication(s), {} reply(ies), {} norm file(s), {} mandate(s)".format(*counts)
          + (f"; {len(warnings)} warning(s)" if warnings else ""))
    return 0


def _formatted(problem: RecordError, style: str) -> str:
    if style == "github":
        level = "warning" if problem.warning else "error"
        title = problem.field or "record"
        message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={problem.file},line={problem.line},title={title}::{message}"
    return str(problem)


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for path in write_schemas(args.write):
            print(path)
        return 0
    if args.kind:
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    else:
        print(json.dumps({kind: json_schema(kind) for kind in RECORD_KINDS}, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
