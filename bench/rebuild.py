"""One `mkdocs build` of an archive bench/run.py generated, timed as run.py times it: wall, the search index's
time, letters analysed, peak memory (PSS of the process tree); and the site's size as run.py reports it.

    python bench/rebuild.py bench/.data/run-20000-15000          # a rebuild with the caches as they are
    python bench/rebuild.py bench/.data/run-20000-15000 --cold   # the cache removed first (.cache/sp-archive)

For comparing two commits side by side on the same archive and site: check out one, run it, then the other.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a bench/run.py folder: its content/ is built into its site/")
    parser.add_argument("--cold", action="store_true", help="remove the build's cache first")
    arguments = parser.parse_args()
    if arguments.cold:
        shutil.rmtree(run.REPO / ".cache" / "sp-archive", ignore_errors=True)
    wall, peak, index_s, analysed = run.mkdocs_build(arguments.work / "content", arguments.work / "site")
    site = arguments.work / "site"
    size = run.published_size(site)
    letters = [p.stat().st_size for p in (site / "communications").glob("*/index.html") if p.parent.name != "page"]
    print(f"{'cold build' if arguments.cold else 'rebuild'}: {wall:.2f} s, search index {index_s:.2f} s, "
          f"{analysed} letter(s) analysed, peak {peak / 2**20:.0f} MB; site {size.mb:,.1f} MB in {size.files:,} files, "
          f"letter page mean {sum(letters) / max(len(letters), 1) / 1024:.1f} KB", file=sys.stdout)


if __name__ == "__main__":
    main()
