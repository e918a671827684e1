"""Stage 5 of an import: resolve names in the letter against the catalogues in content/.

Mandates (from the letterhead, the opening formula and the signatories' titles), norm
citations in the annex, the countries of other addressees, and references to other letters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from ..load.reader import read_document
from ..model.countries import code_of_un_name
from ..model.reference import TYPES, parse_reference
from .blocks import MARKER
from .titles import TRANSLATED_TITLES

_KEYWORD = re.compile(r"Rapporteur|Working Group|Independent Expert|Expert Mechanism|Forum|Groupe de travail|Expert"
                      r"e? indépendante?|Relatora?|Grupo de Trabajo|Expert[oa] Independiente", re.IGNORECASE)
_CAPACITY = re.compile(
    r"(?:in (?:our|my) (?:capacit(?:y|ies)|status|quality) (?:as|of)|en (?:notre|ma) qualité de"
    r"|en (?:nuestra|mi) calidad de)"
    r" (?P<mandates>.+?),? (?:(?:pursuant to|in accordance with|under) (?:Human Rights )?Council resolutions?"
    r"|for (?:the )?approval of (?:the )?resolutions?|conformément (?:aux? |à la )résolutions?"
    r"|de conformidad con las? resoluci(?:ón|ones)) "
    r"(?P<resolutions>[0-9]{1,3}/[0-9]{1,4}(?:(?:,\s*|,?\s+(?:and|et|y)\s+)"
    r"[0-9]{1,3}/[0-9]{1,4})*)")
"""The opening formula: 'in our capacities as … pursuant to Human Rights Council resolutions 44/15 and 37/12', also in
a translation's 'in our status of … for approval of resolutions …', French ('en notre qualité de … conformément aux
résolutions … et …') and Spanish ('en nuestra calidad de … de conformidad con las resoluciones … y …')."""
_RESOLUTION = re.compile(r"[0-9]{1,3}/[0-9]{1,4}")
_REFERENCE = re.compile(rf"\b({'|'.join(TYPES)}) ([A-Z]{{3}}) ([1-9][0-9]{{0,4}})/([12][0-9]{{3}})\b")
_NUMBERS = r"[0-9]+(?:\s*\([0-9a-z]+\))*(?:\s*(?:,|and|et|y|to|à|a|-|–)\s*[0-9]+(?:\s*\([0-9a-z]+\))*)*"
_ILO = re.compile(r"ILO Convention No\.?\s*([0-9]+)|Convention(?:,\s*[0-9]{4})?\s*\(No\.\s*([0-9]+)\)"
                  r"|Convention\s*\(n[°o]\s*([0-9]+)\)|Convenio\s*\(?núm\.\s*([0-9]+)\)?|\(núm\.\s*([0-9]+)\)")
_ARTICLE = re.compile(rf"\b(?:[Aa]rticles?|[Aa]rtículos?|[Pp]rincipes?|[Pp]rincipios?)\s+(?P<numbers>{_NUMBERS})\s+"
                      r"(?:of\s+(?:the\s+)?|du\s+|de\s+la\s+|de\s+l['’]\s*|des\s+|del\s+|de\s+los\s+|de\s+las\s+)")


@dataclass(frozen=True)
class Instrument:
    """What the importer needs of a catalogue instrument."""

    id: str
    title: str
    short_title: str
    kind: str
    label: str
    year: int
    symbol: str | None
    provisions: frozenset[str]


@dataclass(frozen=True)
class Catalogue:
    """The mandate and norm catalogues of content/, and where its letters live."""

    content: Path
    mandates: dict[str, str] = field(default_factory=dict)
    instruments: list[Instrument] = field(default_factory=list)
    resolutions: dict[str, str] = field(default_factory=dict)
    """Resolution → the one mandate the catalogue lists it for (a resolution listed for two mandates is left out)."""

    def in_archive(self, reference: str) -> bool:
        """True when content/ holds the letter with this reference."""
        ref = parse_reference(reference)
        return (self.content / ref.record_path).is_file()

    def letters_numbered(self, code: str, number: int, year: int) -> list[str]:
        """The references of the letters content/ holds with this country code, number and year, whatever their type."""
        folder = self.content / "communications" / str(year)
        suffix = f"-{code.lower()}-{number}-{year}.yaml"
        found = ([path.name.removesuffix(suffix).upper() for path in folder.glob(f"*{suffix}")] if folder.is_dir()
                 else [])
        return sorted(f"{kind} {code} {number}/{year}" for kind in found if kind in TYPES)

    def addressee_of(self, reference: str) -> dict | None:
        """The addressee of the letter with this reference, as content/ records it; None when it is not there."""
        path = self.content / parse_reference(reference).record_path
        if not path.is_file():
            return None
        addressee = _data(path, self.content).get("addressee")
        return addressee if isinstance(addressee, dict) and isinstance(addressee.get("name"), str) else None


