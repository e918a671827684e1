"""A reply as published becomes a DRAFT reply record: the letter it answers, its date, its sender and its text.

A State usually replies by note verbale ("The Permanent Mission of … presents its
compliments to the Office of the United Nations High Commissioner for Human Rights and,
with reference to the joint communication AL … dated …, has the honour to …"), dated at
its foot ("Geneva, 10 May 2021"); a company replies by letter ("… in response to your
letter of 12 March 2021 (AL OTH 102/2021)"). Every block of the text becomes a
paragraph, verbatim, except a date line read as the reply's date, which a note names;
what the reply does not settle stays FILL IN.
"""

from __future__ import annotations

import functools
import gettext
import re
from datetime import date
from itertools import pairwise
from typing import Any

import pycountry

from ..errors import ImportFailure
from ..model.language import unaccented
from ..model.placeholders import PREFIX as PLACEHOLDER_PREFIX
from ..model.reference import TYPES, country_name, parse_reference
from .blocks import Block
from .dates import read_date
from .draft import DraftRecord
from .parse import REFERENCE_LABEL
from .read import SourceText
from .resolve import Catalogue, country_code

_REFERENCE = re.compile(rf"\b({'|'.join(TYPES)})\s+([A-Z]{{3}})\s+([1-9][0-9]{{0,4}})\s*[/.]\s*([12][0-9]{{3}})\b")
_NOTE_VERBALE = re.compile(
    r"(?:The )?Permanent Mission of (?P<state>.+?) to the United Nations\b.*?\bpresents its compliments|"
    r"(?:La )?Mission permanente (?:de la |du |de l['’]|des |de )(?P<state_fr>.+?) "
    r"auprès de l['’]Office des Nations Unies\b.*?"
    r"\bprésente ses compliments|"
    r"(?:La )?Misión Permanente de (?P<state_es>.+?) ante la Oficina de las Naciones Unidas\b.*?\bsaluda atentamente",
    re.IGNORECASE,
)
_IN_REPLY = re.compile(r"\b(?:with reference to|in (?:response|reply) to|further to|en référence à|en réponse à|"
                       r"con referencia a|en respuesta a)\b", re.IGNORECASE)
_PLACE_AND_DATE = re.compile(r"^(?P<place>[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?),\s+(?:le\s+|el\s+)?(?P<date>.+)$")
_ANNEX = re.compile(r"^(?:Annex|Annexe|Anexo|Enclosure|Attachment|Pièce jointe|Adjunto)s?\b(?:\s+[IVX0-9]+\b)?"
                    r"(?:\s*[:.–-]\s*\S.*)?$", re.IGNORECASE)
"""A line heading an annex the reply encloses: 'Annex', 'Annex I: Information from the Ministry …', 'Annexe 2',
'Anexo'."""
_CLOSING = re.compile(r"^(?:(?:Yours )?(?:sincerely|faithfully|truly)|(?:With )?(?:best|kind) regards|"
                      r"Respectfully(?: yours)?|Cordialement|Bien cordialement|Atentamente|Saludos cordiales|"
                      r"Un cordial saludo)[,.]?$", re.IGNORECASE)
"""A company letter's closing line, after which its signatory's name stands."""
LANGUAGES = {
    "en": re.compile(r"\bpresents its compliments\b|\bhas the honour\b|\bin response to\b|\bSincerely\b",
                     re.IGNORECASE),
    "fr": re.compile(r"\bprésente ses compliments\b|\ba l['’]honneur\b|\ben réponse à\b|\bCordialement\b"
                     r"|\bVeuillez agréer\b", re.IGNORECASE),
    "es": re.compile(r"\bsaluda atentamente\b|\btiene el honor\b|\ben respuesta a\b|\bAtentamente\b", re.IGNORECASE),
}


