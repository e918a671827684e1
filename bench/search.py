"""Search cost in Chromium on a built site: bytes of index fetched for a query, time to first results.

    python bench/search.py bench/.data/run-1000-750/site "forced labour" [--json]

Serves the site on localhost, opens its home page in Debian's Chromium (Playwright),
types the query in the header search, and reports the bytes fetched under /pagefind/
(the search bundle and index chunks), the milliseconds from the page's load event to the
first result on screen (typing included: `query_ms`), and, on a fresh load with the
search box focused first as a reader would, from the typed query to the first result
(`typed_ms`).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
RESULT = ".pagefind-ui__result"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def measure(site: Path, query: str) -> dict[str, float]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    fetched: list[int] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("requestfinished", lambda request: fetched.append(_size(request)) if "/pagefind/" in request.url else None)
        page.goto(base, wait_until="load")
        started = page.evaluate("performance.now()")
        page.fill("#sp-search input", query)
        page.wait_for_selector(RESULT, timeout=180_000)
        first = page.evaluate("performance.now()") - started
        page.wait_for_load_state("networkidle")
        results = page.locator(RESULT).count()
        kb, requests = round(sum(fetched) / 1024), len(fetched)
        # A reader's way: the page has loaded, they click into the box (the search bundle
        # loads on focus), and type; measured from the typed query to the first result.
        page.goto(base, wait_until="networkidle")
        page.focus("#sp-search input")
        page.wait_for_load_state("networkidle")
        started = page.evaluate("performance.now()")
        page.fill("#sp-search input", query)
        page.wait_for_selector(RESULT, timeout=180_000)
        typed = page.evaluate("performance.now()") - started
        browser.close()
    server.shutdown()
    return {"query_ms": round(first), "typed_ms": round(typed), "index_kb": kb, "requests": requests, "results_shown": results}


def _size(request) -> int:
    sizes = request.sizes()
    return sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("query")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.site, args.query)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