def load_catalogue(content: Path) -> Catalogue:
    """Read content/mandates/ and content/norms/ with the safe loader; files that do not load are skipped."""
    mandates: dict[str, str] = {}
    listed: dict[str, set[str]] = {}
    for path in sorted((content / "mandates").glob("*.yaml")):
        data = _data(path, content)
        if isinstance(data.get("id"), str) and isinstance(data.get("title"), str):
            mandates[data["id"]] = _spaced(data["title"])
            for entry in data.get("resolutions") or []:
                if isinstance(entry, dict) and isinstance(entry.get("resolution"), str):
                    listed.setdefault(entry["resolution"], set()).add(data["id"])
    instruments = [i for path in sorted((content / "norms").glob("*.yaml")) if (i := _instrument(_data(path, content)))]
    resolutions = {resolution: next(iter(ids)) for resolution, ids in listed.items() if len(ids) == 1}
    return Catalogue(content, mandates, instruments, resolutions)


def _data(path: Path, content: Path) -> dict:
    document, _ = read_document(path, content)  # a FIFO, a link out of content/ or a huge file is skipped unread
    return document.data if document is not None and isinstance(document.data, dict) else {}


def _instrument(data: dict) -> Instrument | None:
    head = data.get("instrument")
    if not isinstance(head, dict) or not all(isinstance(head.get(k), str) for k in ("id", "title", "short_title")):
        return None
    provisions = frozenset(p["id"] for p in data.get("provisions") or [] if isinstance(p, dict) and "id" in p)
    adopted = head.get("adopted")
    return Instrument(head["id"], _spaced(head["title"]), head["short_title"], str(head.get("kind", "")),
                      str(head.get("provision_label", "Article")), getattr(adopted, "year", 0),
                      head.get("symbol"), provisions)


def _spaced(text: str) -> str:
    return " ".join(text.split())


def mandates_named(text: str, catalogue: Catalogue) -> list[tuple[str | None, str]]:
    """Each mandate named in a list such as a letterhead, in order: (catalogue id or None, the words)."""
    found: list[tuple[str | None, str]] = []
    masked = _spaced(text)
    for mandate, title in sorted(catalogue.mandates.items(), key=lambda item: -len(item[1])):
        masked = re.sub(re.escape(title), f"§{mandate}§", masked, flags=re.IGNORECASE)
    for piece in re.split(r"(§[a-z0-9-]+§)", masked):
        if piece.startswith("§"):
            found.append((piece.strip("§"), catalogue.mandates[piece.strip("§")]))
            continue
        for segment in re.split(r";\s*(?:(?:and|et|y)\s+)?|,?\s+(?:and|et|y)\s+(?=(?:the\s+|du\s+|de\s+|del\s+)?[A-Z])",
                                piece):
            if _KEYWORD.search(segment):
                words = re.sub(r"^\W*(?:Mandates? of\s+|Mandats?\s+|Mandatos?\s+)?"
                               r"(?:the\s+|du\s+|de la\s+|de\s+|del\s+|de l['’]\s*)?",
                               "", segment.strip(), flags=re.IGNORECASE)
                found.append((None, re.sub(r"(?:[\s,;.]+(?:and|the)\b)*[\s,;.]*$", "", words)))
    return found


def capacities(text: str) -> tuple[str, list[str]] | None:
    """From the opening formula: the words naming the mandates, and the resolutions cited, in order."""
    match = _CAPACITY.search(_spaced(text))
    return (match["mandates"], _RESOLUTION.findall(match["resolutions"])) if match else None


_REGIONAL = re.compile(r"(?:Inter-American|African|European) Commission\b|Commission (?:interaméricaine|africaine)\b"
                       r"|Comisi[óo]n (?:Interamericana|Africana)\b|Organi[sz]ation of American States|African Union"
                       r"|Council of Europe", re.IGNORECASE)
