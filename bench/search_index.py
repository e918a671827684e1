"""Index builds side by side: the archive's own search index and Pagefind, over the same letters.

    python bench/search_index.py ours CONTENT [OUT]           # time and memory of generator.search alone
                                                              # (files into OUT)
    python bench/search_index.py pages CONTENT PAGES          # one small HTML page a letter, for Pagefind
    python bench/search_index.py pagefind PAGES SITE          # Pagefind's CLI (pagefind[bin]) into SITE/pagefind/

`ours` loads and links the archive, then resets the kernel's peak-memory mark
(/proc/self/clear_refs) and builds the index in memory: it prints the index's own time,
the process's peak during it and how much of that the index added. `pages` writes the same
search documents as one minimal HTML page a letter, the way Pagefind reads a site: the same
words in `data-pagefind-body`, the same facets as `data-pagefind-filter` (by the same names),
the date as `data-pagefind-sort`; `pagefind` runs Pagefind's CLI over them (its Python API
takes about 0.1 s a record, which would be unfair to it), so that bench/search.py --pagefind
runs the same queries through Pagefind.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _linked(content: Path):
    from generator.build import linked_content
    from generator.errors import ContentInvalid

    try:
        return linked_content(content, workers=2)
    except ContentInvalid as invalid:
        raise SystemExit(f"{content}: {invalid}") from None


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def ours(content: Path, out: Path | None = None) -> dict:
    from generator.search import search_index

    views = _linked(content)
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from what is resident now
    before = _status_kb("VmRSS")
    started = time.perf_counter()
    files = search_index(views)
    seconds = time.perf_counter() - started
    peak = _status_kb("VmHWM")
    for name, body in files.items() if out else ():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(body)
    return {"index_s": round(seconds, 2), "peak_mb": round(peak / 1024), "added_mb": round((peak - before) / 1024),
            "files": len(files), "index_mb": round(sum(map(len, files.values())) / 2**20, 1)}


def pages(content: Path, out: Path) -> int:
    from html import escape

    from generator.search.documents import search_documents

    count = 0
    for document in search_documents(_linked(content)):
        filters = "".join(
            f'<span data-pagefind-filter="{name}">{escape(value)}</span>'
            for name, values in document.facets.items() for value in values
        )
        # The same weight for names as the archive's index gives them (Pagefind's data-pagefind-weight), each
        # reply a page of its own. Every page says lang=en: Pagefind keeps one index per page language and
        # searches only the index of the page it runs on, so per-language pages would hide French and
        # Spanish letters from it altogether; in one index it stems them as English.
        page = (
            "<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>{escape(document.card['reference'])}</title></head>"
            f"<body><main data-pagefind-body><h1>{escape(document.card['reference'])}</h1>"
            f'<div hidden data-pagefind-ignore="index">{filters}'
            f'<span data-pagefind-sort="date">{document.card["date"]}</span></div>'
            + "".join(f'<p data-pagefind-weight="5">{escape(name)}</p>' for name in document.names)
            + "".join(f"<p>{escape(text)}</p>" for _, text in document.lines)
            + "</main></body></html>"
        )
        target = out / document.card["url"].replace("#", "") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        count += 1
    return count


def pagefind(source: Path, site: Path) -> int:
    import shutil
    import subprocess

    from pagefind_bin import get_executable

    shutil.rmtree(site / "pagefind", ignore_errors=True)
    command = [str(get_executable()), "--site", str(source), "--output-path", str(site / "pagefind"), "--quiet"]
    subprocess.run(command, check=True)
    return sum(1 for _ in source.rglob("index.html"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["ours"] and len(args) in (2, 3):
        print(json.dumps(ours(Path(args[1]), Path(args[2]) if len(args) == 3 else None)))
    elif args[:1] == ["pages"] and len(args) == 3:
        print(pages(Path(args[1]), Path(args[2])), "pages")
    elif args[:1] == ["pagefind"] and len(args) == 3:
        print(pagefind(Path(args[1]), Path(args[2])), "letters indexed by Pagefind")
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
