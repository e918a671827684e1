"""The `sp-archive` command: validate records, print their schema and field reference, draft new records and import
letters."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import ImportFailure, PreviewError, RecordError, ScaffoldError, display_path
from .model.fields import fields_markdown
from .model.schema import MODELS, json_schema, write_schemas
from .scaffold import Skeleton, communication_skeleton, reply_skeleton, write_new
from .validate.records import load_content

DEFAULT_CONTENT = Path("content")
CONTENT_HELP = "the content folder (default: content/)"


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 valid, 1 invalid, 2 usage or no content folder)."""
    parser = argument_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the promise is: never a traceback
        if getattr(args, "debug", False):
            raise
        message = f"sp-archive: internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
        print(message, file=sys.stderr)
        return 1


def argument_parser() -> argparse.ArgumentParser:
    """The command line of `sp-archive`: every command, its arguments and their help."""
    parser = argparse.ArgumentParser(prog="sp-archive", description=__doc__)
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check records; print every error with file, line and field")
    validate.add_argument("paths", nargs="*", type=Path, help="record files to report on (default: all of content/)")
    validate.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help=CONTENT_HELP)
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of record kinds")
    schema.add_argument("kind", nargs="?", choices=sorted(MODELS), help="one kind (default: all, keyed by kind)")
    schema.add_argument("--write", type=Path, metavar="DIR", help="write DIR/<kind>.schema.json files instead")
    schema.set_defaults(run=_schema)

    new = commands.add_parser("new", help="start a record: write a skeleton whose FILL IN values you replace")
    kinds = new.add_subparsers(required=True, metavar="KIND")
    letter = kinds.add_parser("communication", help="content/communications/YEAR/REF.yaml for a letter")
    letter.add_argument("reference", help="the letter's reference, e.g. 'UA SYR 3/2014' (quoted)")
    reply = kinds.add_parser("reply", help="content/replies/YEAR/REF--DATE.yaml for a reply to a letter")
    reply.add_argument("reference", help="the reference of the letter replied to, e.g. 'AL OTH 102/2021' (quoted)")
    reply.add_argument("date", help="the date on the reply, YYYY-MM-DD")
    for command, run in ((letter, _new_communication), (reply, _new_reply)):
        command.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help=CONTENT_HELP)
        command.set_defaults(run=run)

    letter_import = commands.add_parser("import", help="draft a letter's record from the letter as published")
    letter_import.add_argument("file", type=Path,
                               help="the letter: .md, .txt or .pdf; or a folder of them (bulk import)")
    letter_import.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help=CONTENT_HELP)
    letter_import.add_argument("--output", type=Path, metavar="PATH",
                               help="write the draft here instead of into content/")
    letter_import.set_defaults(run=_import)

    fields = commands.add_parser("fields", help="print the field reference of every record kind (FIELDS.md)")
    fields.set_defaults(run=_fields)

    preview = commands.add_parser("preview",
                                  help="serve one letter, its replies and the catalogues (mkdocs serve) in seconds")
    preview.add_argument("letter", type=Path,
                         help="the letter's record, e.g. content/communications/2021/al-oth-102-2021.yaml")
    preview.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help=CONTENT_HELP)
    preview.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="passed to mkdocs serve, e.g. -a localhost:8001")
    preview.set_defaults(run=_preview)
    return parser


def _validate(args: argparse.Namespace) -> int:
    if not args.content.is_dir():
        print(f"sp-archive: content folder not found: {args.content} (give it with --content DIR)", file=sys.stderr)
        return 2
    content, problems = load_content(args.content)
    elsewhere = 0
    if args.paths:
        wanted = _reported(args.paths, args.content)
        elsewhere = len({e.file for e in problems if not e.warning and not _is_under(e.file, wanted)})
        problems = [e for e in problems if _is_under(e.file, wanted)]
    errors = [e for e in problems if args.strict or not e.warning]
    warnings = [e for e in problems if not args.strict and e.warning]
    for problem in errors + warnings:
        print(_formatted(problem, args.format), file=sys.stderr if args.format == "text" else sys.stdout)
    counts = (len(content.communications), len(content.replies), len(content.norms), len(content.mandates))
    if errors:
        files = len({e.file for e in errors})
        print(f"{len(errors)} error(s) in {files} file(s)", file=sys.stderr)
        return 1
    if elsewhere:
        # Cross-record checks run only on an archive whose every file loads: the given files are not yet checked.
        print(f"{elsewhere} other file(s) have errors, so the cross-record checks did not run;"
              " run 'sp-archive validate' for all of them", file=sys.stderr)
        return 1
    print("valid: {} communication(s), {} reply(ies), {} norm file(s), {} mandate(s)".format(*counts)
          + (f"; {len(warnings)} warning(s)" if warnings else ""))
    return 0


