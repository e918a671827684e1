"""The theme's navigation, tabs, footer and header parts, rendered once per folder, give the bytes of a full render."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest
from conftest import REPO, built, real_content_ready, serve
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from site_files import files_of

from generator import environment
from generator.plugin.theme import SHARED, SharedPartials, folder


def _config(tmp_path: Path) -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "SYNTHETIC", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    errors, _ = config.validate()
    assert errors == []
    return config


def _page(config: MkDocsConfig, src_uri: str) -> Page:
    return Page(None, File(src_uri, config.docs_dir, config.site_dir, True), config)


def _theme(partial: str) -> jinja2.Environment:
    """A Jinja environment in which every shared partial prints the URL of the page it is rendered for."""
    templates = {name: partial for name in SHARED}
    templates["main.html"] = "".join(f'[{{% include "{name}" %}}]' for name in SHARED[:2])
    return jinja2.Environment(loader=jinja2.DictLoader(templates), auto_reload=False)


def test_a_folder_renders_the_partials_once_and_its_other_pages_take_that_text(tmp_path: Path):
    config = _config(tmp_path)
    env = _theme("{{ page.url }}")
    letters = [_page(config, f"communications/l{n}/index.md") for n in range(3)]
    shared = SharedPartials({page.file.src_uri for page in letters})
    shared.share(env)

    outputs = [env.get_template("main.html").render(page=page) for page in letters]

    assert shared.renders == 2  # nav and tabs, for the folder's first page only
    assert outputs == ["[communications/l0/][communications/l0/]"] * 3


def test_pages_in_another_folder_or_not_named_are_rendered_in_full(tmp_path: Path):
    config = _config(tmp_path)
    env = _theme("{{ page.url }}")
    uris = ("communications/l1/index.md", "norms/n1/index.md", "about/index.md")
    letter, norm, docs_page = (_page(config, uri) for uri in uris)
    shared = SharedPartials({letter.file.src_uri, norm.file.src_uri})
    shared.share(env)
    main = env.get_template("main.html")

    assert main.render(page=letter) == "[communications/l1/][communications/l1/]"
    assert main.render(page=norm) == "[norms/n1/][norms/n1/]"
    assert main.render(page=docs_page) == "[about/][about/]"
    assert main.render(page=docs_page) == "[about/][about/]"
    assert shared.renders == 4  # two folders × two partials; the docs page is never stored


def test_a_page_with_a_previous_or_next_page_is_rendered_in_full(tmp_path: Path):
    config = _config(tmp_path)
    env = _theme("{{ page.url }}")
    first, second = _page(config, "communications/l1/index.md"), _page(config, "communications/l2/index.md")
    second.previous_page = first
    shared = SharedPartials({first.file.src_uri, second.file.src_uri})
    shared.share(env)

    env.get_template("main.html").render(page=first)
    assert env.get_template("main.html").render(page=second) == "[communications/l2/][communications/l2/]"


@pytest.mark.parametrize(("url", "expected"), [
    ("communications/al-oth-102-2021/", "communications"),
    ("communications/page/2/", "communications/page"),
    ("about/", ""),
])
def test_the_folder_of_a_page(url: str, expected: str):
    assert folder(url) == expected


def _reference_build(content: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    with monkeypatch.context() as patch:
        patch.setenv(environment.SHARED_PARTIALS, "0")
        return built(content, site)


def _same_bytes(shared: Path, reference: Path) -> None:
    shared_files, reference_files = files_of(shared), files_of(reference)
    assert sorted(shared_files) == sorted(reference_files)
    assert [name for name in shared_files if shared_files[name] != reference_files[name]] == []
    folders = {folder(name.removesuffix("index.html")) for name in shared_files if name.endswith("/index.html")}
    assert len(folders) > 5  # letters, replies, norms, countries, mandates, paged lists: many shared folders


def test_the_synthetic_site_has_the_bytes_of_a_full_render_of_every_page(synthetic_content, synthetic_site, tmp_path,
                                                                         monkeypatch):
    _same_bytes(synthetic_site, _reference_build(synthetic_content, tmp_path / "reference", monkeypatch))


def test_the_hostile_site_has_the_bytes_of_a_full_render_of_every_page(hostile_content, hostile_site, tmp_path,
                                                                       monkeypatch):
    _same_bytes(hostile_site, _reference_build(hostile_content, tmp_path / "reference", monkeypatch))


@pytest.mark.skipif(not real_content_ready(), reason="content/ does not hold the seed letter yet")
def test_the_real_site_has_the_bytes_of_a_full_render_of_every_page(real_site, tmp_path, monkeypatch):
    _same_bytes(real_site, _reference_build(REPO / "content", tmp_path / "reference", monkeypatch))


def test_a_letter_page_draws_its_icons_by_the_stylesheet_and_carries_no_setting_of_materials_search(synthetic_site):
    html = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    # No inline SVG: the logo (header and drawer), menu, colour toggles, search and back-to-top are CSS icons.
    assert "<svg" not in html
    icons = re.findall(r'<span class="sp-icon sp-icon--([a-z]+)"></span>', html)
    assert sorted(icons) == ["logo", "logo", "menu", "search", "top"]
    # The colour toggles are written once, into assets/palette.js, which puts them into the page's empty form.
    assert '<form class="md-header__option" data-md-component="palette"></form>' in html
    palette = (synthetic_site / "assets/palette.js").read_text()
    assert all(f'sp-icon--{name}\\"' in palette for name in ("light", "dark")) and "{{" not in palette
    icons += ["light", "dark"]
    css = (synthetic_site / "assets/archive.css").read_text()
    assert all(f".sp-icon--{name} {{ --sp-icon: url('data:image/svg+xml" in css for name in set(icons))
    # Material's scripts that every page carried inline are files the browser keeps.
    assert "__md_scope=" not in html and 'var palette=__md_get("__palette")' not in html
    assert '<script src="../../assets/theme.js"></script>' in html
    assert '<script src="../../assets/palette.js"></script>' in html
    settings = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
    assert set(settings) == {"base", "features", "translations"}
    assert set(settings["translations"]) == {"clipboard.copy", "clipboard.copied"}
    outside_pre = re.sub(r"<pre\b.*?</pre>", "", html, flags=re.DOTALL)
    assert "\n\n" not in outside_pre and "\n " not in outside_pre  # no blank line, no indentation


def test_the_icons_are_drawn_on_a_phone_and_the_chosen_colours_hold_on_the_next_page(browser, synthetic_site):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    base = serve(synthetic_site)
    page.goto(base + "communications/al-oth-1-2021/")
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_timeout(400)
    drawn = page.evaluate("""() => [...document.querySelectorAll('.sp-icon')].filter(icon => icon.offsetParent)
        .map(icon => { const box = icon.getBoundingClientRect(), style = getComputedStyle(icon);
            return {name: icon.className, width: box.width, height: box.height,
                    mask: style.maskImage || style.webkitMaskImage}; })""")
    shown = {icon["name"].split("--")[1] for icon in drawn}
    assert {"logo", "menu", "search"} <= shown  # the drawer's logo, the menu button, the phone's search button
    assert all(icon["width"] > 10 and icon["height"] > 10 and icon["mask"].startswith('url("data:image/svg+xml')
               for icon in drawn)
    # The colour toggle (Material's palette script, now assets/palette.js with assets/theme.js) keeps the choice.
    page.keyboard.press("Escape")
    page.goto(base + "about/")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.click("form[data-md-component=palette] label:not([hidden])")
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{scheme}'")
    page.goto(base + "norms/")
    assert page.evaluate("document.body.dataset.mdColorScheme") != scheme
    context.close()


def test_on_a_phone_a_section_of_the_drawer_opens_on_its_first_page_which_lists_the_section(browser, synthetic_site):
    # navigation.prune: a page carries the pages of its own section only (issue 20: 2 KB less on a letter page);
    # another section is one link, to its first page.
    letter = (synthetic_site / "communications/al-oth-1-2021/index.html").read_text()
    assert "../../countries/" not in letter.split('<nav class="md-tabs"')[1].split('<div class="md-content"')[0]
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(serve(synthetic_site) + "communications/al-oth-1-2021/")
    page.click("label.md-header__button[for=__drawer]")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Browse").click()
    page.wait_for_url("**/mandates/")
    page.click("label.md-header__button[for=__drawer]")
    page.locator(".md-nav--primary a.md-nav__link", has_text="Countries").click()
    page.wait_for_url("**/countries/")
    context.close()
