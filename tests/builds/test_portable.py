"""A system without fcntl and fork (Windows, say): the site is built in one process and locked with a lock file.

Real builds in real processes: a `sitecustomize.py` on PYTHONPATH hides `fcntl` and `os.fork`
(and "fork" from multiprocessing's start methods) before MkDocs or the plugin import anything,
as a system without them would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS, REPO, built, rich_archive
from site_files import tree_digest

WITHOUT_FCNTL_AND_FORK = '''\
"""Hide what Windows lacks: fcntl, os.fork and the "fork" start method."""
import multiprocessing
import os
import sys

sys.modules["fcntl"] = None  # `import fcntl` raises ImportError
del os.fork
_methods = multiprocessing.get_all_start_methods
multiprocessing.get_all_start_methods = lambda: [method for method in _methods() if method != "fork"]
'''

ONE_PROCESS = "This system cannot fork processes: the build runs in this one process"


@pytest.fixture
def portable_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a process on a system without fcntl and fork."""
    hidden = tmp_path / "without-fcntl-and-fork"
    hidden.mkdir()
    (hidden / "sitecustomize.py").write_text(WITHOUT_FCNTL_AND_FORK)
    paths = [str(hidden), str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "NO_MKDOCS_2_WARNING": "1",
            "SP_ARCHIVE_CACHE": "", "SP_ARCHIVE_WORKERS": "2"}


def build_without(env: dict[str, str], content: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of `content` into `site` in a process without fcntl and fork."""
    command = [*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(command, cwd=REPO, env={**env, "SP_ARCHIVE_CONTENT": str(content)},
                          capture_output=True, text=True, timeout=900, check=False)


def test_the_hidden_modules_are_really_missing(portable_env) -> None:
    probe = "import multiprocessing, os\ntry:\n import fcntl\nexcept ImportError:\n print('no fcntl')\n" \
            "print(hasattr(os, 'fork'), 'fork' in multiprocessing.get_all_start_methods())"
    result = subprocess.run([sys.executable, "-c", probe], env=portable_env, capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[:2] == ["no fcntl", "False False"]


def test_without_fcntl_and_fork_the_site_is_built_in_one_process_byte_identical(tmp_path: Path, portable_env) -> None:
    content = rich_archive(tmp_path / "content")
    normal = built(content, tmp_path / "normal" / "site")
    site = tmp_path / "portable" / "site"
    result = build_without(portable_env, content, site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count(ONE_PROCESS) == 1
    assert tree_digest(site) == tree_digest(normal)
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # the lock file goes with the build


def test_without_fcntl_a_second_build_is_refused_and_a_dead_builds_lock_is_taken_over(
    tmp_path: Path, portable_env
) -> None:
    content = rich_archive(tmp_path / "content")
    site = tmp_path / "portable" / "site"
    assert build_without(portable_env, content, site).returncode == 0
    before = tree_digest(site)
    holder = subprocess.Popen(  # another build, holding the lock of the same site
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from generator.publish.lock import BuildLock; BuildLock(Path(sys.argv[1])).acquire(); "
         "print('held', flush=True); time.sleep(120)", str(site)],
        cwd=REPO, env=portable_env, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = build_without(portable_env, content, site)
    finally:
        holder.send_signal(signal.SIGKILL)  # killed: its lock file stays behind, as a crashed build's would
        holder.wait()
    assert refused.returncode == 1
    message = [line for line in refused.stderr.splitlines() if "another build" in line]
    assert len(message) == 1 and f"another build of {site} is running (process {holder.pid} holds" in message[0]
    assert "Traceback" not in refused.stderr
    assert tree_digest(site) == before

    lock = site.parent / ".site.lock"
    assert lock.read_text().strip() == str(holder.pid)
    again = build_without(portable_env, content, site)
    assert again.returncode == 0, again.stderr
    assert f"Took over the build lock {lock} from process {holder.pid}, which is no longer running" in again.stderr
    assert tree_digest(site) == before and not lock.exists()
