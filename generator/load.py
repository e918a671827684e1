"""Stage 1: read untrusted YAML files into plain data, keeping the line of every node.

Only safe YAML is accepted: no tags beyond the core schema, no anchors or aliases,
bounded size and nesting. Nothing here writes anything.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import RecordError, display_path

if TYPE_CHECKING:
    from .cache import DocumentCache

try:  # libyaml's parser, about ten times faster than the pure-Python one; same nodes and marks
    import _ruamel_yaml  # noqa: F401  (the C extension shipped by ruamel.yaml.clib)

    _HAS_CLIB = True
except ImportError:  # pragma: no cover - the dependency is declared; this keeps a bare install working
    _HAS_CLIB = False

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
CORE_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {f"{CORE_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
MERGE_TAG = f"{CORE_TAG}merge"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One YAML file's data with the line (1-based) of every key and item."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest existing node on the path `loc`."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class _Rejected(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_document(
    path: Path, root: Path | None = None, cache: DocumentCache | None = None
) -> tuple[Document | None, list[RecordError]]:
    """Read one file; return its document, or None and the errors that stop it."""
    name = display_path(path, root)

    def fail(line: int, message: str) -> tuple[None, list[RecordError]]:
        return None, [RecordError(name, line, "", message)]

    problem = _path_problem(path, root)
    if problem:
        return fail(1, problem)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail(1, f"file is {size:,} bytes; a record may be at most {MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        return fail(1, f"cannot read file: {exc.strerror or exc}")
    key = cache.key(raw) if cache is not None else ""
    stored = cache.get(key) if cache is not None else None
    if stored is not None:
        return Document(name, *stored), []
    document, errors = _decode_and_parse(name, raw)
    if cache is not None and document is not None:
        cache.put(key, document.data, document.lines)
    return document, errors


def _decode_and_parse(name: str, raw: bytes) -> tuple[Document | None, list[RecordError]]:
    def fail(line: int, message: str) -> tuple[None, list[RecordError]]:
        return None, [RecordError(name, line, "", message)]

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fail(line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return fail(text[: text.index("\x00")].count("\n") + 1, "contains a NUL character")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, "file is empty; expected a mapping of fields")
    return _parse(name, text)


def _path_problem(path: Path, root: Path | None) -> str | None:
    try:
        if path.is_symlink() and root is not None:
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                return f"symbolic link points outside the content folder (to {target}); records must live in content/"
        if not path.is_file():
            return "not a regular file"
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return "symbolic link cannot be followed (a loop, or a link to itself)"
    return None


def _parse(name: str, text: str) -> tuple[Document | None, list[RecordError]]:
    try:
        yaml, node = _compose(text, pure=not _HAS_CLIB)
    except MarkedYAMLError:
        # libyaml says less than the pure parser ("found character that cannot start any
        # token" for a tab); a broken file is rare, so read it again for the clearer message.
        try:
            yaml, node = _compose(text, pure=True)
        except YAMLError as exc:
            return None, [_yaml_error(name, text, exc)]
    except (YAMLError, _Rejected) as exc:
        return None, [_yaml_error(name, text, exc)]
    if node is None:
        return None, [RecordError(name, 1, "", "file is empty; expected a mapping of fields")]
    builder = _Builder(yaml)
    try:
        data = builder.build(node, (), 0)
    except _Rejected as exc:
        return None, [RecordError(name, exc.line, "", exc.message)]
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        return None, [RecordError(name, node.start_mark.line + 1, "", f"top level is a {_kind(kind)}; expected a mapping of fields")]
    return Document(name, data, builder.lines), []


def _compose(text: str, pure: bool) -> tuple[YAML, Any]:
    """Check the event stream, then compose the node tree; raises on anything refused."""
    yaml = YAML(typ="safe", pure=pure)
    _check_events(yaml, text)
    return yaml, yaml.compose(io.StringIO(text))


def _yaml_error(name: str, text: str, exc: Exception) -> RecordError:
    if isinstance(exc, _Rejected):
        return RecordError(name, exc.line, "", exc.message)
    if isinstance(exc, ReaderError):
        line = text[: exc.position].count("\n") + 1
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return RecordError(name, line, "", f"contains the character {shown}, which YAML does not allow; remove it")
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = (exc.problem or str(exc)).strip()
        if "'\\t'" in problem:
            problem += " (YAML does not allow tabs for indentation; use spaces)"
        return RecordError(name, line, "", f"YAML syntax error: {problem}")
    return RecordError(name, 1, "", f"YAML error: {exc}")


def _check_events(yaml: YAML, text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before the composer sees them.

    The composer recurses once per level, and the scanner slows down with every open
    flow collection, so '[[[[…' must be stopped while it is still shallow. An alias is
    refused where it is used: once composed, it is the anchored node, on another line.
    """
    depth = 0
    events = yaml.parse(io.StringIO(text))
    try:
        for event in events:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1
                    raise _Rejected(line, f"nesting is too deep; records nest at most {MAX_DEPTH} levels")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, AliasEvent):
                line = event.start_mark.line + 1
                raise _Rejected(line, f"YAML aliases (*{event.anchor}) are not allowed in records; write the value out")
    finally:
        events.close()


def _kind(python_type: str) -> str:
    return {"list": "list", "str": "string", "int": "number", "float": "number", "bool": "boolean"}.get(python_type, python_type)


class _Builder:
    """Turns a composed node tree into plain data, refusing anything unsafe."""

    def __init__(self, yaml: YAML) -> None:
        self.constructor = yaml.constructor
        self.lines: dict[Loc, int] = {}
        self.seen: set[int] = set()
        self.count = 0

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        # A mapping value's line is its key's: an alias or bad tag is reported where it is used.
        line = self.lines.setdefault(loc, node.start_mark.line + 1)
        self._check(node, line, depth)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # An impossible date (2021-02-30) or an over-long number: keep the text,
            # so the model reports it with its field and what it expected.
            return node.value

    def _check(self, node: Node, line: int, depth: int) -> None:
        if id(node) in self.seen:
            raise _Rejected(line, "YAML aliases (*name) are not allowed in records; write the value out")
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise _Rejected(line, f"more than {MAX_NODES:,} values in one file")
        if depth > MAX_DEPTH:
            raise _Rejected(line, f"nesting is too deep; records nest at most {MAX_DEPTH} levels")
        tag = str(node.tag)
        allowed = SCALAR_TAGS if isinstance(node, ScalarNode) else {f"{CORE_TAG}map", f"{CORE_TAG}seq"}
        if tag not in allowed:
            shown = tag.replace(CORE_TAG, "!!")
            raise _Rejected(line, f"YAML tag {shown!r} is not allowed; records hold plain strings, numbers, dates, lists and mappings")

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise _Rejected(line, "a mapping key must be a plain name, not a list or mapping")
            if key_node.tag == MERGE_TAG or key_node.value == "<<":
                raise _Rejected(line, "YAML merge keys (<<) are not allowed in records; write the fields out")
            self._check(key_node, line, depth + 1)
            key = self._scalar(key_node)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                first = self.lines[(*loc, key)]
                raise _Rejected(line, f"duplicate key {key!r} (first on line {first})")
            self.lines[(*loc, key)] = line
            out[key] = self.build(value_node, (*loc, key), depth + 1)
        return out
