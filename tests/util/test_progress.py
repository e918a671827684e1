"""Progress lines: shown on a terminal, never in CI logs or redirected output."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
from pathlib import Path

from conftest import MKDOCS, REPO, build_site

from generator.util import progress
from generator.util.progress import Progress, format_progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_gives_done_total_rate_and_time_left():
    assert format_progress("pages written", 1200, 5000, 3.0) == "pages written 1,200/5,000  400/s  about 10 s left"


def test_progress_line_gives_minutes_when_far_from_done():
    assert format_progress("pages written", 100, 35000, 10.0).endswith("10/s  about 58 min left")


def test_progress_line_before_anything_is_done_has_no_rate():
    assert format_progress("pages converted", 0, 800, 0.0) == "pages converted 0/800"


def test_progress_is_drawn_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    terminal = FakeTerminal()
    bar = Progress("pages written", 1000, stream=terminal)
    for _ in range(1000):
        bar.advance()
    bar.close()
    assert "pages written 1,000/1,000" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")


def test_progress_is_silent_when_ci_is_set_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    terminal = FakeTerminal()
    bar = Progress("pages written", 1000, stream=terminal)
    for _ in range(1000):
        bar.advance()
    bar.close()
    assert terminal.getvalue() == ""


def test_progress_is_silent_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    log = io.StringIO()
    bar = Progress("pages written", 1000, stream=log)
    bar.advance(1000)
    bar.close()
    assert log.getvalue() == ""
    assert progress.wanted(log, {}) is False
    assert progress.wanted(FakeTerminal(), {"CI": "1"}) is False
    assert progress.wanted(FakeTerminal(), {}) is True


def test_a_build_into_a_log_shows_no_progress_line(synthetic_site: Path):
    result = build_site(_content_of(synthetic_site), synthetic_site.parent / "site-log")
    assert result.returncode == 0, result.stderr
    assert "pages written" not in result.stderr and "pages converted" not in result.stderr
    assert "\r" not in result.stderr


def test_a_build_on_a_terminal_shows_pages_done(synthetic_site: Path):
    output = _build_on_a_terminal(_content_of(synthetic_site), synthetic_site.parent / "site-tty")
    assert re.search(r"pages written [0-9,]+/[0-9,]+", output), output[-2000:]


def _content_of(site: Path) -> Path:
    return site.parent / "content"


def _build_on_a_terminal(content: Path, site_dir: Path) -> str:
    """Run `mkdocs build` with stderr on a pseudo-terminal; return all it wrote."""
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(SP_ARCHIVE_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
    command = [*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the build exited and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=900) == 0
    return b"".join(chunks).decode("utf-8", "replace")
