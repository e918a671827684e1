"""The reply-rate charts: one static SVG per table of the statistics page, drawn at build time with leather.

Each chart shows the share of letters with a reply in the archive for the groups with the
most letters (at most rates.CHARTED; the table beside it has every group and is the
accessible alternative). leather writes SVG through ElementTree, so group names from
records are escaped, and the same counts always give the same bytes. Pages show the files
with <img>, where an SVG can run nothing.
"""

from __future__ import annotations

import io

import leather

from .. import urls
from ..link.rates import CHARTED, Rate, archive_rates
from ..link.views import Views

WIDTH = 640


def rate_chart(heading: str, rates: list[Rate]) -> bytes:
    """Horizontal bars: per cent of letters replied to, for the largest groups, largest first."""
    shown = rates[:CHARTED]
    chart = leather.Chart(f"Letters with a reply in the archive, {heading.lower()} (%)")
    chart.add_x_scale(0, 100)
    chart.add_bars([(round(100 * r.replied_share, 1), _label(r)) for r in reversed(shown)], fill_color="#3949ab")
    out = io.StringIO()
    chart.to_svg(out, width=WIDTH, height=90 + 24 * len(shown))
    return out.getvalue().encode("utf-8")


def _label(rate: Rate) -> str:
    label = rate.label if len(rate.label) <= 40 else rate.label[:39] + "…"
    return f"{label} ({rate.letters})"


def chart_files(views: Views) -> dict[str, bytes]:
    """Site path -> SVG of every table that has rows."""
    return {urls.chart(heading): rate_chart(heading, rates) for heading, rates in archive_rates(views).items() if rates}
