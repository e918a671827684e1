"""Set aside the raw HTML blocks of a generated page while Python-Markdown converts the rest.

Generated pages are raw HTML blocks (escaped record text in trusted markup) joined by
blank lines, with a few Markdown headings for the table of contents. Python-Markdown
passes a raw block through unchanged, but only after parsing it twice with Python's
HTML parser (MkDocs' anchor scan and Markdown's block extraction): about half of a
build's time. Each raw block is swapped for a one-word placeholder paragraph before
conversion and put back afterwards, exactly where Markdown would have placed it.
"""

from __future__ import annotations

import re
import secrets

BLOCK_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
BLOCK_LEVEL = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "nav", "ol", "p", "pre", "section", "table", "ul",
})
"""Tags that open a raw block in Python-Markdown (a subset of its block_level_elements)."""


class RawBlocks:
    """The blocks set aside from one build's pages, keyed by placeholder."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.blocks: dict[str, str] = {}

    def set_aside(self, markdown: str) -> str:
        """`markdown` with each raw HTML block replaced by a placeholder word."""
        parts = markdown.split("\n\n")
        for i, block in enumerate(parts):
            found = BLOCK_TAG.match(block)
            if (found and found.group(1).lower() in BLOCK_LEVEL and "\n\n" not in block
                    and _closes(block, found.group(1))):
                key = f"sprawblock{len(self.blocks)}x{self.nonce}"
                self.blocks[key] = block.strip("\n")
                parts[i] = key
        return "\n\n".join(parts)

    def put_back(self, html: str) -> str:
        """The converted page with every placeholder paragraph replaced by its block."""
        if self.nonce not in html:
            return html
        # Markdown ends a raw block with a newline and strips the whole page: so do we.
        def restore(m: re.Match[str]) -> str:
            return self.blocks.pop(m.group(1)) + "\n" if m.group(1) in self.blocks else m.group(0)

        return PLACEHOLDER.sub(restore, html).strip()


PLACEHOLDER = re.compile(r"<p>(sprawblock[0-9]+x[0-9a-f]{16})</p>")


def _closes(block: str, tag: str) -> bool:
    """The block ends with the closing tag of the element it opens (so Markdown ends the raw block there)."""
    return block.rstrip().endswith(f"</{tag}>") or tag.lower() == "hr"
