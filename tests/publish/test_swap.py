"""Publishing: a failed, killed, concurrent or disk-starved build never leaves a damaged or missing site.

Real processes, real files: a build another process holds the lock of, a build killed at
the very switch (strace injects the kill), workers of a killed build, a disk that
fills up (a small tmpfs, where the tests run as root, as CI does), and a site/ that is a
real symbolic link to the folder a web server serves.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MKDOCS, REPO, build_site, built, rich_archive
from site_files import tree_digest

ROOT = os.geteuid() == 0


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A content folder, its site built once, and that site's digest."""
    content = rich_archive(tmp_path / "content")
    site = built(content, tmp_path / "site")
    return content, site, tree_digest(site)


def test_a_second_build_of_the_same_site_is_refused_while_one_holds_it(published) -> None:
    content, site, before = published
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); "
         "print('held', flush=True); time.sleep(60)", str(site.parent / ".site.lock")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = build_site(content, site)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert f"another build of {site} is running" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(site) == before
    assert build_site(content, site).returncode == 0  # once the other build is gone


def test_what_killed_builds_left_beside_the_site_is_removed(published) -> None:
    content, site, before = published
    for name in (".site-building-abc123", ".site-old-def456", ".site-markdown-ghi789"):
        (site.parent / name / "communications").mkdir(parents=True)
        (site.parent / name / "communications" / "index.html").write_text("half a site")
    assert build_site(content, site).returncode == 0
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == [".site.lock"]
    assert tree_digest(site) == before


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed (apt-get install strace)")
def test_a_build_killed_at_the_switch_leaves_a_complete_site_and_the_next_build_tidies_up(published) -> None:
    content, site, before = published
    record = content / "communications/2021/al-oth-1-2021.yaml"
    record.write_text(record.read_text().replace("cobalt refineries", "nickel smelters"))
    env = {**os.environ, "SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "SP_ARCHIVE_CACHE": ""}
    command = [
        "strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=renameat2,rename",
        "-e", "inject=renameat2,rename:signal=KILL",
        *MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site),
    ]
    killed = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert killed.returncode != 0
    assert tree_digest(site) == before  # killed at the switch: the old site, whole
    assert list(site.parent.glob(".site-building-*"))  # the abandoned new one is still lying there ...
    assert build_site(content, site).returncode == 0
    assert not list(site.parent.glob(".site-building-*"))  # ... until the next build removes it
    assert "nickel smelters" in (site / "communications/al-oth-1-2021/index.html").read_text()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def test_the_workers_of_a_killed_build_die_with_it(tmp_path: Path) -> None:
    content = rich_archive(tmp_path / "content")
    env = {**os.environ, "SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "SP_ARCHIVE_CACHE": "",
           "SP_ARCHIVE_WORKERS": "2"}
    command = [*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    build = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while not workers and build.poll() is None and time.monotonic() < deadline:
        workers = _children(build.pid)
        time.sleep(0.005)
    if not workers:
        pytest.fail("the build forked no workers to watch")
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while (any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers)
           and time.monotonic() < deadline):
        time.sleep(0.05)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 40 MB tmpfs at tmp_path/disk, unmounted afterwards."""
    if not ROOT:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(disk)], capture_output=True,
                             text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.parametrize("room", [0.05, 0.4, 0.8, 0.97])
def test_a_full_disk_ends_the_build_in_one_line_and_keeps_the_old_site(tmp_path: Path, small_disk: Path,
                                                                       room: float) -> None:
    """`room` is the share of a second copy of the site that fits: the disk fills at a different stage each time."""
    content = rich_archive(tmp_path / "content")
    site = built(content, small_disk / "site")
    before = tree_digest(site)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    # A new title changes every page, so the rebuild cannot link the old site's files (it needs a second copy).
    settings = content / "archive.yaml"
    settings.write_text(settings.read_text().replace("Synthetic test archive", "Synthetic test archive, renamed"))
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - int(size * room)))
    result = build_site(content, site)
    assert result.returncode == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert "the previous site is unchanged" in result.stderr
    assert tree_digest(site) == before
    assert not list(small_disk.glob(".site-building-*")) and not list(small_disk.glob(".site-markdown-*"))


def test_a_reader_never_finds_the_site_missing_while_builds_replace_it(published) -> None:
    import threading

    content, site, _ = published
    missing: list[float] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                (site / "index.html").read_bytes()
                (site / "search/meta.json").read_bytes()
            except OSError:
                missing.append(time.monotonic())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        for _ in range(3):
            assert build_site(content, site).returncode == 0
    finally:
        done.set()
        reader.join()
    assert missing == []


def test_two_builds_started_together_one_publishes_the_other_says_why_it_did_not(published) -> None:
    content, site, _ = published
    env = {**os.environ, "SP_ARCHIVE_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1", "SP_ARCHIVE_CACHE": ""}
    command = [*MKDOCS, "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    first = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = site.parent / ".site.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and str(first.pid) not in (lock.read_text() if lock.exists() else ""):
        time.sleep(0.01)
    second = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    first_err = first.communicate(timeout=300)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 1 and f"another build of {site} is running" in second.stderr
    assert "Traceback" not in second.stderr + first_err
    assert (site / "index.html").is_file() and not list(site.parent.glob(".site-building-*"))


# A linked site/ (issue 23): the link points at the folder a web server serves.

def leftovers(*folders: Path) -> list[str]:
    """What a build keeps beside a site while it runs, found in `folders` (lock files apart)."""
    return sorted(p.name for folder in folders for p in folder.iterdir() if "-building-" in p.name or "-old-" in p.name
                  or "-markdown-" in p.name)


@pytest.mark.parametrize("target", ["an old site", "nothing yet"])
def test_a_linked_site_is_published_into_the_folder_it_points_to_and_the_link_stays(published, tmp_path: Path,
                                                                                     target: str) -> None:
    content, _, before = published
    served = tmp_path / "www" / "archive"
    served.parent.mkdir()
    if target == "an old site":
        served.mkdir()
        (served / "index.html").write_text("the old site")
    link = tmp_path / "linked"
    link.symlink_to(served, target_is_directory=True)
    (tmp_path / ".linked-building-abc123").symlink_to(served)  # what an earlier version's swap left beside the link
    for _ in range(2):  # the first build finds the old site (or none), the second the first one's
        result = build_site(content, link)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert link.is_symlink() and os.readlink(link) == str(served)
        assert served.is_dir() and not served.is_symlink() and tree_digest(served) == before
        assert leftovers(tmp_path, served.parent) == []
    assert sorted(p.name for p in served.parent.iterdir()) == [".archive.lock", "archive"]  # the lock beside the target


def test_a_reader_through_a_linked_site_never_finds_it_missing(published, tmp_path: Path) -> None:
    import threading

    content, site, _ = published
    link = tmp_path / "linked"
    link.symlink_to(site, target_is_directory=True)
    missing: list[str] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                (link / "index.html").read_bytes()
                (link / "search/meta.json").read_bytes()
            except OSError as exc:
                missing.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        for _ in range(2):
            assert build_site(content, link).returncode == 0
    finally:
        done.set()
        reader.join()
    assert missing == [] and os.readlink(link) == str(site)


def test_links_and_files_left_beside_the_site_are_removed_never_followed(published, tmp_path: Path) -> None:
    content, site, before = published
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("what a web server serves")
    (site.parent / ".site-building-abc123").symlink_to(served)
    (site.parent / ".site-old-def456").symlink_to(tmp_path / "gone")  # a link to nothing
    (site.parent / ".site-markdown-ghi789").write_text("a stray file")
    assert build_site(content, site).returncode == 0
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".site")) == [".site.lock"]
    assert (served / "index.html").read_text() == "what a web server serves"
    assert tree_digest(site) == before


@pytest.mark.parametrize("points_to", ["itself", "a file"])
def test_a_site_link_that_cannot_be_published_into_is_refused_at_once_in_one_line(tmp_path: Path,
                                                                                  points_to: str) -> None:
    content = rich_archive(tmp_path / "content")
    link = tmp_path / "site"
    if points_to == "itself":
        link.symlink_to("site")
        why = f"{link} is a symbolic link that cannot be followed (a loop, or a link to itself)"
    else:
        (tmp_path / "page.html").write_text("SYNTHETIC: not a folder")
        link.symlink_to(tmp_path / "page.html")
        why = f"{link} links to {tmp_path / 'page.html'}, which is not a folder a site can replace"
    result = build_site(content, link)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("ERROR")] == [
        f"ERROR   -  {why}; point it at the folder the site is served from; nothing was published, "
        "the previous site is unchanged"]
    assert os.readlink(link) == ("site" if points_to == "itself" else str(tmp_path / "page.html"))
    assert leftovers(tmp_path) == [] and not (tmp_path / ".site.lock").exists()


def test_publishing_never_swaps_a_link_away(tmp_path: Path) -> None:
    from generator.errors import PublishFailed
    from generator.publish.staging import staging_dir
    from generator.publish.swap import publish

    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("the site being served")
    link = tmp_path / "site"
    link.symlink_to(served, target_is_directory=True)
    staging = staging_dir(link)
    (staging / "index.html").write_text("a new site")
    with pytest.raises(PublishFailed, match="is a symbolic link; a site is published into the folder it points to"):
        publish(staging, link)
    assert os.readlink(link) == str(served) and (served / "index.html").read_text() == "the site being served"
