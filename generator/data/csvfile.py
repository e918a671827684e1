"""Tables as CSV that no spreadsheet runs: cells quoted where CSV needs it, and formulas defused as OWASP advises.

A cell whose text begins with =, +, -, @, a tab or a carriage return is read by
spreadsheet programs as a formula (OWASP, "CSV Injection"). Such a cell is written with a
leading apostrophe, which the programs show as text; the CSV stays valid RFC 4180 and
the apostrophe is documented in datapackage.json. Numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .tables import Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: str) -> str:
    """Text as a spreadsheet will only ever show it."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV, a header row first, rows ending in CRLF (RFC 4180)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    text_columns = [c.type == "string" for c in table.columns]
    for row in table.rows:
        writer.writerow([_cell(value, is_text) for value, is_text in zip(row, text_columns, strict=True)])
    return out.getvalue().encode("utf-8")


def _cell(value: Any, is_text: bool) -> str:
    if value is None:
        return ""
    return inert(str(value)) if is_text else str(value)
