"""Measure a drafted record against a hand-made one: the share of its leaf fields matched exactly.

Editorial fields are left out of the count, since no importer can or should write them:
allegations, summary, source, every `note`, and the wording of the transcription
(transcribed_from, notes, repairs' descriptions). Repairs still count by where and kind.

    python -m generator.importer.compare HAND_MADE.yaml DRAFT.yaml
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.reader import read_document

EDITORIAL_TOP = {"allegations", "summary", "source"}
EDITORIAL_KEYS = {"note"}
EDITORIAL_PATHS = {"transcription.transcribed_from", "transcription.notes"}


@dataclass(frozen=True)
class Comparison:
    """How many of the hand-made record's leaf fields the draft matches, and which it misses."""

    matched: int
    total: int
    missed: list[tuple[str, Any, Any]]

    @property
    def share(self) -> float:
        """Matched leaf fields over all counted leaf fields."""
        return self.matched / self.total if self.total else 1.0


def leaves(data: Any, path: str = "") -> dict[str, Any]:
    """Every leaf value by its field path, e.g. 'sections[0].paragraphs[2].text'; editorial fields left out."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            child = f"{path}.{key}" if path else str(key)
            if _editorial(child, str(key)):
                continue
            out.update(leaves(value, child))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data):
            out.update(leaves(value, f"{path}[{index}]"))
        return out
    return {path: data}


def _editorial(path: str, key: str) -> bool:
    top = path.split(".")[0].split("[")[0]
    bare = "".join(part.split("[")[0] + "." for part in path.split(".")).rstrip(".")
    return (top in EDITORIAL_TOP or key in EDITORIAL_KEYS or bare in EDITORIAL_PATHS
            or bare == "transcription.repairs.description")


def compare(hand_made: Any, draft: Any) -> Comparison:
    """Compare two records' data leaf by leaf, by field path (list items by position)."""
    expected, found = leaves(hand_made), leaves(draft)
    missed = [(path, value, found.get(path)) for path, value in expected.items() if found.get(path) != value]
    return Comparison(len(expected) - len(missed), len(expected), missed)


def compare_files(hand_made: Path, draft: Path) -> Comparison:
    """Compare two record files, both read with the archive's safe loader."""
    return compare(_data(hand_made), _data(draft))


def _data(path: Path) -> Any:
    document, errors = read_document(path)
    if document is None:
        raise ValueError("; ".join(str(e) for e in errors))
    return document.data


def main(argv: list[str] | None = None) -> int:
    """Print the share matched and every leaf field missed."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m generator.importer.compare HAND_MADE.yaml DRAFT.yaml", file=sys.stderr)
        return 2
    result = compare_files(Path(args[0]), Path(args[1]))
    for path, expected, found in result.missed:
        print(f"missed {path}: expected {_short(expected)}, found {_short(found)}")
    print(f"matched {result.matched} of {result.total} leaf fields: {result.share:.3f}")
    return 0


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 100 else text[:97] + "…"


if __name__ == "__main__":
    sys.exit(main())
