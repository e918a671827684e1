"""Read untrusted YAML files into plain data, keeping the line of every node.

Only safe YAML is accepted: no tags beyond the core schema, no anchors or aliases,
bounded size and nesting; and only a regular file is opened (files.py's `record_bytes`). Nothing here writes
but the record cache (cache.py), when one is given: a file parsed cleanly is kept there under its bytes.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from ..errors import RecordError, RefusedFile, display_path
from .files import record_bytes

if TYPE_CHECKING:
    from .cache import DocumentCache

try:  # libyaml's parser, about ten times faster than the pure-Python one; same nodes and marks
    import _ruamel_yaml  # noqa: F401  (the C extension shipped by ruamel.yaml.clib)

    _HAS_CLIB = True
except ImportError:  # pragma: no cover - the dependency is declared; this keeps a bare install working
    _HAS_CLIB = False

MAX_DEPTH = 40
MAX_NODES = 200_000
CORE_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = {f"{CORE_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
MERGE_TAG = f"{CORE_TAG}merge"
STR_TAG = f"{CORE_TAG}str"
COLLECTION_TAGS = {f"{CORE_TAG}map", f"{CORE_TAG}seq"}

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One YAML file's data with the line (1-based) of every key and item.

    A document kept after validation holds neither: it names its `source`, and the lines are
    read again from there in the rare case a later check reports a problem (at 20,000 letters
    the lines of every node were a third of the records' memory).
    """

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    source: Path | None = None

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest existing node on the path `loc`."""
        lines = self.lines or (_lines_again(self.source) if self.source is not None else {})
        for end in range(len(loc), -1, -1):
            line = lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def without_lines(self, source: Path) -> Document:
        """The document as later stages keep it: its name, and where to read its lines again."""
        return Document(self.file, None, {}, source)


def _lines_again(source: Path) -> dict[Loc, int]:
    """The lines of a record file, parsed again (only when a problem in it is reported after validation)."""
    try:
        stat = source.stat()
    except OSError:
        return {}
    return _lines_of(source.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _lines_of(source: Path, mtime_ns: int, size: int) -> dict[Loc, int]:
    """Keyed by the file's time and size too, so that a file saved again (`mkdocs serve`) is read again."""
    document, _ = read_document(source)
    return document.lines if document is not None else {}


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

    try:
        raw = record_bytes(path, root)
    except RefusedFile as refused:
        return fail(1, str(refused))
    key = cache.key(raw) if cache is not None else ""
    stored = cache.get(key) if cache is not None else None
    if stored is not None:
        data, lines, warnings = stored
        stored_warnings = [RecordError(name, line, "", message, warning=True) for line, message in warnings]
        return Document(name, data, lines), stored_warnings
    document, errors = _decode_and_parse(name, raw)
    if cache is not None and document is not None:
        cache.put(key, document.data, document.lines, [(e.line, e.message) for e in errors if e.warning])
    return document, errors


def _decode_and_parse(name: str, raw: bytes) -> tuple[Document | None, list[RecordError]]:
    def fail(line: int, message: str) -> tuple[None, list[RecordError]]:
        return None, [RecordError(name, line, "", message)]

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        return fail(line, message)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return fail(text[: text.index("\x00")].count("\n") + 1, "contains a NUL character")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return fail(1, "file is empty; expected a mapping of fields")
    return _parse(name, text)


