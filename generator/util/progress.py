"""Progress of long stages (loading records, writing pages) on a terminal; silence in CI logs.

A line such as `pages 12,000/35,210  1,480/s  about 15 s left` is rewritten in place on
stderr, at most a few times a second, and only when stderr is a terminal and no CI
variable is set: logs of CI runs and of redirected builds stay free of it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from typing import TextIO

INTERVAL = 0.25


def wanted(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """True when `stream` is a terminal and the environment is not CI."""
    if environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def format_progress(label: str, done: int, total: int, elapsed: float) -> str:
    """'pages 1,200/5,000  400/s  about 10 s left' (rate and time left once something is done)."""
    line = f"{label} {done:,}/{total:,}"
    if done <= 0 or elapsed <= 0:
        return line
    rate = done / elapsed
    left = max(0.0, (total - done) / rate)
    shown = f"{left:.0f} s" if left < 90 else f"{left / 60:.0f} min"
    return f"{line}  {rate:,.0f}/s  about {shown} left"


class Progress:
    """Counts items of one stage and redraws its line on a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.done = 0
        self.started = time.perf_counter()
        self.shown_at = 0.0

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done; redraw when due."""
        self.done += count
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.shown_at >= INTERVAL or self.done >= self.total:
            self.shown_at = now
            self.stream.write("\r\x1b[2K" + format_progress(self.label, self.done, self.total, now - self.started))
            self.stream.flush()

    def close(self) -> None:
        """End the line, if one was drawn."""
        if self.enabled and self.shown_at:
            self.stream.write("\n")
            self.stream.flush()
            self.shown_at = 0.0
