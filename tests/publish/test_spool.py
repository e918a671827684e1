"""The spool: pages' Markdown written once by the process that renders it, read back whole or refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.publish.spool import MarkdownSpool
from generator.render.common import Page


def pages(*texts: str) -> list[Page]:
    return [Page(f"synthetic/{n}/", f"SYNTHETIC {n}", text) for n, text in enumerate(texts)]


def test_each_page_reads_back_as_written_with_its_own_hash(tmp_path: Path) -> None:
    spool = MarkdownSpool(tmp_path)
    first = spool.write(pages("# SYNTHETIC one\n", "# SYNTHETIC é, ü, 中文\n"))
    second = spool.write(pages("# SYNTHETIC three\n"))
    assert [spool.read(s) for s in first + second] == [
        "# SYNTHETIC one\n", "# SYNTHETIC é, ü, 中文\n", "# SYNTHETIC three\n"
    ]
    assert len({s.digest for s in first + second}) == 3
    assert first[0].part == f"part-{os.getpid()}.md" and second[0].offset == first[1].offset + first[1].length


def test_a_spool_changed_under_the_build_is_refused_naming_the_file_the_page_and_the_byte(tmp_path: Path) -> None:
    spool = MarkdownSpool(tmp_path)
    _, changed = spool.write(pages("# SYNTHETIC kept\n", "# SYNTHETIC changed\n"))
    part = tmp_path / changed.part
    part.write_bytes(part.read_bytes().replace(b"changed", b"CHANGED"))
    with pytest.raises(OSError) as refused:
        spool.read(changed)
    assert str(part) in str(refused.value) and changed.src_uri in str(refused.value)
    assert f"at byte {changed.offset}" in str(refused.value)


def test_a_spool_cut_short_is_refused(tmp_path: Path) -> None:
    spool = MarkdownSpool(tmp_path)
    (last,) = spool.write(pages("# SYNTHETIC a page the disk did not keep whole\n"))
    part = tmp_path / last.part
    part.write_bytes(part.read_bytes()[:10])
    with pytest.raises(OSError, match="cut short"):
        spool.read(last)


def test_removing_the_spool_removes_its_folder(tmp_path: Path) -> None:
    spool = MarkdownSpool(tmp_path / "spool")
    spool.folder.mkdir()
    spool.write(pages("# SYNTHETIC\n"))
    spool.remove()
    assert not spool.folder.exists()
