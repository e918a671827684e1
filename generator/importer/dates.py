"""Dates as letters print them, in English, French and Spanish: '12 March 2021', '7th May 2019', '1er mars 2021',
'12 mars 2021', '7 de mayo de 2019'."""

from __future__ import annotations

import re
from datetime import date

from ..model.language import MONTHS, unaccented

MONTH_NUMBER = {unaccented(name): number for names in MONTHS.values() for number, name in enumerate(names, 1)}
MONTH_NUMBER["setiembre"] = 9  # a Spanish spelling of septiembre
DATE = re.compile(
    r"(?<![0-9])(?P<day>[0-3]?[0-9])(?:st|nd|rd|th|er|º|°)?\s+(?:de\s+)?(?P<month>[^\W\d_]+)\.?,?\s+(?:de\s+|del\s+)?"
    r"(?P<year>(?:19|20)[0-9]{2})(?![0-9])",
    re.IGNORECASE,
)


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first date written in `text`, with where it starts and ends; None when there is none."""
    for match in DATE.finditer(text):
        month = MONTH_NUMBER.get(unaccented(match["month"]))
        if month is None:
            continue
        try:
            return date(int(match["year"]), month, int(match["day"])), match.start(), match.end()
        except ValueError:
            continue
    return None


def read_date(line: str) -> date | None:
    """The date when the line is a date and nothing else (a date line of a letter's header)."""
    found = find_date(line.strip())
    return found[0] if found and found[1] == 0 and found[2] == len(line.strip().rstrip(".")) else None
