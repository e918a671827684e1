"""Shared, session-scoped builds: each site is built once (real MkDocs, real Pagefind) and reused."""

from __future__ import annotations

import copy
import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import synthetic

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
PAYLOAD = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> '
    '[x](javascript:window.__pwned=1) {: onclick="window.__pwned=1" } {{ 7*7 }} {% if true %}T{% endif %} '
    "*emphasis* `code` &lt;b&gt; <a href=\"javascript:window.__pwned=1\">a</a>"
)
"""Hostile text placed in every string field of a synthetic record."""

PAGED_LETTERS = 105
"""Extra letters to one addressee, so that its list needs two pages."""


# ---------------------------------------------------------------- building

def build_site(
    content: Path, site_dir: Path, *extra: str, cache: Path | None = None, workers: int = 2, site_url: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` on the repository's mkdocs.yml with `content` as the content folder.

    The build cache is off unless a `cache` folder is given, so every test builds cold.
    Pages are rendered by two worker processes, as on the two-core machines CI runs on.
    """
    env = {
        **os.environ, "SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1",
        "SP_ARCHIVE_CACHE": str(cache or ""), "SP_ARCHIVE_WORKERS": str(workers),
    }
    if site_url:
        env["SP_ARCHIVE_SITE_URL"] = site_url
    else:
        env.pop("SP_ARCHIVE_SITE_URL", None)
    command = [*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir), *extra]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False)


def built(content: Path, site_dir: Path, cache: Path | None = None, workers: int = 2, site_url: str = "") -> Path:
    """Build, failing the test session with MkDocs' output when the build fails."""
    result = build_site(content, site_dir, cache=cache, workers=workers, site_url=site_url)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


# ---------------------------------------------------------------- synthetic archives

def rich_archive(root: Path) -> Path:
    """A synthetic archive with a reply, a batch, a reference in the text, a State letter and a paged list."""
    first = synthetic.communication("AL OTH 1/2021", date(2021, 3, 12))
    first["sections"][0]["paragraphs"][0]["text"] = (
        "We write about cobalt refineries near the river. This is synthetic."
    )
    second = synthetic.communication(
        "AL CHE 2/2021", date(2021, 3, 12),
        addressee={"kind": "state", "name": "Switzerland", "country": "CHE"},
        salutation="Excellency,",
        related=[{"reference": "AL OTH 1/2021", "relation": "batch"}],
        mandates=[{"mandate": "sr-testing", "resolution": "1/1"}, {"mandate": "wg-other", "resolution": "2/2"}],
    )
    second["sections"][0]["paragraphs"][0]["text"] = (
        "We refer to our letter AL OTH 1/2021 and to AL PAK 4/2018. Synthetic."
    )
    second["allegations"][0]["norms"] = [{"norm": "OTHERI-1", "basis": "letter"}]
    second["sections"][2]["paragraphs"][0]["cites"] = [{"norm": "OTHERI", "pinpoint": "preamble"}]
    recent = synthetic.communication("UA OTH 3/2026", date(2026, 11, 1))
    paged = [
        synthetic.communication(f"OL OTH {n}/2020", date(2020, 1, 1 + n % 28),
                                addressee={"kind": "company", "name": "SYNTHETIC Paged Corp", "country": "FRA"})
        for n in range(10, 10 + PAGED_LETTERS)
    ]
    return synthetic.write_archive(
        root,
        communications=[first, second, recent, *paged],
        replies=[synthetic.reply("AL OTH 1/2021", date(2021, 5, 1))],
        norms=[synthetic.norm_file(), synthetic.norm_file("OTHERI", provisions=2)],
        mandates=[synthetic.mandate(), synthetic.mandate("wg-other", "2/2", kind="working-group")],
    )


def hostile(value: Any) -> Any:
    """Every free-text string in a record replaced by the payload; ids, codes, dates and URLs kept valid."""
    if isinstance(value, dict):
        return {key: (item if key in KEEP else hostile(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [hostile(item) for item in value]
    if isinstance(value, str):
        return f"{PAYLOAD} {value}"
    return value


KEEP = {
    "reference", "reply_to", "id", "kind", "country", "mandate", "resolution", "language", "norm", "paragraph",
    "basis", "relation", "style", "url", "number", "after",
}
"""Fields whose values are validated identifiers (patterns, enums, URLs), so the payload cannot be in them."""


def hostile_archive(root: Path) -> Path:
    """A valid archive whose every free-text field carries the payload."""
    letter = hostile(synthetic.communication())
    letter["questions"][0]["text"] = PAYLOAD
    # Quotes must stay verbatim in their paragraph: take them from the hostile text itself.
    letter["footnotes"][0]["after"] = letter["sections"][1]["paragraphs"][0]["text"]
    letter["allegations"][0]["text"] = letter["sections"][1]["paragraphs"][0]["text"]
    letter["other_addressees"] = [{"kind": "organisation", "name": PAYLOAD[:400], "description": PAYLOAD}]
    letter["related"] = [{"reference": "AL PAK 4/2018", "relation": "cited", "in_archive": False, "note": PAYLOAD}]
    letter["letterhead"] = PAYLOAD
    letter["transcription"] = {
        "transcribed_from": PAYLOAD, "notes": [PAYLOAD],
        "repairs": [{"where": PAYLOAD[:400], "kind": "other", "description": PAYLOAD}],
    }
    letter["summary"] = {"text": PAYLOAD, "by": PAYLOAD[:400]}
    letter["source"]["title"] = PAYLOAD[:400]
    letter["sections"][2]["paragraphs"][0]["cites"] = [{"norm": "TESTI-1", "pinpoint": PAYLOAD[:400], "note": PAYLOAD}]
    letter["signatories"][0]["name"] = PAYLOAD[:400]
    reply = hostile(synthetic.reply())
    reply["paragraphs"] = [{"id": "r1", "text": PAYLOAD}]
    reply["attachments"] = [{"title": PAYLOAD[:400], "url": "https://example.org/synthetic/attachment.pdf"},
                            {"title": PAYLOAD[:400]}]
    reply["transcription"] = {"transcribed_from": PAYLOAD, "notes": [PAYLOAD]}
    norms = hostile(synthetic.norm_file())
    norms["instrument"]["symbol"] = PAYLOAD[:400]
    norms["instrument"]["provision_label"] = PAYLOAD[:400]
    norms["provisions"][0]["title"] = PAYLOAD[:400]
    norms["provisions"][0]["text"] = {"paragraphs": [PAYLOAD], "source": PAYLOAD, "quoted_in": "AL OTH 1/2021",
                                      "partial": True}
    mandate = hostile(synthetic.mandate())
    mandate["holders"] = [{"name": PAYLOAD[:400], "title": PAYLOAD, "documents": ["AL OTH 1/2021"]}]
    root = synthetic.write_archive(root, communications=[letter], replies=[reply], norms=[norms], mandates=[mandate])
    settings = synthetic.archive_settings(title=PAYLOAD[:400], description=PAYLOAD)
    synthetic.dump(settings, root / "archive.yaml")
    return root


DAMAGES = ["truncate", "empty", "flip a byte", "swap two entries"]
"""Ways a cache entry on disk gets damaged: a disk full mid-write, a crash, a bad sector, files mixed up."""


def damage(entry: Path, other: Path, how: str) -> None:
    """Damage a cache entry as `how` says (`other`, another entry, is its partner in a swap)."""
    raw = entry.read_bytes()
    if how == "truncate":
        entry.write_bytes(raw[: len(raw) // 2])
    elif how == "empty":
        entry.write_bytes(b"")
    elif how == "flip a byte":
        at = len(raw) - 10
        entry.write_bytes(raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :])
    elif how == "swap two entries":
        entry.write_bytes(other.read_bytes())
        other.write_bytes(raw)
    else:
        raise ValueError(how)


def in_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test in its own folder, so that error messages name 'content/…' (use as an autouse fixture)."""
    monkeypatch.chdir(tmp_path)


def problems(**groups: list[dict[str, Any]]) -> list[str]:
    """Write an archive in the working folder and return every error and warning, as printed."""
    from generator.validate.records import load_content

    root = synthetic.write_archive(Path("content"), **groups)
    _, errors = load_content(root)
    return [str(e) for e in errors]


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def synthetic_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rich_archive(tmp_path_factory.mktemp("synthetic") / "content")


@pytest.fixture(scope="session")
def synthetic_site(synthetic_content: Path) -> Path:
    return built(synthetic_content, synthetic_content.parent / "site")


@pytest.fixture(scope="session")
def hostile_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_archive(tmp_path_factory.mktemp("hostile") / "content")


@pytest.fixture(scope="session")
def hostile_site(hostile_content: Path) -> Path:
    return built(hostile_content, hostile_content.parent / "site")


def real_content_ready() -> bool:
    """The real archive is complete enough to build: the seed letter, norms, mandates and settings."""
    content = REPO / "content"
    return (content / "archive.yaml").is_file() and (content / "communications/2021/al-oth-102-2021.yaml").is_file()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not real_content_ready():
        pytest.skip("content/ does not hold the seed letter yet")
    return built(REPO / "content", tmp_path_factory.mktemp("real") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.cache
def serve(site: Path) -> str:
    """Serve a built site on 127.0.0.1 in a thread; return its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh --test installs it)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    yield context.new_page()
    context.close()


def deep_copy(record: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(record)
