"""Benchmark the archive build side by side with Hugo, on one synthetic archive, in one run.

    python bench/run.py --communications 1000 --replies 750 [--json]

Generates a synthetic archive (bench/synthetic_archive.py) under bench/.data/, then measures:
a cold `mkdocs build` (the real code path, SP_ARCHIVE_CONTENT pointing at the archive; the
search index's share reported apart); Hugo (Debian's `hugo`) over the same generated Markdown
with a minimal layout; Pagefind over Hugo's output; Python-Markdown alone on the same pages
with MkDocs' extensions; and a rebuild after adding one new communication, run the way the
README tells a contributor to (`mkdocs build` again), with the letters its search index
analysed. Peak memory is the largest sum of the proportional set sizes (PSS) of the build's
whole process tree (MkDocs and its workers), polled from /proc.

The search index is also measured alone (bench/search_index.py ours: its time, and the
memory it adds to the process), side by side with Pagefind indexing the same letters with
the same facets (bench/search_index.py pages, then pagefind), which is written into the site's
pagefind/ folder so that `bench/search.py SITE --pagefind` can run the same queries on it.

The site's size (site_mb, MB of 2**20 bytes, and site_files) is that of the site the rebuild
published, counted as the build counts it (generator/publish/staging.py's `site_size`), without that
pagefind/ folder: what a host receives (README, Hosting).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# Imported once sys.path holds the repository and bench/ (run as a script, not as a package).
import synthetic_archive  # noqa: E402

from generator.publish.staging import SiteSize, site_size  # noqa: E402

DATA = REPO / "bench" / ".data"
INDEX_LINE = re.compile(r"Search index made in ([0-9.]+) s: (\d+) document\(s\) analysed, (\d+) read from the cache")
HUGO_LAYOUT = "<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"
HUGO_CONFIG = """baseURL = "http://localhost/"
title = "SYNTHETIC benchmark"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""


# ---------------------------------------------------------------- measuring

