"""`sp-archive new`: start a record as a skeleton whose FILL IN values a contributor replaces.

A skeleton has every required field. What the reference (and, for a reply, the date)
settles is written out; everything else is a placeholder that `sp-archive validate`
reports as "fill in …" until it is replaced. Nothing here overwrites a file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import ScaffoldError
from .model.placeholders import placeholder
from .model.reference import NON_STATE, Reference, country_name, parse_reference
from .model.schema import schema_line

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ./()'-]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


@dataclass(frozen=True)
class Skeleton:
    """A record to write: where, and its YAML text."""

    path: Path
    text: str


def communication_skeleton(reference: str, content: Path) -> Skeleton:
    """The skeleton of a letter: content/communications/<numbering year>/<slug>.yaml."""
    ref = _parsed(reference)
    path = content / ref.record_path
    fields: dict[Any, Any] = {
        "reference": str(ref),
        "date_sent": placeholder("the date on the letter, as YYYY-MM-DD"),
        "addressee": _addressee(ref),
        "salutation": placeholder("the salutation verbatim, e.g. 'Excellency,'"),
        "mandates": [{
            "mandate": placeholder("the id of a mandate in content/mandates/, e.g. sr-torture"),
            "resolution": placeholder("the Human Rights Council resolution the letter cites for it, e.g. 43/20"),
        }],
        "language": placeholder("the ISO 639-1 code of the letter's language, e.g. en"),
        "sections": [{"kind": "opening", "paragraphs": [
            {"id": "p1", "text": placeholder("the letter's first paragraph, verbatim")},
        ]}],
        "signatories": [{
            "name": placeholder("the signatory's name as signed"),
            "title": placeholder("the signatory's title as printed under the name"),
            "mandate": placeholder("the id of the mandate the signatory holds, one of those under mandates"),
        }],
        "source": {"url": placeholder("the URL of the letter as published")},
        "transcription": {"transcribed_from": placeholder("the file or document the text was transcribed from")},
    }
    optional = "letterhead, date_public, questions, footnotes, allegations, other_addressees, related, summary"
    return Skeleton(path, _document("communication", path, content, fields, optional))


def reply_skeleton(reference: str, day: str, content: Path) -> Skeleton:
    """The skeleton of a reply: content/replies/<year of the reply>/<slug>--<date>.yaml."""
    ref = _parsed(reference)
    sent = _parsed_date(day)
    path = content / ref.reply_path(sent)
    fields: dict[Any, Any] = {
        "reply_to": str(ref),
        "date": sent,
        "sender": _sender(ref),
        "language": placeholder("the ISO 639-1 code of the reply's language, e.g. en"),
        "paragraphs": [{"id": "p1", "text": placeholder(
            "the reply's first paragraph, verbatim (or remove paragraphs and give an editorial summary)"
        )}],
        "source": {"url": placeholder("the URL of the reply as published")},
        "transcription": {"transcribed_from": placeholder("the file or document the text was transcribed from")},
    }
    return Skeleton(path, _document("reply", path, content, fields, "summary, attachments, sender.person"))


def write_new(skeleton: Skeleton) -> Path:
    """Write the skeleton; refuse to touch a file that is already there."""
    try:
        skeleton.path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaffoldError(f"cannot make the folder {skeleton.path.parent}: {exc.strerror or exc}") from None
    try:
        with skeleton.path.open("x", encoding="utf-8") as out:
            out.write(skeleton.text)
    except FileExistsError:
        raise ScaffoldError(f"{skeleton.path} already exists; edit it, or move it away to start again") from None
    except OSError as exc:
        raise ScaffoldError(f"cannot write {skeleton.path}: {exc.strerror or exc}") from None
    return skeleton.path


def _parsed(reference: str) -> Reference:
    try:
        return parse_reference(reference)
    except ValueError as exc:
        raise ScaffoldError(str(exc)) from None


def _parsed_date(day: str) -> date:
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
            return date.fromisoformat(day)
    except ValueError:
        pass
    raise ScaffoldError(f"{day!r} is not a date; expected YYYY-MM-DD such as '2021-05-10'")


def _addressee(ref: Reference) -> dict[str, str]:
    if ref.addressee_code != NON_STATE:
        return {"kind": "state", "name": _state_name(ref), "country": ref.addressee_code}
    return {
        "kind": placeholder("the kind of addressee: company or organisation"),
        "name": placeholder("the name of the company or organisation"),
        "country": placeholder("the ISO 3166-1 alpha-3 code of the country a company is based in "
                               "(remove this line for an organisation)"),
        "person": placeholder("the person named in the salutation, as the letter writes the name "
                              "(remove this line if none)"),
    }


def _sender(ref: Reference) -> dict[str, str]:
    if ref.addressee_code != NON_STATE:
        return {"kind": "state", "name": _state_name(ref)}
    return {
        "kind": placeholder("the kind of sender: company or organisation"),
        "name": placeholder("the name of the company or organisation that replied"),
    }


def _state_name(ref: Reference) -> str:
    """The State's name as the UN writes it, which is what the addressee's name holds."""
    return country_name(ref.addressee_code) or ref.addressee_code


def _document(kind: str, path: Path, content: Path, fields: dict[Any, Any], optional: str) -> str:
    head = [
        schema_line(kind, path, content),
        f"# Started with `sp-archive new {kind}`. Replace every FILL IN value;",
        "# `sp-archive validate` lists those left. FIELDS.md describes every field,",
        f"# also the optional ones: {optional}.",
    ]
    return "\n".join(head + _yaml(fields, 0)) + "\n"


def _yaml(value: Any, indent: int) -> list[str]:
    """Block YAML for the nested dicts, lists and scalars of a skeleton."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [f"{pad}{key}:", *_yaml(item, indent + 2)]
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict):
            first, *rest = _yaml(item, indent + 2)
            lines += [f"{pad}- {first.lstrip()}", *rest]
        else:
            lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _YAML_WORDS and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
