"""Relevance side by side: the archive's search index and Pagefind 1.5.2, on the same documents, judged queries.

    python bench/relevance.py [--communications 300] [--replies 150] [--seed 1] [--json]

Generates an archive with known forms planted in chosen documents, plus the real letter
AL OTH 102/2021 (bench/planted.py: the plants, the queries and how each query's judged
documents are found), builds it with `mkdocs build` (the real code path, the build cache
off), indexes the same search documents with Pagefind the way bench/run.py does
(bench/search_index.py pages, then pagefind, into the site's pagefind/), then runs every
query, as typed, through both engines' JS APIs in one Chromium session on the served site:
search.js's `spArchiveSearch.results({q, order: "", filters: {}}, 20)` and Pagefind's
`search(q)` with `data()` of its first 20 results.

For each query it reports, per engine, how many judged documents are among the first 20
results (recall@20) and the rank of the best-ranked one ("–": none in the first 20); then
the mean recall and how many queries put a judged document first.

A result is a document by its URL: a letter by its page (`communications/<slug>/`, the
query and a `#p12`-style fragment dropped); a reply by `#reply-<date>` after its letter's
page (search.js's cards) or by a page `communications/<slug>/reply-<date>/` of its own
(the pages bench/search_index.py writes for Pagefind). A judged reply is found by a result
that is the reply, or by one that is its letter's page, for both engines alike: the page
that holds the reply, where a reader who follows the result finds it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import planted  # noqa: E402
from run import DATA, mkdocs_env, note, pagefind_index, timed  # noqa: E402

ENGINES = {"ours": "search index", "pagefind": "Pagefind 1.5.2"}
PAGE = "communications/al-oth-102-2021/"
"""The page the queries run on (the real letter: it is in every archive this script makes)."""
SIZE = 20

ASK = """async ([root, queries, size]) => {
    const pagefind = await import(root + "pagefind/pagefind.js");
    await pagefind.init();
    const answers = [];
    for (const q of queries) {
        const answer = {};
        try {
            const found = await window.spArchiveSearch.results({q: q, order: "", filters: {}}, size);
            answer.ours = {count: found.count, urls: found.results.map(r => r.card.url)};
        } catch (error) { answer.ours = {error: String(error)}; }
        try {
            const found = await pagefind.search(q);
            const data = await Promise.all(found.results.slice(0, size).map(r => r.data()));
            answer.pagefind = {count: found.results.length, urls: data.map(d => d.url)};
        } catch (error) { answer.pagefind = {error: String(error)}; }
        answers.push(answer);
    }
    return answers;
}"""


# ---------------------------------------------------------------- the run


def build(content: Path, site: Path, work: Path) -> tuple[float, float]:
    """`mkdocs build` without its cache, then Pagefind over the same documents; return both times."""
    shutil.rmtree(site, ignore_errors=True)
    env = {**mkdocs_env(content), "SP_ARCHIVE_CACHE": ""}
    env.pop("SP_ARCHIVE_SITE_URL", None)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    mkdocs_s, _, _ = timed(command, env=env)
    pagefind_s, _ = pagefind_index(content, site, work)
    return mkdocs_s, pagefind_s


def ask(site: Path, queries: list[str]) -> list[dict]:
    """Every query through both engines, in one Chromium session on the served site."""
    from playwright.sync_api import sync_playwright
    from search import ARGS, CHROMIUM, serve

    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(base + PAGE, wait_until="load")
            page.wait_for_function("window.spArchiveSearch !== undefined", timeout=60_000)
            answers = page.evaluate(ASK, [base, queries, SIZE])
            browser.close()
    finally:
        server.shutdown()
    return answers


# ---------------------------------------------------------------- scoring


def document_of(url: str) -> str:
    """The document a result's URL names: 'communications/<slug>/' or 'communications/<slug>/#reply-<date>'."""
    parts = urlsplit(unquote(url))
    path = parts.path.lstrip("/")
    segments = path.rstrip("/").split("/")
    if segments[-1].startswith("reply-"):
        return "/".join(segments[:-1]) + "/#" + segments[-1][: len("reply-YYYY-MM-DD")]
    if parts.fragment.startswith("reply-"):
        return path + "#" + parts.fragment[: len("reply-YYYY-MM-DD")]
    return path


@dataclass(frozen=True)
class Score:
    """One engine's answer to one query, against its judged documents."""

    found: int
    judged: int
    best_rank: int | None
    count: int | None
    top: tuple[str, ...]
    error: str = ""

    @property
    def recall(self) -> float:
        return self.found / self.judged


Judged = list[list[planted.Document]]
"""Each query's judged documents, in planted.QUERIES' order."""
Scores = list[dict[str, Score]]
"""Each query's score by engine, in the same order."""