"""A regional human rights body, named in the title of a co-signer that is not a UN special procedure."""
_LEGAL_BASIS = re.compile(r"\b(?:[Aa]rticles?|[Aa]rt[íi]culos?)\s+[0-9]+(?:\s*(?:,|and|y|et)\s*[0-9]+)*\s+"
                          r"(?:of the|de la|del|du|de l['’])\s*[^,;.]*?(?:Convention|Charter|Convención|Carta|Charte)"
                          r"[^,;.]*")


def regional_body(words: str) -> str | None:
    """The body of a co-signer outside the UN special procedures, as printed ('… of the Inter-American Commission of
    Human Rights' -> 'Inter-American Commission of Human Rights'); None for words naming a UN mandate."""
    match = _REGIONAL.search(words)
    return words[match.start():].strip(" ,;.") if match else None


def legal_bases(text: str) -> list[str]:
    """The articles of regional treaties an opening formula cites ('article 41 of the American Convention on Human
    Rights'), as printed: the basis of a regional co-signer's mandate, as resolutions are of UN mandates."""
    return [" ".join(match[0].split()) for match in _LEGAL_BASIS.finditer(text)]


_FILLERS = {"the", "on", "of", "and", "in", "for", "to", "ad", "an", "its", "with", "de", "la", "le", "les", "du",
            "des", "el", "los", "las", "del", "sur", "sobre", "et", "y", "en"}


def tolerant_mandate(words: str, catalogue: Catalogue) -> str | None:
    """The one mandate whose title the words name with a slip ('opinion ad expression') or in words of their own
    (an unofficial translation: 'Special Rapporteur for the Freedom of Expression'); None unless exactly one fits."""
    fits = [mandate for mandate, title in catalogue.mandates.items() if _close(words, title)]
    return fits[0] if len(fits) == 1 else None


def _close(words: str, title: str) -> bool:
    printed, catalogued = _comparable(words), _comparable(title)
    if difflib.SequenceMatcher(None, printed, catalogued).ratio() >= 0.9:
        return True
    mine, theirs = _content_words(printed), _content_words(catalogued)
    return (len(mine) >= 3 and _holder_kind(printed) == _holder_kind(catalogued)
            and all(difflib.get_close_matches(word, theirs, n=1, cutoff=0.85) for word in mine))


def _content_words(text: str) -> list[str]:
    return [word for word in re.findall(r"[^\W\d_]+", text) if word not in _FILLERS and len(word) > 2]


def _holder_kind(text: str) -> str | None:
    found = re.search(r"working group|groupe de travail|grupo de trabajo|rapporteur|relator|expert", text)
    return found[0] if found else None


def signatory_mandate(title: str, catalogue: Catalogue, letter_mandates: list[str],
                      named: dict[str, str] | None = None) -> str | None:
    """The mandate whose catalogue title the signatory's title contains (the letter's own first); failing that, the
    letter's mandate whose words in the opening formula the title repeats (a French or Spanish letter's titles)."""
    lowered = _spaced(title).lower()
    for pool in (letter_mandates, list(catalogue.mandates)):
        hits = [m for m in pool if m in catalogue.mandates and catalogue.mandates[m].lower() in lowered]
        if hits:
            return max(hits, key=lambda m: len(catalogue.mandates[m]))
    plain = _comparable(title)
    repeated = [(len(words), m) for m, words in (named or {}).items() if (key := _comparable(words)) and key in plain]
    return max(repeated)[1] if repeated else None


def _comparable(text: str) -> str:
    """Lower case, one space, no leading article: 'du Rapporteur spécial sur …' and 'Rapporteur spécial sur …' meet."""
    text = _spaced(text).lower().rstrip(" ,;.")
    return re.sub(r"^(?:the|du|de la|de|del|le|la|el|l['’])\s+", "", text)


def citations(text: str, catalogue: Catalogue) -> tuple[list[dict[str, str]], list[str]]:
    """The norms a paragraph cites, in text order, and notes on those the catalogue lacks."""
    text = MARKER.sub("", text)
    found: list[tuple[int, int, str, str | None]] = []
    missing: list[str] = []
    for instrument in catalogue.instruments:
        found += _labelled(text, instrument, missing)
        found += _named(text, instrument)
    found += _articles(text, catalogue, missing)
    found += _ilo(text, catalogue, missing)
    found = _outermost(found)
    if not found:
        found = [(m.start(), m.end(), i.id, None) for i in catalogue.instruments for m in _generic(i).finditer(text)]
    by_provision = {i.id for i in catalogue.instruments if any(norm in i.provisions for _, _, norm, _ in found)}
    cites: list[dict[str, str]] = []
    for _, _, norm, pinpoint in sorted(found, key=lambda hit: hit[:2]):
        cite = {"norm": norm, **({"pinpoint": pinpoint} if pinpoint else {})}
        if cite not in cites and norm not in by_provision:
            cites.append(cite)
    return cites, missing


