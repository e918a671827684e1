"""The contributor's preview: one letter, its replies and batch, the catalogues; nothing else."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import built, rich_archive

from generator.cli import main
from generator.errors import PreviewError
from generator.preview import preview_content


def test_preview_holds_the_letter_its_replies_its_batch_and_the_catalogues(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    letter = content / "communications/2021/al-che-2-2021.yaml"
    preview = tmp_path / "preview"
    preview_content(letter, content, preview)
    letters = sorted(p.relative_to(preview).as_posix() for p in preview.glob("communications/*/*.yaml"))
    assert letters == ["communications/2021/al-che-2-2021.yaml", "communications/2021/al-oth-1-2021.yaml"]
    assert [p.name for p in preview.glob("replies/*/*.yaml")] == ["al-oth-1-2021--2021-05-01.yaml"]
    copied = sorted(p.name for p in (preview / "norms").glob("*.yaml"))
    assert copied == sorted(p.name for p in (content / "norms").glob("*.yaml"))
    assert (preview / "archive.yaml").is_file()


def test_preview_builds_only_its_letters_pages(tmp_path: Path):
    content = rich_archive(tmp_path / "content")
    preview = tmp_path / "preview"
    preview_content(content / "communications/2021/al-oth-1-2021.yaml", content, preview)
    site = built(preview, tmp_path / "site")
    assert sorted(p.parent.name for p in (site / "communications").glob("*/index.html")) == ["al-oth-1-2021"]
    assert (site / "norms/testi-1/index.html").is_file()


def test_preview_of_a_file_outside_the_communications_is_refused(tmp_path: Path, capsys):
    content = rich_archive(tmp_path / "content")
    with pytest.raises(PreviewError):
        preview_content(content / "norms/testi.yaml", content, tmp_path / "preview")
    assert main(["preview", str(content / "norms/testi.yaml"), "--content", str(content)]) == 2
    assert "is not a record under" in capsys.readouterr().err


def test_preview_follows_edits_to_the_letter(tmp_path: Path):
    import threading
    import time

    from generator.preview import follow_edits

    content = rich_archive(tmp_path / "content")
    letter = content / "communications/2021/al-oth-1-2021.yaml"
    preview = tmp_path / "preview"
    preview_content(letter, content, preview)
    stop = threading.Event()
    threading.Thread(target=follow_edits, args=(letter, content, preview, stop), daemon=True).start()
    try:
        time.sleep(0.2)  # let the watcher take its first look before the edit
        letter.write_text(letter.read_text(encoding="utf-8") + "# SYNTHETIC edit\n", encoding="utf-8")
        copy = preview / "communications/2021/al-oth-1-2021.yaml"
        deadline = time.monotonic() + 30
        while "# SYNTHETIC edit" not in copy.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert copy.read_text(encoding="utf-8") == letter.read_text(encoding="utf-8")
    finally:
        stop.set()


def test_preview_refuses_a_fifo_or_a_link_to_dev_zero_in_the_catalogues_at_once_in_one_line(tmp_path: Path):
    from refused_files import REFUSED, bounded, not_files

    content = not_files(rich_archive(tmp_path / "content"))
    result = bounded([sys.executable, "-m", "generator.cli", "preview",
                      "content/communications/2021/al-oth-1-2021.yaml", "--content", "content"], tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"sp-archive: {REFUSED[-1]}"]  # the norms are copied first
    (content / "norms/fifo.yaml").unlink()
    with pytest.raises(PreviewError, match=re.escape(REFUSED[-2])):
        preview_content(content / "communications/2021/al-oth-1-2021.yaml", content, tmp_path / "preview")
