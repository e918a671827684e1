#!/usr/bin/env bash
# Install what the project needs: Debian's Node.js and npm when npm is missing, the search's stemmer (npm) and .venv;
# with --test also Debian's chromium and strace and axe-core (npm).
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# npm installs the pinned browser packages below. The browser tests drive Debian's chromium; the fault-injection
# tests kill a build at an exact system call with strace (tests/publish/test_swap.py).
debian_packages=()
command -v npm >/dev/null || debian_packages+=(nodejs npm)
if [ "$want_test" = 1 ]; then
    [ -x /usr/bin/chromium ] || debian_packages+=(chromium)
    command -v strace >/dev/null || debian_packages+=(strace)
fi
if [ "${#debian_packages[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "installing Debian's ${debian_packages[*]}" >&2
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debian_packages[@]}" >/dev/null
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

# Install npm package $1 at version $2 into .cache/npm unless that version is there with its file $3.
# Only npm's errors are shown: an engines field asking for a newer Node than Debian's is a warning about code we never run.
npm_pinned() {
    local package=".cache/npm/node_modules/$1"
    if [ -f "$package/$3" ] && grep -qF "\"version\": \"$2\"" "$package/package.json" 2>/dev/null; then
        return
    fi
    mkdir -p .cache/npm
    npm install --loglevel=error --engine-strict=false --no-audit --no-fund --save-exact --prefix .cache/npm \
        "$1@$2" >/dev/null
}

# The search in the browser stems words with Snowball compiled to WebAssembly; the site ships its browser build
# (dist/browser/index.js and index_bg.wasm). Its engines field wants Node >= 22 for its Node build only.
npm_pinned multilingual-stemmer 2.1.1 dist/browser/index_bg.wasm

# The accessibility tests run axe-core inside chromium.
if [ "$want_test" = 1 ]; then
    npm_pinned axe-core 4.14.1 axe.min.js
fi
