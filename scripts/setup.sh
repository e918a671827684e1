#!/usr/bin/env bash
# Install what the project needs into .venv (and, with --test, Debian's chromium).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# The browser tests drive Debian's chromium; the fault-injection tests kill a build at an exact
# system call with strace (tests/test_publish.py).
if [ "$want_test" = 1 ] && { [ ! -x /usr/bin/chromium ] || ! command -v strace >/dev/null; }; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing Debian's chromium and strace for the tests" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium strace >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # tests drive Debian's chromium; never download one
extra=""
[ "$want_test" = 1 ] && extra="[test]"
stamp=".venv/.installed$extra-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"
    touch "$stamp"
fi

# The accessibility tests run axe-core (npm) inside chromium; it is kept under .cache/npm, pinned.
AXE_VERSION=4.14.1
if [ "$want_test" = 1 ] && [ ! -f ".cache/npm/node_modules/axe-core/axe.min.js" -o \
     "$(cat .cache/npm/node_modules/axe-core/package.json 2>/dev/null | grep -o "\"version\": \"$AXE_VERSION\"")" = "" ]; then
    mkdir -p .cache/npm
    npm install --silent --no-audit --no-fund --prefix .cache/npm "axe-core@$AXE_VERSION" >/dev/null
fi