def _reported(paths: list[Path], content: Path) -> set[str]:
    """The given files and folders, named the way errors name files."""
    return {display_path(path, content) for path in paths}


def _is_under(file: str, wanted: set[str]) -> bool:
    return any(file == path or file.startswith(path.rstrip("/") + "/") for path in wanted)


def _formatted(problem: RecordError, style: str) -> str:
    if style == "github":
        level = "warning" if problem.warning else "error"
        title = _escaped(problem.field or "record", prop=True)
        file = _escaped(problem.file, prop=True)
        return f"::{level} file={file},line={problem.line},title={title}::{_escaped(problem.message)}"
    return str(problem)


def _escaped(text: str, prop: bool = False) -> str:
    """Escape a workflow-command value, as GitHub's toolkit does."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _schema(args: argparse.Namespace) -> int:
    if args.write:
        for path in write_schemas(args.write):
            print(path)
        return 0
    if args.kind:
        print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    else:
        print(json.dumps({kind: json_schema(kind) for kind in MODELS}, indent=2, ensure_ascii=False))
    return 0


def _new_communication(args: argparse.Namespace) -> int:
    return _new(args.content, lambda: communication_skeleton(args.reference, args.content))


def _new_reply(args: argparse.Namespace) -> int:
    return _new(args.content, lambda: reply_skeleton(args.reference, args.date, args.content))


def _new(content: Path, skeleton: Callable[[], Skeleton]) -> int:
    """Write a new record's skeleton and print its path; never overwrite a file."""
    if not content.is_dir():
        print(f"sp-archive: content folder not found: {content} (give it with --content DIR)", file=sys.stderr)
        return 2
    try:
        path = write_new(skeleton())
    except ScaffoldError as exc:
        print(f"sp-archive: {exc}", file=sys.stderr)
        return 1
    print(display_path(path))
    return 0


def _import(args: argparse.Namespace) -> int:
    """Draft a record from a letter; print where it went, the repairs and what is left to fill in."""
    from .importer import import_letter

    if not args.content.is_dir():
        print(f"sp-archive: content folder not found: {args.content} (give it with --content DIR)", file=sys.stderr)
        return 2
    if args.file.is_dir():
        return _import_folder(args)
    try:
        draft = import_letter(args.file, args.content, args.output)
    except ImportFailure as exc:
        print(f"sp-archive: {exc}", file=sys.stderr)
        return 1
    print(display_path(draft.path))
    for line in draft.summary():
        print(line)
    return 0


def _import_folder(args: argparse.Namespace) -> int:
    """Draft every letter in a folder; print the summary table; exit 1 if any file was refused."""
    from .importer.bulk import import_folder, letters_in, summary
    from .util.progress import Progress

    if args.output is not None:
        print("sp-archive: --output names one file; a folder's drafts go to their places in content/", file=sys.stderr)
        return 2
    files = letters_in(args.file)
    if not files:
        print(f"sp-archive: no letter (.md, .txt, .pdf) in {display_path(args.file)}", file=sys.stderr)
        return 1
    outcomes = import_folder(args.file, args.content, Progress("letters drafted", len(files)))
    for line in summary(outcomes, display_path):
        print(line)
    return 1 if any(o.refused for o in outcomes) else 0


def _fields(args: argparse.Namespace) -> int:
    print(fields_markdown(), end="")
    return 0


def _preview(args: argparse.Namespace) -> int:
    from .preview import serve

    try:
        return serve(args.letter, args.content, args.mkdocs_args)
    except PreviewError as exc:
        print(f"sp-archive: {exc}", file=sys.stderr)
        return exc.status


if __name__ == "__main__":
    sys.exit(main())