def score(answer: dict, judged: list[planted.Document]) -> Score:
    """Recall@SIZE over the judged documents, the rank of the best one; a reply is also found by its letter's page."""
    if "error" in answer:
        return Score(0, len(judged), None, None, (), answer["error"])
    results = [document_of(url) for url in answer["urls"]]
    finds = [{d.id, d.page} for d in judged]
    found = sum(1 for ids in finds if ids & set(results))
    ranks = [n for n, result in enumerate(results, 1) if any(result in ids for ids in finds)]
    return Score(found, len(judged), ranks[0] if ranks else None, answer["count"], tuple(results[:5]))


def report(queries: list[planted.Query], judged: Judged, scores: Scores) -> str:
    """The Markdown table: a row a query, then the totals."""
    head = ["Query", "Tests", "Judged", *(f"{ENGINES[e]}: {c}" for e in ENGINES for c in ("found", "best rank"))]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 3 + "---:|" * (2 * len(ENGINES))]
    for query, documents, by_engine in zip(queries, judged, scores, strict=True):
        cells = [f"`{query.text}`", query.tests, str(len(documents))]
        for engine in ENGINES:
            s = by_engine[engine]
            cells += ["error" if s.error else f"{s.found}/{s.judged}", str(s.best_rank or "–")]
        lines.append("| " + " | ".join(cells) + " |")
    totals = ["**all queries**", "mean recall@20; judged document first", ""]
    for engine in ENGINES:
        mine = [by_engine[engine] for by_engine in scores]
        firsts = sum(s.best_rank == 1 for s in mine)
        totals += [f"{sum(s.recall for s in mine) / len(mine):.2f}", f"{firsts}/{len(mine)} first"]
    lines.append("| " + " | ".join(totals) + " |")
    return "\n".join(lines)


def commit() -> str:
    """The commit the run is of, with '+ uncommitted changes' when tracked files differ from it."""
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    status = [*git, "status", "--porcelain", "--untracked-files=no"]
    dirty = subprocess.run(status, capture_output=True, text=True).stdout
    return (head or "no git") + (" + uncommitted changes" if dirty.strip() else "")


def run(communications: int, replies: int, seed: int, variants: bool) -> tuple[list[planted.Document], Judged, Scores]:
    """Generate, build, index and ask; return the documents, each query's judged ones and its scores by engine."""
    work = DATA / f"relevance-{communications}-{replies}-{seed}"
    documents = planted.generate(work / "content", communications, replies, seed, variants=variants)
    judged = [planted.judged(query, documents) for query in planted.QUERIES]
    mkdocs_s, pagefind_s = build(work / "content", work / "site", work)
    note(f"mkdocs build {mkdocs_s:.1f} s, Pagefind {pagefind_s:.1f} s, {len(documents)} documents")
    answers = ask(work / "site", [query.text for query in planted.QUERIES])
    scores = [{engine: score(answer[engine], wanted) for engine in ENGINES}
              for answer, wanted in zip(answers, judged, strict=True)]
    return documents, judged, scores


def as_json(command: str, seconds: float, judged: Judged, scores: Scores) -> str:
    """One line: the run, and every query's judged documents and each engine's score and first results."""
    queries = [
        {"query": query.text, "tests": query.tests, "judged": [d.id for d in wanted],
         **{engine: {**vars(by_engine[engine]), "recall": round(by_engine[engine].recall, 3)} for engine in ENGINES}}
        for query, wanted, by_engine in zip(planted.QUERIES, judged, scores, strict=True)
    ]
    return json.dumps({"command": command, "commit": commit(), "seconds": round(seconds, 1), "queries": queries},
                      ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communications", type=int, default=300)
    parser.add_argument("--replies", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-spelling-variants", action="store_true",
                        help="no spelling_variants in content/archive.yaml (for an index that does not read them)")
    parser.add_argument("--json", action="store_true", help="end with a line of JSON: scores, first results")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    documents, judged, scores = run(args.communications, args.replies, args.seed, not args.no_spelling_variants)
    seconds = time.perf_counter() - started
    command = (f".venv/bin/python bench/relevance.py --communications {args.communications} --replies {args.replies} "
               f"--seed {args.seed}" + (" --no-spelling-variants" if args.no_spelling_variants else ""))
    replies = sum(1 for d in documents if "#reply-" in d.id)
    print(report(planted.QUERIES, judged, scores))
    print(f"\n{len(documents)} documents ({len(documents) - replies - 1} synthetic letters, the real AL OTH 102/2021, "
          f"{replies} replies); commit {commit()}; {seconds:.0f} s in all.\nReproduce: {command}")
    if args.json:
        print(as_json(command, seconds, judged, scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
