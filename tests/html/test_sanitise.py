"""The HTML passes over generated pages: raw blocks set aside around Markdown, and the allowlist sanitiser."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from generator.html.rawblocks import RawBlocks
from generator.html.sanitise import sanitise

GOLDEN = sorted((Path(__file__).parents[1] / "golden").glob("*.md"))


def converted(text: str) -> str:
    """Python-Markdown with the extensions mkdocs.yml names (front matter stripped as MkDocs strips it)."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True}}).convert(body)


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda p: p.stem)
def test_setting_raw_blocks_aside_gives_the_html_markdown_gives(golden: Path) -> None:
    text = golden.read_text(encoding="utf-8")
    raw = RawBlocks()
    assert raw.put_back(converted(raw.set_aside(text))) == converted(text)
    assert raw.blocks == {}  # every block set aside was put back


def test_a_block_markdown_would_not_keep_raw_is_left_to_markdown() -> None:
    raw = RawBlocks()
    text = "<p>opened here\n\nand closed after a blank line</p>\n\n<div>whole</div>"
    set_aside = raw.set_aside(text)
    assert set_aside.startswith("<p>opened here\n\nand closed") and "<div>" not in set_aside
    assert raw.put_back(converted(set_aside)) == converted(text)


def test_placeholder_words_in_a_record_are_not_replaced() -> None:
    raw = RawBlocks()
    text = "<p>sprawblock0x0123456789abcdef is a word a record may hold</p>"
    assert raw.put_back(converted(raw.set_aside(text))) == converted(text)


@pytest.mark.parametrize("hostile", [
    '<script>alert(1)</script>', '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>', '<iframe src="https://example.org"></iframe>', '<a href="data:text/html,x">x</a>',
    '<svg onload="alert(1)"></svg>', '<style>body{display:none}</style>',
])
def test_the_sanitiser_removes_what_could_run(hostile: str) -> None:
    clean = sanitise(f"<div>{hostile}</div>")
    for live in ("<script", "onerror", "javascript:", "onclick", "<iframe", "data:", "onload", "<style", "src=",
                 "<svg"):
        assert live not in clean


@pytest.mark.parametrize("src", ["https://tracker.example/pixel.gif", "../../x.svg", "/x.svg", "x.svg?y", "x.png"])
def test_an_image_other_than_a_chart_beside_the_page_loses_its_source(src: str) -> None:
    assert "src=" not in sanitise(f'<p><img src="{src}" alt="x"></p>')


def test_a_chart_beside_the_page_is_kept() -> None:
    chart = '<p><img src="by-year-sent.svg" alt="Chart"></p>'
    assert sanitise(chart) == chart


def test_the_sanitiser_keeps_the_markup_renderers_write() -> None:
    page = ('<div class="sp-letter" lang="fr" dir="auto"><p id="p1">'
            '<a class="sp-pid" href="#p1" aria-label="Paragraph p1">p1</a>Texte</p>'
            '<pre><code>@misc{x}</code></pre>'
            '<table class="sp-table"><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td>'
            '<time datetime="2021-03-12">12 March 2021</time></td></tr></tbody></table>'
            '<a href="https://example.org/" rel="noopener">out</a></div>')
    assert sanitise(page) == page
