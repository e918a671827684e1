"""Files that are not files: FIFOs and links to /dev/zero put into content/, what every reader says of them,
and a way to run a command on them that fails instead of hanging.

Shared by load/test_reader.py and test_preview.py.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

NOT_FILES = {
    "communications/2021/x.yaml": "FIFO", "communications/2021/z.yaml": "/dev/zero",
    "mandates/zero.yaml": "/dev/zero", "norms/fifo.yaml": "FIFO",
}
"""Where a real FIFO (mkfifo) or a real link to /dev/zero is put: where the issue found them, and in the catalogues."""
OUTSIDE = "symbolic link points outside the content folder (to /dev/zero); records must live in content/"
REFUSED = [
    "content/communications/2021/x.yaml:1: not a regular file",
    f"content/communications/2021/z.yaml:1: {OUTSIDE}",
    f"content/mandates/zero.yaml:1: {OUTSIDE}",
    "content/norms/fifo.yaml:1: not a regular file",
]
"""What every reader of content/ says of them, one line each."""
SECONDS = 30
"""Far more than any of these runs needs (about a second): past it, something blocked."""


def not_files(content: Path) -> Path:
    """Put the FIFOs and the links to /dev/zero of NOT_FILES into `content`."""
    for relative, kind in NOT_FILES.items():
        if kind == "FIFO":
            os.mkfifo(content / relative)
        else:
            (content / relative).symlink_to(kind)
    return content


def bounded(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `command` in its own process group with SECONDS and 2 GB of memory at most.

    A read that blocks (a FIFO) or never ends (/dev/zero) fails the test, never hangs the suite
    or fills the machine's memory: on time out the whole group (workers, `mkdocs serve`) is killed.
    """

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    run = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True, preexec_fn=cap_memory)
    try:
        out, err = run.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        out, err = run.communicate()
        pytest.fail(f"{' '.join(command)} did not end within {SECONDS} s:\n{out}\n{err}")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # what it left running (a server), if anything
    return subprocess.CompletedProcess(command, run.returncode, out, err)