def is_reply(blocks: list[Block]) -> bool:
    """A reply, not a letter: no 'REFERENCE:' label, and a note verbale's opening or a reference answered."""
    head = " ".join(b.text for b in blocks[:12])
    if REFERENCE_LABEL.search(head):
        return False
    return bool(_NOTE_VERBALE.search(head)) or bool(_IN_REPLY.search(head) and _REFERENCE.search(head))


def draft_reply(source: SourceText, blocks: list[Block], catalogue: Catalogue) -> DraftRecord:
    """The draft reply record: reply_to, date, sender, language, the text verbatim, source and transcription."""
    draft = DraftRecord({}, notes=[f"DRAFT made by sp-archive import from {source.file.name}: check every value "
                                   "against the published reply, then remove this note."])
    text = " ".join(b.text for b in blocks)
    reply_to = _reply_to(text, draft)
    dated, date_block = _date(blocks, draft)
    record = draft.record
    record["reply_to"] = reply_to
    record["date"] = dated or draft.fill_in("the date on the reply, as YYYY-MM-DD")
    record["sender"] = _sender(text, blocks, catalogue.addressee_of(reply_to), draft)
    record["language"] = next((code for code, formula in LANGUAGES.items() if formula.search(text)), None) \
        or draft.fill_in("the ISO 639-1 code of the reply's language")
    record["paragraphs"] = [{"id": f"p{i}", "text": b.text} for i, b in
                            enumerate((b for b in blocks if b is not date_block and b.kind != "rule"), start=1)]
    attachments = _attachments(record["paragraphs"], draft)
    if attachments:
        record["attachments"] = attachments
    record["source"] = {"url": draft.fill_in("the URL of the reply as published (the import read a file)")}
    if not catalogue.in_archive(reply_to):
        draft.notes.append(f"The letter it answers, {reply_to}, is not in the archive yet: import or add it first "
                           "(validation refuses a reply to a letter the archive does not hold).")
    if re.search(r"\bSYNTHETIC\b", text):
        draft.notes.append("The text says it is SYNTHETIC: it is a test reply, never to be put into content/.")
    record["transcription"] = {
        "transcribed_from": f"The file {source.file.name}, drafted with sp-archive import and checked by hand.",
        "notes": draft.notes,
    }
    return draft


def _reply_to(text: str, draft: DraftRecord) -> str:
    """The reference of the letter answered: the first one the reply names."""
    match = _REFERENCE.search(text)
    if not match:
        raise ImportFailure("no reference of the letter it answers (e.g. 'AL CHN 18/2020') found in the reply")
    kind, code, number, year = match.groups()
    reference = str(parse_reference(f"{kind} {code} {number}/{year}"))
    if "." in match.group(0):
        draft.notes.append(f"The reply prints the reference “{match.group(0)}”, with a dot for the slash; "
                           f"reply_to is {reference}.")
    return reference


def _date(blocks: list[Block], draft: DraftRecord) -> tuple[date | None, Block | None]:
    """The reply's own date: a line that is a date, or a place and a date ('Geneva, 10 May 2021'), near the top or
    foot."""
    candidates = [b for b in blocks[:6] + blocks[-6:] if b.is_single_line]
    for block in candidates:
        line = block.text
        day = read_date(line)
        if day is None and (placed := _PLACE_AND_DATE.match(line)):
            day = read_date(placed["date"])
        if day is not None:
            draft.notes.append(f"The line “{line}” is read as the reply's date ({day.isoformat()}) and is not repeated "
                               "among its paragraphs.")
            return day, block
    return None, None


@functools.cache
def _translated_names() -> dict[str, str]:
    """French and Spanish country names (pycountry's translations of ISO 3166-1), unaccented, lower case -> code: the
    forms a mission may use besides the UN's own (which resolve.country_code reads first)."""
    names: dict[str, str] = {}
    for language in ("fr", "es"):
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        except OSError:
            continue
        for country in pycountry.countries:
            name = translation.gettext(country.name)
            for form in (name, " ".join(reversed(name.split(", ", 1)))):  # 'Syrienne, République arabe' both ways
                names[_bare(form)] = country.alpha_3
    return names


