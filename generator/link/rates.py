"""Reply rates, as of the archive's as_of date, counted only over letters whose 60 days have passed.

For each letter whose 60 days have passed: replied within the 60 days (its first reply in
the archive is dated at most 60 days after the letter), replied later, or no reply in the
archive. Letters still within their 60 days are left out of every rate. The same counts are
shown on the statistics page, on the mandate, country and addressee pages, and can be made
again from data/communications.csv (its reply_status, date_sent and first_reply columns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..labels import ADDRESSEE_KINDS_PLURAL
from ..model import Communication
from ..model.communication import PUBLICATION_DELAY
from ..model.reference import country_name
from .views import Views

CHARTED = 15
"""Groups a chart shows at most, those with the most letters (the table beside it has every group)."""


@dataclass(frozen=True)
class Rate:
    """Reply counts of one group of letters whose 60 days have passed."""

    label: str
    within: int
    later: int
    none: int

    @property
    def letters(self) -> int:
        return self.within + self.later + self.none

    @property
    def replied_share(self) -> float:
        """Share of letters with a reply in the archive (0 when there are none)."""
        return (self.within + self.later) / self.letters if self.letters else 0.0


def outcome(letter: Communication, views: Views) -> str | None:
    """'within', 'later' or 'none'; None while the letter's 60 days have not passed."""
    due = letter.date_sent + PUBLICATION_DELAY
    if views.archive.as_of < due:
        return None
    found = views.replies.get(letter.reference, ())
    if not found:
        return "none"
    return "within" if found[0].date <= due else "later"


def rate(label: str, letters: Iterable[Communication], views: Views) -> Rate:
    """The counts over these letters."""
    counts = {"within": 0, "later": 0, "none": 0}
    for letter in letters:
        found = outcome(letter, views)
        if found is not None:
            counts[found] += 1
    return Rate(label, counts["within"], counts["later"], counts["none"])


def rates_by(views: Views, key: Callable[[Communication], Iterable[str]]) -> list[Rate]:
    """One rate per value of `key` (a letter may have several, e.g. mandates), most letters first."""
    groups: dict[str, list[Communication]] = {}
    for letter in views.letters:
        for value in key(letter):
            groups.setdefault(value, []).append(letter)
    rates = [rate(label, letters, views) for label, letters in groups.items()]
    return sorted((r for r in rates if r.letters), key=lambda r: (-r.letters, r.label))


def _country_of(letter: Communication) -> list[str]:
    """The UN's name of the letter's country (its code where the UN has none); none for a letter to no country."""
    country = letter.addressee.country
    return [country_name(country) or country] if country else []


def archive_rates(views: Views) -> dict[str, list[Rate]]:
    """Every table of the statistics page: heading → rates."""
    mandate = {m.id: m.short_name for m in views.mandates.values()}
    return {
        "All letters": [rate("All letters", views.letters, views)],
        "By addressee kind": rates_by(views, lambda letter: [ADDRESSEE_KINDS_PLURAL[letter.addressee.kind]]),
        "By year sent": sorted(
            rates_by(views, lambda letter: [str(letter.date_sent.year)]), key=lambda r: r.label, reverse=True
        ),
        "By mandate": rates_by(views, lambda letter: [mandate.get(m.mandate, m.mandate) for m in letter.mandates]),
        "By country": rates_by(views, _country_of),
        "By company": rates_by(
            views, lambda letter: [letter.addressee.name] if letter.addressee.kind == "company" else []
        ),
    }
