#!/usr/bin/env bash
# Quick start 2: install everything, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
# Two workers, one test file each at a time (module fixtures stay in one process): most tests wait on browsers,
# servers and timers, so two processes keep a 2-core machine busy (8 min instead of 13).
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${GOVAUDIT_TEST_WORKERS:-2}" --dist loadfile --durations=25 "$@"