def _bare(name: str) -> str:
    """A country name to compare: unaccented, lower case, without articles and 'de'/'du' ('República Árabe de Siria'
    and the UN's 'República Árabe Siria' meet)."""
    words = unaccented(name.strip()).replace("’", "'").replace("l'", "").split()
    articles = {"la", "le", "les", "el", "los", "las", "de", "del", "du", "des", "d'"}
    return " ".join(w for w in words if w not in articles)


def _translated_country(name: str) -> str | None:
    """The code of a State named in French or Spanish ('République arabe syrienne', 'República Árabe Siria'), or
    None."""
    return _translated_names().get(_bare(name))


def _attachments(paragraphs: list[dict[str, str]], draft: DraftRecord) -> list[dict[str, str]]:
    """Each annex the reply encloses, by the line that heads it; its text stays among the paragraphs, and a note says
    so."""
    out = []
    for paragraph in paragraphs:
        if len(paragraph["text"]) <= 200 and _ANNEX.match(paragraph["text"]):
            out.append({"title": paragraph["text"]})
            draft.notes.append(f"{paragraph['id']}: “{paragraph['text']}” heads an annex the reply encloses; it is "
                               "listed under attachments, and the annex's text is kept among the paragraphs from here "
                               "on: if the annex is published as a document of its own, give its url and remove those "
                               "paragraphs.")
    return out


def _signer(blocks: list[Block]) -> str | None:
    """The name under a company letter's closing line ('Sincerely,' then 'Jane Sample')."""
    for block, following in pairwise(blocks):
        if block.is_single_line and _CLOSING.match(block.text) and following.kind == "text":
            name = following.lines[0].strip()
            if 0 < len(name) <= 80 and not name.endswith((".", ":")):
                return name
    return None


def _sender(text: str, blocks: list[Block], answered: dict | None, draft: DraftRecord) -> dict[str, Any]:
    """A State from a note verbale's opening; otherwise the addressee of the letter answered, when the archive holds it,
    and the name signed under the closing line; what is left is for the editor."""
    match = _NOTE_VERBALE.search(text)
    if match:
        printed = next(g for g in (match["state"], match["state_fr"], match["state_es"]) if g)
        code = country_code(printed) or _translated_country(printed)
        if code is not None:
            return {"kind": "state", "name": country_name(code)}
        draft.notes.append(f"The note verbale is from the Permanent Mission of “{printed}”, which is not an ISO 3166 "
                           "country name the importer knows; fill in the State's name.")
        return {"kind": "state", "name": draft.fill_in(f"the name of the State whose mission sent it (“{printed}”)")}
    sender: dict[str, str] = {}
    if answered is not None and answered.get("kind") in ("state", "company", "organisation"):
        named = not str(answered["name"]).startswith(PLACEHOLDER_PREFIX)  # a draft letter may still ask for it
        sender = {"kind": answered["kind"], "name": answered["name"] if named else draft.fill_in(
            "the name of the company or organisation that replied, as it signs")}
        who = answered["name"] if named else "whose name its record still leaves to fill in"
        draft.notes.append(f"The sender is taken to be the addressee of the letter answered, {who} "
                           f"({answered['kind']}); check it against the reply's letterhead and signature.")
    else:
        ours = re.search(r"\b(?:our|notre|nuestra)(?: \w+)?? (?:(?P<company>company|société|entreprise|empresa)|"
                         r"(?P<organisation>organi[sz]ation|organización))\b", text, re.IGNORECASE)
        kind = "company" if ours and ours["company"] else "organisation" if ours else None
        sender = {"kind": kind or draft.fill_in("who replied: state, company or organisation"),
                  "name": draft.fill_in("the name of the company or organisation that replied, as it signs")}
    signer = _signer(blocks)
    if signer is not None:
        sender["person"] = signer
    return sender
