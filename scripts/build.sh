#!/usr/bin/env bash
# Install everything and build the site into site/ (search index included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/mkdocs build "$@"