def _outermost(found: list[tuple[int, int, str, str | None]]) -> list[tuple[int, int, str, str | None]]:
    """Drop matches inside a longer one (an instrument named inside 'article 8 of the …')."""
    return [a for a in found if not any(b[0] <= a[0] and a[1] <= b[1] and (b[1] - b[0]) > (a[1] - a[0])
                                        for b in found)]


def _numbers(text: str) -> list[int]:
    """'25 to 31' -> 25…31; '13, 15 and 17' -> 13, 15, 17; parenthesised parts are pinpoints, not numbers."""
    plain = re.sub(r"\([^)]*\)", " ", text)
    out: list[int] = []
    for first, last in re.findall(r"([0-9]+)(?:\s*(?:to|à|a|-|–)\s*([0-9]+))?", plain):
        start, end = int(first), int(last or first)
        out += list(range(start, end + 1)) if 0 <= end - start < 100 else [start]
    return out


def _provision_ids(instrument: Instrument, numbers: str, printed: str, missing: list[str]) -> list[str]:
    """The catalogue ids of the numbered provisions; a note for each the catalogue lacks."""
    ids = []
    for number in _numbers(numbers):
        norm = f"{instrument.id}-{number}"
        if norm in instrument.provisions:
            ids.append(norm)
        else:
            missing.append(f"“{printed}”: the norm catalogue has no provision {norm}; add it to content/norms/ "
                           "and cite it in the paragraph.")
    return ids


def _labelled(text: str, instrument: Instrument, missing: list[str]) -> list[tuple[int, int, str, str | None]]:
    """'Guiding Principle 13', 'Guiding Principles 25 to 31', 'Commentary to Guiding Principle 19'."""
    if instrument.label in ("Article", "Paragraph"):
        return []
    pattern = re.compile(rf"(?P<commentary>[Cc]ommentary (?:to|on) (?:the )?)?\b{re.escape(instrument.label)}s?"
                         rf"\s+(?P<numbers>{_NUMBERS})", re.IGNORECASE)
    return [(m.start(), m.end(), norm, "commentary" if m["commentary"] else None)
            for m in pattern.finditer(text) for norm in _provision_ids(instrument, m["numbers"], m[0], missing)]


def _articles(text: str, catalogue: Catalogue, missing: list[str]) -> list[tuple[int, int, str, str | None]]:
    """'article 8 of the International Covenant on Civil and Political Rights' -> ICCPR-8."""
    out = []
    for match in _ARTICLE.finditer(text):
        rest = text[match.end():].lower()
        named = [(len(a), i) for i in catalogue.instruments for a in _aliases(i) if rest.startswith(a.lower())]
        if not named:
            continue
        length, instrument = max(named, key=lambda pair: pair[0])
        end = match.end() + length
        pinpoint = _article_pinpoint(match["numbers"])
        out += [(match.start(), end, norm, pinpoint)
                for norm in _provision_ids(instrument, match["numbers"], text[match.start():end], missing)]
    return out


def _article_pinpoint(numbers: str) -> str | None:
    parts = re.findall(r"\(([0-9a-z]+)\)", numbers)
    if not parts or len(_numbers(numbers)) != 1:
        return None
    first, *rest = parts
    return f"paragraph {first}" + "".join(f" ({p})" for p in rest) if first.isdigit() else f"({first})"


def _ilo(text: str, catalogue: Catalogue, missing: list[str]) -> list[tuple[int, int, str, str | None]]:
    """'ILO Convention No. 29' or '… Convention, 1930 (No. 29)' -> ILO-C029."""
    known = {i.id for i in catalogue.instruments}
    out: list[tuple[int, int, str, str | None]] = []
    for match in _ILO.finditer(text):
        norm = f"ILO-C{int(next(n for n in match.groups() if n)):03d}"
        if norm in known:
            out.append((match.start(), match.end(), norm, None))
        else:
            missing.append(f"“{match[0]}”: the norm catalogue has no instrument {norm}; add it to content/norms/.")
    return out


