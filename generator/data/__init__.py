"""The archive as data — CSV tables, a Data Package, JSON Schemas, every record as JSON, Atom feeds, charts.

Made from the same linked views as the pages, with no second pipeline. `archive_files`
gives the whole-archive files; the records (a year of letters a file, `records.record_files`)
are written by the build into its spool one year at a time, so that 20,000 letters' JSON is
never held at once; `archive_files(views, records=True)` adds them here (a small archive, tests).
"""

from __future__ import annotations

from ..link.views import Views
from ..model import schema
from .charts import chart_files
from .csvfile import csv_bytes
from .feeds import feed_files
from .package import datapackage_bytes
from .records import record_files
from .tables import archive_tables


def archive_files(views: Views, records: bool = False) -> dict[str, bytes]:
    """Site path → bytes of every whole-archive download and feed (and, with `records`, the yearly records)."""
    tables = archive_tables(views)
    files = {table.path: csv_bytes(table) for table in tables}
    files["data/datapackage.json"] = datapackage_bytes(views, tables)
    for kind in schema.MODELS:
        files[f"data/schema/{kind}.schema.json"] = schema.schema_text(kind).encode("utf-8")
    files.update(feed_files(views))
    files.update(chart_files(views))
    if records:
        files.update(record_files(views))
    return files