def _parse(name: str, text: str) -> tuple[Document | None, list[RecordError]]:
    try:
        built = _Builder(pure=not _HAS_CLIB).build(text)
    except MarkedYAMLError:
        # libyaml says less than the pure parser ("found character that cannot start any
        # token" for a tab); a broken file is rare, so read it again for the clearer message.
        try:
            built = _Builder(pure=True).build(text)
        except (YAMLError, _Rejected) as exc:
            return None, [_yaml_error(name, text, exc)]
    except (YAMLError, _Rejected) as exc:
        return None, [_yaml_error(name, text, exc)]
    if built is None:
        return None, [RecordError(name, 1, "", "file is empty; expected a mapping of fields")]
    data, lines, root_line, composed = built
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "null"
        return None, [RecordError(name, root_line, "", f"top level is a {_kind(kind)}; expected a mapping of fields")]
    warnings = [
        RecordError(name, line, "", "text is not in Unicode NFC (composed) form; it was read as NFC, which looks the "
                    "same (save the file with composed characters)", warning=True)
        for line in composed
    ]
    return Document(name, data, lines), warnings


def _yaml_error(name: str, text: str, exc: Exception) -> RecordError:
    if isinstance(exc, _Rejected):
        return RecordError(name, exc.line, "", exc.message)
    if isinstance(exc, ReaderError):
        line = text[: exc.position].count("\n") + 1
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return RecordError(name, line, "", f"contains the character {shown}, which YAML does not allow; remove it")
    if isinstance(exc, MarkedYAMLError) and exc.context_mark and "quoted scalar" in (exc.context or ""):
        # The parser notices an unclosed quote only where the file ends: name the line where it opens.
        line = exc.context_mark.line + 1
        message = "a quoted value opens on this line and is never closed; add its closing quote"
        return RecordError(name, line, "", message)
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = (exc.problem or str(exc)).strip()
        if "'\\t'" in problem:
            problem += " (YAML does not allow tabs for indentation; use spaces)"
        return RecordError(name, line, "", f"YAML syntax error: {problem}")
    return RecordError(name, 1, "", f"YAML error: {exc}")


def _kind(python_type: str) -> str:
    names = {"list": "list", "str": "string", "int": "number", "float": "number", "bool": "boolean"}
    return names.get(python_type, python_type)


class _Frame:
    """An open mapping or list while the event stream is read."""

    __slots__ = ("key", "loc", "out")

    def __init__(self, out: dict[str, Any] | list[Any], loc: Loc) -> None:
        self.out = out
        self.loc = loc
        self.key: str | None = None  # a mapping's key waiting for its value


