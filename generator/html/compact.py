"""Drop the white space between the lines of finished pages: the theme indents every line and leaves blank lines.

In HTML a line break followed by spaces, tabs or more line breaks renders exactly as one
line break (all are one collapsible white space), and so do spaces before a line break,
except where white space is kept: <pre>, <textarea>, the text of <script> and <style>, and
<code> and <kbd>, which Material's stylesheet sets to `white-space: pre-wrap`. Those are
left as they are. A letter page paid ~5 KB for indentation and ~4 KB for blank lines.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|textarea|script|style|code|kbd)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
BREAK = re.compile(r"[ \t]*\n[ \t\r\n\f]*")
"""A line break with the white space around it; HTML's white space, so never a no-break space."""


def compact(html: str) -> str:
    """The page with every run of white space holding a line break made one line break, outside elements that keep
    white space."""
    out, last = [], 0
    for kept in KEPT.finditer(html):
        out.append(BREAK.sub("\n", html[last : kept.start()]))
        out.append(kept.group(0))
        last = kept.end()
    out.append(BREAK.sub("\n", html[last:]))
    return "".join(out)
