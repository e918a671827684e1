"""One `mkdocs build` of an archive bench/run.py generated, timed as run.py times it: wall, the search index's
time, letters analysed, peak memory (PSS of the process tree); and the site's size as run.py reports it.

    python bench/rebuild.py bench/.data/run-20000-15000             # a rebuild with the caches as they are
    python bench/rebuild.py bench/.data/run-20000-15000 --cold      # the cache removed first (.cache/sp-archive)
    python bench/rebuild.py bench/.data/run-20000-15000 --timeline  # also the memory every 10 s: where the peak is

For comparing two commits side by side on the same archive and site: check out one, run it, then the other.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import run


def timeline(content: Path, site: Path) -> None:
    """The build with the process tree's memory (PSS) sampled every 0.25 s; printed as the highest in each 10 s with
    the number of worker processes then, beside the build's own lines and when they came."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(run.REPO / "mkdocs.yml"), "-d", str(site)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=run.REPO, env=run.mkdocs_env(content), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.perf_counter() - started, line.rstrip()))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    tens: dict[int, tuple[float, int]] = {}
    while process.poll() is None:
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True)
        at, memory = time.perf_counter() - started, run._tree_memory(process.pid) / 2**20
        high, workers = tens.get(int(at // 10), (0.0, 0))
        tens[int(at // 10)] = (max(high, memory), max(workers, len(children.stdout.split())))
        time.sleep(0.25)
    reader.join()
    for at, line in lines:
        print(f"{at:7.1f} s  {line}")
    print("highest memory (MB) / workers, every 10 s:",
          " ".join(f"{t * 10}s:{high:.0f}/{workers}" for t, (high, workers) in sorted(tens.items())))
    print(f"peak {max(high for high, _ in tens.values()):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="a bench/run.py folder: its content/ is built into its site/")
    parser.add_argument("--cold", action="store_true", help="remove the build's cache first")
    parser.add_argument("--timeline", action="store_true", help="print the memory every 10 s and the build's lines")
    arguments = parser.parse_args()
    if arguments.cold:
        shutil.rmtree(run.REPO / ".cache" / "sp-archive", ignore_errors=True)
    if arguments.timeline:
        timeline(arguments.work / "content", arguments.work / "site")
        return
    wall, peak, index_s, analysed = run.mkdocs_build(arguments.work / "content", arguments.work / "site")
    site = arguments.work / "site"
    size = run.published_size(site)
    letters = [p.stat().st_size for p in (site / "communications").glob("*/index.html") if p.parent.name != "page"]
    print(f"{'cold build' if arguments.cold else 'rebuild'}: {wall:.2f} s, search index {index_s:.2f} s, "
          f"{analysed} letter(s) analysed, peak {peak / 2**20:.0f} MB; site {size.mb:,.1f} MB in {size.files:,} files, "
          f"letter page mean {sum(letters) / max(len(letters), 1) / 1024:.1f} KB", file=sys.stdout)


if __name__ == "__main__":
    main()
