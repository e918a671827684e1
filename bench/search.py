"""Search cost in Chromium on a built site: time to first results, bytes and requests fetched.

    python bench/search.py bench/.data/run-1000-750/site            # every reader's query below
    python bench/search.py SITE --query "forced labour" --filter country=China
    python bench/search.py SITE --api ours                          # the same queries through search.js's API
    python bench/search.py SITE --api pagefind                      # ... and through Pagefind's, side by side

Serves the site on localhost with Python's http.server (no compression, no range
requests: the plainest static host) and, for each query, opens a fresh browser context
(a cold cache) in Debian's Chromium through Playwright. It prints one JSON line a query:

- `first_results_ms`: from the start of navigation to the search page `search/?q=…&<facet>=…`
  until its first page of results is on screen (search.js marks that moment), so loading
  the page, the script and the index all count; `after_load_ms`: the part of it after the
  page's load event (0 when the results were there first);
- `typed_ms`: on a letter's page that has loaded, from typing the query in the header's
  box until the quick results are on screen;
- `kb_fetched`, `requests`: everything fetched for the search (the script, every file
  under search/ and the letters' pages search.js reads the results' excerpts from) on the
  search page, as the bytes on the wire; `pages_kb`, `pages_kb_gzip`: of that, the letters'
  pages, and what they would be from a host that compresses HTML (gzip -6, as GitHub Pages).

With --api, each query runs through an engine's JS API on a letter's page that has loaded,
from the call until the first 20 results' titles are in hand (`api_ms`), with what that
fetched: `ours` is search.js's `spArchiveSearch.results`, `pagefind` is Pagefind's `init`,
`search` (same filters, same date sort) and `data()` of the first 20 results. The site must
then hold a Pagefind index of the same letters in pagefind/, which bench/run.py writes
(bench/search_index.py pages, then pagefind).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import json
import re
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGE_RESULT = "[data-sp-results] .sp-result:not(.sp-result--loading)"
QUICK_RESULT = "#sp-quick .sp-result:not(.sp-result--loading)"
TIMEOUT = 300_000


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def reader_queries(site: Path) -> list[dict]:
    """The queries of issue 9: a word in nearly every letter, three words, a rare word, one and three
    filters, each in best-match order and newest first. Filter values and the rare word are read from
    the site's own index, so the same list works at every size."""
    index = json.loads((site / "search/meta.json").read_text())["index"]
    meta = json.loads(gzip.decompress((site / "search" / index).read_bytes()))
    values = json.loads(gzip.decompress((site / "search" / meta["values"]).read_bytes()))
    country = _commonest(values["country"])
    kind = _commonest(values["type"])
    year = _commonest(values["year"])
    rare = _rare_word(site, meta)
    cards = site / "search" / meta["cards"][len(meta["cards"]) // 2]
    reference = json.loads(gzip.decompress(cards.read_bytes()))[0]["reference"]
    base = [
        ("common word", "government", {}),
        ("three words", "forced labour detention", {}),
        ("rare word", rare, {}),
        ("stemmed form absent from the text", _absent_form(site, meta), {}),
        ("phrase of two words", '"forced labour"', {}),
        ("phrase of four words", _four_words(site, meta), {}),
        ("OR", "torture OR detention", {}),
        ("exclusion", "government -detention", {}),
        ("reference", reference, {}),
        ("one filter", "government", {"country": country}),
        ("three filters", "government", {"country": country, "type": kind, "year": year}),
        ("filters, no query", "", {"country": country, "year": year}),
    ]
    return [{"name": name + (", newest first" if order else ""), "query": q, "filters": f, "order": order}
            for name, q, f in base for order in ("", "newest")]


def _commonest(facet: dict) -> str:
    """The value most letters have, of a facet of one value a letter."""
    return max(facet["values"], key=lambda label: facet["of"].count(facet["values"].index(label)))


def _rare_word(site: Path, meta: dict) -> str:
    """The alphabetic word of five or more letters held by the fewest letters (at least two)."""
    best = ("", 0)
    for _, name in meta["terms"]:
        shard = json.loads(gzip.decompress((site / "search" / name).read_bytes()))
        for word, (gaps, _) in shard.items():
            if word.isalpha() and len(word) >= 5 and len(gaps) >= 2 and (not best[0] or len(gaps) < best[1]):
                best = (word, len(gaps))
    return best[0]


def _four_words(site: Path, meta: dict) -> str:
    """Four words in a row from a letter in the middle of the archive, quoted: a phrase some documents hold."""
    card = json.loads(gzip.decompress((site / "search" / meta["cards"][len(meta["cards"]) // 2]).read_bytes()))[1]
    page = (site / card["url"].split("#")[0] / "index.html").read_text(encoding="utf-8")
    ids = card["url"].split("#")[1] + "-" if "#" in card["url"] else "p"  # a reply's paragraphs, or the letter's
    paragraphs = re.findall(rf'<p id="{ids}[^"]*">(?:<a class="sp-pid"[^>]*>[^<]*</a>)?(.*?)</p>', page)
    lines = [html.unescape(re.sub(r"<[^>]+>", "", found)) for found in paragraphs]
    words = max(lines, key=len).split()
    return '"' + " ".join(w.strip(".,;:()") for w in words[3:7]) + '"'


def _absent_form(site: Path, meta: dict) -> str:
    """A form no document holds of a word many do ('governments' when only 'government' is written): found by its
    stem."""
    held = set()
    for _, name in meta["terms"]:
        held.update(json.loads(gzip.decompress((site / "search" / name).read_bytes())))
    for form in ("tortured", "arrests", "detentions", "governments", "labours", "rightly", "freedoms", "workers"):
        if form not in held:
            return form
    return "tortured"


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(browser, base: str, letter: str, query: dict, site: Path) -> dict:
    """One query on the search page (cold cache) and typed in the header (cold cache)."""
    params = {"q": query["query"], **({"order": query["order"]} if query["order"] else {})}
    url = base + "search/?" + urlencode(list(params.items()) + list(query["filters"].items()))
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    pages: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(_size(request)) if _counted(request) else None)
    page.on("requestfinished",
            lambda request: pages.append(urlsplit(request.url).path) if _read_page(request) else None)
    page.goto(url, wait_until="load")
    page.wait_for_function("performance.getEntriesByName('sp-first-results').length > 0", timeout=TIMEOUT)
    first, loaded = page.evaluate(
        "[performance.getEntriesByName('sp-first-results')[0].startTime, "
        "performance.getEntriesByType('navigation')[0].loadEventEnd]"
    )
    page.wait_for_load_state("networkidle")
    shown = page.locator(PAGE_RESULT).count()
    status = page.locator("[data-sp-status]").inner_text()
    context.close()
    typed = None
    if query["query"] and not query["filters"] and not query["order"]:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + letter, wait_until="load")
        started = page.evaluate("performance.now()")
        page.fill("#sp-q", query["query"])
        # Five results on screen, or the word that nothing matches.
        page.wait_for_function(
            f"document.querySelector('{QUICK_RESULT}') || "
            "/^Nothing/.test((document.querySelector('.sp-quick__status') || {}).textContent)",
            timeout=TIMEOUT,
        )
        typed = round(page.evaluate("performance.now()") - started)
        context.close()
    return {**query, "first_results_ms": round(first), "after_load_ms": max(0, round(first - loaded)),
            "typed_ms": typed, "kb_fetched": round(sum(fetched) / 1024, 1), "requests": len(fetched),
            **_pages_kb(site, pages), "results_shown": shown, "status": status}


API_OURS = """async ([root, q, filters, order]) => {
    const started = performance.now();
    const state = {q: q, order: order, filters: Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, [v]]))};
    const found = await window.spArchiveSearch.results(state, 20);
    return {ms: performance.now() - started, count: found.count};
}"""
API_PAGEFIND = """async ([root, q, filters, order]) => {
    const started = performance.now();
    const pagefind = await import(root + "pagefind/pagefind.js");
    await pagefind.init();
    const found = await pagefind.search(q || null, {filters: filters, ...(order ? {sort: {date: "desc"}} : {})});
    await Promise.all(found.results.slice(0, 20).map(r => r.data()));
    return {ms: performance.now() - started, count: found.results.length};
}"""


def measure_api(browser, base: str, letter: str, query: dict, engine: str, site: Path) -> dict:
    """One query through an engine's JS API on a letter's page that has loaded, cold cache: from the call
    until the first 20 results' titles are in hand (ours: search.js's `results`; Pagefind: `init`, `search`
    with the same filters and sort, `data()` of the first 20)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    pages: list[str] = []
    folder = "/pagefind/" if engine == "pagefind" else "/search/"
    page.on("requestfinished", lambda request: fetched.append(_size(request))
            if folder in urlsplit(request.url).path or _read_page(request) else None)
    page.on("requestfinished",
            lambda request: pages.append(urlsplit(request.url).path) if _read_page(request) else None)
    page.goto(base + letter, wait_until="networkidle")
    fetched.clear()
    pages.clear()
    script = API_PAGEFIND if engine == "pagefind" else API_OURS
    result = page.evaluate(script, [base, query["query"], query["filters"], query["order"]])
    context.close()
    return {**query, "engine": engine, "api_ms": round(result["ms"]), "kb_fetched": round(sum(fetched) / 1024, 1),
            "requests": len(fetched), **_pages_kb(site, pages), "results": result["count"]}


def _counted(request) -> bool:
    """The search script, the index's files (not the search page's own HTML) and the pages search.js reads."""
    path = urlsplit(request.url).path
    return (path.endswith("/assets/search.js") or ("/search/" in path and not path.endswith("/search/"))
            or _read_page(request))


def _read_page(request) -> bool:
    """A page search.js fetched (a result's letter, for its excerpt), not one the browser navigated to."""
    return request.resource_type == "fetch" and urlsplit(request.url).path.endswith("/")


def _pages_kb(site: Path, paths: list[str]) -> dict:
    """The pages search.js read: their size as served here, and gzip-compressed as a host that compresses sends them."""
    raw = packed = 0
    for path in paths:
        body = (site / path.lstrip("/") / "index.html").read_bytes()
        raw += len(body)
        packed += len(gzip.compress(body, 6))
    return {"pages": len(paths), "pages_kb": round(raw / 1024, 1), "pages_kb_gzip": round(packed / 1024, 1)}


def _size(request) -> int:
    sizes = request.sizes()
    return sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", help="one query instead of the reader's list")
    parser.add_argument("--filter", action="append", default=[], help="facet=value, with --query")
    parser.add_argument("--order", default="", choices=["", "newest", "oldest"])
    parser.add_argument("--api", choices=["ours", "pagefind"], help="time an engine's JS API instead of the pages")
    args = parser.parse_args(argv)
    if args.query is not None:
        queries = [{"name": "given", "query": args.query, "order": args.order,
                    "filters": dict(f.split("=", 1) for f in args.filter)}]
    else:
        queries = reader_queries(args.site)
    letters = sorted(p.name for p in (args.site / "communications").iterdir() if p.is_dir() and "-" in p.name)
    letter = "communications/" + letters[0] + "/"
    server, base = serve(args.site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for query in queries:
            result = (measure_api(browser, base, letter, query, args.api, args.site) if args.api
                      else measure(browser, base, letter, query, args.site))
            print(json.dumps(result, ensure_ascii=False), flush=True)
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
