"""A synthetic archive with known forms planted in chosen documents, and the judged queries over it.

    python bench/planted.py --communications 300 --replies 150 --out bench/.data/planted

The prose is bench/synthetic_archive.py's, with every word of the families the queries
ask about taken out of it (FAMILIES), so that the only documents holding such a word are
the ones a plant put it in, plus the real letter AL OTH 102/2021 (content/communications/
2021/al-oth-102-2021.yaml), copied as it is. Letters are sent by synthetic mandates only
and cite only instruments whose titles hold none of those words, so no page carries one
through a mandate's or an instrument's name either.

A query's judged documents are not listed by hand: each query has a test over a
document's own words and names (not its editors' summary and notes), or over its reference,
run on every document of the archive, so a plant that misfires or a word left in the prose
shows up as a judged set of the wrong size (`judged` refuses an empty one or one larger than
MAX_JUDGED). A word only in a reply judges the reply, not the letter it answers.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import synthetic_archive as synthetic  # noqa: E402

REAL_LETTER = REPO / "content" / "communications" / "2021" / "al-oth-102-2021.yaml"
FIRST_NUMBER = 1000
"""Synthetic letters are numbered from here: the planted references (5/2020, 102/2021) are the only small numbers."""
MAX_JUDGED = 12
VARIANTS = [["labour", "labor"], ["uyghur", "uighur"]]
"""The editors' spelling variants, as content/archive.yaml's `spelling_variants` gives them to the index."""

FAMILIES = re.compile(
    r"\b(?:\w*tortur\w*|arrest\w*|child\w*|labou?r\w*|forc\w*|u[iy]ghur\w*|\w*refoul\w*|e-?mails?|mails?"
    r"|haier|xinjiang|licenci\w*|d[eé]ten\w*|detain\w*|desaloj\w*|wrzesniewska|vantorrex|kestrelmoor)\b",
    re.IGNORECASE,
)
"""Every word a query below looks for, in any form: taken out of the synthetic prose."""

# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class Document:
    """A letter or a reply as the judgements see it: its id, the page it is on, its words."""

    id: str
    """'communications/<slug>/' for a letter, that plus '#reply-<date>' for a reply."""
    page: str
    """The letter page the document is on (a reply is on its letter's page)."""
    reference: str
    """The letter's reference; '' for a reply."""
    text: str
    """The record's own words and names (not its editors' notes: EDITORIAL), folded: lower case, no accents."""


EDITORIAL = {"summary", "transcription", "allegations", "source"}
"""What editors wrote about a record (summary, allegations and their notes on norms, where it came from): not judged."""
NOT_TEXT = {"id", "paragraph", "mandate", "norm", "resolution", "kind", "language", "basis", "relation",
            "country", "style", "url", "reply_to", "number"}
"""Keys whose values are identifiers, not words a page shows as text."""


def fold(text: str) -> str:
    """Lower case without accents: the judgements ignore both, as a reader does."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def words_of(record: Any) -> list[str]:
    """Every string in a record, depth first, apart from identifiers (NOT_TEXT)."""
    if isinstance(record, str):
        return [record]
    if isinstance(record, dict):
        return [w for key, value in record.items() if key not in NOT_TEXT for w in words_of(value)]
    if isinstance(record, list):
        return [w for value in record for w in words_of(value)]
    return []


def own_words(record: dict[str, Any]) -> dict[str, Any]:
    """The record without what its editors wrote about it (EDITORIAL)."""
    return {key: value for key, value in record.items() if key not in EDITORIAL}


def letter_document(letter: dict[str, Any]) -> Document:
    """A letter record as a judged document."""
    _, name = synthetic.slug(letter["reference"])
    page = f"communications/{name}/"
    return Document(page, page, letter["reference"], fold("\n".join(words_of(own_words(letter)))))


def reply_document(reply: dict[str, Any]) -> Document:
    """A reply record as a judged document: its own id, on its letter's page."""
    _, name = synthetic.slug(reply["reply_to"])
    page = f"communications/{name}/"
    return Document(f"{page}#reply-{reply['date'].isoformat()}", page, "", fold("\n".join(words_of(own_words(reply)))))


# ---------------------------------------------------------------- the plants


@dataclass(frozen=True)
class Plant:
    """What one chosen letter is given: sentences in its allegations, and perhaps a language, a reference, names."""

    sentences: tuple[str, ...] = ()
    language: str = "en"
    reference: str = ""
    company: str = ""
    """A company's name, as the letter's addressee only."""
    signatory: str = ""
    """A person's name, in the letter's signature block only."""


PLANTS = [
    Plant(("The SYNTHETIC witness states that he was tortured in custody for three days.",)),
    Plant(("SYNTHETIC reports describe the arrests of twelve protesters at the gate.",)),
    Plant(("The SYNTHETIC lawyer was arrested at dawn and held without charge.",)),
    Plant(("The SYNTHETIC school enrolled the children of the displaced families.",)),
    Plant(("The SYNTHETIC complaint concerns the child's access to schooling.",)),
    Plant(("SYNTHETIC workers describe forced labour in the spinning mills.",)),
    Plant(("SYNTHETIC residents were forced to leave; later the labour inspectors found nobody.",)),
    Plant(("The SYNTHETIC audit found forced labor at two suppliers.",)),
    Plant(("The SYNTHETIC union asks for the labour code to be applied.",)),
    Plant(("SYNTHETIC testimony from Uyghur workers at the plant.",)),
    Plant(("SYNTHETIC accounts by Uighurs transferred to the province.",)),
    Plant(("The SYNTHETIC returns would breach the principle of non-refoulement.",)),
    Plant(("The SYNTHETIC court ignored the nonrefoulement obligation.",)),
    Plant(("The SYNTHETIC defenders received threats by e-mail.",)),
    Plant(("The SYNTHETIC company answered by email only.",)),
    Plant(("Les travailleurs SYNTHETIC ont été licenciés sans préavis.",), language="fr"),
    Plant(("La déléguée SYNTHETIC a été licenciée après la grève.",), language="fr"),
    Plant(("Les SYNTHETIC défenseurs détenus depuis mars n'ont pas vu d'avocat.",), language="fr"),
    Plant(("La SYNTHETIC détention se prolonge sans jugement.",), language="fr"),
    Plant(("Las familias SYNTHETIC fueron desalojados de sus viviendas.",), language="es"),
    Plant(("La SYNTHETIC empresa pidió desalojar el terreno.",), language="es"),
    Plant(reference="AL MEX 5/2020"),
    Plant(reference="UA COL 5/2020"),
    Plant(reference="AL MEX 15/2020"),
    Plant(reference="AL MEX 5/2021"),
    Plant(reference="UA MEX 5/2019"),
    Plant(reference="AL CHN 25/2020"),
    Plant(reference="AL MEX 105/2020"),
    Plant(reference="AL CHN 102/2021"),
    Plant(reference="UA OTH 102/2019"),
    Plant(reference="AL OTH 12/2021"),
    Plant(reference="AL CHN 102/2020"),
    Plant(signatory="SYNTHETIC Tatiana Wrzesniewska"),
    Plant(company="SYNTHETIC Vantorrex Mining plc"),
    Plant(("The SYNTHETIC supplier of Haier refrigerators denies the claims.",)),
    Plant(("SYNTHETIC families from Xinjiang were moved by train.",)),
    Plant(("The SYNTHETIC Haier contractor sources cotton in Xinjiang.",)),
]
REPLY_PLANTS = ["The SYNTHETIC Government states that the Kestrelmoor reservoir meets every standard."]
"""Sentences given to the first replies, one each: words no letter holds."""


def plant(letter: dict[str, Any], what: Plant, rng: random.Random) -> None:
    """Give `letter` what the plant says (in place)."""
    paragraphs = next(s for s in letter["sections"] if s["kind"] == "allegations")["paragraphs"]
    for sentence in what.sentences:
        paragraph = rng.choice(paragraphs)
        paragraph["text"] = f"{paragraph['text']} {sentence}"
    letter["language"] = what.language
    if what.reference:
        readdress(letter, what.reference, rng)
    if what.company:
        letter["addressee"]["name"] = what.company
    if what.signatory:
        letter["signatories"][0]["name"] = what.signatory


def readdress(letter: dict[str, Any], reference: str, rng: random.Random) -> None:
    """Number the letter `reference`, sent in the reference's year to the addressee its code names."""
    _, code, number = reference.split(" ")
    year = int(number.split("/")[1])
    letter["reference"] = reference
    letter["date_sent"] = date(year, 1, 1) + timedelta(days=rng.randint(0, 300))
    if code == "OTH":
        letter["addressee"] = {"kind": "company", "name": f"SYNTHETIC Company {rng.randrange(10**6)} Ltd",
                               "country": rng.choice(sorted(synthetic.STATES)), "person": "Ms. Example"}
        letter["salutation"] = "Dear Ms. Example,"
    else:
        letter["addressee"] = {"kind": "state", "name": synthetic.STATES[code], "country": code}
        letter["salutation"] = "Excellency,"


def scrub(record: Any) -> Any:
    """The record with every word of FAMILIES taken out of its strings (dates and numbers as they are)."""
    if isinstance(record, str):
        return re.sub(r"  +", " ", FAMILIES.sub("", record)).strip()
    if isinstance(record, dict):
        return {key: scrub(value) for key, value in record.items()}
    if isinstance(record, list):
        return [scrub(value) for value in record]
    return record


def requote(letter: dict[str, Any]) -> None:
    """Allegations and footnotes quote their paragraph verbatim again, after scrubbing and planting."""
    texts = {p["id"]: p["text"] for s in letter["sections"] for p in s["paragraphs"]}
    for allegation in letter["allegations"]:
        allegation["text"] = texts[allegation["paragraph"]].split(". ")[0]
    for footnote in letter["footnotes"]:
        footnote["after"] = texts[footnote["paragraph"]][-30:].strip()


# ---------------------------------------------------------------- the archive


def generate(out: Path, communications: int, replies: int, seed: int = 1, variants: bool = True) -> list[Document]:
    """Write the planted archive's content folder at `out` (replacing it); return its documents.

    With `variants`, content/archive.yaml gives the index the editors' spelling variants (VARIANTS).
    """
    least = len(PLANTS) + replies // 2 + 1
    if communications < least:
        raise SystemExit(f"--communications {communications}: {replies} replies and the plants need at least {least}")
    if out.exists():
        shutil.rmtree(out)
    for folder in ("communications", "replies", "norms", "mandates"):
        (out / folder).mkdir(parents=True)
    rng = random.Random(seed)
    settings = {"title": "SYNTHETIC relevance archive", "description": synthetic.MARK, "as_of": synthetic.AS_OF}
    synthetic.write(out / "archive.yaml", {**settings, **({"spelling_variants": VARIANTS} if variants else {})})
    mandates = [m for m in synthetic.mandate_catalogue(out, rng) if m[0].startswith("sr-synthetic-")]
    norms = clean_norms(synthetic.norm_ids(out), out)
    letters = [scrub(synthetic.letter_record(FIRST_NUMBER + n, rng, mandates, norms)) for n in range(communications)]
    for letter, what in zip(planted_letters(letters), PLANTS, strict=True):
        plant(letter, what, rng)
    for letter in letters:
        requote(letter)
    answered = rng.sample(letters[len(PLANTS):], replies // 2) if replies else []
    dated = reply_dates(answered, replies, rng)
    reply_records = [scrub(synthetic.reply_record(letter, on, rng)) for letter, on in dated]
    for reply, sentence in zip(reply_records, REPLY_PLANTS, strict=False):
        reply["paragraphs"][0]["text"] += " " + sentence
    for letter in letters:
        year, name = synthetic.slug(letter["reference"])
        synthetic.write(out / "communications" / year / f"{name}.yaml", letter)
    for reply in reply_records:
        year, name = synthetic.slug(reply["reply_to"])
        on = reply["date"]
        synthetic.write(out / "replies" / str(on.year) / f"{name}--{on.isoformat()}.yaml", reply)
    shutil.copyfile(REAL_LETTER, out / "communications" / "2021" / REAL_LETTER.name)
    real = yaml.safe_load(REAL_LETTER.read_text(encoding="utf-8"))
    return [letter_document(real), *map(letter_document, letters), *map(reply_document, reply_records)]


def planted_letters(letters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One letter a plant, in PLANTS' order: the first letters, a company letter wherever a company is planted."""
    chosen: list[dict[str, Any]] = []
    pool = letters[: len(PLANTS) * 3]
    for what in PLANTS:
        fits = (letter for letter in pool if letter not in chosen)
        chosen.append(next(letter for letter in fits if not what.company or letter["addressee"]["kind"] == "company"))
    letters[:] = chosen + [letter for letter in letters if letter not in chosen]
    return chosen


def reply_dates(letters: list[dict[str, Any]], replies: int, rng: random.Random) -> list[tuple[dict[str, Any], date]]:
    """`replies` (letter, date) pairs, about two a letter, distinct days, none after the archive's as-of date."""
    out = []
    for n in range(replies):
        letter = letters[n % len(letters)]
        room = max(1, (synthetic.AS_OF - letter["date_sent"]).days)
        on = letter["date_sent"] + timedelta(days=min(room, 1 + n // len(letters) * 30 + rng.randint(0, 25)))
        if on <= synthetic.AS_OF and (letter, on) not in out:
            out.append((letter, on))
    return out


def clean_norms(ids: list[str], content: Path) -> list[str]:
    """The norm ids of instruments whose title holds no word of FAMILIES (not CAT, the forced labour conventions...)."""
    kept: set[str] = set()
    for path in sorted((content / "norms").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not FAMILIES.search(record["instrument"]["title"]):
            kept |= {record["instrument"]["id"], *(p["id"] for p in record.get("provisions", []))}
    return [n for n in ids if n in kept]


# ---------------------------------------------------------------- the judged queries


def words(*patterns: str, without: str = "") -> Callable[[Document], bool]:
    """Judged: the document holds a word of every pattern (regular expressions, folded text) and none of `without`."""
    found = [re.compile(rf"\b(?:{p})\b") for p in patterns]
    excluded = re.compile(rf"\b(?:{without})\b") if without else None
    return lambda d: all(f.search(d.text) for f in found) and not (excluded and excluded.search(d.text))


def reference(kind: str = "", code: str = "", number: str = "", year: str = "") -> Callable[[Document], bool]:
    """Judged: a letter whose reference has these parts (an empty part matches any)."""
    wanted = (kind, code, number, year)

    def test(document: Document) -> bool:
        if not document.reference:
            return False
        k, c, rest = document.reference.split(" ")
        return all(not w or w == got for w, got in zip(wanted, (k, c, *rest.split("/")), strict=False))

    return test


@dataclass(frozen=True)
class Query:
    """A query as a reader types it, what it tests, and which documents it should find."""

    text: str
    tests: str
    relevant: Callable[[Document], bool]


QUERIES = [
    Query("torture", "English inflection: 'tortured'", words(r"tortur\w*")),
    Query("arrested", "English inflection: 'arrests', 'arrested'", words(r"arrest\w*")),
    Query("child", "English inflection: 'children', 'child's'", words(r"child\w*")),
    Query('"forced labour"', "phrase: contiguous only (either spelling)", words(r"forced labou?r")),
    Query("forced labour", "both words, together or apart", words(r"forc\w*", r"labou?r\w*")),
    Query("labor", "spelling variant: labour / labor", words(r"labou?r\w*")),
    Query("Uighur", "spelling variant and plural: Uyghur, Uighurs", words(r"u[iy]ghur\w*")),
    Query("nonrefoulement", "hyphenation: non-refoulement", words(r"non-?refoulement")),
    Query("non-refoulement", "hyphenation: nonrefoulement", words(r"non-?refoulement")),
    Query("email", "hyphenation: e-mail", words(r"e-?mails?")),
    Query("e-mail", "hyphenation: email", words(r"e-?mails?")),
    Query("licenciement", "French inflection: 'licenciés', 'licenciée'", words(r"licenci\w*")),
    Query("détention", "French 'détention', 'détenus' (derived); English 'detention'", words(r"deten\w*")),
    Query("détenues", "French inflection: 'détenus'", words(r"detenu\w*")),
    Query("desalojo", "Spanish inflection: 'desalojados', 'desalojar'", words(r"desaloj\w*")),
    Query("AL OTH 102/2021", "reference, in full", reference("AL", "OTH", "102", "2021")),
    Query("OTH 102/2021", "reference without its type", reference("", "OTH", "102", "2021")),
    Query("102/2021", "number/year only (two letters)", reference("", "", "102", "2021")),
    Query("al-oth-102-2021", "reference as in the page's address", reference("AL", "OTH", "102", "2021")),
    Query("OTH 102", "code and number, any year", reference("", "OTH", "102", "")),
    Query("5/2020", "number/year among 5/2021, 15/2020, 105/2020...", reference("", "", "5", "2020")),
    Query("Wrzesniewska", "a name only in a signature block", words("wrzesniewska")),
    Query("Vantorrex", "a company only as addressee", words("vantorrex")),
    Query("Haier OR Xinjiang", "either word", lambda d: words("haier")(d) or words("xinjiang")(d)),
    Query("Haier -Xinjiang", "exclusion", words("haier", without="xinjiang")),
    Query("Kestrelmoor", "a word only in a reply (judged: the reply)", words("kestrelmoor")),
]


def judged(query: Query, documents: list[Document]) -> list[Document]:
    """The documents `query` should find; none, or more than MAX_JUDGED, means the archive is not as planted."""
    found = [d for d in documents if query.relevant(d)]
    if not 0 < len(found) <= MAX_JUDGED:
        raise SystemExit(f"query {query.text!r}: {len(found)} judged documents, expected 1 to {MAX_JUDGED}: "
                         "a plant misfired, or the prose holds a word of FAMILIES")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communications", type=int, default=300)
    parser.add_argument("--replies", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / ".data" / "planted")
    parser.add_argument("--no-spelling-variants", action="store_true", help="no spelling_variants in archive.yaml")
    args = parser.parse_args(argv)
    variants = not args.no_spelling_variants
    documents = generate(args.out / "content", args.communications, args.replies, args.seed, variants)
    for query in QUERIES:
        print(f"{query.text:<20} {' '.join(d.id for d in judged(query, documents))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
