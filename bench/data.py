"""The cost of the archive's data (tables, package, schemas, feeds, yearly records) beside the pages' Markdown, one run.

    python bench/data.py CONTENT [--workers N]

Loads and links CONTENT once, then times, in this order and in the same process: every
page's Markdown rendered into a spool (generator/build.py: spool_pages), the whole-archive
data files (generator/data: archive_files), and the records, a year of letters a file, written into
a spool (spool_records). Prints one line of JSON with the seconds, file counts and bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build import linked_content, spool_pages, spool_records
from generator.data import archive_files
from generator.publish.spool import MarkdownSpool
from generator.render.makers import page_makers
from generator.render.reads import digests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    views = linked_content(args.content, None, args.workers)
    with tempfile.TemporaryDirectory() as folder:
        spool = MarkdownSpool(Path(folder))
        start = time.perf_counter()
        pages = spool_pages(page_makers(views), spool, args.workers)
        pages_s = time.perf_counter() - start
        start = time.perf_counter()
        files = archive_files(views)
        files_s = time.perf_counter() - start
        start = time.perf_counter()
        records = spool_records(views, spool, digests(views))
        records_s = time.perf_counter() - start
        record_bytes = sum(p.stat().st_size for p in (Path(folder) / "files").rglob("*") if p.is_file())
    print(json.dumps({
        "letters": len(views.letters), "pages": len(pages), "pages_markdown_s": round(pages_s, 2),
        "archive_files_s": round(files_s, 2), "archive_files": len(files),
        "archive_files_mb": round(sum(map(len, files.values())) / 2**20, 1),
        "feeds": sum(1 for p in files if p.startswith("feeds/")),
        "record_json_s": round(records_s, 2), "record_json_files": len(records),
        "record_json_mb": round(record_bytes / 2**20, 1),
    }))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
