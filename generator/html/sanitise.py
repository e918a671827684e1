"""Second line of defence: an allowlist sanitiser over the HTML of generated pages.

Renderers already escape all record text. This pass (nh3, a maintained sanitiser)
keeps only the tags and attributes the renderers and Markdown emit, and only http(s)
or relative URLs.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "nav", "ol", "p", "pre", "section", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "time", "tr", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "hidden", "aria-label", "aria-current", "role"},
    "a": {"href", "rel", "type"},
    "img": {"src", "alt", "width", "height"},
    "li": {"value"},
    "ol": {"start"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
URL_SCHEMES = {"http", "https"}


CHART = re.compile(r"^[a-z0-9-]+\.svg$")
"""The only images pages show: the statistics page's charts, beside it (generator/data/charts.py)."""


def _only_charts(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if CHART.match(value) else None
    return value


def sanitise(html: str) -> str:
    """Keep only allowlisted markup; drop scripts, event handlers, non-http(s) URLs and images other than charts."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=_only_charts,
    )