def _tree_memory(root: int) -> int:
    """Memory of `root` and all its descendants, in bytes: the sum of their proportional set sizes.

    PSS, not RSS: the build forks workers that share most of their pages with the parent,
    and summing RSS would count every shared page once per process.
    """
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss(pid)
        stack += children.get(pid, [])
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(command: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> tuple[float, int, str]:
    """Run a command; return (wall seconds, peak tree memory (PSS) in bytes, combined output). Fails loudly."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(process.pid))
            done.wait(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    output = process.communicate()[0]
    wall = time.perf_counter() - started
    done.set()
    poller.join()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-4000:]}")
    return wall, peak[0], output


def mkdocs_env(content: Path) -> dict[str, str]:
    return {**os.environ, "SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(content: Path, site: Path) -> tuple[float, int, float, int]:
    """`mkdocs build` as the README gives it; return (wall s, peak memory, search index s, letters it analysed)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    wall, peak, output = timed(command, env=mkdocs_env(content))
    found = INDEX_LINE.search(output)
    if not found:
        raise SystemExit(f"no search index line in the build's output:\n{output[-2000:]}")
    return wall, peak, float(found.group(1)), int(found.group(2))


def search_index_alone(content: Path) -> dict:
    """bench/search_index.py ours: the index's own time and the memory it adds."""
    command = [sys.executable, str(REPO / "bench" / "search_index.py"), "ours", str(content)]
    _, _, output = timed(command)
    return json.loads(output.strip().splitlines()[-1])


def pagefind_index(content: Path, site: Path, work: Path) -> tuple[float, int]:
    """Pagefind over the same search documents, into site/pagefind/; return (wall s, peak PSS)."""
    pages = work / "pagefind-pages"
    shutil.rmtree(pages, ignore_errors=True)
    timed([sys.executable, str(REPO / "bench" / "search_index.py"), "pages", str(content), str(pages)])
    wall, peak, _ = timed([sys.executable, str(REPO / "bench" / "search_index.py"), "pagefind", str(pages), str(site)])
    return wall, peak


def pagefind_command(site: Path) -> list[str]:
    from pagefind_bin import get_executable

    return [str(get_executable()), "--site", str(site), "--exclude-selectors", ".headerlink", "--quiet"]


# ---------------------------------------------------------------- the peers

def dump_pages(content: Path, folder: Path) -> dict[str, str]:
    """The generator's pages, as MkDocs receives them; also written to `folder` for Hugo."""
    from generator.build import archive_pages

    pages = archive_pages(content)
    if folder.exists():
        shutil.rmtree(folder)
    directories = [uri.removesuffix("index.md").rstrip("/") for uri in pages]
    branches = {"", *(parent for d in directories for parent in _ancestors(d))}
    for uri, markdown in pages.items():
        directory = uri.removesuffix("index.md").rstrip("/")
        # Hugo: a folder holding other pages is a branch bundle (_index.md); else a leaf (index.md).
        name = "_index.md" if directory in branches else "index.md"
        target = folder / "content" / directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (folder / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    return pages


def _ancestors(directory: str) -> list[str]:
    """'a/b/c' -> ['a', 'a/b']."""
    parts = directory.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def ensure_hugo() -> str:
    """Debian's hugo; installed with apt-get when missing."""
    found = shutil.which("hugo")
    if found:
        return found
    subprocess.run(["apt-get", "install", "-y", "hugo"], check=True, capture_output=True)
    return shutil.which("hugo") or "hugo"


MARKDOWN_ONLY = """
import sys, time, json, markdown
pages = json.load(open(sys.argv[1], encoding="utf-8"))
md = markdown.Markdown(extensions=["toc", "tables", "fenced_code"], extension_configs={"toc": {"permalink": True}})
started = time.perf_counter()
for text in pages.values():
    body = text.split("\\n---\\n", 1)[1] if text.startswith("---\\n") else text
    md.reset().convert(body)
print(time.perf_counter() - started)
"""


def markdown_only(pages: dict[str, str], work: Path) -> float:
    """Python-Markdown alone (one instance, reset per page), MkDocs' default extensions plus mkdocs.yml's toc."""
    source = work / "pages.json"
    source.write_text(json.dumps(pages), encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", MARKDOWN_ONLY, str(source)], check=True, capture_output=True,
                            text=True)
    return float(result.stdout.strip())


# ---------------------------------------------------------------- one run

def one_more_letter(content: Path, seed: int) -> Path:
    """Add one new synthetic communication to the archive, as a contributor would; return its path."""
    import random

    rng = random.Random(seed)
    mandates = [(p.stem, _first_resolution(p)) for p in sorted((content / "mandates").glob("*.yaml"))]
    norms = [n for p in sorted((content / "norms").glob("*.yaml")) for n in _norm_ids(p)]
    letter = synthetic_archive.letter_record(99999, rng, mandates, norms)
    year, name = synthetic_archive.slug(letter["reference"])
    path = content / "communications" / year / f"{name}.yaml"
    synthetic_archive.write(path, letter)
    return path


def _first_resolution(path: Path) -> str:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["resolutions"][0]["resolution"]


def _norm_ids(path: Path) -> list[str]:
    import yaml

    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [record["instrument"]["id"], *(p["id"] for p in record.get("provisions", []))]


def note(line: str) -> None:
    """A measurement as soon as it is taken (stderr), so a long run that is cut short still reports."""
    print(f"# {time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def published_size(site: Path) -> SiteSize:
    """The site as the build published it, counted as the build counts it, without the pagefind/ folder added here."""
    whole = site_size(site)
    pagefind = site_size(site / "pagefind") if (site / "pagefind").is_dir() else SiteSize(0, 0)
    return SiteSize(whole.bytes - pagefind.bytes, whole.files - pagefind.files)


def run(communications: int, replies: int, seed: int) -> dict[str, float | int]:
    work = DATA / f"run-{communications}-{replies}"
    content = synthetic_archive.generate(work / "content", communications, replies, seed)
    site = work / "site"
    for leftover in (site, work / "hugo-site"):
        shutil.rmtree(leftover, ignore_errors=True)
    # a cold build has no cache (mkdocs.yml: cache_dir)
    shutil.rmtree(REPO / ".cache" / "sp-archive", ignore_errors=True)

    wall, peak, index_s, _ = mkdocs_build(content, site)
    note(f"mkdocs build, cold: {wall:.2f} s (search index {index_s:.2f} s), peak {peak / 2**20:.0f} MB")
    alone = search_index_alone(content)
    note(f"search index alone: {alone}")
    pagefind_s, pagefind_peak = pagefind_index(content, site, work)
    note(f"Pagefind over the same letters: {pagefind_s:.2f} s, peak {pagefind_peak / 2**20:.0f} MB")
    pages = dump_pages(content, work / "hugo")
    hugo = ensure_hugo()
    hugo_s, _, _ = timed([hugo, "--quiet", "-s", str(work / "hugo"), "-d", str(work / "hugo-site")])
    hugo_pf_s, _, _ = timed(pagefind_command(work / "hugo-site"))
    note(f"hugo: {hugo_s:.2f} s; pagefind over hugo: {hugo_pf_s:.2f} s")
    md_s = markdown_only(pages, work)
    note(f"Python-Markdown alone: {md_s:.2f} s")
    one_more_letter(content, seed + 1)
    rebuild_s, rebuild_peak, rebuild_index_s, reanalysed = mkdocs_build(content, site)
    note(f"rebuild after one new letter: {rebuild_s:.2f} s (search index {rebuild_index_s:.2f} s, "
         f"{reanalysed} letter(s) analysed)")
    unchanged_s, unchanged_peak, unchanged_index_s, _ = mkdocs_build(content, site)
    note(f"rebuild with nothing changed: {unchanged_s:.2f} s (search index {unchanged_index_s:.2f} s)")
    pagefind_index(content, site, work)  # the rebuilt site has no pagefind/ folder: index it again for bench/search.py

    letter_pages = [p for p in (site / "communications").glob("*/index.html") if p.parent.name != "page"]
    published = published_size(site)
    html_pages = sum(1 for _ in site.rglob("index.html"))
    return {
        "communications": communications,
        "replies": replies,
        "pages": html_pages,
        "generated_pages": len(pages),
        "mkdocs_cold_s": round(wall, 2),
        "mkdocs_build_s": round(wall - index_s, 2),
        "search_index_s": round(index_s, 2),
        "search_index_alone_s": alone["index_s"],
        "search_index_added_mb": alone["added_mb"],
        "search_index_process_peak_mb": alone["peak_mb"],
        "pagefind_same_letters_s": round(pagefind_s, 2),
        "pagefind_same_letters_peak_mb": round(pagefind_peak / 2**20),
        "rebuild_search_index_s": round(rebuild_index_s, 2),
        "rebuild_letters_analysed": reanalysed,
        "hugo_s": round(hugo_s, 2),
        "hugo_pagefind_s": round(hugo_s + hugo_pf_s, 2),
        "markdown_only_s": round(md_s, 2),
        "rebuild_one_s": round(rebuild_s, 2),
        "rebuild_unchanged_s": round(unchanged_s, 2),
        "rebuild_unchanged_index_s": round(unchanged_index_s, 2),
        "peak_rss_mb": round(max(peak, rebuild_peak, unchanged_peak) / 2**20),
        "case_page_kb": round(max(p.stat().st_size for p in letter_pages) / 1024, 1),
        "case_page_mean_kb": round(sum(p.stat().st_size for p in letter_pages) / len(letter_pages) / 1024, 1),
        "site_mb": round(published.mb),
        "site_files": published.files,
        "search_mb": round(du(site / "search") / 2**20),
        "pagefind_mb": round(du(site / "pagefind") / 2**20),
    }


def table(result: dict[str, float | int]) -> str:
    hugo, hugo_pf = result["hugo_s"], result["hugo_pagefind_s"]
    rows = [
        ("pages (HTML) / generated Markdown", f"{result['pages']} / {result['generated_pages']}", ""),
        ("mkdocs build, without search index", f"{result['mkdocs_build_s']} s",
         f"{result['mkdocs_build_s'] / hugo:.1f}x Hugo"),
        ("search index (inside mkdocs build)", f"{result['search_index_s']} s", ""),
        ("search index alone: time, memory added",
         f"{result['search_index_alone_s']} s, {result['search_index_added_mb']} MB", ""),
        ("Pagefind, same letters: time, peak",
         f"{result['pagefind_same_letters_s']} s, {result['pagefind_same_letters_peak_mb']} MB",
         f"{result['pagefind_same_letters_s'] / result['search_index_alone_s']:.1f}x the search index"),
        ("mkdocs build, cold, with index", f"{result['mkdocs_cold_s']} s",
         f"{result['mkdocs_cold_s'] / hugo_pf:.1f}x Hugo+Pagefind"),
        ("Hugo, minimal layout", f"{hugo} s", "1.0x"),
        ("Hugo + Pagefind", f"{hugo_pf} s", ""),
        ("Python-Markdown alone", f"{result['markdown_only_s']} s", f"{result['markdown_only_s'] / hugo:.1f}x Hugo"),
        ("rebuild after one new letter", f"{result['rebuild_one_s']} s",
         f"{result['rebuild_one_s'] / hugo:.1f}x Hugo cold"),
        ("  its search index, letters analysed",
         f"{result['rebuild_search_index_s']} s, {result['rebuild_letters_analysed']}", ""),
        ("rebuild with nothing changed, its index", f"{result['rebuild_unchanged_s']} s",
         f"{result['rebuild_unchanged_s'] / hugo:.1f}x Hugo cold; index {result['rebuild_unchanged_index_s']} s"),
        ("peak memory (PSS), process tree", f"{result['peak_rss_mb']} MB", ""),
        ("letter page HTML, largest / mean", f"{result['case_page_kb']} / {result['case_page_mean_kb']} KB", ""),
        ("site: MB, files (GitHub Pages: 1024 MB)", f"{result['site_mb']} MB, {result['site_files']:,}", ""),
        ("search index / Pagefind's", f"{result['search_mb']} / {result['pagefind_mb']} MB", ""),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value:>16}  {ratio}" for name, value, ratio in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communications", type=int, default=1000)
    parser.add_argument("--replies", type=int, default=750)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = parser.parse_args(argv)
    result = run(args.communications, args.replies, args.seed)
    print(table(result))
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