class _Builder:
    """Reads YAML events straight into plain data and the line of every key and item.

    One pass over the parser's events, no node tree: libyaml does the parsing, and this
    loop refuses anything unsafe where it appears (an alias where it is used, nesting
    while it is still shallow, tags outside the core schema, merge and duplicate keys).
    Scalars are resolved with the YAML 1.2 core schema, as the composer would.
    """

    def __init__(self, pure: bool) -> None:
        self.yaml = YAML(typ="safe", pure=pure)
        self.constructor = self.yaml.constructor
        self.resolvers: dict[Any, list[tuple[Any, Any]]] | None = None
        self.lines: dict[Loc, int] = {}
        self.count = 0
        self.composed: list[int] = []
        """Lines of text that was not NFC and was read as NFC: a name in NFD and in NFC must be one name."""

    def build(self, text: str) -> tuple[Any, dict[Loc, int], int, list[int]] | None:
        """(data, lines, line of the top node, lines read as NFC), or None for a stream without a document."""
        stack: list[_Frame] = []
        result: list[Any] = []
        root_line = 0
        documents = 0
        events = self.yaml.parse(io.StringIO(text))
        try:
            for event in events:
                kind = type(event)
                line = event.start_mark.line + 1
                if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                    loc = self._place(stack, event, line)
                    if loc is None:  # a mapping key was read
                        continue
                    if not stack and not root_line:
                        root_line = line
                    if kind is ScalarEvent:
                        self._add(stack, result, self._scalar(event, line))
                        continue
                    self._check_collection_tag(event, line)
                    if len(stack) >= MAX_DEPTH:
                        raise _Rejected(line, f"nesting is too deep; records nest at most {MAX_DEPTH} levels")
                    stack.append(_Frame({} if kind is MappingStartEvent else [], loc))
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    frame = stack.pop()
                    self._add(stack, result, frame.out)
                elif kind is AliasEvent:
                    message = f"YAML aliases (*{event.anchor}) are not allowed in records; write the value out"
                    raise _Rejected(line, message)
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _Rejected(line, "YAML syntax error: but found another document")
        finally:
            events.close()
        if not result:
            return None
        return result[0], self.lines, root_line, self.composed

    def _place(self, stack: list[_Frame], event: Any, line: int) -> Loc | None:
        """The path of the node this event starts; None when it was a mapping's key."""
        if not stack:
            loc: Loc = ()
        else:
            frame = stack[-1]
            if isinstance(frame.out, list):
                loc = (*frame.loc, len(frame.out))
            elif frame.key is None:
                self._key(frame, event, line)
                return None
            else:
                loc = (*frame.loc, frame.key)
        # A mapping value's line is its key's: an alias or bad tag is reported where it is used.
        line = self.lines.setdefault(loc, line)
        self._count(line)
        return loc

    def _key(self, frame: _Frame, event: Any, line: int) -> None:
        if type(event) is not ScalarEvent:
            raise _Rejected(line, "a mapping key must be a plain name, not a list or mapping")
        tag = self._tag(event)
        if tag == MERGE_TAG or event.value == "<<":
            raise _Rejected(line, "YAML merge keys (<<) are not allowed in records; write the fields out")
        self._count(line)
        key = self._scalar(event, line, tag)
        key = str(key) if not isinstance(key, str) else key
        assert isinstance(frame.out, dict)
        if key in frame.out:
            first = self.lines[(*frame.loc, key)]
            raise _Rejected(line, f"duplicate key {key!r} (first on line {first})")
        self.lines[(*frame.loc, key)] = line
        frame.key = key

    @staticmethod
    def _add(stack: list[_Frame], result: list[Any], value: Any) -> None:
        if not stack:
            result.append(value)
            return
        frame = stack[-1]
        if isinstance(frame.out, list):
            frame.out.append(value)
        else:
            assert frame.key is not None
            frame.out[frame.key] = value
            frame.key = None

    def _count(self, line: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Rejected(line, f"more than {MAX_NODES:,} values in one file")

    def _tag(self, event: Any) -> str:
        """The scalar's tag: its own, or resolved from its plain text by the YAML 1.2 core schema."""
        explicit = event.ctag
        if explicit is not None and str(explicit) != "!":
            return str(explicit)
        if not event.implicit[0]:
            return STR_TAG
        if self.resolvers is None:
            self.resolvers = self.yaml.resolver.versioned_resolver
        value = event.value
        for tag, regexp in (*self.resolvers.get(value[0] if value else "", ()), *self.resolvers.get(None, ())):
            if regexp.match(value):
                return str(Tag(suffix=tag))
        return STR_TAG

    @staticmethod
    def _check_collection_tag(event: Any, line: int) -> None:
        explicit = event.ctag
        if explicit is not None and str(explicit) != "!" and str(explicit) not in COLLECTION_TAGS:
            _refuse_tag(str(explicit), line)

    def _scalar(self, event: Any, line: int, tag: str | None = None) -> Any:
        tag = tag or self._tag(event)
        if tag == STR_TAG:
            value = event.value
            if not value.isascii() and not unicodedata.is_normalized("NFC", value):
                self.composed.append(line)
                return unicodedata.normalize("NFC", value)
            return value
        if tag not in SCALAR_TAGS:
            _refuse_tag(tag, line)
        node = ScalarNode(Tag(suffix=tag), event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # An impossible date (2021-02-30) or an over-long number: keep the text,
            # so the model reports it with its field and what it expected.
            return event.value


def _refuse_tag(tag: str, line: int) -> None:
    shown = tag.replace(CORE_TAG, "!!")
    raise _Rejected(line, f"YAML tag {shown!r} is not allowed; records hold plain strings, numbers, dates, lists "
                    "and mappings")