def _aliases(instrument: Instrument) -> list[str]:
    """The names a letter may give the instrument: its title (and the part before a colon), short title, symbol."""
    names = {instrument.title, instrument.title.split(":")[0].strip(), instrument.short_title,
             *TRANSLATED_TITLES.get(instrument.id, ())}
    if instrument.symbol:
        names.add(instrument.symbol)
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def _named(text: str, instrument: Instrument) -> list[tuple[int, int, str, str | None]]:
    """The instrument named by title, short title or symbol; a report as 'the 2018 report of the …'."""
    out: list[tuple[int, int, str, str | None]] = []
    for alias in _aliases(instrument):
        flags = re.IGNORECASE if len(alias) > 12 else 0
        out += [(m.start(), m.end(), instrument.id, None)
                for m in re.finditer(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", text, flags)]
    if instrument.kind == "report" and instrument.year:
        subject = re.sub(r"^Report of (?:the )?", "", instrument.title, flags=re.IGNORECASE)
        pattern = rf"\b{instrument.year} report of (?:the )?{re.escape(subject)}"
        out += [(m.start(), m.end(), instrument.id, None) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return out


def _generic(instrument: Instrument) -> re.Pattern[str]:
    """'the Guiding Principles' for 'UN Guiding Principles': counted only where nothing else is cited."""
    if not instrument.short_title.startswith("UN "):
        return re.compile(r"(?!x)x")
    return re.compile(rf"\b[Tt]he {re.escape(instrument.short_title.removeprefix('UN '))}\b")


def related_references(texts: list[str], own: str | None,
                       catalogue: Catalogue) -> tuple[list[dict[str, object]], list[str]]:
    """Other communications the text names, each once, with whether the archive holds them; and notes on references
    printed without their type that the archive cannot settle."""
    out: list[dict[str, object]] = []
    notes: list[str] = []

    def add(reference: str, **more: object) -> None:
        if reference != own and all(r["reference"] != reference for r in out):
            entry: dict[str, object] = {"reference": reference, "relation": "cited", **more}
            if not catalogue.in_archive(reference):
                entry["in_archive"] = False
            out.append(entry)

    for text in texts:
        for match in _REFERENCE.finditer(text):
            reference = f"{match[1]} {match[2]} {int(match[3])}/{match[4]}"
            if _is_reference(reference):
                add(reference)
        for printed, code, number, year in _typeless(text):
            found = catalogue.letters_numbered(code, number, year)
            if len(found) == 1:
                add(found[0], note=f"The letter cites “{printed}”, without its type; the archive holds one letter "
                                   f"of that country, number and year, {found[0]}.")
            elif not any(f"“{printed}”" in note for note in notes):
                held = f"{len(found)} letters ({', '.join(found)})" if found else "no letter"
                notes.append(f"The letter cites “{printed}”, a reference printed without its type (AL, UA, OL…); the "
                             f"archive holds {held} of that country, number and year. Add it under related once its "
                             "type is known.")
    return out, notes


def _is_reference(text: str) -> bool:
    try:
        parse_reference(text)
    except ValueError:
        return False
    return True


_TYPELESS = re.compile(r"\b([A-Z]{3}) ([1-9][0-9]{0,4})/([12][0-9]{3})\b"
                       r"((?:\s*(?:,|and|et|y)\s*[1-9][0-9]{0,4}/[12][0-9]{3}\b)*)")
_NUMBER = re.compile(r"([1-9][0-9]{0,4})/([12][0-9]{3})")


def _typeless(text: str) -> list[tuple[str, str, int, int]]:
    """'(CHN 12/2013)', 'CHN 12/2013 and 8/2015': each (as printed, code, number, year) of a reference printed
    without its type; one printed with its type ('AL CHN 12/2013') is not among them."""
    out = []
    for match in _TYPELESS.finditer(text):
        code = match[1]
        if not _is_reference(f"AL {code} {match[2]}/{match[3]}"):
            continue  # not a country code, nor OTH
        if text[: match.start()].split()[-1:] not in ([t] for t in TYPES):
            out.append((f"{code} {match[2]}/{match[3]}", code, int(match[2]), int(match[3])))
        out += [(f"{code} {n}/{y}", code, int(n), int(y)) for n, y in _NUMBER.findall(match[4])]
    return out


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a State as a letter names it: the UN's name in English, French or Spanish
    ('Syrian Arab Republic', 'République arabe syrienne'), or an ISO 3166-1 name ('Korea, Republic of'); else None."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    if code := code_of_un_name(name):
        return code
    for candidate in (name, re.sub(r"^(Republic|Kingdom|State|Federation) of (.+)$", r"\2, \1 of", name)):
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None
