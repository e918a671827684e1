"""The browser's stemmers: npm's multilingual-stemmer (the Snowball algorithms compiled to WebAssembly).

scripts/setup.sh installs it, pinned, into .cache/npm/; the index ships its two browser files
(the module and its .wasm) under search/, named by their hash. They give the same stems as
the `snowballstemmer` package the index is built with (tests/browser/test_search_queries.py, every word of
the archive stemmed in the browser and by the index).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import StemmerMissing

PACKAGE = "multilingual-stemmer"
VERSION = "2.1.1"
FILES = ("index.js", "index_bg.wasm")


def stemmer_folder() -> Path:
    """Where the stemmer's browser files are: SP_ARCHIVE_NPM (a node_modules' parent), else .cache/npm of the
    repository."""
    npm = os.environ.get("SP_ARCHIVE_NPM") or str(Path(__file__).resolve().parents[2] / ".cache" / "npm")
    return Path(npm) / "node_modules" / PACKAGE / "dist" / "browser"


def stemmer_files() -> list[tuple[str, bytes]]:
    """(suffix, bytes) of the module and its WebAssembly, or StemmerMissing with what to run."""
    folder = stemmer_folder()
    try:
        return [(Path(name).suffix, (folder / name).read_bytes()) for name in FILES]
    except OSError as exc:
        raise StemmerMissing(
            f"{folder / Path(exc.filename or FILES[0]).name}: the search's stemmer ({PACKAGE} {VERSION} from npm) is "
            "not installed; run bash scripts/setup.sh"
        ) from None
