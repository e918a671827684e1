#!/usr/bin/env bash
# Install everything (venv, Debian's chromium), lint and type-check, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
# A finding of either fails the run before any test: the rules are in pyproject.toml ([tool.ruff], [tool.mypy]).
.venv/bin/python -m ruff check --quiet .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
