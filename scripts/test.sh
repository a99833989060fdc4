#!/usr/bin/env bash
# Quick start 2: install everything, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
# Three workers, one test file each at a time (module fixtures stay in one process): most tests wait on browsers,
# servers and timers, so even three processes leave a 2-core machine's CPUs short of full (with two: 16 min).
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${GOVAUDIT_TEST_WORKERS:-3}" --dist loadfile --durations=25 "$@"
