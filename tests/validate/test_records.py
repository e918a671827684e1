"""Loading a content folder (generator/validate/records.py): every record read, every file and folder accounted for."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from conftest import in_working_folder, problems
from synthetic import communication, reply, write_archive

from generator.validate.records import load_content

in_tmp = pytest.fixture(autouse=True)(in_working_folder)


def test_valid_archive_has_no_errors() -> None:
    assert problems() == []


def test_valid_archive_loads_every_record() -> None:
    root = write_archive(Path("content"), replies=[reply()])
    content, errors = load_content(root)
    assert errors == []
    assert [len(content.communications), len(content.replies), len(content.norms), len(content.mandates)] == [
        1,
        1,
        1,
        1,
    ]
    assert content.settings.title == "Synthetic test archive"


def test_missing_settings_file_is_an_error() -> None:
    root = write_archive(Path("content"))
    (root / "archive.yaml").unlink()
    _, errors = load_content(root)
    assert [str(e) for e in errors] == ["content/archive.yaml:1: missing: the archive settings file"]


def test_cross_record_checks_wait_until_every_record_loads() -> None:
    # An unknown norm would be reported, but a broken file hides what the archive holds.
    root = write_archive(Path("content"), communications=[communication(allegations=[])])
    (root / "mandates/sr-other.yaml").write_text("# SYNTHETIC\nid: [\n", encoding="utf-8")
    _, errors = load_content(root)
    assert [e.file for e in errors] == ["content/mandates/sr-other.yaml"]


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to read as another user")
def test_an_unreadable_folder_is_an_error_naming_it_not_a_silent_gap() -> None:
    from conftest import REPO, rich_archive

    base = Path(tempfile.mkdtemp(prefix="sp-unreadable-", dir="/tmp"))
    try:
        base.chmod(0o755)
        content = rich_archive(base / "content")
        (content / "communications/2020").chmod(0o000)  # the 55 letters of 2020
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                   "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))", "validate",
                   "--content", str(content)]
        env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(REPO)}
        result = subprocess.run(command, cwd=base, env=env, capture_output=True, text=True, timeout=120, check=False)
    finally:
        (base / "content/communications/2020").chmod(0o755)
        shutil.rmtree(base)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert "communications/2020:1: cannot read this folder (Permission denied); its records would be left out" in output
    assert "Traceback" not in output


def test_a_name_in_nfd_and_in_nfc_is_one_name(tmp_path: Path) -> None:
    from generator.link.views import link_content
    from generator.search import search_index

    composed, decomposed = "Soci\u00e9t\u00e9 SYNTHETIC", "Socie\u0301te\u0301 SYNTHETIC"
    letters = [
        communication("AL OTH 1/2021", date(2021, 3, 12),
                      addressee={"kind": "company", "name": composed, "country": "FRA"}),
        communication("AL OTH 2/2021", date(2021, 3, 13),
                      addressee={"kind": "company", "name": decomposed, "country": "FRA"}),
    ]
    content, problems = load_content(write_archive(tmp_path / "content", communications=letters))
    assert [Path(p.file).name for p in problems if p.warning and "NFC" in p.message] == ["al-oth-2-2021.yaml"]
    views = link_content(content)
    assert [g.label for g in views.dimensions["addressees"].groups] == [composed]
    import gzip
    import json

    files = search_index(views)
    directory = json.loads(gzip.decompress(files["search/" + json.loads(files["search/meta.json"])["index"]]))
    facets = json.loads(gzip.decompress(files["search/" + directory["values"]]))
    assert facets["addressee"]["values"] == [composed]
