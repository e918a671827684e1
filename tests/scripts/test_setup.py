"""scripts/setup.sh on a Debian machine without Node.js: it installs Debian's nodejs and npm, then the pinned npm
packages.

The machine is this one with /usr, /etc and /var overlaid by throwaway layers in a private mount namespace, and its
Node.js purged there: apt-get and npm run for real, and nothing outside the namespace changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STEMMER = ".cache/npm/node_modules/multilingual-stemmer"
AXE = ".cache/npm/node_modules/axe-core/axe.min.js"
SYSTEM_DIRS = ("/usr/", "/bin", "/sbin")  # overlaid (/bin and /sbin are links into /usr on Debian 12)

ON_A_BARE_MACHINE = r"""
set -euo pipefail
layers=$1; shift
for dir in usr etc var; do
    mkdir -p "$layers/$dir/upper" "$layers/$dir/work"
    mount -t overlay overlay -o "lowerdir=/$dir,upperdir=$layers/$dir/upper,workdir=$layers/$dir/work" "/$dir" \
        2>/dev/null || exit 77
done
fstypes="$(findmnt -n -o FSTYPE /usr) $(findmnt -n -o FSTYPE /etc) $(findmnt -n -o FSTYPE /var)"
[ "$fstypes" = "overlay overlay overlay" ] || exit 77
exec "$@"
"""
"""Run a command with the system's /usr, /etc and /var behind the writable layers in $1 (kept between runs)."""

PURGE_NODE = r"""
packages=$(dpkg-query -W -f='${db:Status-Abbrev}${Package}\n' nodejs npm 2>/dev/null | sed -n 's/^ii *//p')
[ -z "$packages" ] || dpkg --purge --force-depends $packages >/dev/null 2>&1
rm -rf /usr/lib/node_modules /usr/local/lib/node_modules /usr/local/bin/node /usr/local/bin/npm
"""
"""Take Node.js and npm off the machine, whether Debian's or NodeSource's (whose nodejs ships npm)."""

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def bare_machine(tmp_path: Path) -> Iterator[tuple[Path, Run]]:
    """A clone of the repository with the working tree's setup.sh, and a runner on a machine without Node.js."""
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("apt-get"):
        pytest.skip("needs root on Debian with unshare to overlay the system in a private mount namespace")
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True, timeout=60)
    for path in ("scripts/setup.sh", "pyproject.toml"):
        shutil.copyfile(REPO / path, clone / path)
    # pip would install every dependency from the registry; this test is about what setup.sh installs besides.
    digest = hashlib.sha256((clone / "pyproject.toml").read_bytes()).hexdigest()[:16]
    (clone / ".venv").mkdir()
    for extra in ("", "[test]"):
        (clone / f".venv/.installed{extra}-{digest}").touch()
    layers = tmp_path / "layers"
    path = [d for d in os.environ["PATH"].split(":") if d.startswith(SYSTEM_DIRS) or not node_in(d)]
    env = {**os.environ, "PATH": ":".join(path)}

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        unshare = ["unshare", "--mount", "--propagation", "private", "bash", "-c", ON_A_BARE_MACHINE, "bare"]
        result = subprocess.run([*unshare, str(layers), *command], capture_output=True, text=True, env=env,
                                cwd=clone, timeout=300, check=False)
        if result.returncode == 77:
            pytest.skip("overlay mounts in a private mount namespace are not permitted here")
        return result

    try:
        assert run("bash", "-c", PURGE_NODE).returncode == 0
        yield clone, run
    finally:
        shutil.rmtree(layers, ignore_errors=True)


def node_in(directory: str) -> bool:
    """Whether a folder on the PATH holds node or npm."""
    return any(os.access(Path(directory, name), os.X_OK) for name in ("node", "nodejs", "npm"))


def test_setup_installs_debians_node_and_npm_then_the_stemmer_and_axe_once(bare_machine: tuple[Path, Run]) -> None:
    clone, run = bare_machine
    assert run("sh", "-c", "command -v npm node nodejs").stdout == ""

    build = run("bash", "scripts/setup.sh")
    assert build.returncode == 0, build.stderr
    assert "installing Debian's nodejs npm" in build.stderr
    assert "EBADENGINE" not in build.stderr + build.stdout  # Debian's Node 18 is older than the stemmer's engines
    installed = run("dpkg-query", "-W", "-f=${db:Status-Abbrev}${Package} ${Version}\n", "nodejs", "npm").stdout
    assert [line.split()[:2] for line in installed.splitlines()] == [["ii", "nodejs"], ["ii", "npm"]]
    assert "nodesource" not in installed
    assert json.loads((clone / STEMMER / "package.json").read_text())["version"] == "2.1.1"
    assert (clone / STEMMER / "dist/browser/index_bg.wasm").read_bytes()[:4] == b"\0asm"
    assert (clone / STEMMER / "dist/browser/index.js").stat().st_size > 0
    assert not (clone / AXE).exists(), "axe-core is for the tests only"

    tests = run("bash", "scripts/setup.sh", "--test")
    assert (tests.returncode, tests.stderr) == (0, "")  # npm is there now: no apt-get
    assert (clone / AXE).stat().st_size > 0
    lock = (clone / ".cache/npm/package-lock.json").stat().st_mtime_ns

    started = time.monotonic()
    again = run("bash", "scripts/setup.sh", "--test")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert time.monotonic() - started < 5
    assert (clone / ".cache/npm/package-lock.json").stat().st_mtime_ns == lock
